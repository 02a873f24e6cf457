import { replyKeysIn, replyMarker } from '../comment/data.js';
import type { Config } from '../config/schema.js';
import type { Plan } from '../triage/plan.js';
import { redactForConfig } from '../triage/sensitive-event.js';
import { guardWrites } from './guard.js';
import { isOwn, type Identity, type RawComment } from './observe.js';
import { statusOf, type Logger, type Octokit, type RepoRef } from './octokit.js';

/** Label names known to exist per repository, so a label is created at most once per process. */
export class KnownLabels {
  private readonly repos = new Map<string, Set<string>>();
  constructor(private readonly maxRepos = 1000) {}

  has(repo: RepoRef, name: string): boolean {
    return this.repos.get(key(repo))?.has(name.toLowerCase()) ?? false;
  }

  add(repo: RepoRef, name: string): void {
    const k = key(repo);
    let names = this.repos.get(k);
    if (!names) {
      names = new Set();
      this.repos.set(k, names);
      if (this.repos.size > this.maxRepos) {
        const oldest = this.repos.keys().next().value;
        if (oldest !== undefined) this.repos.delete(oldest);
      }
    }
    names.add(name.toLowerCase());
  }

  forget(repo: RepoRef): void {
    this.repos.delete(key(repo));
  }
}

function key(repo: RepoRef): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}

export interface ApplyOptions {
  labels: KnownLabels;
  log: Logger;
  /** Log the plan and write nothing. */
  dryRun?: boolean;
  /** Called before each write; throws to stop the run there (e.g. its issue's lock was lost). */
  beforeWrite?: () => Promise<void>;
  /**
   * Right before posting replies, read the comments changed since `since` (the issue's
   * `updated_at` as the run read it; one page) and skip each reply whose key one of this
   * deployment's identities has posted meanwhile (another writer got there first).
   */
  standing?: { since: string; identity: Identity };
}

/** Writes one plan made; counted by the caller for budgets and logs. */
export interface Applied {
  writes: number;
}

/**
 * Applies a plan in an order that keeps the request readable if a call fails halfway: the new
 * state label goes on before the old one comes off, replies and the close come next, and the
 * status comment, which records what was handled, comes last. A failure is rethrown; the next
 * run (a retry, any later event on the issue, or the sweep) decides again from what GitHub
 * shows and finishes the rest. Benign answers are success: 422 `already_exists` when creating a
 * label, 404 when removing a label or deleting a comment that is already gone.
 */
