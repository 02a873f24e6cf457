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

const element = z.discriminatedUnion('type', [markdownElement, inputElement, textareaElement, dropdownElement, checkboxesElement], {
  error: 'must be an element whose type is markdown, input, textarea, dropdown or checkboxes',
});

const formSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'must not be empty'),
    description: z.string().trim().min(1, 'must not be empty'),
    title: z.string().optional(),
    labels: nameList.optional(),
    assignees: nameList.optional(),
    projects: nameList.optional(),
    type: z.string().optional(),
    body: z.array(element).min(1, 'must contain at least one element'),
  })
  .superRefine((form, ctx) => {
    // Body sections are found by their heading, so two fields with one label cannot be told apart.
    const labels = new Map<string, number>();
    const ids = new Map<string, number>();
    form.body.forEach((el, i) => {
      if (el.type === 'markdown') return;
      const key = labelKey(el.attributes.label);
      const first = labels.get(key);
      if (first === undefined) labels.set(key, i);
      else ctx.addIssue({ code: 'custom', path: ['body', i, 'attributes', 'label'], message: `duplicates the label of body.${first}` });
      if (el.id === undefined) return;
      const firstId = ids.get(el.id);
      if (firstId === undefined) ids.set(el.id, i);
      else ctx.addIssue({ code: 'custom', path: ['body', i, 'id'], message: `duplicates the id of body.${firstId}` });
    });
    if (labels.size === 0) ctx.addIssue({ code: 'custom', path: ['body'], message: 'must contain at least one non-markdown element' });
  });

export type FieldType = 'input' | 'textarea' | 'dropdown' | 'checkboxes';
export interface FormOption {
  label: string;
  required: boolean;
}
export interface FormField {
  id: string;
  type: FieldType;
  label: string;
  required: boolean;
  render: string | null;
  options: FormOption[];
}
/** An issue form reduced to what a submitted body can contain: markdown elements are dropped. */
export interface FormTemplate {
  name: string;
  title: string | null;
  labels: string[];
  fields: FormField[];
}

export class FormTemplateError extends Error {
  override name = 'FormTemplateError';
}

/** How body headings are compared with labels: case and runs of white space do not matter. */
export function labelKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Id for a field without one; keeps non-ASCII letters so that non-English labels stay readable. */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
  return slug === '' ? 'field' : slug;
}

/** Parses and validates an issue-form YAML file; errors name `source` and the offending key. */
export function parseFormTemplate(yamlText: string, source: string): FormTemplate {
  const yaml = parseYaml(yamlText, source);
  if (!yaml.ok) throw new FormTemplateError(yaml.error);
  const result = formSchema.safeParse(yaml.value, {
    error: (issue) => (issue.code === 'invalid_type' && issue.input === undefined ? 'is missing' : undefined),
  });
  if (!result.success) {
    throw new FormTemplateError(result.error.issues.map((issue) => describeIssue(source, issue)).join('\n'));
  }
  const form = result.data;
  const fields = form.body.flatMap((el): FormField[] => {
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
  return { name: form.name, title: form.title ?? null, labels: form.labels ?? [], fields };
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
  }
}

function describeIssue(source: string, issue: z.core.$ZodIssue): string {
  const path = issue.path.map(String).join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    return `${source}: ${path}: unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
  }
  return `${source}: ${path}: ${issue.message}`;
}
