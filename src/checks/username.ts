import type { Config } from '../config/schema.js';
import { isWhiteSpace } from '../form/schema.js';

export type UsernameRule = Config['username'];
export type UsernameReason = 'email' | 'spaces' | 'too-long' | 'characters' | 'ends' | 'placeholder' | 'empty';
export type UsernameResult = { ok: true; username: string } | { ok: false; reason: UsernameReason; message: string };

/** Longest piece of the requester's text repeated in a message. */
const QUOTE_LIMIT = 40;
/** Disallowed characters listed by name before the list is cut short. */
const LIST_LIMIT = 10;

const PLACEHOLDERS = new Set([
  'n/a',
  'na',
  'none',
  'nil',
  'null',
  'unknown',
  'idk',
  'forgot',
  'tbd',
  'no response',
  '_no response_',
  'not applicable',
]);
/** Phrases that, in an answer of several words, mean the requester does not know the name. */
const NOT_KNOWN = /\b(?:remember|recall|forgot|forgotten|not sure|no idea|do ?n[o']?t know)\b/;
const WRAPPERS: ReadonlyArray<readonly [string, string]> = [
  ['"', '"'],
  ["'", "'"],
  ['\u201c', '\u201d'],
  ['\u2018', '\u2019'],
];

/**
 * Turns a username answer into the bare name or says, in plain text, why it is not one.
 *
 * Only the first non-empty line is read: GitHub's input field is single-line, so more lines
 * come from a later edit, usually a note under the name. One pair of wrapping backticks or
 * quotes is removed, and a profile URL (any of `rule.profileUrlPrefixes`, http or https) or
 * `@name` stands for the name.
 */
export function normalizeUsername(raw: string, rule: UsernameRule): UsernameResult {
  const line = firstLine(raw);
  const text = line === undefined ? '' : unwrap(line.trim());
  if (text === '') return fail('empty', `No username was given. ${fix(rule)}`);
  if (text.includes('@') && text.split(/\s+/).some((word) => /^[^@]+@[^@]+$/.test(word))) {
    return fail(
      'email',
      `${rule.platform} usernames are not e-mail addresses. ${fix(rule)} Please also remove the address from the issue: the issue is public.`,
    );
  }
  if (isPlaceholder(text)) {
    return fail(
      'placeholder',
      `${quote(text)} is not a username. If you do not remember it, look for it in e-mails from ${rule.platform} or on the page of a project you maintain. ${fix(rule)}`,
    );
  }
  const name = fromProfileUrl(text, rule) ?? (text[0] === '@' && !text.includes('@', 1) ? text.slice(1) : text);
  if (name === '') return fail('empty', `No username was given. ${fix(rule)}`);
  // Links and "key: value" answers get their own explanation, before the generic checks.
  if (name.includes('://')) return fail('characters', urlMessage(name, rule));
  if ((name.includes(':') || name.includes('=')) && /^[\p{L} _-]{1,30}[:=]/u.test(name)) {
    return fail(
      'characters',
      `${quote(name)} is written as a key and a value. Write only the username itself, without "username=", a colon or brackets. ${fix(rule)}`,
    );
  }
  if (hasWhiteSpace(name)) {
    return fail(
      'spaces',
      `${quote(name)} contains spaces, so it looks like a display name. ${rule.platform} usernames have no spaces. ${fix(rule)}`,
    );
  }
  // A name of ASCII characters that are all allowed, short enough, with letters or digits at its
  // ends (the usual answer) is checked here character by character; any other name is checked
  // below, code point by code point, which also words the message.
  if (name.length <= rule.maxLength && allAllowedAscii(name, rule.allowedCharacters)) {
    if (!rule.alphanumericEnds || (isAsciiAlphanumeric(name.charCodeAt(0)) && isAsciiAlphanumeric(name.charCodeAt(name.length - 1)))) {
      return { ok: true, username: name };
    }
  }
  const chars = [...name];
  if (chars.length > rule.maxLength) {
    return fail(
      'too-long',
      `The username is ${chars.length} characters long; ${rule.platform} usernames have at most ${rule.maxLength}. ${fix(rule)}`,
    );
  }
  const allowed = allowedPattern(rule.allowedCharacters);
  const bad = [...new Set(chars.filter((ch) => !allowed.test(ch)))];
  if (bad.length > 0) {
    const shown = bad.slice(0, LIST_LIMIT).map(describeChar).join(', ');
    const more = bad.length > LIST_LIMIT ? ` and ${bad.length - LIST_LIMIT} more` : '';
    return fail(
      'characters',
      `${quote(name)} contains characters that ${rule.platform} usernames cannot have: ${shown}${more}. ${fix(rule)}`,
    );
  }
  if (rule.alphanumericEnds && !(isAlphanumeric(chars[0]) && isAlphanumeric(chars[chars.length - 1]))) {
    return fail(
      'ends',
      `${quote(name)} is not a valid username: ${rule.platform} usernames start and end with a letter or a digit. ${fix(rule)}`,
    );
  }
  return { ok: true, username: name };
}

/** The first line (of `raw.split(/\r\n|\r|\n/)`) that is not blank, or undefined. */
function firstLine(raw: string): string | undefined {
  if (!raw.includes('\n') && !raw.includes('\r')) return raw.trim() === '' ? undefined : raw;
  return raw.split(/\r\n|\r|\n/).find((l) => l.trim() !== '');
}

function hasWhiteSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (isWhiteSpace(text.charCodeAt(i))) return true;
  return false;
}

function isAsciiAlphanumeric(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** Per allowed-characters class body: for each ASCII code, 0 not yet known, 1 allowed, 2 not allowed. */
const asciiAllowed = new Map<string, Uint8Array>();

/** Whether every character of `name` is ASCII and matched by the class (what `allowedPattern` says, remembered per code). */
function allAllowedAscii(name: string, classBody: string): boolean {
  let known = asciiAllowed.get(classBody);
  if (known === undefined) {
    const pattern = allowedPattern(classBody);
    known = new Uint8Array(128);
    for (let c = 0; c < 128; c++) known[c] = pattern.test(String.fromCharCode(c)) ? 1 : 2;
    asciiAllowed.set(classBody, known);
  }
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || known[c] !== 1) return false;
  }
  return true;
}

