import type { CheckResult } from '../checks/validate.js';
import type { State } from '../state/states.js';
import { moveTo } from './draft.js';
import type { Actor, Draft } from './request.js';

export type FormCause = 'opened' | 'edited' | 'reopened' | 'recheck';

/** States in which the form's checks decide the state; later states belong to maintainers. */
const FORM_DRIVEN: readonly (State | null)[] = [null, 'incomplete', 'triage'];

/**
 * Checks decide between incomplete and triage while the request has not reached a maintainer.
 * A reopened request is always checked again, whatever its labels said.
 */
export function onFormChecked(draft: Draft, check: CheckResult, cause: FormCause, actor: Actor): Draft {
  if (!FORM_DRIVEN.includes(draft.state) && cause !== 'reopened') return draft;
  const to: State = check.valid ? 'triage' : 'incomplete';
  const reason = check.valid ? 'form complete' : summarizeProblems(check);
  return moveTo(draft, to, actor, cause === 'recheck' ? '/recovery recheck' : cause, reason);
}

function summarizeProblems(check: CheckResult): string {
  const count = check.problems.length;
  const fields = [...new Set(check.problems.map((p) => p.field))].join(', ');
  return `${count} ${count === 1 ? 'problem' : 'problems'} in: ${fields}`;
}
