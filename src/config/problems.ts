import { escapeMarkdown } from '../comment/escape.js';

/** Title of the one issue in which the bot tells maintainers that its config is broken. */
export const CONFIG_ISSUE_TITLE = 'recovery-triage: configuration error';
/** Hidden marker that identifies that issue among the bot's own issues. */
export const CONFIG_ISSUE_MARKER = '<!-- recovery-triage:config-error -->';

/** At most this many errors are listed; one config can produce hundreds (every unknown key). */
export const MAX_LISTED_ERRORS = 50;
/** Each listed error is cut to this many characters before escaping, and to twice that after. */
export const MAX_ERROR_LENGTH = 400;

/**
 * Body of the config-error issue: every error with its key path, escaped (key names come from
 * the file), bounded in count and length so that it always fits in one issue body.
 */
export function renderConfigProblemIssue(errors: readonly string[], file = '.github/recovery-triage.yml'): string {
  const listed = errors
    .slice(0, MAX_LISTED_ERRORS)
    .map((e) => `- ${cut(escapeMarkdown(oneLine(cut(String(e), MAX_ERROR_LENGTH))), MAX_ERROR_LENGTH * 2)}`);
  const more = errors.length - listed.length;
  if (more > 0) listed.push(`- …and ${more} more ${more === 1 ? 'error' : 'errors'} not shown.`);
  if (listed.length === 0) listed.push('- The configuration could not be read.');
  return [
    CONFIG_ISSUE_MARKER,
    `**recovery-triage cannot use its configuration**, so it takes no action on account-recovery requests in this repository until \`${escapeCode(file)}\` is fixed.`,
    `${errors.length === 1 ? 'The problem' : `The ${errors.length} problems`} (each names the key in the file):`,
    listed.join('\n'),
    'Fix the file on the default branch. This issue is updated when the problems change and closed by the bot once the configuration is valid again. Requests opened meanwhile are checked again when they are next edited or commented on.',
  ].join('\n\n');
}

function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** The file path is ours, but keep backticks from closing the code span anyway. */
function escapeCode(text: string): string {
  return text.replace(/`/g, "'");
}
