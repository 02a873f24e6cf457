import { textContext } from '../comment/texts.js';
import type { CheckResult } from '../checks/validate.js';
import { renderStatusComment } from '../comment/render.js';
import { renderEvidence } from '../evidence/render.js';
import { planLabels } from '../state/labels.js';
import type { LabelSpec } from '../config/schema.js';
import type { Plan } from './plan.js';
import { isFinal, type State } from '../state/states.js';
import type { IssueAction } from '../state/transitions.js';
import { sensitiveWarnings } from './sensitive-event.js';
import type { Draft, TriageInput } from './request.js';
import { kindView } from '../kinds/step.js';

/**
 * Turns an event's draft into the writes that bring GitHub in line with it. Anything already
 * as wanted is left out, so a redelivered event plans nothing.
 */
export function finish(input: TriageInput, draft: Draft, check: CheckResult): Plan {
  const { config, request } = input;
  const labels = planLabels(request.labels, draft.state, draft.flags, config);
  // Kind and language labels that no longer apply (src/kinds) come off too.
  const wanted = new Set(draft.flags.map((l) => l.toLowerCase()));
  const unlabel = new Set((draft.unlabel ?? []).map((l) => l.toLowerCase()).filter((l) => !wanted.has(l)));
  labels.remove.push(...request.labels.filter((l) => unlabel.has(l.toLowerCase()) && !labels.remove.includes(l)));
  const ensureLabels: LabelSpec[] = labels.add.map((name) => draft.labelSpecs?.find((l) => l.name === name) ?? specOf(name, input));
  const body = renderStatusComment({
    state: draft.state,
    problems: check.problems,
    data: draft.data,
    labelOf: (s) => config.labels[s].name,
    sensitiveWarnings: sensitiveWarnings(draft.data.sensitive, config),
    historyRows: config.limits.historyRows,
    texts: textContext(config, request.author, request.number),
    evidence: evidenceSection(input, draft),
    kinds: kindView(config, draft.data, draft.state, request.author, request.number),
  });
  const statusChanged = body !== request.status?.body;
  const issue = issueAction(draft.state, request.open);
  return {
    ensureLabels,
    addLabels: labels.add,
    removeLabels: labels.remove,
    redactBody: draft.redactBody,
    redactComments: draft.redactComments,
    replies: draft.replies,
    reactions: draft.reactions,
    assign: draft.assign.filter((l) => !has(request.assignees, l)),
    unassign: draft.unassign.filter((l) => has(request.assignees, l)),
    issue,
    statusComment: statusChanged ? { id: request.status?.id ?? null, body } : null,
    deleteComments: [],
  };
}

/** The evidence section while the request is open and the config shows it. */
function evidenceSection(input: TriageInput, draft: Draft): string | undefined {
  const { evidence } = input.config;
  const record = draft.data.evidence;
  if (!evidence.enabled || !evidence.show || record === null || (draft.state !== null && isFinal(draft.state))) return undefined;
  return renderEvidence(record, evidence.baseUrl);
}

/** Open or closed to match the state: final states are closed (completed ones as completed). */
function issueAction(state: State | null, open: boolean): IssueAction {
  if (state !== null && isFinal(state)) return open ? (state === 'completed' ? 'close-completed' : 'close-not-planned') : 'none';
  return open ? 'none' : 'reopen';
}

function specOf(name: string, input: TriageInput): LabelSpec {
  const all = [...Object.values(input.config.labels), ...Object.values(input.config.flags)];
  return all.find((l) => l.name === name) ?? { name, color: 'ededed', description: '' };
}

function has(list: readonly string[] | undefined, login: string): boolean {
  return (list ?? []).some((l) => l.toLowerCase() === login.toLowerCase());
}
