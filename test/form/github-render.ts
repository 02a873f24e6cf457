import type { FieldValue } from '../../src/form/parse.js';
import type { FormField, FormTemplate } from '../../src/form/schema.js';

/**
 * Issue bodies as GitHub renders a submitted issue form, written from GitHub's rules rather than
 * from the parser: for every non-markdown element, in the form's order, `### <label>`, a blank
 * line and the answer, sections separated by a blank line. An empty answer is `_No response_`;
 * checkboxes list every option as `- [X] <label>` or `- [ ] <label>`; the selected options of a
 * dropdown are joined with `, `; a `render:` textarea's answer sits in a fence of three
 * backticks with the language; an upload's answer is the markdown GitHub inserts for each file
 * (an image for `/assets/` links, a link named after the file otherwise).
 */
export interface Answers {
  [key: string]: FieldValue | Record<string, string> | undefined;
  /** Answers for elements of types the bot does not know, by label; GitHub renders them too. */
  $skipped?: Record<string, string>;
}

export const NO_RESPONSE = '_No response_';

export function renderBody(template: FormTemplate, answers: Answers): string {
  const sections = template.fields.map(
    (field) => `### ${field.label}\n\n${renderAnswer(field, answers[field.id] as FieldValue | undefined)}`,
  );
  for (const skipped of [...(template.skipped ?? [])].reverse()) {
    if (skipped.label === undefined || skipped.fieldsBefore === undefined) continue;
    const text = answers.$skipped?.[skipped.label] ?? NO_RESPONSE;
    sections.splice(skipped.fieldsBefore, 0, `### ${skipped.label}\n\n${text}`);
  }
  return sections.join('\n\n');
}

function renderAnswer(field: FormField, value: FieldValue | undefined): string {
  switch (field.type) {
    case 'checkboxes': {
      const ticked = new Set(Array.isArray(value) ? value : []);
      return field.options.map((o) => `- [${ticked.has(o.label) ? 'X' : ' '}] ${o.label}`).join('\n');
    }
    case 'dropdown':
      return Array.isArray(value) && value.length > 0 ? value.join(', ') : NO_RESPONSE;
    case 'upload':
      return Array.isArray(value) && value.length > 0 ? value.map(uploadMarkdown).join('\n\n') : NO_RESPONSE;
    case 'textarea':
      if (typeof value !== 'string' || value === '') return NO_RESPONSE;
      return field.render === null ? value : `\`\`\`${field.render}\n${value}\n\`\`\``;
    case 'input':
      return typeof value === 'string' && value !== '' ? value : NO_RESPONSE;
  }
}

function uploadMarkdown(url: string): string {
  if (url.includes('/assets/')) return `![image](${url})`;
  return `[${url.slice(url.lastIndexOf('/') + 1)}](${url})`;
}
