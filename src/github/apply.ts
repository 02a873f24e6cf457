import type { Config } from '../config/schema.js';
import type { Plan } from '../triage/plan.js';
import { redactForConfig } from '../triage/sensitive-event.js';
import { statusOf, type Logger, type Octokit, type RepoRef } from './octokit.js';

/**
 * Applies a plan in an order that keeps the request readable if a call fails halfway: the new
 * state label goes on before the old one comes off, the issue is closed last. A failure is
 * logged and rethrown so the delivery fails and GitHub can redeliver; plans are idempotent,
 * so the redelivery finishes the job. Redaction works on the live text, read just before.
 */
export async function applyPlan(
  octokit: Octokit,
  repo: RepoRef,
  issueNumber: number,
  plan: Plan,
  config: Config,
  log: Logger,
): Promise<void> {
  const issue = { ...repo, issue_number: issueNumber };
  for (const label of plan.ensureLabels) {
    try {
      await octokit.rest.issues.getLabel({ ...repo, name: label.name });
    } catch (error) {
      if (statusOf(error) !== 404) throw error;
      await octokit.rest.issues.createLabel({ ...repo, ...label });
    }
  }
  if (plan.addLabels.length > 0) await octokit.rest.issues.addLabels({ ...issue, labels: plan.addLabels });
  for (const name of plan.removeLabels) {
    try {
      await octokit.rest.issues.removeLabel({ ...issue, name });
    } catch (error) {
      // Someone removed it already: the plan's aim holds.
      if (statusOf(error) !== 404) throw error;
    }
  }
  if (plan.redactBody) {
    const { data } = await octokit.rest.issues.get(issue);
    const body = data.body ?? '';
    const redacted = redactForConfig(body, config);
    if (redacted !== body) await octokit.rest.issues.update({ ...issue, body: redacted });
  }
  for (const id of plan.redactComments) {
    const { data } = await octokit.rest.issues.getComment({ ...repo, comment_id: id });
    const body = data.body ?? '';
    const redacted = redactForConfig(body, config);
    if (redacted !== body) await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body: redacted });
  }
  if (plan.statusComment) {
    if (plan.statusComment.id === null) await octokit.rest.issues.createComment({ ...issue, body: plan.statusComment.body });
    else await octokit.rest.issues.updateComment({ ...repo, comment_id: plan.statusComment.id, body: plan.statusComment.body });
  }
  for (const body of plan.replies) await octokit.rest.issues.createComment({ ...issue, body });
  for (const reaction of plan.reactions) {
    await octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: reaction.commentId, content: reaction.content });
  }
  switch (plan.issue) {
    case 'close-completed':
      await octokit.rest.issues.update({ ...issue, state: 'closed', state_reason: 'completed' });
      break;
    case 'close-not-planned':
      await octokit.rest.issues.update({ ...issue, state: 'closed', state_reason: 'not_planned' });
      break;
    case 'reopen':
      await octokit.rest.issues.update({ ...issue, state: 'open', state_reason: 'reopened' });
      break;
    case 'none':
      break;
  }
  log.info({ issue: issueNumber, plan: summarize(plan) }, 'recovery-triage: plan applied');
}

function summarize(plan: Plan): string {
  const parts = [
    plan.addLabels.length ? `+${plan.addLabels.join(',')}` : '',
    plan.redactBody || plan.redactComments.length ? 'redaction' : '',
    plan.removeLabels.length ? `-${plan.removeLabels.join(',')}` : '',
    plan.statusComment ? (plan.statusComment.id === null ? 'status comment created' : 'status comment updated') : '',
    plan.replies.length ? `${plan.replies.length} replies` : '',
    plan.issue !== 'none' ? plan.issue : '',
  ];
  return parts.filter(Boolean).join('; ') || 'nothing';
}
