import type { Config } from '../config/schema.js';
import { blockQuote, escapeInline } from './escape.js';

/**
 * Every text the requester reads is a template under `messages` in the config. A template is
 * the team's own Markdown with named placeholders, `{requester}`; `{{` and `}}` write a literal
 * brace. Which placeholders a text may use is fixed per text (TEXTS below) and checked when the
 * config is loaded: an unknown one is a config error naming the key. Values are always escaped
 * here, never by callers: user text never becomes a mention, link, HTML or Markdown.
 */

/**
 * How a value is written into a template:
 * - `text`: one line, escaped (escapeInline);
 * - `block`: a Markdown block quote, escaped line by line (blockQuote); the placeholder must
 *   stand on a line of its own;
 * - `issue`: an issue number the bot itself read, written `#123` so that GitHub links it;
 * - `count`: a whole number;
 * - `link`: the address of a comment on this request (`#issuecomment-123`, which GitHub scrolls
 *   to), built by the bot; it must be the target of a Markdown link, `[their comment]({comment})`.
 *   When the bot has no comment to point at, the link is written as its plain text.
 */
export type PlaceholderKind = 'text' | 'block' | 'issue' | 'count' | 'link';

export interface PlaceholderSpec {
  kind: PlaceholderKind;
  /** What the value is, for the README, the JSON schema and `preview`. */
  about: string;
  /** Sample value shown by `recovery-triage preview`. */
  sample: string | number;
}

export const PLACEHOLDERS = {
  requester: { kind: 'text', about: "the requester's GitHub login (not a mention)", sample: 'octo-requester' },
  issue: { kind: 'issue', about: 'this request, as #123', sample: 123 },
  platform: { kind: 'text', about: 'the platform name (username.platform)', sample: 'PyPI' },
  maintainer: { kind: 'text', about: 'login of the maintainer who wrote the command', sample: 'octo-admin' },
  question: {
    kind: 'block',
    about: 'the question of `/recovery ask`, as a block quote (on a line of its own)',
    sample: 'Which projects do you maintain under this account?',
  },
  reason: {
    kind: 'block',
    about: 'the reason of `/recovery deny`, as a block quote (on a line of its own)',
    sample: 'This account belongs to an organisation; its owners have to ask for the recovery.',
  },
  original: { kind: 'issue', about: 'the request this one duplicates, as #123 (GitHub links it)', sample: 100 },
  days: { kind: 'text', about: 'days left before the request is closed, with the unit ("7 days", "1 day")', sample: '7 days' },
  queueAhead: { kind: 'count', about: 'complete requests ahead of this one in the queue', sample: 3 },
  username: { kind: 'text', about: 'the spelling of the account name that the account check found', sample: 'Sample-User' },
  assignee: { kind: 'text', about: 'login of the maintainer who claimed the request', sample: 'octo-admin' },
  comment: {
    kind: 'link',
    about:
      "link to the comment that put the request in its current state (an admin's `/recovery ask`, a `/recovery deny`), for `[text]({comment})`",
    sample: '#issuecomment-1002',
  },
  status: {
    kind: 'link',
    about: 'link to the status comment at the top of the request, for `[text]({status})`',
    sample: '#issuecomment-1001',
  },
  // Kinds, language and urgency (src/kinds).
  supportContact: {
    kind: 'text',
    about: 'where requesters write about e-mail addresses (contacts.support)',
    sample: 'the support address',
  },
  privateContact: {
    kind: 'text',
    about: 'the private channel for cases not discussed in public (contacts.private)',
    sample: 'the security contact',
  },
  language: {
    kind: 'text',
    about: 'the name of the request\'s language ("Portuguese", or in that language for its own texts)',
    sample: 'Portuguese',
  },
  teamLanguage: { kind: 'text', about: "the name of the team's language (language.team)", sample: 'English' },
} as const satisfies Record<string, PlaceholderSpec>;

export type Placeholder = keyof typeof PLACEHOLDERS;
export type PlaceholderValues = Partial<Record<Placeholder, string | number | null>>;

export interface TextSpec {
  /** Placeholders this text may use. */
  placeholders: readonly Placeholder[];
  /** Placeholders it must use (the text makes no sense without them). */
  required?: readonly Placeholder[];
  /** When the bot posts it, for docs. */
  about: string;
  default: string;
}

const COMMON = ['requester', 'issue', 'platform'] as const satisfies readonly Placeholder[];
const COMMAND = [...COMMON, 'maintainer'] as const satisfies readonly Placeholder[];

