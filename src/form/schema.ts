import { z } from 'zod';
import { parseYaml } from './yaml.js';

/**
 * GitHub's issue-form syntax. Objects are strict so that a typo such as `requried:` is reported
 * instead of silently making a field optional.
 */

const id = z.string().regex(/^[A-Za-z0-9_-]+$/, 'may contain only letters, digits, "-" and "_"');
const label = z.string().trim().min(1, 'must not be empty');
/** GitHub accepts a YAML list or one comma-separated string. */
const nameList = z
  .union([z.array(z.string()), z.string()], { error: 'must be a list of names or a comma-separated string' })
  .transform((v) => (typeof v === 'string' ? v.split(',') : v).map((s) => s.trim()).filter((s) => s.length > 0));
const validations = z.strictObject({ required: z.boolean().optional() }).optional();

const markdownElement = z.strictObject({
  type: z.literal('markdown'),
  id: id.optional(),
  attributes: z.strictObject({ value: z.string().min(1, 'must not be empty') }),
});

const inputElement = z.strictObject({
  type: z.literal('input'),
  id: id.optional(),
  attributes: z.strictObject({
    label,
    description: z.string().optional(),
    placeholder: z.string().optional(),
    value: z.string().optional(),
  }),
  validations,
});

const textareaElement = z.strictObject({
  type: z.literal('textarea'),
  id: id.optional(),
  attributes: z.strictObject({
    label,
    description: z.string().optional(),
    placeholder: z.string().optional(),
    value: z.string().optional(),
    render: z.string().optional(),
  }),
  validations,
});

const dropdownElement = z.strictObject({
  type: z.literal('dropdown'),
  id: id.optional(),
  attributes: z.strictObject({
    label,
    description: z.string().optional(),
    multiple: z.boolean().optional(),
    options: z.array(label).min(1, 'must list at least one option'),
    default: z.number().int().nonnegative().optional(),
  }),
  validations,
});

const checkboxesElement = z.strictObject({
  type: z.literal('checkboxes'),
  id: id.optional(),
  attributes: z.strictObject({
    label,
    description: z.string().optional(),
    options: z.array(z.strictObject({ label, required: z.boolean().optional() })).min(1, 'must list at least one option'),
  }),
  // Accepted because GitHub's documentation shows it, but GitHub enforces only per-option `required`.
  validations,
});

/**
 * A file upload: GitHub puts links to the uploaded files under the heading. The element is newer
 * than the others and its schema may still grow, so keys beyond the known ones are let through
 * rather than refusing the whole form.
 */
const uploadElement = z.strictObject({
  type: z.literal('upload'),
  id: id.optional(),
  attributes: z.looseObject({ label, description: z.string().optional() }),
  validations: z.looseObject({ required: z.boolean().optional(), accept: z.string().optional() }).optional(),
});

const element = z.discriminatedUnion('type', [
  markdownElement,
  inputElement,
  textareaElement,
  dropdownElement,
  checkboxesElement,
  uploadElement,
]);
type Element = z.infer<typeof element>;

/** Element types this bot reads; any other `type` is skipped (GitHub may add types). */
export const KNOWN_ELEMENT_TYPES: readonly string[] = ['markdown', 'input', 'textarea', 'dropdown', 'checkboxes', 'upload'];
const KNOWN = new Set(KNOWN_ELEMENT_TYPES);

// The body is checked element by element (see parseFormTemplate) so that an element of an
// unknown type can be skipped instead of failing the whole form.
const formSchema = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty'),
  description: z.string().trim().min(1, 'must not be empty'),
  title: z.string().optional(),
  labels: nameList.optional(),
  assignees: nameList.optional(),
  projects: nameList.optional(),
  type: z.string().optional(),
  body: z.array(z.unknown()).min(1, 'must contain at least one element'),
});

