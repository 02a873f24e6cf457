import { firstEndingAfter, spansOf, urlAt, type ScanContext, type Span } from './text.js';

// Every pattern that starts with a repeated class is guarded by a look-behind for the same class,
// so a long run is only ever entered at its first character and scanning stays linear.

const NOT_WORD_BEFORE = '(?<![\\p{L}\\p{N}_])';
const NOT_WORD_AFTER = '(?![\\p{L}\\p{N}_])';

// Real tokens are a `pypi-` prefix and a macaroon of 100+ base64url characters.
const PYPI_TOKEN_RE = /(?<![A-Za-z0-9_-])pypi-[A-Za-z0-9_-]{50,}/g;

export function pypiTokens(ctx: ScanContext): Span[] {
  return spansOf(ctx.text, PYPI_TOKEN_RE);
}

const GITHUB_TOKEN_RE = /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})/g;

export function githubTokens(ctx: ScanContext): Span[] {
  return spansOf(ctx.text, GITHUB_TOKEN_RE);
}

/** The whole URI is the secret: its `secret=` parameter is what authenticator apps import. */
export function otpauthUris(ctx: ScanContext): Span[] {
  return ctx.urls
    .filter((url) => /^otpauth:\/\/[^\s]*[?&]secret=/i.test(ctx.text.slice(url.start, url.end)))
    .map(({ start, end }) => ({ start, end }));
}

const KEY_BEGIN_RE = /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
const KEY_END_RE = /-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/g;
// Armoured body of a key whose END line is missing: whole lines of base64 or PEM headers.
// Spaces are matched once per line and only before a non-space, so long blank runs cannot backtrack.
const KEY_BODY_RE =
  /(?:[ \t]*(?:[A-Za-z0-9+/=]+[ \t]*)?(?=\r?\n|$))?(?:\r?\n[ \t]*(?:(?:Proc-Type|DEK-Info|Comment):[^\r\n]*|[A-Za-z0-9+/=]+[ \t]*)?(?=\r?\n|$))*/y;

export function privateKeys(ctx: ScanContext): Span[] {
  const { text } = ctx;
  // END lines are collected once and paired in order, so many unmatched BEGIN lines stay linear.
  const ends = spansOf(text, KEY_END_RE);
  const keys: Span[] = [];
  let next = 0;
  for (const begin of spansOf(text, KEY_BEGIN_RE)) {
    const previous = keys[keys.length - 1];
    if (previous !== undefined && begin.start < previous.end) continue;
    while (next < ends.length && ends[next].start < begin.end) next++;
    const end = ends[next];
    if (end !== undefined) {
      keys.push({ start: begin.start, end: end.end });
    } else {
      // A truncated key is still a leak.
      KEY_BODY_RE.lastIndex = begin.end;
      KEY_BODY_RE.exec(text);
      keys.push({ start: begin.start, end: trimEndWhitespace(text, begin.end, KEY_BODY_RE.lastIndex) });
    }
  }
  return keys;
}