function fail(reason: UsernameReason, message: string): UsernameResult {
  return { ok: false, reason, message };
}

function fix(rule: UsernameRule): string {
  return `Please edit the issue and write only the ${rule.platform} username of the account, for example my-username.`;
}

/** Removes one pair of wrapping quotes, or one code span however many backticks it uses. */
function unwrap(text: string): string {
  let ticks = 0;
  while (text[ticks] === '`') ticks++;
  if (ticks > 0 && text.length > 2 * ticks && endsWithTicks(text, ticks) && text[text.length - ticks - 1] !== '`') {
    return text.slice(ticks, -ticks).trim();
  }
  for (const [open, close] of WRAPPERS) {
    if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) return text.slice(open.length, -close.length).trim();
  }
  return text;
}

/** `text.endsWith('`'.repeat(ticks))`, for `text` longer than `ticks`. */
function endsWithTicks(text: string, ticks: number): boolean {
  for (let i = text.length - ticks; i < text.length; i++) if (text.charCodeAt(i) !== 96) return false;
  return true;
}

/** The longest entry of PLACEHOLDERS. */
const PLACEHOLDER_LENGTH = Math.max(...[...PLACEHOLDERS].map((p) => p.length));

function isPlaceholder(text: string): boolean {
  // A letter or a digit first is neither punctuation nor a symbol.
  if (!isAsciiAlphanumeric(text.charCodeAt(0)) && /^[\p{P}\p{S}]+$/u.test(text)) return true;
  // A loop rather than /[.!]+$/, which backtracks quadratically on long runs of "!".
  let end = text.length;
  while (end > 0 && (text[end - 1] === '.' || text[end - 1] === '!')) end--;
  const head = text.slice(0, end);
  // Lower-casing never shortens a text nor adds or removes white space, so a longer text
  // without white space can be neither a placeholder nor a phrase.
  const spaced = hasWhiteSpace(head);
  if (end > PLACEHOLDER_LENGTH && !spaced) return false;
  const lower = head.toLowerCase();
  const key = lower.includes('\u2019') ? lower.replace(/\u2019/g, "'") : lower;
  if (PLACEHOLDERS.has(key)) return true;
  return spaced && NOT_KNOWN.test(key);
}

