// Frozen copy of src/form/parse.ts and labelKey as they were before the fast parser (commit 3bb1341):
// the reference that test/form/fast-parse.test.ts compares the fast parser with. Do not optimise.
import type { FormField, FormTemplate } from '../../../src/form/schema.js';

/** How body headings are compared with labels: case and runs of white space do not matter. */
export function labelKey(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

export type FieldValue = string | string[] | null;

/** Something about a body that a requester may want to fix, though the body could be read. */
export interface BodyWarning {
  /** The field whose section holds the cause. */
  field: string;
  /**
   * `unclosed-fence`: a code fence opened in this section was still open where the next section's
   * heading starts (or at the end of the body); the section was ended there.
   */
  kind: 'unclosed-fence';
  /** 1-based line of the fence that was left open. */
  line: number;
  /** The fence as written, e.g. three backticks: what closes it. */
  marker: string;
}

export interface ParsedBody {
  /**
   * One entry per template field id. Checkboxes and dropdowns: the chosen options; upload: the
   * links under the heading (null for `_No response_`); other fields: the text, or null.
   */
  values: Record<string, FieldValue>;
  /** Ids whose section heading was present, in template order. */
  found: string[];
  /** In body order; empty when every code fence in the body is closed. */
  warnings: BodyWarning[];
}

interface Fence {
  char: string;
  length: number;
  marker: string;
  /** 0-based line that opened it. */
  line: number;
}

/**
 * What parsing needs from a template, computed once per template object. Sections are `slots` in
 * the form's order: its fields, and the labelled elements it skipped (GitHub renders a section for
 * those too; their text is dropped rather than added to the answer above them).
 */
interface Compiled {
  fields: readonly FormField[];
  slots: (FormField | null)[];
  byLabel: Map<string, number>;
  choices: (Choices | null)[];
}
/** Option lookup of one checkboxes or dropdown field, keyed by whitespace-normalised label. */
interface Choices {
  byKey: Map<string, string>;
  /** Lengths of the keys, so that a growing multi-line checkbox text is looked up only when it could match. */
  keyLengths: Set<number>;
  maxKeyLength: number;
  maxCommas: number;
}

// Prefix-only patterns, each applied once per line from its start, keep the parser linear.
const HEADING = /^ {0,3}###[ \t]/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const CHECKED = /^ {0,3}[-*+][ \t]+\[[xX]\][ \t]/;
const LIST_ITEM = /^ {0,3}[-*+][ \t]/;
// A character class without alternation: one pass, no backtracking.
const LINK = /https?:\/\/[^\s<>()[\]"'`]+/gi;
const NO_RESPONSE = '_no response_';

const compiledForms = new WeakMap<FormTemplate, Compiled>();

/** Templates are treated as immutable once parsed, so the lookup tables are kept per object. */
function compile(template: FormTemplate): Compiled {
  const cached = compiledForms.get(template);
  if (cached !== undefined && cached.fields === template.fields) return cached;
  const slots: (FormField | null)[] = [];
  const labels: string[] = [];
  const skipped = (template.skipped ?? []).filter((s) => s.label !== undefined && s.fieldsBefore !== undefined);
  let k = 0;
  template.fields.forEach((field, i) => {
    for (; k < skipped.length && (skipped[k].fieldsBefore ?? 0) <= i; k++) {
      slots.push(null);
      labels.push(skipped[k].label ?? '');
    }
    slots.push(field);
    labels.push(field.label);
  });
  for (; k < skipped.length; k++) {
    slots.push(null);
    labels.push(skipped[k].label ?? '');
  }
  const byLabel = new Map<string, number>();
  // Fields first, so that a field wins over a skipped element with the same label.
  for (const pass of [true, false]) {
    slots.forEach((slot, i) => {
      const key = labelKey(labels[i]);
      if ((slot !== null) === pass && !byLabel.has(key)) byLabel.set(key, i);
    });
  }
  const choices = slots.map((slot) =>
    slot !== null && (slot.type === 'checkboxes' || slot.type === 'dropdown') ? compileChoices(slot) : null,
  );
  const compiled = { fields: template.fields, slots, byLabel, choices };
  compiledForms.set(template, compiled);
  return compiled;
}

function compileChoices(field: FormField): Choices {
  const byKey = new Map<string, string>();
  const keyLengths = new Set<number>();
  let maxKeyLength = 0;
  let maxCommas = 0;
  for (const option of field.options) {
    const key = labelKey(option.label);
    if (!byKey.has(key)) byKey.set(key, option.label);
    keyLengths.add(key.length);
    maxKeyLength = Math.max(maxKeyLength, key.length);
    maxCommas = Math.max(maxCommas, option.label.split(',').length - 1);
  }
  return { byKey, keyLengths, maxKeyLength, maxCommas };
}

/**
 * Splits an issue body rendered from `template` into answers keyed by field id. Never throws.
 *
 * Sections start at `### <label>` headings outside code fences; the first heading of a field wins
 * and a repeated one is answer text, as is any `###` line that names no field. A fence left open
 * in a section (a lone line of backticks in an answer, or one that flips GitHub's own closing
 * fence of a `render:` field) ends where the heading of the next field in the form's order starts,
 * provided that heading does not occur again further down; the section gets an `unclosed-fence`
 * warning. Other headings inside fences stay code, as GitHub shows them.
 */
export function parseBody(template: FormTemplate, body: string): ParsedBody {
  const form = compile(template);
  const count = form.slots.length;
  const lines = body.split(/\r\n|\r|\n/);

  // Pass 1: lines that are a field's heading, and each field's last such line.
  const headingLine: number[] = [];
  const headingField: number[] = [];
  const lastHeading = new Int32Array(count).fill(-1);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    if (!HEADING.test(line)) continue;
    const field = fieldOfHeading(line, form.byLabel);
    if (field < 0) continue;
    headingLine.push(n);
    headingField.push(field);
    lastHeading[field] = n;
  }

  // Pass 2: sections as line ranges; `code` marks lines inside fences (fence lines included).
  const code = new Uint8Array(lines.length);
  const start = new Int32Array(count).fill(-1);
  const end = new Int32Array(count).fill(-1);
  const warnings: BodyWarning[] = [];
  let current = -1;
  let expected = nextExpected(start, -1);
  let fence: Fence | null = null;
  let next = 0;
  const close = (n: number) => {
    if (current >= 0) end[current] = n;
  };
  const open = (field: number, n: number) => {
    close(n);
    current = field;
    start[field] = n + 1;
    expected = nextExpected(start, field);
  };
  for (let n = 0; n < lines.length; n++) {
    const text = lines[n];
    let heading = -1;
    if (next < headingLine.length && headingLine[next] === n) heading = headingField[next++];
    if (fence !== null) {
      if (heading >= 0 && heading === expected && lastHeading[heading] === n) {
        const field = current >= 0 ? form.slots[current] : null;
        if (field !== null) warnings.push(unclosed(field, fence));
        fence = null;
        open(heading, n);
        continue;
      }
      if (closesFence(text, fence)) fence = null;
      code[n] = 1;
      continue;
    }
    fence = openFence(text, n);
    if (fence !== null) {
      code[n] = 1;
      continue;
    }
    if (heading >= 0 && start[heading] < 0) open(heading, n);
  }
  close(lines.length);
  const last = current >= 0 ? form.slots[current] : null;
  if (fence !== null && last !== null) warnings.push(unclosed(last, fence));

  const found: string[] = [];
  const entries: [string, FieldValue][] = [];
  for (let i = 0; i < count; i++) {
    const field = form.slots[i];
    if (field === null) continue;
    if (start[i] < 0) {
      entries.push([field.id, null]);
      continue;
    }
    found.push(field.id);
    entries.push([field.id, answer(field, form.choices[i], { lines, code, start: start[i], end: end[i] })]);
  }
  // fromEntries defines own properties, so an id such as "__proto__" cannot touch the prototype.
  return { values: Object.fromEntries(entries), found, warnings };
}

function unclosed(field: FormField, fence: Fence): BodyWarning {
  return { field: field.id, kind: 'unclosed-fence', line: fence.line + 1, marker: fence.marker };
}

/** The first field after `after` in the form's order whose section has not started. */
function nextExpected(start: Int32Array, after: number): number {
  for (let i = after + 1; i < start.length; i++) if (start[i] < 0) return i;
  return -1;
}

interface Section {
  lines: string[];
  code: Uint8Array;
  /** First line after the heading. */
  start: number;
  /** Line of the next section's heading, or the line count. */
  end: number;
}

function answer(field: FormField, choices: Choices | null, section: Section): FieldValue {
  switch (field.type) {
    case 'checkboxes':
      return choices === null ? [] : checkedOptions(choices, section);
    case 'dropdown': {
      const text = plainText(section);
      return text === null || choices === null ? null : selectedOptions(choices, text);
    }
    case 'textarea':
      return field.render === null ? plainText(section) : renderedText(section);
    case 'upload':
      return uploadLinks(section);
    case 'input':
    default:
      return plainText(section);
  }
}

function joinLines(section: Section, from: number, to: number): string {
  let text = '';
  for (let n = from; n < to; n++) text += n === from ? section.lines[n].trimEnd() : `\n${section.lines[n].trimEnd()}`;
  return text;
}

function plainText(section: Section): string | null {
  const text = joinLines(section, section.start, section.end).trim();
  return text === '' || text.toLowerCase() === NO_RESPONSE ? null : text;
}

/** A `render:` textarea is wrapped by GitHub in a code fence; the answer is what is inside it. */
function renderedText(section: Section): string | null {
  const { lines } = section;
  let start = section.start;
  let end = section.end;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  const fence = start < end ? openFence(lines[start].trimEnd(), start) : null;
  if (fence !== null && end - start >= 2 && closesFence(lines[end - 1].trimEnd(), fence)) {
    start++;
    end--;
  }
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  const text = joinLines(section, start, end);
  return text === '' || text.trim().toLowerCase() === NO_RESPONSE ? null : text;
}

/** Links to the files GitHub uploaded (markdown images and links, `<img src>`, bare URLs), once each. */
function uploadLinks(section: Section): string[] | null {
  const text = plainText(section);
  if (text === null) return null;
  const links = new Set<string>();
  for (let n = section.start; n < section.end; n++) {
    if (section.code[n] === 1) continue;
    for (const match of section.lines[n].matchAll(LINK)) links.add(withoutTrailingPunctuation(match[0]));
  }
  return [...links];
}

/** A sentence's full stop or comma after a bare URL is not part of it. A loop: /[.,]+$/ backtracks quadratically. */
function withoutTrailingPunctuation(url: string): string {
  let end = url.length;
  while (end > 0 && '.,;:!?'.includes(url[end - 1])) end--;
  return url.slice(0, end);
}

/**
 * Ticked options, in template order. A ticked item runs from its `- [x]` line over the lines that
 * follow until the next list item, code or section end, so that an option label written as a
 * multi-line YAML block matches; the longest option the item's text starts with (at a line end,
 * white space normalised) counts.
 */
function checkedOptions(choices: Choices, section: Section): string[] {
  const checked = new Set<string>();
  let n = section.start;
  while (n < section.end) {
    const line = section.lines[n];
    const box = section.code[n] === 1 ? null : CHECKED.exec(line);
    n++;
    if (box === null) continue;
    let key = labelKey(line.slice(box[0].length));
    let match = lookup(choices, key);
    while (n < section.end && key.length < choices.maxKeyLength && section.code[n] === 0 && !LIST_ITEM.test(section.lines[n])) {
      const more = labelKey(section.lines[n]);
      n++;
      if (more === '') continue;
      key = key === '' ? more : `${key} ${more}`;
      match = lookup(choices, key) ?? match;
    }
    if (match !== null) checked.add(match);
  }
  return [...choices.byKey.values()].filter((label) => checked.has(label));
}

function lookup(choices: Choices, key: string): string | null {
  return choices.keyLengths.has(key.length) ? (choices.byKey.get(key) ?? null) : null;
}

/**
 * GitHub joins the selected options with ", ", and an option may itself contain a comma, so
 * pieces are regrouped greedily into known options; text that is no option is kept as written.
 */
function selectedOptions(choices: Choices, text: string): string[] {
  const pieces = text.split(',');
  const selected: string[] = [];
  let i = 0;
  while (i < pieces.length) {
    let taken = 0;
    for (let k = Math.min(choices.maxCommas, pieces.length - 1 - i); k >= 0 && taken === 0; k--) {
      const option = choices.byKey.get(labelKey(pieces.slice(i, i + k + 1).join(',')));
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

/** Index of the field a `###` line names, or -1. */
function fieldOfHeading(line: string, byLabel: Map<string, number>): number {
  const heading = HEADING.exec(line);
  if (heading === null) return -1;
  const text = line.slice(heading[0].length).trim();
  return byLabel.get(labelKey(text)) ?? byLabel.get(labelKey(withoutClosingHashes(text))) ?? -1;
}

/** Markdown allows `### Label ###`; the closing run counts only after white space. */
function withoutClosingHashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === text.length || (end > 0 && text[end - 1] !== ' ' && text[end - 1] !== '\t')) return text;
  return text.slice(0, end);
}

function openFence(line: string, n: number): Fence | null {
  const m = FENCE.exec(line);
  if (m === null) return null;
  const marker = m[1];
  // A backtick fence's info string may not contain a backtick (that is inline code instead).
  if (marker[0] === '`' && line.includes('`', m[0].length)) return null;
  return { char: marker[0], length: marker.length, marker, line: n };
}

function closesFence(line: string, fence: Fence): boolean {
  const m = FENCE.exec(line);
  if (m === null) return false;
  const marker = m[1];
  return marker[0] === fence.char && marker.length >= fence.length && line.slice(m[0].length).trim() === '';
}