const NEVER_POST =
  '**Keep this issue free of secrets.** It is public. Never post API tokens, recovery codes, 2FA secrets or codes, passwords, identity documents or private e-mail addresses here; the admins will never ask for them in an issue.';

/** Texts of the status comment, by key under `messages.status`. */
export const STATUS_TEXTS = {
  incomplete: {
    placeholders: COMMON,
    about: 'Headline while the form fails its checks; the list of problems follows.',
    default: '**Status: incomplete.** Thanks for your request. Before an admin can look at it, please fix the following:',
  },
  incompleteHowToFix: {
    placeholders: COMMON,
    about: 'After the list of problems: how to fix them.',
    default:
      'To fix it, **edit the issue** (the `···` menu at the top of the issue, then *Edit*) and save. I check the request again automatically after every edit.',
  },
  unreadable: {
    placeholders: COMMON,
    about: 'The one item of the problem list when the request could not be read at all.',
    default: 'The request could not be read. Please fill in the account recovery form.',
  },
  triage: {
    placeholders: COMMON,
    about: 'Headline of a complete request waiting for an admin.',
    default: '**Status: waiting for an admin.** Thanks, your request is complete.',
  },
  triageFixed: {
    placeholders: COMMON,
    about: 'Headline of a request that an edit made complete.',
    default: '**Status: waiting for an admin.** Thanks, your edit fixed the request: it is now complete.',
  },
  accountSpelling: {
    placeholders: [...COMMON, 'username'],
    about: 'Added to the triage headline when the account check found another spelling of the name.',
    default: 'The account check found this account spelled {username}; the admins will use that spelling.',
  },
  queueNone: {
    placeholders: COMMON,
    about: 'Added to the triage headline when no complete request is ahead.',
    default: 'No complete request is ahead of yours in the queue.',
  },
  queueOne: {
    placeholders: [...COMMON, 'queueAhead'],
    about: 'Added to the triage headline when one complete request is ahead.',
    default: '{queueAhead} complete request is ahead of yours in the queue.',
  },
  queueMany: {
    placeholders: [...COMMON, 'queueAhead'],
    about: 'Added to the triage headline when several complete requests are ahead.',
    default: '{queueAhead} complete requests are ahead of yours in the queue.',
  },
  claimed: {
    placeholders: [...COMMON, 'assignee'],
    about: 'Added to the triage headline, instead of the queue position, once a maintainer claimed the request.',
    default: 'An admin has taken your request and will get back to you here.',
  },
  triageNext: {
    placeholders: COMMON,
    about: 'After the triage headline: what happens next.',
    default:
      'What happens next: an admin will verify that you own the account through a channel already linked to it, and may ask you questions here. Please watch this issue. Requests are handled in order by a small team, so it can take a while; there is no need to open another request.',
  },
  awaitingRequester: {
    placeholders: COMMON,
    about: 'Status while the bot waits for the requester.',
    default:
      '**Status: waiting for your reply.** An admin has asked you something or started verifying the account. Reply with a comment here when you have done what they asked. Requests that get no reply are closed after a while; you can always comment to pick them up again.',
  },
  awaitingRequesterComment: {
    placeholders: [...COMMON, 'comment'],
    required: ['comment'],
    about: "Added to the waiting-for-your-reply status when an admin's comment put the request there: links to that comment.",
    default: '[Their comment]({comment}) says what they need.',
  },
  verifying: {
    placeholders: COMMON,
    about: 'Status while a maintainer checks the answer.',
    default:
      '**Status: being verified.** Thanks for replying. An admin is checking what you sent and will comment here when they are done.',
  },
  completed: {
    placeholders: COMMON,
    about: 'Status of a completed request.',
    default: '**Status: completed.** This request is done and the issue is closed. If you still cannot sign in, open a new request.',
  },
  denied: {
    placeholders: COMMON,
    about: 'Status of a request closed as not planned (denied, withdrawn or timed out).',
    default: '**Status: closed.** This request was closed without recovering the account. If your situation changes, open a new request.',
  },
  deniedComment: {
    placeholders: [...COMMON, 'comment'],
    required: ['comment'],
    about: 'Added to the closed status when a comment closed the request (`/recovery deny`, `/recovery withdraw`): links to it.',
    default: '[The comment that closed it]({comment}) says why.',
  },
  duplicate: {
    placeholders: COMMON,
    about: 'Status of a request closed as a duplicate.',
    default: '**Status: duplicate.** Another request covers the same account, so this one was closed.',
  },
  duplicateOriginal: {
    placeholders: [...COMMON, 'original'],
    required: ['original'],
    about: 'Added to the duplicate status when the bot knows the request this one duplicates.',
    default: 'Please follow {original} instead.',
  },
  neverPostSecrets: {
    placeholders: COMMON,
    about: 'The notice under the status of every open request.',
    default: NEVER_POST,
  },
} as const satisfies Record<string, TextSpec>;

