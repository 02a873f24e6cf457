import { isWhiteSpace, labelKey, type FormField, type FormTemplate } from './schema.js';

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

/**
 * What parsing needs from a template, computed once per template object. Sections are `slots` in
 * the form's order: its fields, and the labelled elements it skipped (GitHub renders a section for
 * those too; their text is dropped rather than added to the answer above them).
 */
interface Compiled {
  fields: readonly FormField[];
  slots: (FormField | null)[];
  byLabel: Map<string, number>;
  /**
   * Trimmed heading texts whose slot is known, by length: a heading as GitHub renders it is
   * compared in place with these, and only another spelling is normalised with `labelKey`.
   */
  headings: Map<number, Exact[]>;
  choices: (Choices | null)[];
  /**
   * Per-slot state of one parse, reused (parsing is synchronous and never re-entered): where
   * each slot's last heading line starts, and where its section's lines start and end.
   */
  lastHeading: Int32Array;
  startOff: Int32Array;
  endOff: Int32Array;
}
interface Exact {
  text: string;
  /** What the slow path answers for `text`: a slot (headings) or an index into `Choices.labels` (options), or -1. */
  index: number;
  /** Options only: `labelKey(text)`. */
  key: string;
}
/** Option lookup of one checkboxes or dropdown field, keyed by whitespace-normalised label. */
interface Choices {
  /** Key → index into `labels`. */
  byKey: Map<string, number>;
  /** The option label kept for each key (the first with it), in the form's order. */
  labels: string[];
  /** Lengths of the keys, so that a growing multi-line checkbox text is looked up only when it could match. */
  keyLengths: Set<number>;
  maxKeyLength: number;
  maxCommas: number;
  /** Trimmed option labels (and their keys) by length, for a ticked line written as GitHub renders it. */
  exact: Map<number, Exact[]>;
  /** Per parse: which of `labels` are ticked (reused, as `Compiled`'s state). */
  checked: Uint8Array;
}

/**
 * The parser reads the body in place, without splitting it into lines: a first pass looks only
 * for the characters that can start a line that matters ("#" of a heading, "`" or "~" of a
 * fence, after at most three spaces), a second walks those lines, and each section is then read
 * as a slice of the body. Every step is linear in the body. The rules are those of the lines of
 * `body.split(/\r\n|\r|\n/)`, which test/form/fast-parse.test.ts compares with the parser that
 * did split the body (test/form/reference/parse.ts).
 */
// A character class without alternation: one pass, no backtracking.
const LINK = /https?:\/\/[^\s<>()[\]"'`]+/gi;
const NO_RESPONSE = '_no response_';

const SPACE = 32;
const TAB = 9;
const LF = 10;
const CR = 13;
const HASH = 35;
const BACKTICK = 96;
const TILDE = 126;

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
  const headings = new Map<number, Exact[]>();
  for (const label of labels) {
    for (const text of [label.trim(), labelKey(label)]) {
      addExact(headings, { text, index: slotOfHeadingText(text, byLabel), key: '' });
    }
  }
  const choices = slots.map((slot) =>
    slot !== null && (slot.type === 'checkboxes' || slot.type === 'dropdown') ? compileChoices(slot) : null,
  );
  const state = () => new Int32Array(slots.length);
  const compiled = {
    fields: template.fields,
    slots,
    byLabel,
    headings,
    choices,
    lastHeading: state(),
    startOff: state(),
    endOff: state(),
  };
  compiledForms.set(template, compiled);
  return compiled;
}

function addExact(table: Map<number, Exact[]>, entry: Exact): void {
  // A label is often a slice of the form's YAML text, which V8 compares far more slowly than a
  // string of its own; the copy makes the per-heading comparison a plain one.
  entry.text = flatCopy(entry.text);
  const list = table.get(entry.text.length);
  if (list === undefined) table.set(entry.text.length, [entry]);
  else if (!list.some((e) => e.text === entry.text)) list.push(entry);
}

