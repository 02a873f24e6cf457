import { labelKey, type FormField, type FormTemplate } from './schema.js';

export type FieldValue = string | string[] | null;
export interface ParsedBody {
  /** One entry per template field id. */
  values: Record<string, FieldValue>;
  /** Ids whose section heading was present, in template order. */
  found: string[];
}

interface Line {
  text: string;
  /** Inside a fenced code block (fence lines included): never a heading or a ticked box. */
  code: boolean;
}
interface Fence {
  char: string;
  length: number;
}

// Prefix-only patterns, each applied once per line from its start, keep the parser linear.
const HEADING = /^ {0,3}###[ \t]/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const CHECKED = /^ {0,3}[-*+][ \t]+\[[xX]\][ \t]/;
const NO_RESPONSE = '_no response_';

/**
 * Splits an issue body rendered from `template` into answers keyed by field id. Sections are
 * found by `### <label>` headings outside code fences; the first heading of a field wins and a
 * repeated one is treated as answer text, as is any `###` line that names no field. Never throws.
 */
export function parseBody(template: FormTemplate, body: string): ParsedBody {
  const byLabel = new Map<string, FormField>();
  for (const field of template.fields) byLabel.set(labelKey(field.label), field);

  const sections = new Map<string, Line[]>();
  let current: Line[] | null = null;
  let fence: Fence | null = null;
  for (const raw of body.split(/\r\n|\r|\n/)) {
    const text = raw.trimEnd();
    if (fence !== null) {
      if (closesFence(text, fence)) fence = null;
      current?.push({ text, code: true });
      continue;
    }
    fence = openFence(text);
    if (fence !== null) {
      current?.push({ text, code: true });
      continue;
    }
    const field = headingField(text, byLabel);
    if (field !== null && !sections.has(field.id)) {
      current = [];
      sections.set(field.id, current);
      continue;
    }
    current?.push({ text, code: false });
  }

  const found = template.fields.filter((f) => sections.has(f.id)).map((f) => f.id);
  const values = Object.fromEntries(
    // fromEntries defines own properties, so an id such as "__proto__" cannot touch the prototype.
    template.fields.map((f): [string, FieldValue] => {
      const lines = sections.get(f.id);
      return [f.id, lines === undefined ? null : answer(f, lines)];
    }),
  );
  return { values, found };
}

function answer(field: FormField, lines: Line[]): FieldValue {
  switch (field.type) {
    case 'checkboxes':
      return checkedOptions(field, lines);
    case 'dropdown': {
      const text = plainText(lines);
      return text === null ? null : selectedOptions(field, text);
    }
    case 'textarea':
      return field.render === null ? plainText(lines) : renderedText(lines);
    case 'input':
      return plainText(lines);
  }
}

function plainText(lines: Line[]): string | null {
  const text = lines
    .map((l) => l.text)
    .join('\n')
    .trim();
  return text === '' || text.toLowerCase() === NO_RESPONSE ? null : text;
}

/** A `render:` textarea is wrapped by GitHub in a code fence; the answer is what is inside it. */
function renderedText(lines: Line[]): string | null {
  let start = 0;
  let end = lines.length;
  while (start < end && lines[start].text.trim() === '') start++;
  while (end > start && lines[end - 1].text.trim() === '') end--;
  const fence = start < end ? openFence(lines[start].text) : null;
  if (fence !== null && end - start >= 2 && closesFence(lines[end - 1].text, fence)) {
    start++;
    end--;
  }
  const inner = lines.slice(start, end).map((l) => l.text);
  while (inner.length > 0 && inner[0].trim() === '') inner.shift();
  while (inner.length > 0 && inner[inner.length - 1].trim() === '') inner.pop();
  const text = inner.join('\n');
  return text === '' || text.trim().toLowerCase() === NO_RESPONSE ? null : text;
}

function checkedOptions(field: FormField, lines: Line[]): string[] {
  const checked = new Set<string>();
  for (const line of lines) {
    if (line.code) continue;
    const box = CHECKED.exec(line.text);
    if (box !== null) checked.add(labelKey(line.text.slice(box[0].length)));
  }
  return field.options.filter((o) => checked.has(labelKey(o.label))).map((o) => o.label);
}

/**
 * GitHub joins the selected options with ", ", and an option may itself contain a comma, so
 * pieces are regrouped greedily into known options; text that is no option is kept as written.
 */
function selectedOptions(field: FormField, text: string): string[] {
  const options = new Map<string, string>();
  let maxCommas = 0;
  for (const o of field.options) {
    options.set(labelKey(o.label), o.label);
    maxCommas = Math.max(maxCommas, o.label.split(',').length - 1);
  }
  const pieces = text.split(',');
  const selected: string[] = [];
  let i = 0;
  while (i < pieces.length) {
    let taken = 0;
    for (let k = Math.min(maxCommas, pieces.length - 1 - i); k >= 0 && taken === 0; k--) {
      const option = options.get(labelKey(pieces.slice(i, i + k + 1).join(',')));
      if (option !== undefined) {
        selected.push(option);
        taken = k + 1;
      }
    }
    if (taken === 0) {
      const piece = pieces[i].trim();
      if (piece !== '') selected.push(piece);
      taken = 1;
    }
    i += taken;
  }
  return selected;
}

function headingField(line: string, byLabel: Map<string, FormField>): FormField | null {
  const heading = HEADING.exec(line);
  if (heading === null) return null;
  const text = line.slice(heading[0].length).trim();
  return byLabel.get(labelKey(text)) ?? byLabel.get(labelKey(withoutClosingHashes(text))) ?? null;
}

/** Markdown allows `### Label ###`; the closing run counts only after white space. */
function withoutClosingHashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === text.length || (end > 0 && text[end - 1] !== ' ' && text[end - 1] !== '\t')) return text;
  return text.slice(0, end);
}

function openFence(line: string): Fence | null {
  const m = FENCE.exec(line);
  if (m === null) return null;
  const marker = m[1];
  // A backtick fence's info string may not contain a backtick (that is inline code instead).
  if (marker[0] === '`' && line.includes('`', m[0].length)) return null;
  return { char: marker[0], length: marker.length };
}

function closesFence(line: string, fence: Fence): boolean {
  const m = FENCE.exec(line);
  if (m === null) return false;
  const marker = m[1];
  return marker[0] === fence.char && marker.length >= fence.length && line.slice(m[0].length).trim() === '';
}