/** Messages of the commands (besides `start`: `verificationStarted`), by key under `messages.commands`. */
export const COMMAND_TEXTS = {
  ask: {
    placeholders: [...COMMAND, 'question'],
    required: ['question'],
    about: 'Posted by `/recovery ask <question>`.',
    default:
      'A maintainer needs more information about this request:\n\n{question}\n\nPlease answer in a comment here. Never post recovery codes, passwords, tokens or identity documents in this issue.',
  },
  verifying: {
    placeholders: COMMAND,
    about: 'Posted by `/recovery verifying`.',
    default:
      'A maintainer is now checking the verification. Nothing more is needed from you for now; we will comment here when it is done.',
  },
  complete: {
    placeholders: COMMAND,
    about: 'Posted by `/recovery complete`.',
    default:
      'This request has been completed and is now closed. If you still cannot sign in, please open a new request that links to this one.',
  },
  deny: {
    placeholders: [...COMMAND, 'reason'],
    required: ['reason'],
    about: 'Posted by `/recovery deny <reason>`.',
    default: 'This request has been closed without action, for this reason:\n\n{reason}',
  },
  duplicate: {
    placeholders: [...COMMAND, 'original'],
    required: ['original'],
    about: 'Posted by `/recovery duplicate #<issue number>`.',
    default:
      'This request duplicates {original}, so it is now closed. Please follow {original} instead, and do not open further requests for the same account.',
  },
  reopen: {
    placeholders: COMMAND,
    about: 'Posted by `/recovery reopen`.',
    default: 'This request has been reopened and will be reviewed again.',
  },
  withdraw: {
    placeholders: COMMAND,
    about: 'Posted by `/recovery withdraw`.',
    default: 'This request has been withdrawn and is now closed.',
  },
} as const satisfies Record<string, TextSpec>;

/** Messages of the timers, by key under `messages.timers`. */
export const TIMER_TEXTS = {
  remindIncomplete: {
    placeholders: [...COMMON, 'status'],
    about: 'Reminder to a requester whose form is still incomplete (the bot mentions them first).',
    default:
      'A reminder: this request is still incomplete. Please **edit the issue** and fix what [the status comment]({status}) lists; I check it again after every edit.',
  },
  remindAwaitingRequester: {
    placeholders: [...COMMON, 'comment'],
    about: 'Reminder to a requester who has not answered an admin (the bot mentions them first).',
    default: 'A reminder: an admin is waiting for your answer to [their comment]({comment}). Please reply with a comment here.',
  },
  closeWarning: {
    placeholders: [...COMMON, 'days'],
    about: 'Added to a reminder when the request will be closed later (timers.<state>.closeAfterDays).',
    default: 'If there is no reply in the next {days}, this request will be closed.',
  },
  closed: {
    placeholders: COMMON,
    about: 'Posted when a silent request is closed as not planned (the bot mentions the requester first).',
    default:
      'This request has been closed because there was no reply for a while. If you still need help, comment here and a maintainer can reopen it (`/recovery reopen`), or open a new request.',
  },
} as const satisfies Record<string, TextSpec>;

/** The two texts directly under `messages`, and the spec of every canned reply. */
export const TOP_TEXTS = {
  verificationStarted: {
    placeholders: COMMAND,
    about: 'Posted by `/recovery start`.',
    default:
      'An admin has started verifying that you own this account, through a channel already linked to it or with questions here. Please follow their instructions, then leave a short comment here so we know. Never post codes, passwords, tokens or the contents of a verification message here.',
  },
  duplicateClosed: {
    // Decided while the request joins the queue: the issue number is not at hand there.
    placeholders: ['requester', 'platform', 'original'],
    required: ['original'],
    about: 'Posted when duplicates.action is close and another open request names the same account.',
    default:
      'There is already an open request for the same account: {original}. This one is closed as a duplicate so that the admins can answer you in one place; please follow {original}.',
  },
} as const satisfies Record<string, TextSpec>;

export const REPLY_TEXT: TextSpec = {
  placeholders: COMMAND,
  about: 'Each reply is a template.',
  default: '',
};

export type StatusTextKey = keyof typeof STATUS_TEXTS;
export type CommandTextKey = keyof typeof COMMAND_TEXTS;
export type TimerTextKey = keyof typeof TIMER_TEXTS;