export type FieldType = 'input' | 'textarea' | 'dropdown' | 'checkboxes' | 'upload';
export interface FormOption {
  label: string;
  required: boolean;
}
export interface FormField {
  /** The element's `id`, or for an element without one a slug of its label (see `slugged`). */
  id: string;
  type: FieldType;
  label: string;
  required: boolean;
  render: string | null;
  options: FormOption[];
  /** True when the form gives no `id` and `id` is a slug of the label. */
  slugged?: boolean;
}
/** An element left out because its `type` is not one the bot knows; `index` is its place in `body`. */
export interface SkippedElement {
  index: number;
  type: string;
  /**
   * Its `attributes.label` when it has a usable one: GitHub renders a section for it, which the
   * parser then skips instead of reading it as part of the answer before it.
   */
  label?: string;
  /** How many fields come before it in the form (its place among `fields`). */
  fieldsBefore?: number;
}
/** An issue form reduced to what a submitted body can contain: markdown elements are dropped. */
export interface FormTemplate {
  name: string;
  title: string | null;
  labels: string[];
  fields: FormField[];
  /** Elements of unknown types, skipped (always set by parseFormTemplate; callers should log it). */
  skipped?: SkippedElement[];
}

/** One located reason why a form is refused; `path` is the key path in the YAML. */
export interface FormTemplateIssue {
  path: (string | number)[];
  message: string;
  /** For an unknown-key error: the unknown keys, found under `path`. */
  keys?: string[];
}

export class FormTemplateError extends Error {
  override name = 'FormTemplateError';
  /** The schema errors one by one (empty for a YAML syntax error, whose message has the line). */
  readonly issues: FormTemplateIssue[];
  constructor(message: string, issues: FormTemplateIssue[] = []) {
    super(message);
    this.issues = issues;
  }
}

/**
 * How body headings are compared with labels: case and runs of white space do not matter.
 * Equal to `text.trim().replace(/\s+/g, ' ').toLowerCase()`; the replace runs only when the
 * trimmed text has white space other than single spaces.
 */
export function labelKey(text: string): string {
  const trimmed = text.trim();
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed.charCodeAt(i);
    // A trimmed text does not end in white space, so a space always has a next character.
    if (c === 32 ? isWhiteSpace(trimmed.charCodeAt(i + 1)) : c < 33 || c > 126 ? isWhiteSpace(c) : false) {
      return trimmed.replace(/\s+/g, ' ').toLowerCase();
    }
  }
  return trimmed.toLowerCase();
}

/**
 * Whether a UTF-16 code unit is white space as `\s`, `trim()` and `labelKey` see it: ECMAScript's
 * WhiteSpace and LineTerminator (tab, line feed, vertical tab, form feed, carriage return, space,
 * U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF).
 */
export function isWhiteSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** Id for a field without one; keeps non-ASCII letters so that non-English labels stay readable. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'field' : slug;
}

type Issue = { path: PropertyKey[]; message: string; code?: string; keys?: string[] };

/**
 * Parses and validates an issue-form YAML file; errors name `source` and the offending key.
 * Elements of a type the bot does not know are skipped and listed in `skipped`; only a broken
 * structure (YAML, missing or misspelt keys, duplicate labels or ids, no field) refuses the form.
 */
export function parseFormTemplate(yamlText: string, source: string): FormTemplate {
  const yaml = parseYaml(yamlText, source);
  if (!yaml.ok) throw new FormTemplateError(yaml.error);
  const result = formSchema.safeParse(yaml.value, { error: missingIsMissing });
  const issues: Issue[] = result.success ? [] : [...result.error.issues];
  const elements: { index: number; el: Element }[] = [];
  const skipped: SkippedElement[] = [];
  const body: unknown = result.success ? result.data.body : (yaml.value as { body?: unknown } | null)?.body;
  if (Array.isArray(body) && body.length > 0) {
    body.forEach((raw, index) => {
      const type = isObject(raw) ? raw.type : undefined;
      if (typeof type === 'string' && !KNOWN.has(type)) {
        skipped.push(skippedElement(index, type, raw, elements));
        return;
      }
      if (isObject(raw) && typeof type !== 'string') {
        issues.push({
          path: ['body', index, 'type'],
          message: type === undefined ? 'is missing' : 'must be a string naming the element type',
        });
        return;
      }
      const el = element.safeParse(raw, { error: missingIsMissing });
      if (el.success) elements.push({ index, el: el.data });
      else for (const issue of el.error.issues) issues.push({ ...issue, path: ['body', index, ...issue.path] });
    });
    const broken = elements.length + skipped.length < body.length;
    issues.push(...duplicates(elements, broken));
  }
  if (issues.length > 0 || !result.success) {
    const located = issues.map((issue): FormTemplateIssue => {
      const path = issue.path.map(pathSegment);
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : undefined;
      return keys === undefined ? { path, message: issueMessage(issue) } : { path, message: issueMessage(issue), keys };
    });
    throw new FormTemplateError(issues.map((issue) => describeIssue(source, issue)).join('\n'), located);
  }
  const form = result.data;
  const fields = elements.flatMap(({ el }): FormField[] => {
    if (el.type === 'markdown') return [];
    const options =
      el.type === 'checkboxes'
        ? el.attributes.options.map((o) => ({ label: o.label, required: o.required === true }))
        : el.type === 'dropdown'
          ? el.attributes.options.map((o) => ({ label: o, required: false }))
          : [];
    const required = el.type === 'checkboxes' ? options.some((o) => o.required) : el.validations?.required === true;
    const render = el.type === 'textarea' ? (el.attributes.render ?? null) : null;
    return [{ id: el.id ?? '', type: el.type, label: el.attributes.label, required, render, options }];
  });
  assignSlugs(fields);
  return { name: form.name, title: form.title ?? null, labels: form.labels ?? [], fields, skipped };
}

