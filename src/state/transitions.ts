import type { State } from './states.js';

export type Trigger =
  | 'form-complete'
  | 'form-incomplete'
  | 'start'
  | 'ask'
  | 'verifying'
  | 'complete'
  | 'deny'
  | 'duplicate'
  | 'reopen'
  | 'withdraw'
  | 'requester-replied'
  | 'timeout';

export type IssueAction = 'none' | 'close-completed' | 'close-not-planned' | 'reopen';

export interface TransitionRule {
  trigger: Trigger;
  from: readonly (State | null)[];
  to: State;
  issue: IssueAction;
}

export const TRANSITIONS: readonly TransitionRule[] = [
  { trigger: 'form-complete', from: [null, 'incomplete', 'completed', 'denied', 'duplicate'], to: 'triage', issue: 'none' },
  { trigger: 'form-incomplete', from: [null, 'triage', 'completed', 'denied', 'duplicate'], to: 'incomplete', issue: 'none' },
  { trigger: 'start', from: ['triage', 'awaiting-requester', 'verifying'], to: 'awaiting-requester', issue: 'none' },
  { trigger: 'ask', from: ['triage', 'awaiting-requester', 'verifying'], to: 'awaiting-requester', issue: 'none' },
  { trigger: 'requester-replied', from: ['awaiting-requester'], to: 'verifying', issue: 'none' },
  { trigger: 'verifying', from: ['triage', 'awaiting-requester'], to: 'verifying', issue: 'none' },
  { trigger: 'complete', from: ['triage', 'awaiting-requester', 'verifying'], to: 'completed', issue: 'close-completed' },
  { trigger: 'deny', from: [null, 'incomplete', 'triage', 'awaiting-requester', 'verifying'], to: 'denied', issue: 'close-not-planned' },
  {
    trigger: 'duplicate',
    from: [null, 'incomplete', 'triage', 'awaiting-requester', 'verifying'],
    to: 'duplicate',
    issue: 'close-not-planned',
  },
  {
    trigger: 'withdraw',
    from: [null, 'incomplete', 'triage', 'awaiting-requester', 'verifying'],
    to: 'denied',
    issue: 'close-not-planned',
  },
  { trigger: 'timeout', from: ['incomplete', 'awaiting-requester'], to: 'denied', issue: 'close-not-planned' },
  { trigger: 'reopen', from: ['completed', 'denied', 'duplicate'], to: 'triage', issue: 'reopen' },
];

/** Triggers that are events rather than `/recovery <trigger>` commands. */
const EVENT_TEXT: Partial<Record<Trigger, string>> = {
  'form-complete': 'form checks pass',
  'form-incomplete': 'form checks fail',
  'requester-replied': 'requester comments',
  timeout: 'requester silent too long',
};

const ISSUE_TEXT: Record<IssueAction, string> = {
  none: '—',
  'close-completed': 'close as completed',
  'close-not-planned': 'close as not planned',
  reopen: 'reopen',
};

export type TransitionDecision = { ok: true; rule: TransitionRule } | { ok: false; message: string };

export function decideTransition(from: State | null, trigger: Trigger): TransitionDecision {
  const rule = TRANSITIONS.find((r) => r.trigger === trigger && r.from.includes(from));
  if (rule) return { ok: true, rule };
  const allowed = TRANSITIONS.filter((r) => r.trigger === trigger).flatMap((r) => r.from);
  const event = EVENT_TEXT[trigger];
  const message =
    event === undefined
      ? unavailableMessage(trigger, from, allowed)
      : `"${event}" does not apply while the request ${whereText(from)}; it applies from ${allowed.map(stateName).join(', ')}.`;
  return { ok: false, message };
}

/** Plain-text refusal of `/recovery <verb>` in state `from`, naming the states where it works. */
export function unavailableMessage(verb: string, from: State | null, allowed: readonly (State | null)[]): string {
  return `\`/recovery ${verb}\` cannot be used while the request ${whereText(from)}; it works from ${allowed.map(stateName).join(', ')}.`;
}

/** The table as Markdown, one row per rule, in table order. */
export function renderTransitionTable(): string {
  const rows = TRANSITIONS.map(
    (r) => `| ${triggerText(r.trigger)} | ${r.from.map(stateCell).join(', ')} | ${stateCell(r.to)} | ${ISSUE_TEXT[r.issue]} |`,
  );
  return ['| When | From | To | Issue |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

function triggerText(trigger: Trigger): string {
  return EVENT_TEXT[trigger] ?? `\`/recovery ${trigger}\``;
}

function whereText(state: State | null): string {
  return state === null ? 'has no state yet' : `is in state ${state}`;
}

function stateName(state: State | null): string {
  return state ?? '(no state)';
}

function stateCell(state: State | null): string {
  return state === null ? '(no state)' : `\`${state}\``;
}
