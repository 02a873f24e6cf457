/**
 * Text as the recognition rules see it: compatibility-decomposed (full-width letters become
 * ASCII), accents and other combining marks removed, lower case, runs of white space one space.
 * `Autenticação` and `AUTENTICACAO` fold alike, and so do `Ｅ-mail` and `e-mail`.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Scripts written without spaces between words: a word there matches anywhere in the text. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

/** Longest text the rules read: a pasted letter is long, and patterns stay cheap on a bounded text. */
export const MAX_MATCHED_TEXT = 8_000;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * A configured word or phrase as a regular expression over folded text. It matches whole words
 * (`mail` does not match `gmail`); a final `*` matches any ending (`suspen*` matches `suspended`
 * and `suspension`); spaces and hyphens inside a phrase match any run of spaces and hyphens
 * (`time sensitive` matches `time-sensitive`). In scripts written without spaces (Chinese,
 * Japanese, Thai) a word matches anywhere.
 */
export function wordRegExp(word: string): RegExp | null {
  const source = wordSource(word);
  return source === null ? null : new RegExp(source, 'u');
}

/** One regular expression for many words: one search of the text instead of one per word. */
export function wordsRegExp(words: readonly string[]): RegExp | null {
  const sources = words.map(wordSource).filter((s): s is string => s !== null);
  return sources.length === 0 ? null : new RegExp(sources.map((s) => `(?:${s})`).join('|'), 'u');
}

function wordSource(word: string): string | null {
  const folded = foldText(word);
  const prefix = folded.endsWith('*');
  const core = (prefix ? folded.slice(0, -1) : folded).trim();
  if (core === '') return null;
  const parts = core.split(/[\s-]+/u).filter((p) => p !== '');
  const body = parts.map(escapeRegExp).join('[\\s-]+');
  if (UNSPACED.test(core)) return body;
  const start = /^[\p{L}\p{N}]/u.test(core) ? '(?<![\\p{L}\\p{N}])' : '';
  const end = prefix || !/[\p{L}\p{N}]$/u.test(core) ? '' : '(?![\\p{L}\\p{N}])';
  return `${start}${body}${end}`;
}

/**
 * A configured pattern compiled for folded text: its literal letters are folded too (a pattern
 * written `autenticação` matches), and it ignores case. Throws on an invalid pattern.
 */
export function patternRegExp(pattern: string): RegExp {
  return new RegExp(pattern.normalize('NFKD').replace(/\p{M}+/gu, ''), 'iu');
}

/** The problem with a pattern, or null when it compiles. */
export function patternProblem(pattern: string): string | null {
  try {
    patternRegExp(pattern);
    return null;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /su, '') : 'invalid';
    return `is not a valid regular expression (${reason.slice(0, 80)})`;
  }
}
