import type { CheckResult } from '../checks/validate.js';
import type { State } from '../state/states.js';
import { decideTransition } from '../state/transitions.js';
import { moveTo } from './draft.js';
import type { Actor, Draft } from './request.js';

/** `first seen`: an event on a request that has no state yet (the form label was added later, or
 * the bot was installed after it was opened). */
export type FormCause = 'opened' | 'edited' | 'reopened' | 'recheck' | 'first seen';

/** States in which the form's checks decide the state; later states belong to maintainers. */
const FORM_DRIVEN: readonly (State | null)[] = [null, 'incomplete', 'triage'];

/**
 * Checks move a request between incomplete and triage while it has not reached a maintainer;
 * a reopened request is checked again whatever its labels said. The transition table decides.
 */
export function onFormChecked(draft: Draft, check: CheckResult, cause: FormCause, actor: Actor): Draft {
  if (!FORM_DRIVEN.includes(draft.state) && cause !== 'reopened') return draft;
  const decision = decideTransition(draft.state, check.valid ? 'form-complete' : 'form-incomplete');
  if (!decision.ok) return draft;
  const reason = check.valid ? 'form complete' : summarizeProblems(check);
  return moveTo(draft, decision.rule.to, actor, cause === 'recheck' ? '/recovery recheck' : cause, reason);
}

function summarizeProblems(check: CheckResult): string {
  const count = check.problems.length;
  const fields = [...new Set(check.problems.map((p) => p.field))].join(', ');
  return `${count} ${count === 1 ? 'problem' : 'problems'} in: ${fields}`;
}
