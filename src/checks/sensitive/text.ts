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

/** Blanks our markers with spaces so offsets stay valid and redacted text is never re-detected. */
export function maskMarkers(text: string): string {
  return text.replace(MARKER_RE, (marker) => ' '.repeat(marker.length));
}

export function buildContext(text: string): ScanContext {
  const masked = maskMarkers(text);
  return { text: masked, urls: findUrls(masked) };
}

// The scheme is bounded and may not start inside a word, so a long run of letters is scanned once.
const URL_RE = /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,15}:\/\/[^\s<>"'`]+/g;
const TRAILING_PUNCTUATION = '.,;:!?*_~]';

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

function findUrls(text: string): UrlSpan[] {
  const urls: UrlSpan[] = [];
  for (const match of text.matchAll(URL_RE)) {
    const start = match.index;
    const url = trimUrl(match[0]);
    const query = url.search(/[?#]/);
    urls.push({ start, end: start + url.length, pathEnd: start + (query === -1 ? url.length : query) });
  }
  return urls;
}

/** Drops sentence punctuation after a URL, and a `)` that closes prose or markdown rather than the URL. */
function trimUrl(url: string): string {
  let end = url.length;
  let open = 0;
  let close = 0;
  for (const c of url) {
    if (c === '(') open++;
    else if (c === ')') close++;
  }
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

/** The URL containing `pos`, if any. */
export function urlAt(urls: readonly UrlSpan[], pos: number): UrlSpan | undefined {
  const url = urls[firstEndingAfter(urls, pos)];
  return url !== undefined && url.start <= pos ? url : undefined;
}
