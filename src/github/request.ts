import type { Context } from 'probot';
import { checkRequest, type CheckResult } from '../checks/validate.js';
import type { TriageInput } from '../triage/request.js';
import { findStatusComment, loadConfig, loadForm } from './load.js';
import { labelNames, type RepoRef } from './octokit.js';

/** The subset of an issue payload the bot reads. */
export interface IssuePayload {
  number: number;
  state?: string;
  body?: string | null;
  user: { login: string } | null;
  labels?: ({ name?: string } | string | null)[];
  pull_request?: unknown;
}

export interface LoadedRequest {
  repo: RepoRef;
  input: TriageInput;
  check: CheckResult;
}

export type RequestContext = Context<'issues' | 'issue_comment'>;

/**
 * Everything the core needs about one request: config, form, labels, status comment and the
 * form's checks. Null when the bot has nothing to do here (not a request, or a broken config
 * or form, which are logged).
 */
export async function loadRequest(context: RequestContext, issue: IssuePayload): Promise<LoadedRequest | null> {
  if (issue.pull_request) return null;
  const repo = context.repo();
  const where = `${repo.owner}/${repo.repo}`;
  const config = await loadConfig(context, where);
  if (!config) return null;
  const labels = labelNames(issue.labels);
  if (!labels.some((l) => l.toLowerCase() === config.formLabel.toLowerCase())) return null;
  const template = await loadForm(context.octokit, repo, config.form, context.log);
  if (!template) return null;
  const status = await findStatusComment(context.octokit, repo, issue.number);
  const input: TriageInput = {
    config,
    template,
    request: {
      number: issue.number,
      author: issue.user?.login ?? 'ghost',
      open: issue.state !== 'closed',
      labels,
      body: issue.body ?? null,
      status,
    },
  };
  return { repo, input, check: checkRequest(template, input.request.body, config.username) };
}