function flatCopy(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

function compileChoices(field: FormField): Choices {
  const byKey = new Map<string, number>();
  const labels: string[] = [];
  const keyLengths = new Set<number>();
  let maxKeyLength = 0;
  let maxCommas = 0;
  for (const option of field.options) {
    const key = labelKey(option.label);
    if (!byKey.has(key)) {
      byKey.set(key, labels.length);
      labels.push(option.label);
    }
    keyLengths.add(key.length);
    maxKeyLength = Math.max(maxKeyLength, key.length);
    maxCommas = Math.max(maxCommas, option.label.split(',').length - 1);
  }
  const choices: Choices = {
    byKey,
    labels,
    keyLengths,
    maxKeyLength,
    maxCommas,
    exact: new Map(),
    checked: new Uint8Array(labels.length),
  };
  for (const option of field.options) {
    for (const text of [option.label.trim(), labelKey(option.label)]) {
      const key = labelKey(text);
      addExact(choices.exact, { text, index: lookup(choices, key), key });
    }
  }
  return choices;
}

/**
 * A section: its lines run from the one starting at `startOff` to the one ending at `endOff`;
 * `startOff > endOff` when it has none (its heading is followed by the next one, or ends the body).
 */
interface Range {
  startOff: number;
  endOff: number;
}

/** What the scan keeps of a line that can matter; most lines keep nothing. */
const HEADING = 1;
const FENCE = 2;
/** Fence flags: a tilde fence; a backtick after the run (no opening fence then); only white space after the run. */
const TILDES = 1;
const BACKTICK_AFTER = 2;
const BLANK_AFTER = 4;
/** Per kept line: kind, line start, line end, field or the fence's run start, run length, flags. */
const WIDTH = 6;
const SCRATCH = 64 * WIDTH;
let scratch = new Int32Array(SCRATCH);

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
  const length = body.length;
  const hasCR = body.indexOf('\r') >= 0;

  // Pass 1: the lines that are a field's heading or could be a fence, and each field's last
  // heading line. Such a line has "#", "`" or "~" after at most three spaces, so only those
  // characters are looked for (each with indexOf from where the scan is), and one is kept
  // only when it starts its line that way.
  const { lastHeading, startOff, endOff } = form;
  reset(lastHeading, -1);
  let rec = scratch;
  let kept = 0;
  let from = 0;
  let nextHash = -1;
  let nextTick = -1;
  let nextTilde = -1;
  for (;;) {
    if (nextHash < from && nextHash !== length) nextHash = indexOrLength(body, '#', from);
    if (nextTick < from && nextTick !== length) nextTick = indexOrLength(body, '`', from);
    if (nextTilde < from && nextTilde !== length) nextTilde = indexOrLength(body, '~', from);
    const p = Math.min(nextHash, nextTick, nextTilde);
    if (p >= length) break;
    const c = body.charCodeAt(p);
    // No character of the run after p starts a line: the scan goes on after the run, or after
    // the line when it is kept.
    from = p + 1;
    while (body.charCodeAt(from) === c) from++;
    const start = lineStartBefore(body, p);
    if (start < 0) continue;
    let kind = 0;
    let end = 0;
    let data = 0;
    let run = 0;
    let flags = 0;
    if (c === HASH) {
      const after = body.charCodeAt(p + 3);
      if (body.charCodeAt(p + 1) === HASH && body.charCodeAt(p + 2) === HASH && (after === SPACE || after === TAB)) {
        end = lineEnd(body, hasCR, p + 4);
        data = headingSlot(form, body, p + 4, end);
        if (data >= 0) {
          kind = HEADING;
          lastHeading[data] = start;
        }
        from = end;
      }
    } else {
      let q = from;
      if (q - p >= 3) {
        kind = FENCE;
        end = lineEnd(body, hasCR, q);
        data = p;
        run = q - p;
        flags = c === TILDE ? TILDES | BLANK_AFTER : BLANK_AFTER;
        for (; q < end; q++) {
          const d = body.charCodeAt(q);
          if (d === BACKTICK) flags |= BACKTICK_AFTER;
          if (!isWhiteSpace(d)) flags &= ~BLANK_AFTER;
        }
        from = end;
      }
    }
    if (kind !== 0) {
      if (kept * WIDTH === rec.length) {
        const grown = new Int32Array(rec.length * 2);
        grown.set(rec);
        rec = grown;
      }
      const r = kept++ * WIDTH;
      rec[r] = kind;
      rec[r + 1] = start;
      rec[r + 2] = end;
      rec[r + 3] = data;
      rec[r + 4] = run;
      rec[r + 5] = flags;
    }
  }
  // A hostile body may have grown the table; only a small one is kept for the next call.
  if (rec.length === SCRATCH) scratch = rec;

  // Pass 2, over the kept lines: sections, and fenced code (fence lines included) as ranges of
  // line starts. Lines are named by where they start; `length + 1` stands for the line after the last.
  reset(startOff, -1);
  const warnings: BodyWarning[] = [];
  const fences: number[] = [];
  const code: number[] = [];
  let current = -1;
  let expected = nextExpected(startOff, -1);
  let fence = -1;
  const open = (field: number, r: number) => {
    if (current >= 0) endOff[current] = beforeBreak(body, rec[r + 1]);
    current = field;
    startOff[field] = nextLine(body, rec[r + 2]);
    expected = nextExpected(startOff, field);
  };
  for (let r = 0; r < kept * WIDTH; r += WIDTH) {
    const line = rec[r + 1];
    const heading = rec[r] === HEADING ? rec[r + 3] : -1;
    if (fence >= 0) {
      if (heading >= 0 && heading === expected && lastHeading[heading] === line) {
        if (current >= 0 && form.slots[current] !== null) fences.push(current, fence);
        fence = -1;
        code.push(line);
        open(heading, r);
        continue;
      }
      if (rec[r] === FENCE && closesFence(rec, r, fence)) {
        fence = -1;
        code.push(nextLine(body, rec[r + 2]));
      }
      continue;
    }
    if (rec[r] === FENCE && (rec[r + 5] & (TILDES | BACKTICK_AFTER)) !== BACKTICK_AFTER) {
      fence = r;
      code.push(line);
      continue;
    }
    if (heading >= 0 && startOff[heading] < 0) open(heading, r);
  }
  if (current >= 0) endOff[current] = length;
  if (fence >= 0) {
    code.push(length + 1);
    if (current >= 0 && form.slots[current] !== null) fences.push(current, fence);
  }
  if (fences.length > 0) unclosed(form, body, rec, fences, warnings);

  const found: string[] = [];
  const values: Record<string, FieldValue> = {};
  const text = { body, hasCR, code, startOff: 0, endOff: 0 };
  for (let i = 0; i < count; i++) {
    const field = form.slots[i];
    if (field === null) continue;
    if (startOff[i] < 0) {
      setOwn(values, field.id, null);
      continue;
    }
    found.push(field.id);
    text.startOff = startOff[i];
    text.endOff = endOff[i];
    setOwn(values, field.id, answer(field, form.choices[i], text));
  }
  return { values, found, warnings };
}

