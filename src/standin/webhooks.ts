import { randomUUID } from 'node:crypto';
import { commentJson, installationLiteJson, issueJson, labelJson, repositoryJson, userByLogin } from './json.js';
import type { State } from './state.js';
import type {
  CommentJson,
  CommentRecord,
  InstallationLiteJson,
  IssueJson,
  IssueRecord,
  LabelJson,
  LabelRecord,
  RepoRecord,
  RepositoryJson,
  UserJson,
} from './types.js';

export type IssuesAction = 'opened' | 'edited' | 'closed' | 'reopened' | 'labeled' | 'unlabeled' | 'assigned' | 'unassigned';
export type IssueCommentAction = 'created' | 'edited' | 'deleted';

interface RepositoryPayload {
  repository: RepositoryJson;
  sender: UserJson;
  installation: InstallationLiteJson;
}

export interface IssueChanges {
  title?: { from: string };
  body?: { from: string };
}

export interface IssuesPayload extends RepositoryPayload {
  action: IssuesAction;
  issue: IssueJson;
  label?: LabelJson;
  assignee?: UserJson;
  changes?: IssueChanges;
}

export interface IssueCommentPayload extends RepositoryPayload {
  action: IssueCommentAction;
  issue: IssueJson;
  comment: CommentJson;
  changes?: { body: { from: string } };
}

export interface PushCommitJson {
  id: string;
  tree_id: string;
  distinct: boolean;
  message: string;
  timestamp: string;
  url: string;
  author: { name: string; email: string; username: string };
  committer: { name: string; email: string; username: string };
  added: string[];
  removed: string[];
  modified: string[];
}

export interface PushPayload extends Omit<RepositoryPayload, 'repository'> {
  /** Push payloads add `stargazers` and `master_branch` to the repository. */
  repository: RepositoryJson & { stargazers: number; master_branch: string };
  ref: string;
  before: string;
  after: string;
  created: boolean;
  deleted: boolean;
  forced: boolean;
  base_ref: null;
  compare: string;
  commits: PushCommitJson[];
  head_commit: PushCommitJson | null;
  pusher: { name: string; email: string };
}

/** One webhook delivery as GitHub would send it: the `X-GitHub-Delivery` id, event name and payload. */
export type IssuesDelivery = { id: string; name: 'issues'; payload: IssuesPayload };
export type IssueCommentDelivery = { id: string; name: 'issue_comment'; payload: IssueCommentPayload };
export type PushDelivery = { id: string; name: 'push'; payload: PushPayload };
export type IssueDelivery = IssuesDelivery | IssueCommentDelivery;
export type WebhookDelivery = IssuesDelivery | IssueCommentDelivery | PushDelivery;

export function common(state: State, repo: RepoRecord, sender: string): RepositoryPayload {
  return {
    repository: repositoryJson(state, repo),
    sender: userByLogin(state, sender),
    installation: installationLiteJson(repo.installationId),
  };
}

/** An `issues` delivery carrying the issue as it is now. */
export function issuesDelivery(
  state: State,
  repo: RepoRecord,
  issue: IssueRecord,
  sender: string,
  action: IssuesAction,
  extra: { label?: LabelRecord; assignee?: string; changes?: IssueChanges } = {},
): IssuesDelivery {
  const payload: IssuesPayload = { action, issue: issueJson(state, repo, issue), ...common(state, repo, sender) };
  if (extra.label) payload.label = labelJson(repo, extra.label);
  if (extra.assignee !== undefined) payload.assignee = userByLogin(state, extra.assignee);
  if (extra.changes) payload.changes = extra.changes;
  return { id: randomUUID(), name: 'issues', payload: reorder(payload) };
}

/** An `issue_comment` delivery carrying the issue and the comment as they are now. */
export function issueCommentDelivery(
  state: State,
  repo: RepoRecord,
  issue: IssueRecord,
  comment: CommentRecord,
  sender: string,
  action: IssueCommentAction,
  from?: string,
): IssueCommentDelivery {
  const payload: IssueCommentPayload = {
    action,
    ...(from !== undefined ? { changes: { body: { from } } } : {}),
    issue: issueJson(state, repo, issue),
    comment: commentJson(state, repo, comment),
    ...common(state, repo, sender),
  };
  return { id: randomUUID(), name: 'issue_comment', payload };
}

/** GitHub puts `action` first and the subject before repository/sender; keep that order for readable dumps. */
function reorder(payload: IssuesPayload): IssuesPayload {
  const { action, issue, changes, label, assignee, repository, sender, installation } = payload;
  return {
    action,
    issue,
    ...(changes ? { changes } : {}),
    ...(label ? { label } : {}),
    ...(assignee ? { assignee } : {}),
    repository,
    sender,
    installation,
  };
}

/** A `push` delivery for one commit on the default branch. */
export function pushDelivery(
  state: State,
  repo: RepoRecord,
  change: { before: string; after: string; at: string; added: string[]; modified: string[]; removed: string[] },
  pusher: string,
  message: string,
): PushDelivery {
  const user = state.user(pusher);
  const person = { name: user.login, email: `${user.id}+${user.login}@users.noreply.github.com`, username: user.login };
  const commit: PushCommitJson = {
    id: change.after,
    tree_id: change.after.split('').reverse().join(''),
    distinct: true,
    message,
    timestamp: change.at.replace(/Z$/, '+00:00'),
    url: `https://github.com/${repo.fullName}/commit/${change.after}`,
    author: person,
    committer: person,
    added: change.added,
    removed: change.removed,
    modified: change.modified,
  };
  const base = common(state, repo, pusher);
  const payload: PushPayload = {
    ref: `refs/heads/${repo.defaultBranch}`,
    before: change.before,
    after: change.after,
    created: false,
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/${repo.fullName}/compare/${change.before.slice(0, 12)}...${change.after.slice(0, 12)}`,
    commits: [commit],
    head_commit: commit,
    pusher: { name: person.name, email: person.email },
    ...base,
    repository: { ...base.repository, stargazers: 0, master_branch: repo.defaultBranch },
  };
  return { id: randomUUID(), name: 'push', payload };
}
