// Frozen copy of src/checks/validate.ts before the fast parser (commit 3bb1341), for differential tests.
import { parseBody, type BodyWarning, type FieldValue } from '../../form/reference/parse.js';
import type { FormField, FormTemplate } from '../../../src/form/schema.js';
import { normalizeUsername, type UsernameRule } from './username.js';

/** `not-found` comes from the optional account check, not from the form. */
export type ProblemCode = 'missing' | 'unchecked' | 'invalid' | 'not-found';
/** `message` is plain text (the caller escapes it): the field's label, what is wrong, how to fix it. */
export interface Problem {
  field: string;
  code: ProblemCode;
  message: string;
}
/** Something worth telling the requester that does not make the request incomplete. */
export interface CheckWarning {
  field: string;
  code: BodyWarning['kind'];
  message: string;
}
export interface CheckResult {
  valid: boolean;
  /**
   * Parsed answers by field key (the element's id, or a slug of its label for a form without
   * ids). The username field holds the normalized name, or null; it is also given under the
   * configured key `username.field` (`username` by default) when the form keys it otherwise,
   * so that `fields.username` always means the username.
   */
  fields: Record<string, FieldValue>;
  problems: Problem[];
  username: string | null;
  /** The form's key of the username field, or null when the form has none (always set by checkRequest). */
  usernameField?: string | null;
  /** Always set by checkRequest; in body order. */
  warnings?: CheckWarning[];
}

/**
 * Checks a request body against its form. GitHub enforces `required` only in its web form, so
 * bodies created through the API or edited later are checked again here.
 */
export function checkRequest(template: FormTemplate, body: string | null, rule: UsernameRule): CheckResult {
  const parsed = parseBody(template, body ?? '');
  const found = new Set(parsed.found);
  const fields = new Map(Object.entries(parsed.values));
  const problems: Problem[] = [];
  let username: string | null = null;
  const usernameField = usernameFieldOf(template, rule);
  const warnings = parsed.warnings.map((w) => warningOf(template, w));
  const fenceHint = hiddenByFence(template, parsed.warnings);

  template.fields.forEach((field, index) => {
    const value = fields.get(field.id) ?? null;
    const hint = fenceHint !== null && index > fenceHint.index ? fenceHint.text : '';
    if (field.type === 'checkboxes') {
      if (!field.required) return;
      if (!found.has(field.id)) problems.push(missingSection(field, hint));
      else problems.push(...uncheckedOptions(field, value));
      return;
    }
    if (isEmpty(value)) {
      if (field.required) problems.push(found.has(field.id) ? emptyAnswer(field) : missingSection(field, hint));
      return;
    }
    if (field.id !== usernameField || typeof value !== 'string') return;
    const result = normalizeUsername(value, rule);
    if (result.ok) {
      username = result.username;
      fields.set(field.id, username);
    } else {
      fields.set(field.id, null);
      problems.push({ field: field.id, code: 'invalid', message: `${field.label}: ${result.message}` });
    }
  });
  if (usernameField !== null && usernameField !== rule.field) {
    // usernameFieldOf picks the configured key whenever the form has it, so this adds a key.
    fields.set(rule.field, fields.get(usernameField) ?? null);
  }
  return { valid: problems.length === 0, fields: Object.fromEntries(fields), problems, username, usernameField, warnings };
}

/**
 * The configured username field, or else the form's first input whose label names a username:
 * forms without ids, like PyPI's own, key it by a slug such as `pypi-username`.
 */
export function usernameFieldOf(template: FormTemplate, rule: UsernameRule): string | null {
  if (template.fields.some((f) => f.id === rule.field)) return rule.field;
  return template.fields.find((f) => f.type === 'input' && /user\s*name/i.test(f.label))?.id ?? null;
}

function isEmpty(value: FieldValue): boolean {
  return value === null || value.length === 0;
}

function warningOf(template: FormTemplate, warning: BodyWarning): CheckWarning {
  const label = template.fields.find((f) => f.id === warning.field)?.label ?? warning.field;
  return {
    field: warning.field,
    code: warning.kind,
    message: `Unclosed code block in "${label}": the line ${warning.marker} that starts it has no closing ${warning.marker} line. Please edit the issue and add one where the code ends.`,
  };
}

/** The first unclosed fence: sections after its field that are missing may be hidden in it. */
function hiddenByFence(template: FormTemplate, warnings: BodyWarning[]): { index: number; text: string } | null {
  let first: { index: number; text: string } | null = null;
  for (const warning of warnings) {
    const index = template.fields.findIndex((f) => f.id === warning.field);
    if (index < 0 || (first !== null && first.index <= index)) continue;
    const label = template.fields[index].label;
    first = {
      index,
      text: ` It may be hidden by the unclosed code block in "${label}": add a line ${warning.marker} where that code ends.`,
    };
  }
  return first;
}

function missingSection(field: FormField, hint = ''): Problem {
  const boxes = field.options.filter((o) => o.required).map((o) => `"- [x] ${oneLine(o.label)}"`);
  const under =
    field.type === 'checkboxes'
      ? `the ticked ${boxes.length === 1 ? 'line' : 'lines'} ${boxes.join(' and ')}`
      : field.type === 'upload'
        ? 'the attached file'
        : 'your answer';
  return {
    field: field.id,
    code: 'missing',
    message: `The section "${field.label}" is missing. Please edit the issue and add the heading "### ${field.label}" with ${under} under it.${hint}`,
  };
}

function emptyAnswer(field: FormField): Problem {
  const message =
    field.type === 'upload'
      ? `"${field.label}" has no attached file. Please edit the issue and attach the file under the heading "${field.label}".`
      : `"${field.label}" has no answer. Please edit the issue and fill it in under the heading "${field.label}".`;
  return { field: field.id, code: 'missing', message };
}

function uncheckedOptions(field: FormField, value: FieldValue): Problem[] {
  const checked = new Set(Array.isArray(value) ? value : []);
  return field.options
    .filter((o) => o.required && !checked.has(o.label))
    .map((o) => ({
      field: field.id,
      code: 'unchecked' as const,
      message: `"${field.label}": the box "${oneLine(o.label)}" is not ticked. If the statement is true, please edit the issue and tick it.`,
    }));
}

/** A multi-line option label (a YAML block) shown on one line in a message. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