/** Body sections are found by their heading, so two fields with one label cannot be told apart. */
function duplicates(elements: { index: number; el: Element }[], broken: boolean): Issue[] {
  const issues: Issue[] = [];
  const labels = new Map<string, number>();
  const ids = new Map<string, number>();
  for (const { index, el } of elements) {
    if (el.type === 'markdown') continue;
    const key = labelKey(el.attributes.label);
    const first = labels.get(key);
    if (first === undefined) labels.set(key, index);
    else issues.push({ path: ['body', index, 'attributes', 'label'], message: `duplicates the label of body.${first}` });
    if (el.id === undefined) continue;
    const firstId = ids.get(el.id);
    if (firstId === undefined) ids.set(el.id, index);
    else issues.push({ path: ['body', index, 'id'], message: `duplicates the id of body.${firstId}` });
  }
  if (labels.size === 0 && !broken) issues.push({ path: ['body'], message: 'must contain at least one non-markdown element' });
  return issues;
}

/** Gives id-less fields a slug of their label, suffixed when it would clash with another id. */
function assignSlugs(fields: FormField[]): void {
  const taken = new Set(fields.map((f) => f.id).filter((i) => i !== ''));
  for (const field of fields) {
    if (field.id !== '') continue;
    const base = slugify(field.label);
    let candidate = base;
    for (let n = 2; taken.has(candidate); n++) candidate = `${base}-${n}`;
    taken.add(candidate);
    field.id = candidate;
    field.slugged = true;
  }
}

function skippedElement(index: number, type: string, raw: unknown, before: { el: Element }[]): SkippedElement {
  const attributes = isObject(raw) ? raw.attributes : undefined;
  const label = isObject(attributes) && typeof attributes.label === 'string' ? attributes.label.trim() : '';
  const fieldsBefore = before.filter(({ el }) => el.type !== 'markdown').length;
  return label === '' ? { index, type } : { index, type, label, fieldsBefore };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function missingIsMissing(issue: z.core.$ZodRawIssue): string | undefined {
  return issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : undefined;
}

function pathSegment(p: PropertyKey): string | number {
  return typeof p === 'number' ? p : String(p);
}

function issueMessage(issue: Issue): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) return `unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  return issue.message;
}

function describeIssue(source: string, issue: Issue): string {
  const path = issue.path.map(String).join('.') || '(top level)';
  return `${source}: ${path}: ${issueMessage(issue)}`;
}

/**
 * One log line for the elements a parsed form skipped, or null when it skipped none; for the
 * shell to log where it loads a repository's form (`log.warn(note)`).
 */
export function skippedNote(template: FormTemplate, source: string): string | null {
  const skipped = template.skipped ?? [];
  if (skipped.length === 0) return null;
  const list = skipped.map((s) => `body.${s.index} (type "${s.type}"${s.label === undefined ? '' : `, "${s.label}"`})`).join(', ');
  return `recovery-triage: ${source}: skipped ${skipped.length === 1 ? 'an element' : `${skipped.length} elements`} of a type the bot does not know, its answers are not read: ${list}`;
}