/** `array.fill(value)`, which costs more than this loop on the few entries of a form. */
function reset<T extends Int32Array | Uint8Array>(array: T, value: number): T {
  for (let i = 0; i < array.length; i++) array[i] = value;
  return array;
}

/**
 * As `Object.fromEntries` defines its entries: an own property even for an id such as
 * "__proto__", which an assignment would take for the prototype.
 */
function setOwn(object: Record<string, FieldValue>, key: string, value: FieldValue): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  else object[key] = value;
}

function indexOrLength(body: string, search: string, from: number): number {
  const i = body.indexOf(search, from);
  return i < 0 ? body.length : i;
}

/** Where the line after the one ending at `lineEnd` starts; `length + 1` after the last line. */
function nextLine(body: string, lineEnd: number): number {
  if (lineEnd >= body.length) return body.length + 1;
  return lineEnd + (body.charCodeAt(lineEnd) === CR && body.charCodeAt(lineEnd + 1) === LF ? 2 : 1);
}

/** Where the line before the one starting at `lineStart` (> 0) ends. */
function beforeBreak(body: string, lineStart: number): number {
  return lineStart >= 2 && body.charCodeAt(lineStart - 1) === LF && body.charCodeAt(lineStart - 2) === CR ? lineStart - 2 : lineStart - 1;
}

