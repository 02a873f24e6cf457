import { firstEndingAfter, spansOf, urlAt, type ScanContext, type Span } from './text.js';

// --- e-mail addresses -----------------------------------------------------------------------

// The look-behind keeps a long run of address characters from being re-entered at every offset.
const EMAIL_RE = /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
/** Domains whose addresses are public by design: GitHub's noreply addresses and PyPI's own. */
const PUBLIC_DOMAINS = /(?:^|\.)(?:users\.noreply\.github\.com|pypi\.org|python\.org)$/;
/** `logo@2x.png` is a file name, not an address. */
const FILE_EXTENSIONS = new Set(['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp']);

export function emails(ctx: ScanContext): Span[] {
  const { text } = ctx;
  const found: Span[] = [];
  for (const m of text.matchAll(EMAIL_RE)) {
    let start = m.index;
    while (text[start] === '.') start++;
    const end = m.index + m[0].length;
    const address = text.slice(start, end).toLowerCase();
    const at = address.indexOf('@');
    const domain = address.slice(at + 1);
    const tld = domain.slice(domain.lastIndexOf('.') + 1);
    if (at === 0 || !/^[a-z]{2,}$/.test(tld) || FILE_EXTENSIONS.has(tld)) continue;
    if (address === 'noreply@github.com' || PUBLIC_DOMAINS.test(domain)) continue;
    // `git@github.com:owner/repo.git` is an SSH remote.
    if (address.startsWith('git@') || /^:[^\s]/.test(text.slice(end, end + 2))) continue;
    // `https://host/path/user@example.com` names a resource; mailto: is not matched as a URL.
    const url = urlAt(ctx.urls, start);
    if (url !== undefined && start < url.pathEnd) continue;
    found.push({ start, end });
  }
  return found;
}

// --- identity documents ---------------------------------------------------------------------

const DOCUMENT_WORD_RE = new RegExp(
  '(?<![\\p{L}\\p{N}_])(?:' +
    [
      'passports?',
      'id[ -]?cards?',
      'id[ -]documents?',
      'identity[ -](?:cards?|documents?)',
      'identification[ -](?:cards?|documents?)',
      'national[ -]id',
      'photo[ -]id',
      'government[ -](?:issued[ -])?id',
      "driv(?:ing|ers|er['’]s)[ -]licen[cs]es?",
      'residence[ -]permits?',
      'passeport',
      'pasaporte',
      'passaporto',
      'reisepass',
      'personalausweis',
      'führerschein',
    ].join('|') +
    ')(?![\\p{L}\\p{N}_])',
  'giu',
);
/** How far a document word may be from the image or link. */
const DOCUMENT_DISTANCE = 200;
/** A form heading starts another answer, so a word above it says nothing about links below it. */
const HEADING_RE = /\n[ \t]*#{1,6}[ \t]/;
// The bracket classes stop at the next bracket, so unclosed brackets cannot cause rescans.
const MARKUP_RE = /<img\b[^<>]*>|(!?)\[[^[\]\r\n]*\]\(([^()\s]*)(?:[ \t]+"[^"\r\n]*")?\)/gi;

interface Attachment extends Span {
  /** Images always count; a link counts only if its target could be an upload. */
  counts: boolean;
}

export function identityDocuments(ctx: ScanContext): Span[] {
  const { text } = ctx;
  const words = spansOf(text, DOCUMENT_WORD_RE);
  if (words.length === 0) return [];
  return attachments(ctx)
    .filter((a) => a.counts && hasWordNearby(text, words, a))
    .map(({ start, end }) => ({ start, end }));
}

function attachments(ctx: ScanContext): Attachment[] {
  const { text } = ctx;
  const markup: Attachment[] = [];
  for (const m of text.matchAll(MARKUP_RE)) {
    const image = m[0].startsWith('<') || m[1] === '!';
    markup.push({ start: m.index, end: m.index + m[0].length, counts: image || canHoldUpload(m[2]) });
  }
  // Bare URLs, except those already inside an image or link.
  const bare = ctx.urls
    .filter((url) => {
      const enclosing = markup[firstEndingAfter(markup, url.start)];
      return enclosing === undefined || url.end <= enclosing.start;
    })
    .map((url) => ({ start: url.start, end: url.end, counts: canHoldUpload(text.slice(url.start, url.end)) }));
  return [...markup, ...bare];
}

/** Only web pages can show a document; those on PyPI, python.org and GitHub's issue pages cannot hold an upload. */
function canHoldUpload(address: string): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.hostname;
  if (/(?:^|\.)(?:pypi\.org|python\.org)$/.test(host)) return false;
  if (host === 'github.com' || host === 'www.github.com') {
    return /^\/(?:user-attachments\/|[^/]+\/[^/]+\/(?:assets|files)\/)/.test(url.pathname);
  }
  return true;
}

function hasWordNearby(text: string, words: readonly Span[], target: Span): boolean {
  for (let i = firstEndingAfter(words, target.start - DOCUMENT_DISTANCE - 1); i < words.length; i++) {
    const word = words[i];
    if (word.start > target.end + DOCUMENT_DISTANCE) return false;
    const between = word.end <= target.start ? text.slice(word.end, target.start) : text.slice(target.end, word.start);
    if (!HEADING_RE.test(between)) return true;
  }
  return false;
}
