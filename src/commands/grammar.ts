export interface ParsedCommand {
  verb: string;
  args: string;
  /** The trimmed source line. */
  line: string;
}

interface Fence {
  char: string;
  length: number;
}

const PREFIX = '/recovery';
const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const HTML_COMMENT = /^ {0,3}<!--/;
const BLOCK_START = /^ {0,3}(?:#{1,6}(?:\s|$)|[-*+](?:\s|$)|1[.)](?:\s|$)|`{3}|~{3}|<)/;
const THEMATIC_BREAK = /^(?:-{3,}|\*{3,}|_{3,})$/;

/**
 * The `/recovery` commands of a comment, in order. Only lines that GitHub renders as plain text
 * count: code (fenced or indented), quotes, HTML comments and inline code are ignored, so that
 * quoting or showing a command never runs it. One pass over the lines; regexes are anchored and
 * cannot backtrack, so the cost stays linear in the length of the body.
 */
export function parseCommands(body: string): ParsedCommand[] {
  const commands: ParsedCommand[] = [];
  let fence: Fence | null = null;
  let quoteFence: Fence | null = null;
  let inHtmlComment = false;
  // A line right after a quoted paragraph line continues that paragraph inside the quote
  // ("lazy continuation"), so GitHub shows it quoted even without a `>`.
  let quoteParagraph = false;

  for (const line of body.split(/\r\n|\r|\n/)) {
    if (fence) {
      if (closesFence(fence, line)) fence = null;
      continue;
    }
    if (inHtmlComment) {
      if (line.includes('-->')) inHtmlComment = false;
      continue;
    }
    const quoted = quoteContent(line);
    if (quoted !== null) {
      if (quoteFence) {
        if (closesFence(quoteFence, quoted)) quoteFence = null;
        quoteParagraph = false;
        continue;
      }
      quoteFence = opensFence(quoted);
      quoteParagraph = quoteFence === null && isParagraphText(quoted, quoteParagraph);
      continue;
    }
    // A fence cannot continue lazily, so a line without `>` ends a quoted code block.
    quoteFence = null;
    if (quoteParagraph && isParagraphText(line, true)) continue;
    quoteParagraph = false;

    fence = opensFence(line);
    if (fence) continue;
    if (HTML_COMMENT.test(line)) {
      inHtmlComment = !line.includes('-->');
      continue;
    }
    const command = parseCommandLine(line);
    if (command) commands.push(command);
  }
  return commands;
}

/**
 * Commands of an edited comment that were not already in its previous text, so that editing a
 * comment runs only what was added. Lines are compared by verb and whitespace-normalised
 * arguments; a line that appears more often than before counts once per extra copy.
 */
export function newCommands(previousBody: string | null, body: string): ParsedCommand[] {
  const seen = new Map<string, number>();
  for (const command of previousBody === null ? [] : parseCommands(previousBody)) {
    const key = commandKey(command);
    seen.set(key, (seen.get(key) ?? 0) + 1);
  }
  return parseCommands(body).filter((command) => {
    const key = commandKey(command);
    const count = seen.get(key) ?? 0;
    if (count === 0) return true;
    seen.set(key, count - 1);
    return false;
  });
}

function commandKey(command: ParsedCommand): string {
  return `${command.verb} ${command.args.replace(/\s+/g, ' ')}`;
}

function parseCommandLine(line: string): ParsedCommand | null {
  let start = 0;
  while (start < 3 && line[start] === ' ') start += 1;
  if (line.slice(start, start + PREFIX.length).toLowerCase() !== PREFIX) return null;
  const rest = line.slice(start + PREFIX.length);
  // `/recoveryfoo` is a different word, not the command.
  if (rest !== '' && !/^\s/.test(rest)) return null;
  const words = rest.trim();
  const verbEnd = words.search(/\s/);
  const verb = verbEnd === -1 ? words : words.slice(0, verbEnd);
  const args = verbEnd === -1 ? '' : words.slice(verbEnd).trim();
  return { verb: verb.toLowerCase(), args, line: line.trim() };
}

/** The text inside all `>` markers of a block-quote line, or null when the line is not quoted. */
function quoteContent(line: string): string | null {
  let pos = 0;
  let quoted = false;
  for (;;) {
    let p = pos;
    while (p - pos < 3 && line[p] === ' ') p += 1;
    if (line[p] !== '>') break;
    quoted = true;
    pos = p + 1;
    if (line[pos] === ' ') pos += 1;
  }
  return quoted ? line.slice(pos) : null;
}

function opensFence(line: string): Fence | null {
  const match = FENCE.exec(line);
  if (!match) return null;
  const marker = match[1];
  // Backticks after a backtick fence make the line inline code, not a fence.
  if (marker[0] === '`' && line.slice(match[0].length).includes('`')) return null;
  return { char: marker[0], length: marker.length };
}

function closesFence(fence: Fence, line: string): boolean {
  const match = FENCE.exec(line);
  return match !== null && match[1][0] === fence.char && match[1].length >= fence.length && line.slice(match[0].length).trim() === '';
}

/** Whether a line continues (or starts) a paragraph rather than starting another block. */
function isParagraphText(line: string, inParagraph: boolean): boolean {
  if (line.trim() === '') return false;
  // Indented text cannot interrupt a paragraph, so it continues one; otherwise it is code.
  if (/^(?: {0,3}\t| {4})/.test(line)) return inParagraph;
  return !BLOCK_START.test(line) && !THEMATIC_BREAK.test(line.replace(/[ \t]/g, ''));
}