/** End of the line that `pos` is in (its line break, or the end of the body). */
function lineEnd(body: string, hasCR: boolean, pos: number): number {
  if (!hasCR) return indexOrLength(body, '\n', pos);
  let i = pos;
  for (; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === LF || c === CR) break;
  }
  return i;
}

/** The start of the line when `p` follows it after at most three spaces, or -1. */
function lineStartBefore(body: string, p: number): number {
  let start = p;
  while (start > 0 && p - start < 3 && body.charCodeAt(start - 1) === SPACE) start--;
  if (start === 0) return 0;
  const c = body.charCodeAt(start - 1);
  return c === LF || c === CR ? start : -1;
}

/** Index of the slot a heading names: its text from `from` to `to`, trimmed, as written or normalised; or -1. */
function headingSlot(form: Compiled, body: string, from: number, to: number): number {
  while (from < to && isWhiteSpace(body.charCodeAt(from))) from++;
  while (to > from && isWhiteSpace(body.charCodeAt(to - 1))) to--;
  const text = body.slice(from, to);
  const candidates = form.headings.get(text.length);
  if (candidates !== undefined) {
    for (const candidate of candidates) if (candidate.text === text) return candidate.index;
  }
  return slotOfHeadingText(text, form.byLabel);
}

/** Index of the slot a trimmed heading text names, or -1. */
function slotOfHeadingText(text: string, byLabel: Map<string, number>): number {
  return byLabel.get(labelKey(text)) ?? byLabel.get(labelKey(withoutClosingHashes(text))) ?? -1;
}

/** Markdown allows `### Label ###`; the closing run counts only after white space. */
function withoutClosingHashes(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '#') end--;
  if (end === text.length || (end > 0 && text[end - 1] !== ' ' && text[end - 1] !== '\t')) return text;
  return text.slice(0, end);
}

/** Whether the fence line kept at `r` closes the fence opened by the one kept at `open`. */
function closesFence(rec: Int32Array, r: number, open: number): boolean {
  return (rec[r + 5] & TILDES) === (rec[open + 5] & TILDES) && rec[r + 4] >= rec[open + 4] && (rec[r + 5] & BLANK_AFTER) !== 0;
}

/**
 * Warnings for fences left open, given as pairs of the section's slot and the fence's kept line,
 * in body order; their line numbers are counted in one pass.
 */
function unclosed(form: Compiled, body: string, rec: Int32Array, fences: number[], warnings: BodyWarning[]): void {
  let line = 1;
  let pos = 0;
  for (let i = 0; i < fences.length; i += 2) {
    const field = form.slots[fences[i]] as FormField;
    const fence = fences[i + 1];
    const start = rec[fence + 1];
    for (; pos < start; pos++) {
      const c = body.charCodeAt(pos);
      if (c === LF || (c === CR && body.charCodeAt(pos + 1) !== LF)) line++;
    }
    const marker = body.slice(rec[fence + 3], rec[fence + 3] + rec[fence + 4]);
    warnings.push({ field: field.id, kind: 'unclosed-fence', line, marker });
  }
}

/** The first field after `after` in the form's order whose section has not started. */
function nextExpected(startOff: Int32Array, after: number): number {
  for (let i = after + 1; i < startOff.length; i++) if (startOff[i] < 0) return i;
  return -1;
}

/** A section of the body being read, and what answers need to know about the whole body. */
interface Text extends Range {
  body: string;
  hasCR: boolean;
  /** Fenced code as pairs of line starts, [from, to), in order. */
  code: number[];
}

function answer(field: FormField, choices: Choices | null, section: Text): FieldValue {
  switch (field.type) {
    case 'checkboxes':
      return choices === null ? [] : checkedOptions(choices, section);
    case 'dropdown': {
      const text = plainText(section);
      return text === null || choices === null ? null : selectedOptions(choices, text);
    }
    case 'textarea':
      return field.render === null ? plainText(section) : renderedText(linesOf(section));
    case 'upload':
      return plainText(section) === null ? null : uploadLinks(linesOf(section));
    case 'input':
    default:
      return plainText(section);
  }
}

