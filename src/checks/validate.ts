import { parseBody, type FieldValue } from '../form/parse.js';
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
export interface CheckResult {
  valid: boolean;
  /** Parsed answers by field id; the username field holds the normalized name, or null. */
  fields: Record<string, FieldValue>;
  problems: Problem[];
  username: string | null;
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

  for (const field of template.fields) {
    const value = fields.get(field.id) ?? null;
    if (field.type === 'checkboxes') {
      if (!field.required) continue;
      if (!found.has(field.id)) problems.push(missingSection(field));
      else problems.push(...uncheckedOptions(field, value));
      continue;
    }
    if (isEmpty(value)) {
      if (field.required) problems.push(found.has(field.id) ? emptyAnswer(field) : missingSection(field));
      continue;
    }
    if (field.id !== usernameField || typeof value !== 'string') continue;
    const result = normalizeUsername(value, rule);
    if (result.ok) {
      username = result.username;
      fields.set(field.id, username);
    } else {
      fields.set(field.id, null);
      problems.push({ field: field.id, code: 'invalid', message: `${field.label}: ${result.message}` });
    }
  }
  return { valid: problems.length === 0, fields: Object.fromEntries(fields), problems, username };
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

function missingSection(field: FormField): Problem {
  const boxes = field.options.filter((o) => o.required).map((o) => `"- [x] ${o.label}"`);
  const under = field.type === 'checkboxes' ? `the ticked ${boxes.length === 1 ? 'line' : 'lines'} ${boxes.join(' and ')}` : 'your answer';
  return {
    field: field.id,
    code: 'missing',
    message: `The section "${field.label}" is missing. Please edit the issue and add the heading "### ${field.label}" with ${under} under it.`,
  };
}

function emptyAnswer(field: FormField): Problem {
  return {
    field: field.id,
    code: 'missing',
    message: `"${field.label}" has no answer. Please edit the issue and fill it in under the heading "${field.label}".`,
  };
}

function uncheckedOptions(field: FormField, value: FieldValue): Problem[] {
  const checked = new Set(Array.isArray(value) ? value : []);
  return field.options
    .filter((o) => o.required && !checked.has(o.label))
    .map((o) => ({
      field: field.id,
      code: 'unchecked' as const,
      message: `"${field.label}": the box "${o.label}" is not ticked. If the statement is true, please edit the issue and tick it.`,
    }));
}
