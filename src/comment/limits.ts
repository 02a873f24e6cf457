/**
 * Size limits of what the bot writes on GitHub, and pure helpers that keep text under them
 * without breaking it: cuts fall on line boundaries, never inside a surrogate pair, and a
 * visible note says that something was left out.
 */

/** GitHub refuses issue and comment bodies longer than this (HTTP 422). */
export const GITHUB_BODY_LIMIT = 65_536;

/**
 * The status comment stays under this, measured by `githubLength`: a margin under GitHub's
 * limit for whatever GitHub counts differently.
 */
export const STATUS_COMMENT_MAX = 65_000;

/** Room kept for the hidden data block; the data is thinned (oldest first) to fit. */
export const DATA_BLOCK_MAX = 30_000;

/**
 * Length as GitHub may count it: UTF-16 units (never fewer than characters) with every line
 * break counted twice, in case it is stored as CRLF.
 */
export function githubLength(text: string): number {
  let newlines = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) newlines++;
  return text.length + newlines;
}

/** The first `max` UTF-16 units of `text`, one fewer when that would split a surrogate pair. */
export function cutAt(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

/** Text cut to `max` characters, the last one an ellipsis. */
export function cutWithEllipsis(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${cutAt(text, Math.max(0, max - 1))}…`;
}

const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/** The code fence open after `line`, given the one open before it ("```", "~~~" or null). */
function fenceAfter(open: string | null, line: string): string | null {
  const match = FENCE.exec(line);
  if (!match) return open;
  const fence = match[1];
  if (open === null) return fence;
  return fence[0] === open[0] && fence.length >= open.length ? null : open;
}

/**
 * `text` kept whole when `githubLength` ≤ `max`; otherwise cut after the last line that fits,
 * a code fence left open is closed, and `note(omittedLines)` follows on its own paragraph.
 * When not even one line fits, the first line itself is cut. The result never exceeds `max`.
 */
export function capLines(text: string, max: number, note: (omittedLines: number) => string): string {
  if (githubLength(text) <= max) return text;
  const lines = text.split('\n');
  const tailFor = (count: number, open: string | null): string => `${open === null ? '' : `\n${open}`}\n\n${note(lines.length - count)}`;
  // The longest prefix of whole lines for which prefix + fence close + note fits.
  let kept = 0;
  let size = 0;
  let open: string | null = null;
  while (kept < lines.length) {
    const nextSize = size + (kept > 0 ? 2 : 0) + githubLength(lines[kept]);
    const nextOpen = fenceAfter(open, lines[kept]);
    if (nextSize + githubLength(tailFor(kept + 1, nextOpen)) > max) break;
    size = nextSize;
    open = nextOpen;
    kept++;
  }
  if (kept > 0) return `${lines.slice(0, kept).join('\n')}${tailFor(kept, open)}`;
  // Not one whole line fits: cut the first line, or give only as much of the note as fits.
  const tail = `\n\n${note(lines.length - 1)}`;
  const room = max - githubLength(tail);
  if (room <= 0) return cutAt(note(lines.length), Math.max(0, max));
  return `${cutAt(lines[0], room)}${tail}`;
}

/**
 * A reply the bot posts, at most `max` characters (config `limits.replyLength`): cut on a line
 * boundary with a note saying how many lines were left out. Apply it to the visible text,
 * before any hidden marker is appended.
 */
export function capReply(text: string, max: number): string {
  return capLines(text, max, (omitted) =>
    omitted > 0
      ? `*(This reply was shortened to fit: ${omitted} more ${omitted === 1 ? 'line' : 'lines'} not shown.)*`
      : '*(This reply was shortened to fit.)*',
  );
}
