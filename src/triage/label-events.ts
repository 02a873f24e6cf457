import type { Config } from '../config/schema.js';
import { statesFromLabels } from '../state/labels.js';
import { isFinal, type State } from '../state/states.js';
import type { IssueAction } from '../state/transitions.js';
import { moveTo } from './draft.js';
import type { Actor, Draft, RequestSnapshot } from './request.js';

/** The state before `added` arrived: the other state label, else the last one recorded. */
function previousState(draft: Draft, request: RequestSnapshot, config: Config, added: State): State | null {
  const others = statesFromLabels(request.labels, config).filter((s) => s !== added);
  return others[0] ?? draft.data.history.at(-1)?.to ?? null;
}

/**
 * A state label added by hand. From someone with triage rights it is a transition (the other
 * state labels go, and the issue is closed or reopened to match); from anyone else it is undone.
 */
export function onStateLabelAdded(
  draft: Draft,
  request: RequestSnapshot,
  config: Config,
  added: State,
  actor: Actor,
  isMaintainer: boolean,
): Draft {
  const before: Draft = { ...draft, state: previousState(draft, request, config, added) };
  if (!isMaintainer) return before;
  const issue: IssueAction = isFinal(added)
    ? request.open
      ? added === 'completed'
        ? 'close-completed'
        : 'close-not-planned'
      : 'none'
    : request.open
      ? 'none'
      : 'reopen';
  return moveTo(before, added, actor, 'label set by hand', `label "${config.labels[added].name}" added`, issue);
}

/** A state label removed by hand with none left is put back: every request keeps one state. */
export function onStateLabelRemoved(draft: Draft, removed: State): Draft {
  return draft.state === null ? { ...draft, state: removed } : draft;
}

/** Closed by hand without a final state: completed if closed as completed, denied otherwise. */
export function onClosedByHand(draft: Draft, reason: string | null, actor: Actor): Draft {
  if (draft.state !== null && isFinal(draft.state)) return draft;
  const to: State = reason === 'completed' ? 'completed' : 'denied';
  return moveTo(draft, to, actor, 'closed by hand', `closed as ${reason === 'completed' ? 'completed' : 'not planned'}`);
}
