// Frozen copy of src/checks/username.ts before the fast parser (commit 3bb1341), for differential tests.
import type { Config } from '../../../src/config/schema.js';

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
  const line = raw.split(/\r\n|\r|\n/).find((l) => l.trim() !== '');
  const text = line === undefined ? '' : unwrap(line.trim());
  if (text === '') return fail('empty', `No username was given. ${fix(rule)}`);
  if (text.split(/\s+/).some((word) => /^[^@]+@[^@]+$/.test(word))) {
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
  const name = fromProfileUrl(text, rule) ?? (/^@[^@]*$/.test(text) ? text.slice(1) : text);
  if (name === '') return fail('empty', `No username was given. ${fix(rule)}`);
  // Links and "key: value" answers get their own explanation, before the generic checks.
  if (name.includes('://')) return fail('characters', urlMessage(name, rule));
  if (/^[\p{L} _-]{1,30}[:=]/u.test(name)) {
    return fail(
      'characters',
      `${quote(name)} is written as a key and a value. Write only the username itself, without "username=", a colon or brackets. ${fix(rule)}`,
    );
  }
  if (/\s/u.test(name)) {
    return fail(
      'spaces',
      `${quote(name)} contains spaces, so it looks like a display name. ${rule.platform} usernames have no spaces. ${fix(rule)}`,
    );
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
  if (ticks > 0 && text.length > 2 * ticks && text.endsWith('`'.repeat(ticks)) && text[text.length - ticks - 1] !== '`') {
    return text.slice(ticks, -ticks).trim();
  }
  for (const [open, close] of WRAPPERS) {
    if (text.length >= 2 && text.startsWith(open) && text.endsWith(close)) return text.slice(open.length, -close.length).trim();
  }
  return text;
}

function isPlaceholder(text: string): boolean {
  if (/^[\p{P}\p{S}]+$/u.test(text)) return true;
  // A loop rather than /[.!]+$/, which backtracks quadratically on long runs of "!".
  let end = text.length;
  while (end > 0 && (text[end - 1] === '.' || text[end - 1] === '!')) end--;
  const key = text
    .slice(0, end)
    .toLowerCase()
    .replace(/\u2019/g, "'");
  if (PLACEHOLDERS.has(key)) return true;
  return /\s/.test(key) && NOT_KNOWN.test(key);
}

/** The name at the end of a profile URL, or null when `text` is no profile URL. */
function fromProfileUrl(text: string, rule: UsernameRule): string | null {
  const bare = text.replace(/^https?:\/\//i, '');
  for (const prefix of rule.profileUrlPrefixes) {
    const p = prefix
      .replace(/^https?:\/\//i, '')
      .replace(/\/?$/, '/')
      .toLowerCase();
    if (bare.toLowerCase().startsWith(p)) {
      return bare
        .slice(p.length)
        .replace(/[?#].*$/s, '')
        .replace(/\/$/, '');
    }
  }
  return null;
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
  return ch !== undefined && /^[\p{L}\p{N}]$/u.test(ch);
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
