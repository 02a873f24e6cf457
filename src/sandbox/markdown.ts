import { Marked, type Tokens } from 'marked';

/**
 * Markdown as GitHub shows an issue body or comment: GitHub Flavored Markdown (tables, task
 * lists, strikethrough, autolinks, line breaks kept), raw HTML reduced to the tags GitHub lets
 * through (attributes dropped but for a few harmless ones), every other tag shown as text, and
 * HTML comments hidden (the bot keeps its data in them). Links keep only web, mail and relative
 * addresses; images are shown as links, so the page never loads anything from elsewhere.
 */

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Escapes text that may hold character references: `&amp;` and `&#169;` stay what they are. */
function escapeKeepingEntities(text: string): string {
  return text
    .replace(/&(?!(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Tags kept from raw HTML (a subset of what GitHub's sanitizer allows), with the attributes each may keep. */
const ALLOWED_TAGS: Record<string, readonly string[]> = {
  a: ['href', 'title'],
  b: [],
  blockquote: [],
  br: [],
  code: [],
  dd: [],
  del: [],
  details: ['open'],
  div: ['align'],
  dl: [],
  dt: [],
  em: [],
  h1: ['align'],
  h2: ['align'],
  h3: ['align'],
  h4: ['align'],
  h5: ['align'],
  h6: ['align'],
  hr: [],
  i: [],
  ins: [],
  kbd: [],
  li: [],
  ol: ['start'],
  p: ['align'],
  pre: [],
  q: [],
  s: [],
  samp: [],
  span: [],
  strike: [],
  strong: [],
  sub: [],
  summary: [],
  sup: [],
  table: [],
  tbody: [],
  td: ['align', 'colspan', 'rowspan'],
  tfoot: [],
  th: ['align', 'colspan', 'rowspan'],
  thead: [],
  tr: [],
  tt: [],
  ul: [],
  var: [],
};
const VOID_TAGS = new Set(['br', 'hr']);

/** A web, mail, in-page or relative address; anything else (javascript:, data:, …) is refused. */
export function safeHref(href: string): string | null {
  const trimmed = href.trim();
  if (trimmed === '') return null;
  const scheme = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(trimmed.replace(/[\u0000-\u0020]/g, ''));
  if (scheme && !['http', 'https', 'mailto'].includes((scheme[1] ?? '').toLowerCase())) return null;
  return trimmed;
}

function linkHtml(href: string, inner: string, title?: string | null): string {
  const safe = safeHref(href);
  if (safe === null) return inner;
  const titled = title ? ` title="${escapeHtml(title)}"` : '';
  // A link to a comment of the same page (`#issuecomment-123`) stays in the page, as on GitHub.
  if (/^#issuecomment-\d+$/.test(safe)) return `<a href="${escapeHtml(safe)}"${titled}>${inner}</a>`;
  return `<a href="${escapeHtml(safe)}"${titled} rel="nofollow noopener noreferrer" target="_blank">${inner}</a>`;
}

const ATTRIBUTE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function decodeAttribute(value: string): string {
  return value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** One tag of raw HTML: kept (with its allowed attributes) when GitHub allows it, else shown as text. */
function sanitizeTag(raw: string, closing: boolean, name: string, attributes: string): string {
  const tag = name.toLowerCase();
  if (tag === 'img') {
    if (closing) return '';
    const src = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i.exec(` ${attributes}`);
    const alt = /\salt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))/i.exec(` ${attributes}`);
    const href = decodeAttribute(src?.[1] ?? src?.[2] ?? src?.[3] ?? '');
    const text = decodeAttribute(alt?.[1] ?? alt?.[2] ?? alt?.[3] ?? 'image');
    return imageHtml(href, text);
  }
  const allowed = ALLOWED_TAGS[tag];
  if (allowed === undefined) return escapeHtml(raw);
  if (closing) return VOID_TAGS.has(tag) ? '' : `</${tag}>`;
  const kept: string[] = [];
  for (const match of attributes.matchAll(ATTRIBUTE)) {
    const key = (match[1] ?? '').toLowerCase();
    if (!allowed.includes(key)) continue;
    const value = decodeAttribute(match[2] ?? match[3] ?? match[4] ?? '');
    if (key === 'href') {
      const safe = safeHref(value);
      if (safe !== null) kept.push(`href="${escapeHtml(safe)}" rel="nofollow noopener noreferrer" target="_blank"`);
      continue;
    }
    if (key === 'open') kept.push('open');
    else if (/^[A-Za-z0-9 _-]{0,40}$/.test(value)) kept.push(`${key}="${escapeHtml(value)}"`);
  }
  return `<${tag}${kept.length > 0 ? ` ${kept.join(' ')}` : ''}>`;
}

const HTML_PIECE =
  /<!--[\s\S]*?(?:-->|$)|<(\/?)([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>|[^<]+|</g;

/** Raw HTML as GitHub shows it: comments hidden, allowed tags kept, the rest escaped. */
export function sanitizeHtml(html: string): string {
  let out = '';
  for (const match of html.matchAll(HTML_PIECE)) {
    const piece = match[0];
    if (piece.startsWith('<!--')) continue;
    if (match[2] !== undefined) out += sanitizeTag(piece, match[1] === '/', match[2], match[3] ?? '');
    else out += escapeKeepingEntities(piece);
  }
  return out;
}

function imageHtml(href: string, alt: string): string {
  const label = `<span class="md-image" title="Images are not loaded in the sandbox">🖼 ${escapeHtml(alt || 'image')}</span>`;
  return linkHtml(href, label);
}

const MENTION = /(^|[^A-Za-z0-9_`/\u2060])@([A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?)/g;

const marked = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag): string {
      return sanitizeHtml(token.text);
    },
    link(token: Tokens.Link): string {
      const inner = token.autolink ? escapeHtml(token.text) : this.parser.parseInline(token.tokens);
      return linkHtml(token.href, inner, token.title);
    },
    image(token: Tokens.Image): string {
      return imageHtml(token.href, token.text);
    },
    listitem(item: Tokens.ListItem): string | false {
      if (!item.task) return false;
      // A task's box is named by its text, so that a screen reader says which box is ticked.
      const label = escapeHtml(item.text.split('\n')[0]?.trim() ?? '');
      const inner = this.parser
        .parse(item.tokens)
        .replace(
          /<input (checked="" )?disabled="" type="checkbox">/,
          (_box, checked?: string) => `<input ${checked ?? ''}disabled="" type="checkbox" aria-label="${label}">`,
        );
      return `<li class="task-list-item">${inner}</li>\n`;
    },
    blockquote(token: Tokens.Blockquote): string {
      const inner = this.parser.parse(token.tokens);
      // GitHub's alerts: a quote whose first line is [!NOTE], [!TIP], [!IMPORTANT], [!WARNING] or [!CAUTION].
      const alert = /^<p>\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\](?:<br>\n?|\n|(?=<\/p>))/.exec(inner);
      if (!alert) return `<blockquote>\n${inner}</blockquote>\n`;
      const kind = (alert[1] ?? 'NOTE').toLowerCase();
      const rest = inner.slice(alert[0].length).replace(/^<\/p>\n?/, '');
      const title = `<p class="markdown-alert-title">${kind[0]?.toUpperCase()}${kind.slice(1)}</p>`;
      return `<div class="markdown-alert markdown-alert-${kind}">${title}${/^(?:$|<(?:ul|ol|p|div|blockquote|pre|table|h[1-6]|details|hr)\b)/.test(rest) ? '' : '<p>'}${rest}</div>\n`;
    },
    text(token: Tokens.Text | Tokens.Escape): string {
      if ('tokens' in token && token.tokens) return this.parser.parseInline(token.tokens);
      // Character references (`&copy;`) stay what they are, as in GitHub's rendering.
      const escaped = 'escaped' in token && token.escaped ? token.text : escapeKeepingEntities(token.text).replace(/"/g, '&quot;');
      // @-mentions are shown as GitHub shows them (the bot's escaped mentions carry a word joiner and stay text).
      return escaped.replace(MENTION, '$1<span class="mention">@$2</span>');
    },
  },
});

/** An issue body or comment as GitHub would show it, as safe HTML. */
export function renderMarkdown(text: string): string {
  return marked.parse(text.replace(/\r\n?/g, '\n'), { async: false });
}
