import { parseBody, type BodyWarning, type FieldValue } from '../form/parse.js';
import type { FormField, FormTemplate } from '../form/schema.js';
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
  // parseBody's answers are a fresh object with one own key per field id, in the form's order:
  // the result's `fields` is that object, the username (and the configured key) set on it.
  const fields = parsed.values;
  const found = parsed.found;
  const problems: Problem[] = [];
  let username: string | null = null;
  const usernameField = usernameFieldOf(template, rule);
  const warnings = parsed.warnings.length === 0 ? [] : parsed.warnings.map((w) => warningOf(template, w));
  const fenceHint = parsed.warnings.length === 0 ? null : hiddenByFence(template, parsed.warnings);

  const all = template.fields;
  for (let index = 0; index < all.length; index++) {
    const field = all[index];
    const value = fields[field.id] ?? null;
    const hint = fenceHint !== null && index > fenceHint.index ? fenceHint.text : '';
    if (field.type === 'checkboxes') {
      if (!field.required) continue;
      if (!found.includes(field.id)) problems.push(missingSection(field, hint));
      else uncheckedOptions(field, value, problems);
      continue;
    }
    if (isEmpty(value)) {
      if (field.required) problems.push(found.includes(field.id) ? emptyAnswer(field) : missingSection(field, hint));
      continue;
    }
    if (field.id !== usernameField || typeof value !== 'string') continue;
    const result = normalizeUsername(value, rule);
    if (result.ok) {
      username = result.username;
      setField(fields, field.id, username);
    } else {
      setField(fields, field.id, null);
      problems.push({ field: field.id, code: 'invalid', message: `${field.label}: ${result.message}` });
    }
  }
  if (usernameField !== null && usernameField !== rule.field) {
    // usernameFieldOf picks the configured key whenever the form has it, so this adds a key.
    setField(fields, rule.field, fields[usernameField] ?? null);
  }
  return { valid: problems.length === 0, fields, problems, username, usernameField, warnings };
}

/** Sets an own property, even for a key such as "__proto__" that an assignment would take for the prototype. */
function setField(fields: Record<string, FieldValue>, key: string, value: FieldValue): void {
  if (key === '__proto__') Object.defineProperty(fields, key, { value, writable: true, enumerable: true, configurable: true });
  else fields[key] = value;
}

/**
 * The configured username field, or else the form's first input whose label names a username:
 * forms without ids, like PyPI's own, key it by a slug such as `pypi-username`.
 */
export function usernameFieldOf(template: FormTemplate, rule: UsernameRule): string | null {
  const cached = usernameFields.get(template);
  if (cached !== undefined && cached.fields === template.fields && cached.rule === rule.field) return cached.field;
  const field = template.fields.some((f) => f.id === rule.field)
    ? rule.field
    : (template.fields.find((f) => f.type === 'input' && /user\s*name/i.test(f.label))?.id ?? null);
  usernameFields.set(template, { fields: template.fields, rule: rule.field, field });
  return field;
}

/** The last answer of usernameFieldOf per form (forms are not changed once parsed; a new fields array is a new form). */
const usernameFields = new WeakMap<FormTemplate, { fields: readonly FormField[]; rule: string; field: string | null }>();

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

function uncheckedOptions(field: FormField, value: FieldValue, problems: Problem[]): void {
  const checked = Array.isArray(value) ? value : [];
  for (const o of field.options) {
    if (!o.required || checked.includes(o.label)) continue;
    problems.push({
      field: field.id,
      code: 'unchecked',
      message: `"${field.label}": the box "${oneLine(o.label)}" is not ticked. If the statement is true, please edit the issue and tick it.`,
    });
  }
}

/** A multi-line option label (a YAML block) shown on one line in a message. */
function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
