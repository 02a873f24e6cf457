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

interface RepositoryPayload {
  repository: RepositoryJson;
  sender: UserJson;
  installation: InstallationLiteJson;
}

export interface IssueChanges {
  title?: { from: string };
  body?: { from: string };
}

interface IssuesBase extends RepositoryPayload {
  issue: IssueJson;
}

/**
 * `issues` payloads, one member per action, so that each is assignable to Probot's and
 * @octokit/webhooks' typed events (`probot.receive(delivery)` needs no cast). Fields an action
 * does not carry are typed `undefined` so `payload.label?.name` reads on any member.
 */
export type IssuesPayload =
  | (IssuesBase & { action: 'opened'; changes?: undefined; label?: undefined; assignee?: undefined })
  | (IssuesBase & { action: 'closed'; changes?: undefined; label?: undefined; assignee?: undefined })
  | (IssuesBase & { action: 'reopened'; changes?: undefined; label?: undefined; assignee?: undefined })
  | (IssuesBase & { action: 'edited'; changes: IssueChanges; label?: undefined; assignee?: undefined })
  | (IssuesBase & { action: 'labeled'; label: LabelJson; changes?: undefined; assignee?: undefined })
  | (IssuesBase & { action: 'unlabeled'; label: LabelJson; changes?: undefined; assignee?: undefined })
  | (IssuesBase & { action: 'assigned'; assignee: UserJson; changes?: undefined; label?: undefined })
  | (IssuesBase & { action: 'unassigned'; assignee: UserJson; changes?: undefined; label?: undefined });

interface IssueCommentBase extends RepositoryPayload {
  issue: IssueJson;
  comment: CommentJson;
}

export type IssueCommentPayload =
  | (IssueCommentBase & { action: 'created'; changes?: undefined })
  | (IssueCommentBase & { action: 'edited'; changes: { body: { from: string } } })
  | (IssueCommentBase & { action: 'deleted'; changes?: undefined });

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

/** One delivery per payload member (distributes over unions), as Probot's typed events are shaped. */
type DeliveryOf<N extends string, P> = P extends unknown ? { id: string; name: N; payload: P } : never;

/** One webhook delivery as GitHub would send it: the `X-GitHub-Delivery` id, event name and payload. */
export type IssuesDelivery = DeliveryOf<'issues', IssuesPayload>;
export type IssueCommentDelivery = DeliveryOf<'issue_comment', IssueCommentPayload>;
export type PushDelivery = { id: string; name: 'push'; payload: PushPayload };
export type IssueDelivery = IssuesDelivery | IssueCommentDelivery;
/** The `issues` deliveries of some actions, e.g. `IssuesDeliveryOf<'opened' | 'labeled'>`. */
export type IssuesDeliveryOf<A extends IssuesPayload['action']> = Extract<IssuesDelivery, { payload: { action: A } }>;
export type IssueCommentDeliveryOf<A extends IssueCommentPayload['action']> = Extract<IssueCommentDelivery, { payload: { action: A } }>;
export type WebhookDelivery = IssuesDelivery | IssueCommentDelivery | PushDelivery;

export function common(state: State, repo: RepoRecord, sender: string): RepositoryPayload {
  return {
    repository: repositoryJson(state, repo),
    sender: userByLogin(state, sender),
    installation: installationLiteJson(repo.installationId),
  };
}

/** What happened to an issue, with what the payload needs besides the issue. */
export type IssuesEvent =
  | { action: 'opened' | 'closed' | 'reopened' }
  | { action: 'edited'; changes: IssueChanges }
  | { action: 'labeled' | 'unlabeled'; label: LabelRecord }
  | { action: 'assigned' | 'unassigned'; assignee: string };

/** An `issues` delivery carrying the issue as it is now (GitHub's key order: action, issue, detail, repository…). */
export function issuesDelivery<E extends IssuesEvent>(
  state: State,
  repo: RepoRecord,
  issue: IssueRecord,
  sender: string,
  event: E,
): IssuesDeliveryOf<E['action']> {
  const head = { issue: issueJson(state, repo, issue) };
  const tail = common(state, repo, sender);
  const payload = ((): IssuesPayload => {
    switch (event.action) {
      case 'edited':
        return { action: event.action, ...head, changes: event.changes, ...tail };
      case 'labeled':
      case 'unlabeled':
        return { action: event.action, ...head, label: labelJson(repo, event.label), ...tail };
      case 'assigned':
      case 'unassigned':
        return { action: event.action, ...head, assignee: userByLogin(state, event.assignee), ...tail };
      default:
        return { action: event.action, ...head, ...tail };
    }
  })();
  // The same object, typed per member: TypeScript does not narrow a union-typed property itself.
  return { id: randomUUID(), name: 'issues', payload } as IssuesDeliveryOf<E['action']>;
}

export type IssueCommentEvent = { action: 'created' | 'deleted' } | { action: 'edited'; from: string };

/** An `issue_comment` delivery carrying the issue and the comment as they are now. */
export function issueCommentDelivery<E extends IssueCommentEvent>(
  state: State,
  repo: RepoRecord,
  issue: IssueRecord,
  comment: CommentRecord,
  sender: string,
  event: E,
): IssueCommentDeliveryOf<E['action']> {
  const body = { issue: issueJson(state, repo, issue), comment: commentJson(state, repo, comment), ...common(state, repo, sender) };
  const payload: IssueCommentPayload =
    event.action === 'edited'
      ? { action: event.action, changes: { body: { from: event.from } }, ...body }
      : { action: event.action, ...body };
  return { id: randomUUID(), name: 'issue_comment', payload } as IssueCommentDeliveryOf<E['action']>;
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
