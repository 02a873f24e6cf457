import { isFinal, type State } from '../state/states.js';
import { moveTo } from './draft.js';
import type { Actor, Draft } from './request.js';

/** Closed by hand without a final state: completed if closed as completed, denied otherwise. */
export function onClosedByHand(draft: Draft, reason: string | null, actor: Actor): Draft {
  if (draft.state !== null && isFinal(draft.state)) return draft;
  const to: State = reason === 'completed' ? 'completed' : 'denied';
  return moveTo(draft, to, actor, 'closed by hand', `closed as ${reason === 'completed' ? 'completed' : 'not planned'}`);
}
