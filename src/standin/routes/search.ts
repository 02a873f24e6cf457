import { HttpError } from '../errors.js';
import { issueJson } from '../json.js';
import { matches, parseSearchQuery, type Searchable } from '../search.js';
import type { IssueRecord, RepoRecord } from '../types.js';
import { paginate, queryEnum, reply, type RequestContext, type Reply, type RouteTable } from './context.js';
import { sortIssues } from './issues.js';

function visibleRepos(ctx: RequestContext): RepoRecord[] {
  const { identity } = ctx;
  const all = [...ctx.state.repos.values()];
  return identity.kind === 'installation' ? all.filter((repo) => ctx.state.installed(identity.installationId, repo)) : all;
}

function searchable(ctx: RequestContext, repo: RepoRecord, issue: IssueRecord): Searchable {
  return {
    repo: repo.fullName,
    title: issue.title,
    body: issue.body,
    state: issue.state,
    labels: ctx.state.issueLabels(repo, issue).map((label) => label.name),
    author: issue.author,
    assignees: issue.assignees,
    createdAt: issue.createdAt,
    updatedAt: issue.updatedAt,
    closedAt: issue.closedAt,
  };
}

/** `GET /search/issues`: see search.ts for the query language; costs the separate search budget. */
function searchIssues(ctx: RequestContext): Reply {
  const query = parseSearchQuery(ctx.query.get('q') ?? '');
  const repos = visibleRepos(ctx);
  const missing = query.repos.filter((name) => !repos.some((repo) => repo.fullName.toLowerCase() === name));
  if (missing.length > 0) {
    throw new HttpError(422, 'Validation Failed', [
      {
        resource: 'Search',
        code: 'invalid',
        field: 'q',
        message:
          'The listed users and repositories cannot be searched either because the resources do not exist or you do not have permission to view them.',
      },
    ]);
  }
  const found = repos.flatMap((repo) =>
    [...repo.issues.values()].filter((issue) => matches(query, searchable(ctx, repo, issue))).map((issue) => ({ repo, issue })),
  );
  const sort = queryEnum(ctx, 'sort', ['created', 'updated', 'comments'] as const, 'created');
  const order = queryEnum(ctx, 'order', ['asc', 'desc'] as const, 'desc');
  const ordered = sortIssues(
    found.map((hit) => hit.issue),
    sort,
    order,
  );
  const repoOf = new Map(found.map((hit) => [hit.issue, hit.repo]));
  const { items, headers } = paginate(ctx, ordered);
  return reply(
    {
      total_count: ordered.length,
      incomplete_results: false,
      items: items.map((issue) => ({ ...issueJson(ctx.state, repoOf.get(issue) as RepoRecord, issue), score: 1 })),
    },
    200,
    headers,
  );
}

export const searchRoutes: RouteTable = [['GET /search/issues', { auth: 'repo', resource: 'search', handle: searchIssues }]];
