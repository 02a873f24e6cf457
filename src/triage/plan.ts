import type { LabelSpec } from '../config/schema.js';
import type { IssueAction } from '../state/transitions.js';
export type ReactionContent = '+1' | 'eyes' | 'rocket' | 'confused';

export interface Reaction {
  commentId: number;
  content: ReactionContent;
}

/** Everything the shell must do for one event, in the order it does it. */
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
  /** The status comment to create (id null) or rewrite; null when it is already right. */
  statusComment: { id: number | null; body: string } | null;
  /** New comments to post, in order. */
  replies: string[];
  reactions: Reaction[];
  issue: IssueAction;
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
    plan.issue === 'none'
  );
}