/** The groups of templates under `messages`, as the config holds them. */
export const TEXT_GROUPS = { status: STATUS_TEXTS, commands: COMMAND_TEXTS, timers: TIMER_TEXTS } as const;

/** Defaults of a group of texts: `{ key: default }`. */
export function defaultsOf<T extends Record<string, TextSpec>>(group: T): { [K in keyof T]: string } {
  return Object.fromEntries(Object.entries(group).map(([key, spec]) => [key, spec.default])) as { [K in keyof T]: string };
}

export type Messages = Config['messages'];

/** A template cut into literal text and placeholders; `{{` and `}}` are literal braces. */
type Token = { text: string } | { name: string };

const TOKEN = /\{\{|\}\}|\{([A-Za-z][A-Za-z0-9_]*)\}/g;

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    const at = match.index;
    if (at > last) tokens.push({ text: template.slice(last, at) });
    if (match[1] !== undefined) tokens.push({ name: match[1] });
    else tokens.push({ text: match[0][0] });
    last = at + match[0].length;
  }
  if (last < template.length) tokens.push({ text: template.slice(last) });
  return tokens;
}

/** Placeholder names longer than this are reported cut: they come from the config file. */
const MAX_REPORTED_NAME = 40;

/**
 * What is wrong with a template for `spec`: unknown placeholders, missing required ones, block
 * placeholders that do not stand on a line of their own. Messages name placeholders only (never
 * the rest of the text), so they are safe in the public config-error issue.
 */
export function templateProblems(template: string, spec: TextSpec): string[] {
  const problems: string[] = [];
  const allowed = new Set<string>(spec.placeholders);
  const used = new Set<string>();
  const known = spec.placeholders.map((p) => `{${p}}`).join(', ');
  for (const token of tokenize(template)) {
    if (!('name' in token)) continue;
    used.add(token.name);
    if (allowed.has(token.name)) continue;
    const name = token.name.length > MAX_REPORTED_NAME ? `${token.name.slice(0, MAX_REPORTED_NAME - 1)}…` : token.name;
    const elsewhere = Object.hasOwn(PLACEHOLDERS, token.name) ? ' (it is not available in this text)' : '';
    problems.push(`unknown placeholder {${name}}${elsewhere}; this text can use ${known} (write {{ and }} for literal braces)`);
  }
  for (const name of spec.required ?? []) {
    if (!used.has(name)) problems.push(`must contain {${name}}`);
  }
  for (const name of spec.placeholders) {
    if (PLACEHOLDERS[name].kind !== 'block' || !used.has(name)) continue;
    const alone = template.split(/\r?\n/).every((line) => !line.includes(`{${name}}`) || lineIsPlaceholder(line, name));
    if (!alone) problems.push(`{${name}} is shown as a block quote, so it must stand on a line of its own`);
  }
  const tokens = tokenize(template);
  tokens.forEach((token, i) => {
    if (!('name' in token) || !allowed.has(token.name) || PLACEHOLDERS[token.name as Placeholder].kind !== 'link') return;
    if (linkTextBefore(tokens, i) === null)
      problems.push(`{${token.name}} is the address of a comment, so it must be a link target: write [some text]({${token.name}})`);
  });
  return [...new Set(problems)];
}

/**
 * Where `tokens[i]`, a link placeholder, is the target of a Markdown link `[text]({name})`: the
 * index in the token before it where `[` opens the link. Null when it is not written so.
 */
function linkTextBefore(tokens: readonly Token[], i: number): number | null {
  const before = tokens[i - 1];
  const after = tokens[i + 1];
  if (before === undefined || after === undefined || !('text' in before) || !('text' in after)) return null;
  if (!before.text.endsWith('](') || !after.text.startsWith(')')) return null;
  const open = before.text.lastIndexOf('[', before.text.length - 2);
  return open < 0 || before.text.slice(open + 1, -2).includes(']') ? null : open;
}

/** The anchor of a comment on the request's page (`#issuecomment-123`), the value of a link placeholder. */
export function commentLink(id: number | null | undefined): string | null {
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? `#issuecomment-${id}` : null;
}

const LINK = /^#issuecomment-[1-9][0-9]{0,19}$/;

function lineIsPlaceholder(line: string, name: string): boolean {
  const tokens = tokenize(line).filter((t) => !('text' in t && t.text.trim() === ''));
  return tokens.length === 1 && 'name' in tokens[0] && tokens[0].name === name;
}

/** Longest placeholder value written on one line (logins are shorter; questions go in blocks). */
const MAX_INLINE_VALUE = 100;