/** The name at the end of a profile URL, or null when `text` is no profile URL. */
function fromProfileUrl(text: string, rule: UsernameRule): string | null {
  const bare = withoutScheme(text);
  let lower: string | undefined;
  for (const p of profilePrefixes(rule.profileUrlPrefixes)) {
    // Lower-casing maps an ASCII first character to its lower case and nothing else to one, so
    // such a text cannot start with a prefix of another first letter.
    const first = bare.charCodeAt(0);
    if (first < 128 && asciiLower(first) !== p.charCodeAt(0)) continue;
    lower ??= bare.toLowerCase();
    if (lower.startsWith(p)) {
      // rest.replace(/[?#].*$/s, '').replace(/\/$/, '')
      const rest = bare.slice(p.length);
      let end = rest.length;
      for (let i = 0; i < rest.length; i++) {
        if (rest[i] === '?' || rest[i] === '#') {
          end = i;
          break;
        }
      }
      if (end > 0 && rest[end - 1] === '/') end--;
      return rest.slice(0, end);
    }
  }
  return null;
}

function asciiLower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** `text.replace(/^https?:\/\//i, '')`. */
function withoutScheme(text: string): string {
  if (text.length < 7 || asciiLower(text.charCodeAt(0)) !== 104) return text;
  if (asciiLower(text.charCodeAt(1)) !== 116 || asciiLower(text.charCodeAt(2)) !== 116 || asciiLower(text.charCodeAt(3)) !== 112)
    return text;
  const at = asciiLower(text.charCodeAt(4)) === 115 ? 5 : 4;
  return text.startsWith('://', at) ? text.slice(at + 3) : text;
}

/** Each prefix without its scheme, ending in "/", lower-cased; remembered for the last list seen. */
let prefixCache: { source: readonly string[]; copy: string[]; prefixes: string[] } | undefined;

function profilePrefixes(source: readonly string[]): string[] {
  const cached = prefixCache;
  if (
    cached !== undefined &&
    cached.source === source &&
    cached.copy.length === source.length &&
    cached.copy.every((p, i) => p === source[i])
  ) {
    return cached.prefixes;
  }
  const prefixes = source.map((prefix) =>
    prefix
      .replace(/^https?:\/\//i, '')
      .replace(/\/?$/, '/')
      .toLowerCase(),
  );
  prefixCache = { source, copy: [...source], prefixes };
  return prefixes;
}

function urlMessage(name: string, rule: UsernameRule): string {
  const example = rule.profileUrlPrefixes[0];
  const also = example === undefined ? '' : ` A link to the profile page, such as ${example.replace(/\/?$/, '/')}my-username/, also works.`;
  return `${quote(name)} looks like a web address, not a username.${also} ${fix(rule)}`;
}

const patterns = new Map<string, RegExp>();

/** One-character matcher for the configured class body; compiled once per body. */
function allowedPattern(classBody: string): RegExp {
  let pattern = patterns.get(classBody);
  if (pattern === undefined) {
    try {
      pattern = new RegExp(`^[${classBody}]$`, 'u');
    } catch (err) {
      throw new Error(`username.allowedCharacters is not a valid character class: ${err instanceof Error ? err.message : String(err)}`);
    }
    patterns.set(classBody, pattern);
  }
  return pattern;
}

function isAlphanumeric(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return c < 128 ? isAsciiAlphanumeric(c) : /^[\p{L}\p{N}]$/u.test(ch);
}

/** Invisible characters are named by code point so that the message shows something. */
function describeChar(ch: string): string {
  if (/^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch)) return `"${ch}"`;
  return `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Quotes requester text, cut short and with invisible characters replaced, for a message. */
function quote(text: string): string {
  const chars = [...text];
  const cut = chars.length > QUOTE_LIMIT ? `${chars.slice(0, QUOTE_LIMIT).join('')}...` : text;
  return `"${cut.replace(/[\p{Cc}\p{Cf}]/gu, '\uFFFD')}"`;
}
