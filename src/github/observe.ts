import { isStatusComment, replyKeysIn } from '../comment/data.js';
import type { CommentView, IssueEventView, IssueView } from '../triage/reconcile.js';
import { labelNames, type Octokit, type RepoRef } from './octokit.js';

/**
 * Who "the bot" is on GitHub: its comments and events are never people's. Every identity of
 * one deployment counts (docs/security-and-limits.md, "Identities and the record"): the app's bot writes in server mode,
 * `github-actions[bot]` in Action mode and in the sweep workflow; a status comment or a reply
 * written under any of them is adopted (kept and edited), never duplicated, so switching modes
 * keeps each request's history and the app and the sweep never fight over it. A comment by
 * anyone else that carries the markers is a person's comment.
 */
export interface Identity {
  /**
   * e.g. `recovery-triage[bot]` and `github-actions[bot]`, plus the logins given in
   * `RECOVERY_TRIAGE_BOT_LOGIN` (or `--bot-login`); the login this shell writes as comes first.
   */
  logins: string[];
  /** The GitHub App's id, matched against `performed_via_github_app`. */
  appId: number | null;
}

/** The fields of an issue, comment or event that the bot reads (REST and webhook shapes agree). */
interface UserLike {
  login?: string;
  id?: number;
  type?: string;
}
interface AppLike {
  id?: number;
}
export interface RawIssue {
  number: number;
  state?: string;
  state_reason?: string | null;
  closed_at?: string | null;
  closed_by?: UserLike | null;
  body?: string | null;
  user: UserLike | null;
  labels?: ({ name?: string } | string | null)[];
  assignees?: (UserLike | null)[] | null;
  created_at: string;
  updated_at: string;
  comments?: number;
  pull_request?: unknown;
}
export interface RawComment {
  id: number;
  body?: string | null;
  user: UserLike | null;
  created_at: string;
  updated_at: string;
  performed_via_github_app?: AppLike | null;
}
export interface RawEvent {
  id: number;
  event: string;
  actor?: UserLike | null;
  created_at: string;
  label?: { name?: string | null } | null;
  state_reason?: string | null;
  performed_via_github_app?: AppLike | null;
}

export function issueView(raw: RawIssue): IssueView {
  return {
    number: raw.number,
    author: raw.user?.login ?? 'ghost',
    authorId: typeof raw.user?.id === 'number' ? raw.user.id : null,
    open: raw.state !== 'closed',
    stateReason: raw.state_reason ?? null,
    closedAt: raw.closed_at ?? null,
    closedBy: raw.closed_by?.login ?? null,
    labels: labelNames(raw.labels),
    assignees: (raw.assignees ?? []).flatMap((a) => (a?.login ? [a.login] : [])),
    body: raw.body ?? null,
    createdAt: raw.created_at,
    updatedAt: raw.updated_at,
  };
}

/** The login GitHub Actions' workflow token writes as (Action mode, the sweep workflow). */
export const ACTIONS_BOT = 'github-actions[bot]';

/** Logins in `RECOVERY_TRIAGE_BOT_LOGIN` (comma-separated), trimmed; none for unset. */
export function loginList(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The server's identity: its own bot first, then the other identities of the deployment
 * (`github-actions[bot]`, which the sweep workflow and Action mode write as, and any given).
 */
export function deploymentIdentity(ownLogin: string, appId: number | null, extra: readonly string[] = []): Identity {
  const logins: string[] = [];
  for (const login of [ownLogin, ACTIONS_BOT, ...extra])
    if (!logins.some((l) => l.toLowerCase() === login.toLowerCase())) logins.push(login);
  return { logins, appId };
}

/** Written by one of this deployment's identities. */
export function isOwn(identity: Identity, user: UserLike | null | undefined, app?: AppLike | null): boolean {
  return byApp(identity, user, app);
}

function byApp(identity: Identity, user: UserLike | null | undefined, app: AppLike | null | undefined): boolean {
  if (identity.appId !== null && app?.id === identity.appId) return true;
  const login = user?.login?.toLowerCase();
  return login !== undefined && identity.logins.some((l) => l.toLowerCase() === login);
}

export interface CommentSplit {
  status: { id: number; body: string } | null;
  extraStatus: number[];
  comments: CommentView[];
  replyKeys: Set<string>;
  /** The newest comment of this deployment's identities, if any. */
  ownLatest: number | null;
}

/**
 * Sorts an issue's comments into the app's own (its status comment, further status comments a
 * race left behind, its replies) and everyone else's. A comment by another app that carries the
 * status marker is not ours and is never overwritten.
 */
export function splitComments(raw: readonly RawComment[], identity: Identity): CommentSplit {
  const mine: RawComment[] = [];
  const comments: CommentView[] = [];
  const replyKeys = new Set<string>();
  for (const c of [...raw].sort((a, b) => a.id - b.id)) {
    if (byApp(identity, c.user, c.performed_via_github_app)) {
      mine.push(c);
      for (const key of replyKeysIn(c.body)) replyKeys.add(key);
      continue;
    }
    comments.push({
      id: c.id,
      author: c.user?.login ?? 'ghost',
      isBot: c.user?.type === 'Bot',
      body: c.body ?? '',
      createdAt: c.created_at,
      updatedAt: c.updated_at,
    });
  }
  const statuses = mine.filter((c) => isStatusComment(c.body));
  const first = statuses[0];
  return {
    status: first ? { id: first.id, body: first.body ?? '' } : null,
    extraStatus: statuses.slice(1).map((c) => c.id),
    comments,
    replyKeys,
    ownLatest: mine.at(-1)?.id ?? null,
  };
}

const EVENT_KINDS = new Set(['labeled', 'unlabeled', 'closed', 'reopened']);

export function eventViews(raw: readonly RawEvent[], identity: Identity): IssueEventView[] {
  return raw
    .filter((e) => EVENT_KINDS.has(e.event))
    .map((e) => ({
      id: e.id,
      kind: e.event as IssueEventView['kind'],
      actor: e.actor?.login ?? 'ghost',
      byApp: byApp(identity, e.actor, e.performed_via_github_app),
      at: e.created_at,
      label: e.label?.name ?? null,
      stateReason: e.state_reason ?? null,
    }));
}

/** Most comments one run reads: a request with more is read up to here (the status comment is early). */
export const MAX_COMMENT_PAGES = 30;

/** The live issue: one read. */
export async function readIssue(octokit: Octokit, repo: RepoRef, number: number): Promise<RawIssue> {
  const { data } = await octokit.rest.issues.get({ ...repo, issue_number: number });
  return data as RawIssue;
}

/** Every comment, oldest first; skipped when the issue says it has none. */
export async function readComments(octokit: Octokit, repo: RepoRef, issue: RawIssue): Promise<RawComment[]> {
  if (issue.comments === 0) return [];
  let pages = 0;
  return (await octokit.paginate(
    octokit.rest.issues.listComments,
    { ...repo, issue_number: issue.number, per_page: 100 },
    (response, done) => {
      pages += 1;
      if (pages >= MAX_COMMENT_PAGES) done();
      return response.data;
    },
  )) as RawComment[];
}

export async function readEvents(octokit: Octokit, repo: RepoRef, number: number): Promise<RawEvent[]> {
  return (await octokit.paginate(octokit.rest.issues.listEvents, { ...repo, issue_number: number, per_page: 100 })) as RawEvent[];
}
