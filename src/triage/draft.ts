import { decodeStatusData, historyEntry, type StatusData } from '../comment/data.js';
import { statesFromLabels } from '../state/labels.js';
import type { State } from '../state/states.js';
import type { IssueAction } from '../state/transitions.js';
import type { Actor, Draft, TriageInput } from './request.js';

/**
 * The state the labels show. With two state labels the newer one wins: the one that differs
 * from the last state the bot recorded, since that one was there first.
 */
function currentState(input: TriageInput, data: StatusData): State | null {
  const states = statesFromLabels(input.request.labels, input.config);
  if (states.length <= 1) return states[0] ?? null;
  const recorded = data.history.at(-1)?.to;
  return states.find((s) => s !== recorded) ?? states[0] ?? null;
}

export function startDraft(input: TriageInput): Draft {
  const data = decodeStatusData(input.request.status?.body);
  return {
    state: currentState(input, data),
    data,
    issue: 'none',
    replies: [],
    reactions: [],
    flags: [],
    redactBody: false,
    redactComments: [],
  };
}

/** Moves the draft to `to`, recording why in the audit trail. A move to the same state records nothing. */
export function moveTo(draft: Draft, to: State, actor: Actor, event: string, reason: string, issue: IssueAction = 'none'): Draft {
  if (draft.state === to) return issue === 'none' ? draft : { ...draft, issue };
  const entry = historyEntry({ at: actor.at, actor: actor.login, event, from: draft.state, to, reason });
  return {
    ...draft,
    state: to,
    issue: issue === 'none' ? draft.issue : issue,
    data: {
      ...draft.data,
      history: [...draft.data.history, entry],
      // A new state starts its timers afresh.
      remindedAt: null,
      queueAhead: to === 'triage' ? draft.data.queueAhead : null,
    },
  };
}

/** Records a deliberate command that keeps the state (a second question): timers start again. */
export function recordStay(draft: Draft, actor: Actor, event: string, reason: string): Draft {
  if (draft.state === null) return draft;
  const entry = historyEntry({ at: actor.at, actor: actor.login, event, from: draft.state, to: draft.state, reason });
  return { ...draft, data: { ...draft.data, history: [...draft.data.history, entry], remindedAt: null } };
}