/**
 * Fills a template: each placeholder becomes its value, escaped for its kind. A placeholder
 * without a value (or one the spec does not know, which validation keeps out) becomes empty or
 * stays as written, never raw user text.
 */
export function fillTemplate(template: string, values: PlaceholderValues): string {
  const tokens = tokenize(template);
  // A link with nothing to point at is written as its text: `[their comment]()` becomes `their comment`.
  tokens.forEach((token, i) => {
    if (!('name' in token) || !Object.hasOwn(PLACEHOLDERS, token.name)) return;
    const name = token.name as Placeholder;
    if (PLACEHOLDERS[name].kind !== 'link' || LINK.test(String(values[name] ?? ''))) return;
    const open = linkTextBefore(tokens, i);
    if (open === null) return;
    const before = tokens[i - 1] as { text: string };
    const after = tokens[i + 1] as { text: string };
    tokens[i - 1] = { text: before.text.slice(0, open) + before.text.slice(open + 1, -2) };
    tokens[i] = { text: '' };
    tokens[i + 1] = { text: after.text.slice(1) };
  });
  return tokens
    .map((token) => {
      if ('text' in token) return token.text;
      if (!Object.hasOwn(PLACEHOLDERS, token.name)) return `{${token.name}}`;
      const name = token.name as Placeholder;
      const value = values[name];
      if (value === undefined || value === null) return '';
      return formatValue(PLACEHOLDERS[name].kind, value);
    })
    .join('');
}

function formatValue(kind: PlaceholderKind, value: string | number): string {
  switch (kind) {
    case 'block':
      return blockQuote(String(value));
    case 'issue':
      return typeof value === 'number' && Number.isSafeInteger(value) && value > 0 ? `#${value}` : escapeInline(String(value), 20);
    case 'count':
      return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : escapeInline(String(value), 20);
    case 'text':
      return escapeInline(String(value), MAX_INLINE_VALUE);
    case 'link':
      // Built by the bot from a comment id; anything else is left out rather than linked.
      return LINK.test(String(value)) ? String(value) : '';
  }
}

/** Values every text can draw on: who the request is from, which issue, which platform. */
export interface TextContext {
  messages: Messages;
  requester: string | null;
  issue: number | null;
  platform: string;
}

/** The context of one request, for renderStatusComment (`texts`) and the messages. */
export function textContext(config: Config, requester: string | null, issue: number | null): TextContext {
  return { messages: config.messages, requester, issue, platform: config.username.platform };
}

export function commonValues(context: Pick<TextContext, 'requester' | 'issue' | 'platform'>): PlaceholderValues {
  return { requester: context.requester, issue: context.issue, platform: context.platform };
}

/** `7 days`, `1 day`: the value of `{days}`. */
export function daysText(n: number): string {
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

/** Text and what it knows, for docs: "Posted by … Placeholders: {requester}, …". */
export function describeText(spec: TextSpec): string {
  const required = spec.required?.length ? ` Required: ${spec.required.map((p) => `{${p}}`).join(', ')}.` : '';
  return `${spec.about} Placeholders: ${spec.placeholders.map((p) => `{${p}}`).join(', ')}.${required}`;
}

/** JSON-schema descriptions of every key under `messages`, by dotted path. */
export function messageDescriptions(): Record<string, string> {
  const entries: [string, string][] = [
    ['messages.status', 'Texts of the status comment, by state (templates).'],
    ['messages.commands', 'Messages the commands post to the requester (templates); `start` posts messages.verificationStarted.'],
    ['messages.timers', 'Reminders and the message of closing a silent request (templates).'],
  ];
  for (const [group, texts] of Object.entries(TEXT_GROUPS)) {
    for (const [key, spec] of Object.entries(texts)) entries.push([`messages.${group}.${key}`, describeText(spec)]);
  }
  for (const [key, spec] of Object.entries(TOP_TEXTS)) entries.push([`messages.${key}`, describeText(spec)]);
  return Object.fromEntries(entries);
}

/** What a command knows when it writes its message (a subset of CommandInput). */
export interface CommandTextInput {
  config: Config;
  actor: { login: string };
  issueNumber: number;
  requester?: string | null;
}

/** A command's message: `template` filled with the request's values and the maintainer's login. */
export function commandText(input: CommandTextInput, template: string, values: PlaceholderValues = {}): string {
  return fillTemplate(template, {
    requester: input.requester ?? null,
    issue: input.issueNumber,
    platform: input.config.username.platform,
    maintainer: input.actor.login,
    ...values,
  });
}
