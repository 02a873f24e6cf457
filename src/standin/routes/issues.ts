import { HttpError } from '../errors.js';
import { commentJson, eventJson, issueJson } from '../json.js';
import { addAssignees, createIssue, removeAssignees, updateIssue, type IssuePatch } from '../mutations.js';
import type { State } from '../state.js';
import type { IssueRecord, RepoRecord, StateReason } from '../types.js';
import {
  actorOf,
  issueOf,
  nameList,
  nullableString,
  optionalString,
  page,
  queryEnum,
  querySince,
  repoOf,
  reply,
  requiredString,
  type RequestContext,
  type Reply,
  type RouteTable,
} from './context.js';

const SORT_KEYS = {
  created: (issue: IssueRecord) => Date.parse(issue.createdAt),
  updated: (issue: IssueRecord) => Date.parse(issue.updatedAt),
  comments: (issue: IssueRecord) => issue.commentIds.length,
} as const;

type SortKey = keyof typeof SORT_KEYS;

/** Orders issues by a key, ties broken by number so equal timestamps stay deterministic. */
export function sortIssues(issues: IssueRecord[], sort: SortKey, direction: 'asc' | 'desc'): IssueRecord[] {
  const key = SORT_KEYS[sort];
  const sign = direction === 'asc' ? 1 : -1;
  return issues.sort((a, b) => sign * (key(a) - key(b) || a.number - b.number));
}

function userFilter(value: string | null, logins: readonly string[]): boolean {
  if (value === null || value === '') return true;
  if (value === '*') return logins.length > 0;
  if (value === 'none') return logins.length === 0;
  return logins.some((login) => login.toLowerCase() === value.toLowerCase());
}

function issueFilter(ctx: RequestContext, state: State, repo: RepoRecord): (issue: IssueRecord) => boolean {
  const wantedState = queryEnum(ctx, 'state', ['open', 'closed', 'all'] as const, 'open');
  const labels = (ctx.query.get('labels') ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== '');
  const since = querySince(ctx);
  const creator = ctx.query.get('creator');
  return (issue) => {
    const names = state.issueLabels(repo, issue).map((label) => label.name.toLowerCase());
    return (
      (wantedState === 'all' || issue.state === wantedState) &&
      labels.every((name) => names.includes(name)) &&
      (since === undefined || Date.parse(issue.updatedAt) >= since) &&
      userFilter(creator, [issue.author]) &&
      userFilter(ctx.query.get('assignee'), issue.assignees)
    );
  };
}

function listIssues(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const sort = queryEnum(ctx, 'sort', ['created', 'updated', 'comments'] as const, 'created');
  const direction = queryEnum(ctx, 'direction', ['asc', 'desc'] as const, 'desc');
  const issues = sortIssues([...repo.issues.values()].filter(issueFilter(ctx, ctx.state, repo)), sort, direction);
  return page(ctx, issues, (issue) => issueJson(ctx.state, repo, issue));
}

function postIssue(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const { issue, deliveries } = createIssue(ctx.state, actorOf(ctx), repo, {
    title: requiredString(ctx, 'title', 'Issue'),
    body: nullableString(ctx, 'body') ?? null,
    labels: nameList(ctx, 'labels') ?? [],
    assignees: nameList(ctx, 'assignees') ?? [],
  });
  ctx.backend.emit(deliveries);
  return reply(issueJson(ctx.state, repo, issue, true), 201);
}

function getIssue(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  return reply(issueJson(ctx.state, repo, issueOf(ctx, repo), true));
}

const STATE_REASONS: readonly string[] = ['completed', 'not_planned', 'reopened'];

function issuePatch(ctx: RequestContext): IssuePatch {
  const patch: IssuePatch = {};
  const title = optionalString(ctx, 'title');
  if (title !== undefined) patch.title = title;
  const body = nullableString(ctx, 'body');
  if (body !== undefined) patch.body = body;
  const state = optionalString(ctx, 'state');
  if (state !== undefined) {
    if (state !== 'open' && state !== 'closed') throw new HttpError(422, `Invalid request.\n\n"state" must be open or closed.`);
    patch.state = state;
  }
  const reason = nullableString(ctx, 'state_reason');
  if (reason !== undefined) {
    if (reason !== null && !STATE_REASONS.includes(reason)) throw new HttpError(422, `Invalid request.\n\n"state_reason" is not valid.`);
    patch.state_reason = reason as StateReason;
  }
  const labels = nameList(ctx, 'labels');
  if (labels) patch.labels = labels;
  const assignees = nameList(ctx, 'assignees');
  if (assignees) patch.assignees = assignees;
  return patch;
}

function patchIssue(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  ctx.backend.emit(updateIssue(ctx.state, actorOf(ctx), repo, issue, issuePatch(ctx)));
  return reply(issueJson(ctx.state, repo, issue, true));
}

function listEvents(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const lag = ctx.state.eventsLagMs;
  const listed = issueOf(ctx, repo).events.filter((event) => lag <= 0 || Date.parse(event.createdAt) <= ctx.state.clock.nowMs() - lag);
  return page(ctx, listed, (event) => eventJson(ctx.state, repo, event));
}

/** Events and comments in time order; comments appear as `commented` entries. */
function timeline(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  const entries = [
    ...issue.events.map((event) => ({ at: event.createdAt, order: 0, id: event.id, json: eventJson(ctx.state, repo, event) as object })),
    ...ctx.state.issueComments(issue).map((comment) => {
      const json = commentJson(ctx.state, repo, comment);
      return { at: comment.createdAt, order: 1, id: comment.id, json: { event: 'commented', actor: json.user, ...json } };
    }),
  ].sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.order - b.order || a.id - b.id);
  return page(ctx, entries, (entry) => entry.json);
}

function assign(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  ctx.backend.emit(addAssignees(ctx.state, actorOf(ctx), repo, issue, nameList(ctx, 'assignees') ?? []));
  return reply(issueJson(ctx.state, repo, issue), 201);
}

function unassign(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  ctx.backend.emit(removeAssignees(ctx.state, actorOf(ctx), repo, issue, nameList(ctx, 'assignees') ?? []));
  return reply(issueJson(ctx.state, repo, issue));
}

export const issueRoutes: RouteTable = [
  ['GET /repos/{owner}/{repo}/issues', { auth: 'repo', handle: listIssues }],
  ['POST /repos/{owner}/{repo}/issues', { auth: 'repo', handle: postIssue }],
  ['GET /repos/{owner}/{repo}/issues/{issue_number}', { auth: 'repo', handle: getIssue }],
  ['PATCH /repos/{owner}/{repo}/issues/{issue_number}', { auth: 'repo', handle: patchIssue }],
  ['GET /repos/{owner}/{repo}/issues/{issue_number}/events', { auth: 'repo', handle: listEvents }],
  ['GET /repos/{owner}/{repo}/issues/{issue_number}/timeline', { auth: 'repo', handle: timeline }],
  ['POST /repos/{owner}/{repo}/issues/{issue_number}/assignees', { auth: 'repo', handle: assign }],
  ['DELETE /repos/{owner}/{repo}/issues/{issue_number}/assignees', { auth: 'repo', handle: unassign }],
];