function trimEndWhitespace(text: string, start: number, end: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

// --- recovery codes -------------------------------------------------------------------------

const HEX16_RE = /(?<![A-Za-z0-9_])[0-9A-Fa-f]{16}(?![A-Za-z0-9_])/g;
const CODES_MENTION_RE = /\b(?:recovery|backup)[ -]?codes?\b/gi;
/** How far a mention of recovery codes in the person's own words may be from a lone code. */
const MENTION_DISTANCE = 200;
/** Headings and checkboxes are the form's own text, present in every request. */
const FORM_LINE_RE = /^[ \t]*(?:(#{1,6}[ \t])|[-*][ \t]+\[[ xX]\]|\[[ xX]\]).*$/gm;
const HEADING_RE = /^[ \t]*#{1,6}[ \t]/gm;
/** Codes in a list are separated by whitespace, punctuation or numbering, never by words. */
const LIST_GAP_RE = /^[^A-Za-z]{0,40}$/;

interface HexToken extends Span {
  /** Mixes letters and digits, as almost every random code does and few words or numbers do. */
  strong: boolean;
}

export function recoveryCodes(ctx: ScanContext): Span[] {
  const { text } = ctx;
  const tokens: HexToken[] = [];
  for (const m of text.matchAll(HEX16_RE)) {
    const value = m[0];
    if (urlAt(ctx.urls, m.index) !== undefined) continue;
    if (value !== value.toLowerCase() && value !== value.toUpperCase()) continue;
    tokens.push({ start: m.index, end: m.index + 16, strong: /\d/.test(value) && /[a-f]/i.test(value) });
  }
  if (tokens.length === 0) return [];
  const strongCount = tokens.filter((t) => t.strong).length;
  const talkAboutCodes = codeMentionReach(text);
  const codes: Span[] = [];
  for (let i = 0; i < tokens.length;) {
    let j = i;
    while (j + 1 < tokens.length && isListGap(text, tokens[j].end, tokens[j + 1].start)) j++;
    const isList = j > i && tokens.slice(i, j + 1).some((t) => t.strong);
    for (; i <= j; i++) {
      const t = tokens[i];
      if (isList || (t.strong && (strongCount >= 2 || covers(talkAboutCodes, t.start)))) codes.push(t);
    }
  }
  return codes.map(({ start, end }) => ({ start, end }));
}

function isListGap(text: string, from: number, to: number): boolean {
  return to - from <= 40 && LIST_GAP_RE.test(text.slice(from, to));
}

/**
 * Sorted, disjoint stretches of text where a lone code is taken for a recovery code: around a
 * mention in the person's words, or anywhere in a section headed "Recovery Codes". The form's
 * checkbox text mentions recovery codes in every request, so it does not count.
 */
function codeMentionReach(text: string): Span[] {
  const formLines = Array.from(text.matchAll(FORM_LINE_RE), (m) => ({
    start: m.index,
    end: m.index + m[0].length,
    heading: m[1] !== undefined,
  }));
  const reach: Span[] = [];
  let lastHeading = -1;
  for (const mention of spansOf(text, CODES_MENTION_RE)) {
    const index = firstEndingAfter(formLines, mention.start);
    const line = formLines[index];
    if (line === undefined || line.start > mention.start) {
      reach.push({ start: mention.start - MENTION_DISTANCE, end: mention.end + MENTION_DISTANCE });
    } else if (line.heading && index !== lastHeading) {
      lastHeading = index;
      HEADING_RE.lastIndex = line.end;
      const next = HEADING_RE.exec(text);
      reach.push({ start: line.end, end: next === null ? text.length : next.index });
    }
  }
  return merge(reach);
}

function merge(spans: Span[]): Span[] {
  const merged: Span[] = [];
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last !== undefined && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

function covers(spans: readonly Span[], pos: number): boolean {
  const span = spans[firstEndingAfter(spans, pos)];
  return span !== undefined && span.start <= pos;
}

// --- TOTP secrets ---------------------------------------------------------------------------

const QUALIFIER = 'totp|2fa|mfa|otp|two[- ]factor|authenticator|authentication';
const LABEL = `(?:${QUALIFIER})(?:[ \\t]+app)?(?:[ \\t]+(?:secret|key|seed|code))?|setup[ \\t]+key|secret(?:[ \\t]+key)?|seed`;
// Base32 (A-Z, 2-7), either in one piece or in groups of four as authenticator apps display it.
const BASE32 = '(?:[A-Za-z2-7]{4}[ -]){3,15}[A-Za-z2-7]{4}|[A-Za-z2-7]{16,64}';

/** A label, then only filler (`is`, `:`, quotes, a line break) before the value. */
const LABEL_BEFORE_RE = new RegExp(
  `${NOT_WORD_BEFORE}(?:${LABEL})${NOT_WORD_AFTER}[ \\t]*(?:(?:is|was)${NOT_WORD_AFTER}[ \\t]*)?[:=]?[\\s\`'"*>]{0,12}`,
  'giu',
);
const BASE32_AT_RE = new RegExp(`(?:${BASE32})(?![A-Za-z0-9_])`, 'y');
const BASE32_RE = new RegExp(`(?<![A-Za-z0-9_])(?:${BASE32})(?![A-Za-z0-9_])`, 'g');
/** For `JBSW… (my TOTP secret)`: filler, then the label, right after the value. */
const LABEL_AFTER_RE = new RegExp(
  `[\`'"*]*[ \\t]*(?:[(,:\\-–—][ \\t]*)?(?:(?:is|was)[ \\t]+)?(?:(?:my|the|our)[ \\t]+)?(?:${LABEL})${NOT_WORD_AFTER}`,
  'iuy',
);

export function totpSecrets(ctx: ScanContext): Span[] {
  const { text } = ctx;
  const secrets: Span[] = [];
  for (const label of text.matchAll(LABEL_BEFORE_RE)) {
    BASE32_AT_RE.lastIndex = label.index + label[0].length;
    const value = BASE32_AT_RE.exec(text);
    if (value !== null && looksRandom(value[0])) secrets.push({ start: value.index, end: BASE32_AT_RE.lastIndex });
  }
  for (const value of text.matchAll(BASE32_RE)) {
    LABEL_AFTER_RE.lastIndex = value.index + value[0].length;
    if (LABEL_AFTER_RE.test(text) && looksRandom(value[0])) {
      secrets.push({ start: value.index, end: value.index + value[0].length });
    }
  }
  return secrets;
}

/** Keeps out phrases such as "have been lost this": secrets are single-case and digit- or vowel-poor. */
function looksRandom(value: string): boolean {
  const letters = value.replace(/[^A-Za-z]/g, '');
  if (letters === '' || (letters !== letters.toLowerCase() && letters !== letters.toUpperCase())) return false;
  if (/[2-7]/.test(value)) return true;
  const vowels = letters.replace(/[^aeiou]/gi, '').length;
  return vowels * 4 <= letters.length;
}

// --- passwords ------------------------------------------------------------------------------

const LABELLED_PASSWORD_RE = new RegExp(
  `${NOT_WORD_BEFORE}(?:password|passwd|passphrase|pwd|pw|passwort|contraseña|mot de passe|senha|пароль)(?:[ \\t]+(?:is|was))?[ \\t]*[:=][ \\t]*([^\\r\\n]*)`,
  'giu',
);
/** "my password was X": only the next word (or quoted phrase), since prose usually follows. */
const SPOKEN_PASSWORD_RE = new RegExp(
  `${NOT_WORD_BEFORE}(?:password|passwd|passphrase|pwd|pw)[ \\t]+(?:is|was)[ \\t]+("[^"\\r\\n]+"|'[^'\\r\\n]+'|\`[^\`\\r\\n]+\`|\\S+)`,
  'giu',
);
/** The person already hid the value, as in `pypi-AgEI******`. */
const MASKED_RE = /[*•●]{4,}/;
/** Answers to a `Password:` prompt that are not a password, such as a link to the reset page. */
const NON_ANSWER_RE =
  /^(?:no response|n\/?a|none|nothing|unknown|yes|no|forgot(?:ten)?|lost|-+|\?+|not sure|i (?:do not|don'?t|can ?not|can'?t) remember(?: it)?|https?:\/\/\S*)$/i;
const WRAPPERS = '`\'"*_';

export function passwords(ctx: ScanContext): Span[] {
  const { text } = ctx;
  const found: Span[] = [];
  for (const m of text.matchAll(LABELLED_PASSWORD_RE)) {
    const raw = m[1];
    let start = m.index + m[0].length - raw.length;
    let end = trimEndWhitespace(text, start, start + raw.length);
    // `**Password:** hunter2`: the closing bold marker belongs to the label.
    const bold = /^[*_]+[ \t]+/.exec(text.slice(start, end));
    if (bold !== null) start += bold[0].length;
    if (MASKED_RE.test(text.slice(start, end))) continue;
    [start, end] = unwrap(text, start, end);
    const value = text.slice(start, end);
    if (value !== '' && !NON_ANSWER_RE.test(value)) found.push({ start, end });
  }
  for (const m of text.matchAll(SPOKEN_PASSWORD_RE)) {
    const raw = m[1];
    let start = m.index + m[0].length - raw.length;
    let end = start + raw.length;
    if (MASKED_RE.test(raw)) continue;
    if (WRAPPERS.includes(raw[0]) && raw[0] === raw[raw.length - 1] && raw.length >= 3) {
      [start, end] = unwrap(text, start, end);
    } else {
      // Sentence punctuation and brackets around the word are not part of it.
      while (end > start && '.,;:)'.includes(text[end - 1])) end--;
      if (text[start] === '(') start++;
      if (!looksLikePassword(text.slice(start, end))) continue;
    }
    found.push({ start, end });
  }
  return found;
}

/** Strips matching quotes, backticks or emphasis around a value. */
function unwrap(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  while (e - s >= 3 && text[s] === text[e - 1] && WRAPPERS.includes(text[s])) {
    s++;
    e--;
  }
  return [s, e];
}

/** Words like "correct" or "saved" follow "my password is" in prose; passwords mix character kinds. */
function looksLikePassword(word: string): boolean {
  if (word.length < 5) return false;
  return /\p{N}/u.test(word) || /[^\p{L}\p{N}]/u.test(word) || (/\p{Ll}/u.test(word) && /.\p{Lu}/u.test(word));
}
