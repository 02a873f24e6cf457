import type { Problem } from '../checks/validate.js';
import type { State } from '../state/states.js';
import { encodeStatusData, STATUS_MARKER, type HistoryEntry, type StatusData } from './data.js';
import { escapeInline, escapeMarkdown } from './escape.js';

export interface StatusView {
  state: State | null;
  /** Current problems with the form; shown while the request is incomplete. */
  problems: readonly Problem[];
  data: StatusData;
  /** State label names, for the history table. */
  labelOf: (state: State) => string;
  /** Warnings about sensitive data, already safe markdown (they never contain the values). */
  sensitiveWarnings: readonly string[];
}

const NEVER_POST =
  '**Keep this issue free of secrets.** It is public. Never post API tokens, recovery codes, 2FA secrets or codes, passwords, identity documents or private e-mail addresses here; the admins will never ask for them in an issue.';

/** The bot's one comment on a request: current status, what to do, and the audit trail. */
export function renderStatusComment(view: StatusView): string {
  const parts: string[] = [STATUS_MARKER, headline(view)];
  parts.push(...view.sensitiveWarnings);
  if (view.data.notes.length > 0) {
    parts.push(['**For maintainers:**', ...view.data.notes.map((n) => `- ${n}`)].join('\n'));
  }
  if (view.state !== 'completed' && view.state !== 'denied' && view.state !== 'duplicate') {
    parts.push(NEVER_POST);
  }
  if (view.data.history.length > 0) parts.push(renderHistory(view.data.history, view.labelOf));
  parts.push(encodeStatusData(view.data));
  return parts.join('\n\n');
}

function headline(view: StatusView): string {
  switch (view.state) {
    case null:
    case 'incomplete':
      return incomplete(view.problems);
    case 'triage':
      return triage(view);
    case 'awaiting-requester':
      return '**Status: waiting for your reply.** An admin has asked you something or started verifying the account; see their comment above. Reply with a comment here when you have done what they asked. Requests that get no reply are closed after a while; you can always comment to pick them up again.';
    case 'verifying':
      return '**Status: being verified.** Thanks for replying. An admin is checking what you sent and will comment here when they are done.';
    case 'completed':
      return '**Status: completed.** This request is done and the issue is closed. If you still cannot sign in, open a new request.';
    case 'denied':
      return '**Status: closed.** This request was closed without recovering the account; the comments above say why. If your situation changes, open a new request.';
    case 'duplicate':
      return '**Status: duplicate.** Another request covers the same account, so this one was closed; follow the linked request instead.';
  }
}

function incomplete(problems: readonly Problem[]): string {
  const list = problems.map((p) => `- ${escapeMarkdown(p.message)}`).join('\n');
  return [
    '**Status: incomplete.** Thanks for your request. Before an admin can look at it, please fix the following:',
    list || '- The request could not be read. Please fill in the account recovery form.',
    'To fix it, **edit the issue** (the `···` menu at the top of the issue, then *Edit*) and save. I check the request again automatically after every edit.',
  ].join('\n\n');
}

function triage(view: StatusView): string {
  const last = view.data.history.at(-1);
  const fixed = last?.from === 'incomplete' && last.to === 'triage';
  const queue =
    view.data.queueAhead === null
      ? ''
      : view.data.queueAhead === 0
        ? ' No complete request is ahead of yours in the queue.'
        : ` ${view.data.queueAhead} complete ${view.data.queueAhead === 1 ? 'request is' : 'requests are'} ahead of yours in the queue.`;
  const account = view.data.account;
  const spelling =
    account?.verdict === 'renamed' && account.canonical
      ? ` The account check found this account spelled ${escapeInline(account.canonical, 60)}; the admins will use that spelling.`
      : '';
  return [
    `**Status: waiting for an admin.** ${fixed ? 'Thanks, your edit fixed the request: it is now complete.' : 'Thanks, your request is complete.'}${spelling}${queue}`,
    'What happens next: an admin will verify that you own the account, usually by e-mailing the primary address on it. Please watch that inbox and this issue. Requests are handled in order by a small team, so it can take a while; there is no need to open another request.',
  ].join('\n\n');
}

function renderHistory(history: readonly HistoryEntry[], labelOf: (s: State) => string): string {
  const rows = history.map((h) => {
    const from = h.from ? escapeInline(labelOf(h.from), 60) : '—';
    return `| ${escapeInline(h.at, 30)} | ${escapeInline(h.actor, 40)} | ${escapeInline(h.event, 60)} | ${from} → ${escapeInline(labelOf(h.to), 60)} | ${escapeInline(h.reason, 160)} |`;
  });
  return [
    '<details><summary>History</summary>',
    '',
    '| when (UTC) | who | event | state | why |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '</details>',
  ].join('\n');
}
