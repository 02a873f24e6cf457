/**
 * Makes user text safe to echo inside a bot comment: no @-mentions, issue references,
 * links, autolinks, HTML or markdown formatting survive. The text still reads the same.
 */
const MARKDOWN_SPECIALS = /[\\`*_{}[\]()<>+\-!|~=:]/g;
const WORD_JOINER = '\u2060';

export function escapeMarkdown(text: string): string {
  return (
    text
      // Control characters other than tab and newline are junk in a comment.
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
      // GitHub links mentions, references and URLs after rendering, so backslashes are not
      // enough there: an invisible word joiner breaks each pattern instead.
      .replace(/\b(https?|ftp|mailto|www)(?=[:.])/gi, `$1${WORD_JOINER}`)
      .replace(/@/g, `@${WORD_JOINER}`)
      .replace(/#(?=\d)/g, `#${WORD_JOINER}`)
      .replace(/&/g, '&amp;')
      .replace(MARKDOWN_SPECIALS, (c) => `\\${c}`)
      // "1. text" and "# text" at the start of a line would become a list and a heading.
      .replace(/^(\s*\d+)\./gm, '$1\\.')
      .replace(/^(\s*)#/gm, '$1\\#')
  );
}

/** Escapes text and keeps it on one line, cut to at most `max` characters. */
export function escapeInline(text: string, max = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  const cut = oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
  return escapeMarkdown(cut);
}

/** Escapes multi-line text as a Markdown block quote. */
export function blockQuote(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .trim()
    .split('\n')
    .map((line) => (line.trim() === '' ? '>' : `> ${escapeMarkdown(line)}`))
    .join('\n');
}