export async function applyPlan(
  octokit: Octokit,
  repo: RepoRef,
  issueNumber: number,
  plan: Plan,
  config: Config,
  options: ApplyOptions,
): Promise<Applied> {
  const { log } = options;
  if (options.beforeWrite) octokit = guardWrites(octokit, options.beforeWrite);
  if (options.dryRun) {
    log.info({ issue: issueNumber, plan: summarize(plan) }, 'recovery-triage: dry run, plan not applied');
    return { writes: 0 };
  }
  let writes = 0;
  const issue = { ...repo, issue_number: issueNumber };
  for (const label of plan.ensureLabels) {
    if (options.labels.has(repo, label.name)) continue;
    try {
      writes += 1;
      await octokit.rest.issues.createLabel({ ...repo, ...label });
    } catch (error) {
      if (!alreadyExists(error)) throw error;
    }
    options.labels.add(repo, label.name);
  }
  if (plan.addLabels.length > 0) {
    writes += 1;
    await octokit.rest.issues.addLabels({ ...issue, labels: plan.addLabels });
  }
  for (const name of plan.removeLabels) {
    writes += 1;
    await ignoring(404, octokit.rest.issues.removeLabel({ ...issue, name }));
  }
  if (plan.redactBody) {
    const { data } = await octokit.rest.issues.get(issue);
    const body = data.body ?? '';
    const redacted = redactForConfig(body, config);
    if (redacted !== body) {
      writes += 1;
      await octokit.rest.issues.update({ ...issue, body: redacted });
    }
  }
  for (const id of plan.redactComments) {
    const found = await ignoring(404, octokit.rest.issues.getComment({ ...repo, comment_id: id }));
    const body = found?.data.body ?? '';
    const redacted = redactForConfig(body, config);
    if (found && redacted !== body) {
      writes += 1;
      await octokit.rest.issues.updateComment({ ...repo, comment_id: id, body: redacted });
    }
  }
  const posted = plan.replies.length > 0 && options.standing ? await standingReplyKeys(octokit, issue, options.standing) : null;
  for (const reply of plan.replies) {
    if (posted?.has(reply.key)) {
      log.info(
        { issue: issueNumber },
        'recovery-triage: a reply owed is already on the issue (another writer posted it); not posted again',
      );
      continue;
    }
    writes += 1;
    await octokit.rest.issues.createComment({ ...issue, body: `${reply.body}\n\n${replyMarker(reply.key)}` });
  }
  for (const reaction of plan.reactions) {
    writes += 1;
    // GitHub answers 200 for a reaction that already exists: a rerun adds nothing.
    await ignoring(
      404,
      octokit.rest.reactions.createForIssueComment({ ...repo, comment_id: reaction.commentId, content: reaction.content }),
    );
  }
  if (plan.assign.length > 0) {
    writes += 1;
    await octokit.rest.issues.addAssignees({ ...issue, assignees: plan.assign });
  }
  if (plan.unassign.length > 0) {
    writes += 1;
    await ignoring(404, octokit.rest.issues.removeAssignees({ ...issue, assignees: plan.unassign }));
  }
  if (plan.issue !== 'none') {
    writes += 1;
    if (plan.issue === 'reopen') await octokit.rest.issues.update({ ...issue, state: 'open', state_reason: 'reopened' });
    else
      await octokit.rest.issues.update({
        ...issue,
        state: 'closed',
        state_reason: plan.issue === 'close-completed' ? 'completed' : 'not_planned',
      });
  }
  if (plan.statusComment) {
    writes += 1;
    if (plan.statusComment.id === null) await octokit.rest.issues.createComment({ ...issue, body: plan.statusComment.body });
    else await octokit.rest.issues.updateComment({ ...repo, comment_id: plan.statusComment.id, body: plan.statusComment.body });
  }
  for (const id of plan.deleteComments) {
    writes += 1;
    await ignoring(404, octokit.rest.issues.deleteComment({ ...repo, comment_id: id }));
  }
  if (writes > 0) log.info({ issue: issueNumber, plan: summarize(plan), writes }, 'recovery-triage: plan applied');
  return { writes };
}

/** Reply keys in the comments this deployment wrote since `since`: one bounded read. */
async function standingReplyKeys(
  octokit: Octokit,
  issue: RepoRef & { issue_number: number },
  standing: NonNullable<ApplyOptions['standing']>,
): Promise<Set<string>> {
  const { data } = await octokit.rest.issues.listComments({ ...issue, since: standing.since, per_page: 100 });
  const keys = new Set<string>();
  for (const comment of data as RawComment[])
    if (isOwn(standing.identity, comment.user, comment.performed_via_github_app))
      for (const key of replyKeysIn(comment.body)) keys.add(key);
  return keys;
}

async function ignoring<T>(status: number, call: Promise<T>): Promise<T | null> {
  try {
    return await call;
  } catch (error) {
    if (statusOf(error) === status) return null;
    throw error;
  }
}

function alreadyExists(error: unknown): boolean {
  if (statusOf(error) !== 422) return false;
  const errors = (error as { response?: { data?: { errors?: { code?: string }[] } } }).response?.data?.errors;
  return Array.isArray(errors) ? errors.some((e) => e.code === 'already_exists') : true;
}

/** One line of what a plan does, never any body text. */
export function summarize(plan: Plan): string {
  const parts = [
    plan.addLabels.length ? `+${plan.addLabels.join(',')}` : '',
    plan.removeLabels.length ? `-${plan.removeLabels.join(',')}` : '',
    plan.redactBody || plan.redactComments.length ? 'redaction' : '',
    plan.replies.length ? `${plan.replies.length} replies` : '',
    plan.reactions.length ? `${plan.reactions.length} reactions` : '',
    plan.assign.length ? `assigned ${plan.assign.length}` : '',
    plan.unassign.length ? `unassigned ${plan.unassign.length}` : '',
    plan.issue !== 'none' ? plan.issue : '',
    plan.statusComment ? (plan.statusComment.id === null ? 'status comment created' : 'status comment updated') : '',
    plan.deleteComments.length ? `${plan.deleteComments.length} duplicate status comments deleted` : '',
  ];
  return parts.filter(Boolean).join('; ') || 'nothing';
}
