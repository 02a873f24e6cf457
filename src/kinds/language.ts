import { eld } from 'eld/medium';

/**
 * The language of a request's reason, by eld (Efficient Language Detector: n-grams, ISO 639-1
 * codes, accurate on short texts). Conservative: a text too short to tell, a text mixing
 * scripts, or a result eld does not call reliable gives null, and null never adds a label.
 */

/** Letters needed in alphabetic scripts (about four short words) and characters in Chinese, Japanese, Korean. */
export const MIN_LETTERS = 24;
export const MIN_CJK = 6;
/** The detector reads at most this much of the reason. */
const MAX_DETECTED = 2_000;
/** One script family must hold this share of the letters. */
const DOMINANT_SHARE = 0.8;

/** What is not prose: code, links, addresses, mentions, redaction markers, Markdown syntax. */
export function proseOf(text: string): string {
  return text
    .replace(/```[\s\S]*?(```|$)/g, ' ')
    .replace(/`[^`\n]*`/g, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>\n]*>/g, ' ')
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/\[[^\]\n]*redacted[^\]\n]*\]/gi, ' ')
    .replace(/[#*_>|~[\]()]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

type Family = 'latin' | 'cyrillic' | 'greek' | 'cjk' | 'arabic' | 'hebrew' | 'devanagari' | 'thai' | 'other';

function familyOf(char: string): Family {
  if (/\p{Script=Latin}/u.test(char)) return 'latin';
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(char)) return 'cjk';
  if (/\p{Script=Cyrillic}/u.test(char)) return 'cyrillic';
  if (/\p{Script=Greek}/u.test(char)) return 'greek';
  if (/\p{Script=Arabic}/u.test(char)) return 'arabic';
  if (/\p{Script=Hebrew}/u.test(char)) return 'hebrew';
  if (/\p{Script=Devanagari}/u.test(char)) return 'devanagari';
  if (/\p{Script=Thai}/u.test(char)) return 'thai';
  return 'other';
}

export interface LanguageGuess {
  /** ISO 639-1 code, or null when unsure. */
  code: string | null;
  /** Why it is unsure, for tests and `check`. */
  unsure?: 'short' | 'mixed' | 'unreliable';
}

/** Recent answers by text: a run asks again for the same reason as it gathers facts (pure, so a memo). */
const recent = new Map<string, LanguageGuess>();
const RECENT = 64;

export function detectLanguage(text: string): LanguageGuess {
  const hit = recent.get(text);
  if (hit !== undefined) return hit;
  const guess = detect(text);
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value as string);
  recent.set(text, guess);
  return guess;
}

function detect(text: string): LanguageGuess {
  const prose = proseOf(text.slice(0, MAX_DETECTED * 2)).slice(0, MAX_DETECTED);
  const counts = new Map<Family, number>();
  let letters = 0;
  for (const char of prose) {
    if (!/\p{L}/u.test(char)) continue;
    letters += 1;
    const family = familyOf(char);
    counts.set(family, (counts.get(family) ?? 0) + 1);
  }
  const [top, topCount] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['other', 0];
  const enough = top === 'cjk' ? topCount >= MIN_CJK : topCount >= MIN_LETTERS;
  if (!enough) return { code: null, unsure: 'short' };
  if (topCount / letters < DOMINANT_SHARE) return { code: null, unsure: 'mixed' };
  const result = eld.detect(prose);
  if (result.language === '' || !result.isReliable()) return { code: null, unsure: 'unreliable' };
  return { code: result.language };
}

/** The name of a language, in English or in `inLanguage` ("Portuguese", "português"); the code when unknown. */
export function languageName(code: string, inLanguage = 'en'): string {
  const key = `${inLanguage}\u0000${code}`;
  const known = names.get(key);
  if (known !== undefined) return known;
  let name = code;
  try {
    name = new Intl.DisplayNames([inLanguage, 'en'], { type: 'language' }).of(code) ?? code;
  } catch {
    // An unknown code or locale: the code itself.
  }
  // Intl.DisplayNames is slow to build and to ask: each name is looked up once (bounded).
  if (names.size < 1000) names.set(key, name);
  return name;
}

const names = new Map<string, string>();