/** The section's lines each without trailing white space, joined with "\n", and trimmed. */
function sectionText(section: Text): string {
  if (section.startOff > section.endOff) return '';
  const text = section.body.slice(section.startOff, section.endOff).trim();
  // The slice is that text already unless a line inside it ends in white space or a "\r" breaks it.
  if (section.hasCR && text.indexOf('\r') >= 0) return slowText(section);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
    const before = text.charCodeAt(i - 1);
    if (before !== LF && isWhiteSpace(before)) return slowText(section);
  }
  return text;
}

function slowText(section: Text): string {
  const { lines, start, end } = linesOf(section);
  return joinLines(lines, start, end).trim();
}

function plainText(section: Text): string | null {
  const text = sectionText(section);
  // toLowerCase never shortens a string, and the one letter it lengthens (U+0130) yields U+0307.
  return text === '' || (text.length === NO_RESPONSE.length && text.toLowerCase() === NO_RESPONSE) ? null : text;
}

/** The section as an array of lines with a code mark per line, for the answers read line by line. */
interface Lines {
  lines: string[];
  code: Uint8Array;
  start: number;
  end: number;
}

function linesOf(section: Text): Lines {
  const { body } = section;
  const lines: string[] = [];
  const marks: number[] = [];
  const isCode = codeLines(section.code);
  let pos = section.startOff;
  let more = pos <= section.endOff;
  while (more) {
    const end = lineEnd(body, section.hasCR, pos);
    lines.push(body.slice(pos, end));
    marks.push(isCode(pos) ? 1 : 0);
    more = end < section.endOff;
    pos = nextLine(body, end);
  }
  return { lines, code: Uint8Array.from(marks), start: 0, end: lines.length };
}

/** Whether the line starting at a given offset is fenced code; asked in increasing order. */
function codeLines(code: number[]): (lineStart: number) => boolean {
  let range = 0;
  return (lineStart) => {
    while (range < code.length && code[range + 1] <= lineStart) range += 2;
    return range < code.length && code[range] <= lineStart;
  };
}

function joinLines(lines: string[], from: number, to: number): string {
  let text = '';
  for (let n = from; n < to; n++) text += n === from ? lines[n].trimEnd() : `\n${lines[n].trimEnd()}`;
  return text;
}

/** A `render:` textarea is wrapped by GitHub in a code fence; the answer is what is inside it. */
function renderedText(section: Lines): string | null {
  const { lines } = section;
  let start = section.start;
  let end = section.end;
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  const fence = start < end ? openFence(lines[start].trimEnd()) : null;
  if (fence !== null && end - start >= 2 && closesFenceLine(lines[end - 1].trimEnd(), fence)) {
    start++;
    end--;
  }
  while (start < end && lines[start].trim() === '') start++;
  while (end > start && lines[end - 1].trim() === '') end--;
  const text = joinLines(lines, start, end);
  return text === '' || text.trim().toLowerCase() === NO_RESPONSE ? null : text;
}

