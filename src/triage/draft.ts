import { historyEntry, type StatusData } from '../comment/data.js';
import type { State } from '../state/states.js';
import type { IssueAction } from '../state/transitions.js';
import type { Actor, Draft } from './request.js';

/** The state the bot last recorded: what it wants the labels to show. */
export function recordedState(data: StatusData): State | null {
  return data.history.at(-1)?.to ?? null;
}

export function startDraft(data: StatusData): Draft {
  return {
    state: recordedState(data),
    data,
    issue: 'none',
    replies: [],
    reactions: [],
    flags: [],
    redactBody: false,
    redactComments: [],
    assign: [],
    unassign: [],
  };
}

/** Moves the draft to `to`, recording why in the audit trail. A move to the same state records nothing. */
export function moveTo(
  draft: Draft,
  to: State,
  actor: Actor,
  event: string,
  reason: string,
  issue: IssueAction = 'none',
  original?: number,
): Draft {
  if (draft.state === to) return issue === 'none' ? draft : { ...draft, issue };
  const entry = historyEntry({ at: actor.at, actor: actor.login, event, from: draft.state, to, reason, ...links(actor, original) });
  return {
    ...draft,
    state: to,
    issue: issue === 'none' ? draft.issue : issue,
    data: {
      ...draft.data,
      history: [...draft.data.history, entry],
      historyTotal: draft.data.historyTotal + 1,
      // A new state starts its timers afresh.
      remindedAt: null,
      queueAhead: to === 'triage' ? draft.data.queueAhead : null,
    },
  };
}

/** Records a deliberate command that keeps the state (a second question): timers start again. */
export function recordStay(draft: Draft, actor: Actor, event: string, reason: string): Draft {
  if (draft.state === null) return draft;
  const entry = historyEntry({ at: actor.at, actor: actor.login, event, from: draft.state, to: draft.state, reason, ...links(actor) });
  return {
    ...draft,
    data: { ...draft.data, history: [...draft.data.history, entry], historyTotal: draft.data.historyTotal + 1, remindedAt: null },
  };
}

/** The comment and the original request an entry points at, when known (kept out of the data otherwise). */
function links(actor: Actor, original?: number): { comment?: number; original?: number } {
  return {
    ...(actor.comment === undefined ? {} : { comment: actor.comment }),
    ...(original === undefined ? {} : { original }),
  };
}
