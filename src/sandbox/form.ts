import { validateConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { FormTemplateError, KNOWN_ELEMENT_TYPES, parseFormTemplate, type FormField, type FormTemplate } from '../form/schema.js';
import { locatePath, parseYaml } from '../form/yaml.js';
import { renderMarkdown } from './markdown.js';

/** One error of a form or config, as the bot reports it, with where it is in the file when known. */
export interface LocatedError {
  /** `FILE:LINE:COL: path: message` (or the bot's message as it is when it names no key). */
  message: string;
  line: number | null;
  col: number | null;
}

interface Described {
  descriptionHtml: string | null;
}

/** One element of an issue form, as the sandbox page draws it. `key` names its answer. */
export type FormElementView =
  | { kind: 'markdown'; html: string }
  | (Described & {
      kind: 'input' | 'textarea';
      key: string;
      label: string;
      placeholder: string;
      value: string;
      required: boolean;
      render: string | null;
    })
  | (Described & {
      kind: 'dropdown';
      key: string;
      label: string;
      options: string[];
      multiple: boolean;
      default: number | null;
      required: boolean;
    })
  | (Described & { kind: 'checkboxes'; key: string; label: string; options: { label: string; required: boolean }[] })
  | (Described & { kind: 'upload'; key: string; label: string; required: boolean })
  /** A type the bot does not know (a newer GitHub element): its section holds whatever text is given. */
  | (Described & { kind: 'unknown'; key: string; type: string; label: string | null });

export interface FormView {
  name: string;
  description: string;
  /** The issue title the form proposes. */
  title: string;
  /** Labels GitHub puts on an issue opened with the form. */
  labels: string[];
  elements: FormElementView[];
}

export type FormResult = { ok: true; view: FormView; template: FormTemplate } | { ok: false; errors: LocatedError[] };

/** Answers by element key: text, or the chosen options (checkboxes, dropdowns), or links (upload). */
export type Answers = Record<string, string | string[] | undefined>;

export const NO_RESPONSE = '_No response_';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function described(attributes: Record<string, unknown>): Described {
  const description = text(attributes.description);
  return { descriptionHtml: description.trim() === '' ? null : renderMarkdown(description) };
}

/**
 * Reads an issue form the way the bot does (`parseFormTemplate`, the same errors, located in the
 * file), and describes it for the page: every element, markdown included, in the form's order.
 */
export function readForm(yamlText: string, source: string): FormResult {
  let template: FormTemplate;
  try {
    template = parseFormTemplate(yamlText, source);
  } catch (error) {
    if (!(error instanceof FormTemplateError)) throw error;
    return { ok: false, errors: formErrors(error, yamlText, source) };
  }
  const parsed = parseYaml(yamlText, source);
  const raw = parsed.ok && isObject(parsed.value) ? parsed.value : {};
  const body = Array.isArray(raw.body) ? (raw.body as unknown[]) : [];
  const labels = typeof raw.labels === 'string' ? raw.labels.split(',') : Array.isArray(raw.labels) ? raw.labels.map(String) : [];
  // Labels and options as the bot reads them (trimmed), so that answers match its parser.
  const fields = [...template.fields];
  const elements = body.map((element, index) => {
    const type = isObject(element) ? element.type : undefined;
    const known = typeof type === 'string' && type !== 'markdown' && KNOWN_ELEMENT_TYPES.includes(type);
    return elementView(element, index, known ? (fields.shift() ?? null) : null);
  });
  return {
    ok: true,
    template,
    view: {
      name: template.name,
      description: text(raw.description),
      title: template.title ?? '',
      labels: labels.map((l) => l.trim()).filter((l) => l !== ''),
      elements,
    },
  };
}

function elementView(element: unknown, index: number, field: FormField | null): FormElementView {
  const el = isObject(element) ? element : {};
  const attributes = isObject(el.attributes) ? el.attributes : {};
  const validations = isObject(el.validations) ? el.validations : {};
  const key = `e${index}`;
  const label = field?.label ?? text(attributes.label);
  const required = validations.required === true;
  const options = field?.options.map((o) => o.label);
  switch (el.type) {
    case 'markdown':
      return { kind: 'markdown', html: renderMarkdown(text(attributes.value)) };
    case 'input':
    case 'textarea':
      return {
        kind: el.type,
        key,
        label,
        ...described(attributes),
        placeholder: text(attributes.placeholder),
        value: text(attributes.value),
        required,
        render: el.type === 'textarea' && typeof attributes.render === 'string' ? attributes.render : null,
      };
    case 'dropdown':
      return {
        kind: 'dropdown',
        key,
        label,
        ...described(attributes),
        options: options ?? (Array.isArray(attributes.options) ? attributes.options.map(String) : []),
        multiple: attributes.multiple === true,
        default: typeof attributes.default === 'number' ? attributes.default : null,
        required,
      };
    case 'checkboxes':
      return {
        kind: 'checkboxes',
        key,
        label,
        ...described(attributes),
        options: field?.options.map((o) => ({ label: o.label, required: o.required })) ?? [],
      };
    case 'upload':
      return { kind: 'upload', key, label, ...described(attributes), required };
    default:
      return { kind: 'unknown', key, type: String(el.type), label: label.trim() === '' ? null : label.trim(), ...described(attributes) };
  }
}

function answerText(value: string | string[] | undefined): string {
  if (Array.isArray(value)) return value.join('\n');
  return (value ?? '').replace(/\r\n?/g, '\n');
}

function chosen(value: string | string[] | undefined): string[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === '' ? [] : [value];
}

/** What GitHub inserts for an uploaded file: an image for `/assets/` links, else a link named after the file. */
function uploadMarkdown(url: string): string {
  if (url.includes('/assets/')) return `![image](${url})`;
  return `[${url.slice(url.lastIndexOf('/') + 1)}](${url})`;
}

/**
 * The issue body GitHub writes when the form is submitted: for every element but markdown, in the
 * form's order, `### <label>`, a blank line and the answer, sections separated by a blank line.
 * An empty answer is `_No response_`; checkboxes list every option as `- [X]` or `- [ ]`; the
 * chosen options of a dropdown are joined with `, `; a `render:` textarea's answer sits in a
 * fence of three backticks with the language; an upload lists what GitHub inserts per file.
 */
export function renderSubmittedBody(form: FormView, answers: Answers): string {
  const sections: string[] = [];
  for (const element of form.elements) {
    if (element.kind === 'markdown') continue;
    if (element.kind === 'unknown') {
      if (element.label === null) continue;
      const value = answerText(answers[element.key]);
      sections.push(`### ${element.label}\n\n${value.trim() === '' ? NO_RESPONSE : value}`);
      continue;
    }
    sections.push(`### ${element.label}\n\n${renderAnswer(element, answers[element.key])}`);
  }
  return sections.join('\n\n');
}

function renderAnswer(element: Exclude<FormElementView, { kind: 'markdown' | 'unknown' }>, value: string | string[] | undefined): string {
  switch (element.kind) {
    case 'checkboxes': {
      const ticked = new Set(chosen(value));
      return element.options.map((o) => `- [${ticked.has(o.label) ? 'X' : ' '}] ${o.label}`).join('\n');
    }
    case 'dropdown': {
      const picked = chosen(value).filter((v) => element.options.includes(v));
      return picked.length > 0 ? picked.join(', ') : NO_RESPONSE;
    }
    case 'upload': {
      const links = answerText(value)
        .split(/\s+/)
        .filter((l) => /^https?:\/\//.test(l));
      return links.length > 0 ? links.map(uploadMarkdown).join('\n\n') : NO_RESPONSE;
    }
    case 'textarea': {
      const typed = answerText(value);
      if (typed.trim() === '') return NO_RESPONSE;
      return element.render === null ? typed : `\`\`\`${element.render}\n${typed}\n\`\`\``;
    }
    case 'input': {
      const typed = answerText(value).replace(/\n/g, ' ');
      return typed.trim() === '' ? NO_RESPONSE : typed;
    }
  }
}

/** Required answers GitHub's web form would insist on, by label; empty when it would submit. */
export function missingRequired(form: FormView, answers: Answers): string[] {
  const missing: string[] = [];
  for (const element of form.elements) {
    if (element.kind === 'markdown' || element.kind === 'unknown') continue;
    const value = answers[element.key];
    if (element.kind === 'checkboxes') {
      const ticked = new Set(chosen(value));
      for (const option of element.options)
        if (option.required && !ticked.has(option.label)) missing.push(`${element.label}: ${option.label}`);
      continue;
    }
    if (!element.required) continue;
    const empty = element.kind === 'dropdown' ? chosen(value).length === 0 : answerText(value).trim() === '';
    if (empty) missing.push(element.label);
  }
  return missing;
}

function formErrors(error: FormTemplateError, yamlText: string, source: string): LocatedError[] {
  if (error.issues.length === 0) return [{ message: error.message, ...lineOf(error.message, source) }];
  return error.issues.map((issue) => {
    const keyPath = issue.keys !== undefined && issue.keys.length > 0 ? [...issue.path, issue.keys[0] as string] : issue.path;
    const where = keyPath.length === 0 ? null : locatePath(yamlText, keyPath);
    const path = issue.path.map(String).join('.') || '(top level)';
    return where === null
      ? { message: `${source}: ${path}: ${issue.message}`, line: null, col: null }
      : { message: `${source}:${where.line}:${where.col}: ${path}: ${issue.message}`, line: where.line, col: where.col };
  });
}

/** The line and column of a YAML syntax error (`SOURCE: line L, column C: …`). */
function lineOf(message: string, source: string): { line: number | null; col: number | null } {
  const match = /: line (\d+), column (\d+):/.exec(message.slice(source.length));
  return match ? { line: Number(match[1]), col: Number(match[2]) } : { line: null, col: null };
}

export type ConfigCheck = { ok: true; config: Config } | { ok: false; errors: LocatedError[] };

/** Validates a config file with the bot's own validator; errors are located in the file as `lint` does. */
export function readConfig(yamlText: string, source: string): ConfigCheck {
  const parsed = parseYaml(yamlText, source);
  if (!parsed.ok) return { ok: false, errors: [{ message: parsed.error, ...lineOf(parsed.error, source) }] };
  const result = validateConfig(parsed.value, source);
  if (result.ok) return { ok: true, config: result.config };
  return { ok: false, errors: result.errors.map((error) => locateConfigError(error, source, yamlText)) };
}

function locateConfigError(error: string, source: string, yamlText: string): LocatedError {
  const prefix = `${source}: `;
  if (!error.startsWith(prefix)) return { message: error, line: null, col: null };
  const rest = error.slice(prefix.length);
  const unknown = /^unknown key "([^"]*)"/.exec(rest);
  const path = unknown !== null ? (unknown[1] ?? '') : rest.slice(0, Math.max(0, rest.indexOf(': ')));
  if (path === '' || path === '(top level)') return { message: error, line: null, col: null };
  const where = locatePath(yamlText, path.split('.'));
  return where === null
    ? { message: error, line: null, col: null }
    : { message: `${source}:${where.line}:${where.col}: ${rest}`, line: where.line, col: where.col };
}