/** Links to the files GitHub uploaded (markdown images and links, `<img src>`, bare URLs), once each. */
function uploadLinks(section: Lines): string[] {
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
function checkedOptions(choices: Choices, section: Text): string[] {
  const { body, hasCR } = section;
  const checked = reset(choices.checked, 0);
  let ticked = 0;
  const isCode = codeLines(section.code);
  let pos = section.startOff;
  let more = pos <= section.endOff;
  while (more) {
    let end = lineEnd(body, hasCR, pos);
    const box = isCode(pos) ? -1 : tickedBox(body, pos, end);
    more = end < section.endOff;
    pos = nextLine(body, end);
    if (box < 0) continue;
    let key: string;
    let match: number;
    const exact = exactOption(choices, body, box, end);
    if (exact !== null) {
      key = exact.key;
      match = exact.index;
    } else {
      key = labelKey(body.slice(box, end));
      match = lookup(choices, key);
    }
    while (more && key.length < choices.maxKeyLength && !isCode(pos)) {
      if (listItem(body, pos)) break;
      end = lineEnd(body, hasCR, pos);
      const line = labelKey(body.slice(pos, end));
      more = end < section.endOff;
      pos = nextLine(body, end);
      if (line === '') continue;
      key = key === '' ? line : `${key} ${line}`;
      const longer = lookup(choices, key);
      if (longer >= 0) match = longer;
    }
    if (match >= 0 && checked[match] === 0) {
      checked[match] = 1;
      ticked++;
    }
  }
  const result: string[] = [];
  if (ticked > 0) for (let i = 0; i < checked.length; i++) if (checked[i] === 1) result.push(choices.labels[i]);
  return result;
}

/** After a ticked box's `- [x] ` (`/^ {0,3}[-*+][ \t]+\[[xX]\][ \t]/`) on the line from `pos` to `end`: where its text starts, or -1. */
function tickedBox(body: string, pos: number, end: number): number {
  let p = bullet(body, pos);
  if (p < 0) return -1;
  while (p < end && (body.charCodeAt(p) === SPACE || body.charCodeAt(p) === TAB)) p++;
  const x = body.charCodeAt(p + 1);
  const after = body.charCodeAt(p + 3);
  if (body.charCodeAt(p) !== 0x5b || (x !== 0x78 && x !== 0x58) || body.charCodeAt(p + 2) !== 0x5d) return -1;
  return after === SPACE || after === TAB ? p + 4 : -1;
}

/** Whether the line at `pos` starts a list item (`/^ {0,3}[-*+][ \t]/`). */
function listItem(body: string, pos: number): boolean {
  return bullet(body, pos) >= 0;
}

/** Past `/^ {0,3}[-*+][ \t]/` at `pos`, or -1. A line break never matches, so the line's end need not be known. */
function bullet(body: string, pos: number): number {
  let p = pos;
  let c = body.charCodeAt(p);
  if (c === SPACE) {
    c = body.charCodeAt(++p);
    if (c === SPACE) {
      c = body.charCodeAt(++p);
      if (c === SPACE) c = body.charCodeAt(++p);
    }
  }
  if (c !== 0x2d && c !== 0x2a && c !== 0x2b) return -1;
  const after = body.charCodeAt(p + 1);
  return after === SPACE || after === TAB ? p + 2 : -1;
}

/** The option whose label the text from `from` to `to` is, trimmed and as written, or null. */
function exactOption(choices: Choices, body: string, from: number, to: number): Exact | null {
  while (from < to && isWhiteSpace(body.charCodeAt(from))) from++;
  while (to > from && isWhiteSpace(body.charCodeAt(to - 1))) to--;
  const candidates = choices.exact.get(to - from);
  if (candidates !== undefined) {
    // A slice compared whole is compared word by word, several times faster than startsWith.
    const text = body.slice(from, to);
    for (const candidate of candidates) if (candidate.text === text) return candidate;
  }
  return null;
}

function lookup(choices: Choices, key: string): number {
  return choices.keyLengths.has(key.length) ? (choices.byKey.get(key) ?? -1) : -1;
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
        selected.push(choices.labels[option]);
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

interface Fence {
  char: string;
  length: number;
}

// Prefix-only patterns, applied once per line from its start; for a `render:` answer's own fence.
const FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/;

function openFence(line: string): Fence | null {
  const m = FENCE_LINE.exec(line);
  if (m === null) return null;
  const marker = m[1];
  // A backtick fence's info string may not contain a backtick (that is inline code instead).
  if (marker[0] === '`' && line.includes('`', m[0].length)) return null;
  return { char: marker[0], length: marker.length };
}

function closesFenceLine(line: string, fence: Fence): boolean {
  const m = FENCE_LINE.exec(line);
  if (m === null) return false;
  const marker = m[1];
  return marker[0] === fence.char && marker.length >= fence.length && line.slice(m[0].length).trim() === '';
}
