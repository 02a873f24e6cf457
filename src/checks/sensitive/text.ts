import { MARKER_RE } from './kinds.js';

export interface Span {
  start: number;
  end: number;
}

export interface UrlSpan extends Span {
  /** Where the query or fragment begins (`end` when there is none). */
  pathEnd: number;
}

/** What every detector sees: the text with our own markers blanked, and its URLs. */
export interface ScanContext {
  text: string;
  urls: readonly UrlSpan[];
}

export type Detector = (ctx: ScanContext) => Span[];

export function buildContext(text: string): ScanContext {
  // Blanking keeps offsets valid, and redacted text is never detected again.
  const masked = text.replace(MARKER_RE, (marker) => ' '.repeat(marker.length));
  return { text: masked, urls: findUrls(masked) };
}

export function spansOf(text: string, re: RegExp): Span[] {
  return Array.from(text.matchAll(re), (m) => ({ start: m.index, end: m.index + m[0].length }));
}

/** Index of the first span ending after `pos` (spans sorted and disjoint), or `spans.length`. */
export function firstEndingAfter(spans: readonly Span[], pos: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].end > pos) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The URL containing `pos`, if any. */
export function urlAt(urls: readonly UrlSpan[], pos: number): UrlSpan | undefined {
  const url = urls[firstEndingAfter(urls, pos)];
  return url !== undefined && url.start <= pos ? url : undefined;
}

// The scheme is bounded and may not start inside a word, so a long run of letters is scanned once.
const URL_RE = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/[^\s<>"'`]+/g;
const TRAILING_PUNCTUATION = '.,;:!?*_~]';

function findUrls(text: string): UrlSpan[] {
  return spansOf(text, URL_RE).map(({ start, end }) => {
    const url = trimUrl(text.slice(start, end));
    const query = url.search(/[?#]/);
    return { start, end: start + url.length, pathEnd: start + (query === -1 ? url.length : query) };
  });
}

/** Drops sentence punctuation after a URL, and a `)` that closes prose or markdown rather than the URL. */
function trimUrl(url: string): string {
  let open = 0;
  let close = 0;
  for (const c of url) {
    if (c === '(') open++;
    else if (c === ')') close++;
  }
  let end = url.length;
  while (end > 0) {
    const c = url[end - 1];
    if (TRAILING_PUNCTUATION.includes(c)) end--;
    else if (c === ')' && close > open) {
      close--;
      end--;
    } else break;
  }
  return url.slice(0, end);
}
