import type { LabelSpec } from '../config/schema.js';
import type { IssueAction } from '../state/transitions.js';
import type { Reply } from './request.js';
export type ReactionContent = '+1' | 'eyes' | 'rocket' | 'confused';

export interface Reaction {
  commentId: number;
  content: ReactionContent;
}

/**
 * Every write that brings GitHub in line with the desired request, in the order the shell
 * applies them. The status comment, which records what was handled, comes last: a run that
 * fails half-way leaves the record as it was, so the next run redoes (and finishes) the rest.
 */
export interface Plan {
  /** Labels that must exist in the repository (created with colour and description if not). */
  ensureLabels: LabelSpec[];
  addLabels: string[];
  removeLabels: string[];
  /**
   * Redact the issue body / these comments. The shell redacts their live text, so a redelivery
   * or a later edit by the author is never overwritten with stale text.
   */
  redactBody: boolean;
  redactComments: number[];
  /** Comments owed and not found on the issue, in order; each carries its key's marker. */
  replies: Reply[];
  reactions: Reaction[];
  /** Logins to assign and unassign (claims). */
  assign: string[];
  unassign: string[];
  issue: IssueAction;
  /** The status comment to create (id null) or rewrite; null when it is already right. */
  statusComment: { id: number | null; body: string } | null;
  /** Extra status comments (from a race) folded into the oldest one, to delete. */
  deleteComments: number[];
}

/** True when applying the plan would write nothing. */
export function isEmptyPlan(plan: Plan): boolean {
  return (
    plan.addLabels.length === 0 &&
    plan.removeLabels.length === 0 &&
    !plan.redactBody &&
    plan.redactComments.length === 0 &&
    plan.statusComment === null &&
    plan.replies.length === 0 &&
    plan.reactions.length === 0 &&
    plan.assign.length === 0 &&
    plan.unassign.length === 0 &&
    plan.issue === 'none' &&
    plan.deleteComments.length === 0
  );
}
