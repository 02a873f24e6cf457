import { HttpError, notFound } from '../errors.js';
import { API, repositoryJson, userJson, WEB } from '../json.js';
import type { RepoRecord, UserRecord } from '../types.js';
import { reply, type Reply, type RequestContext, type RouteTable } from './context.js';

/**
 * Public reads any token can make, as GitHub answers them: a repository by name (301 to
 * `/repositories/{id}` when it was renamed or transferred, 404 when gone), by id, its branches,
 * and users by login or by numeric id with `created_at`.
 */

function visible(ctx: RequestContext, repo: RepoRecord): boolean {
  if (repo.public === true || ctx.identity.kind !== 'installation') return true;
  return ctx.state.installed(ctx.identity.installationId, repo);
}

/** The repository by name, a 301 answer for a former name, or 404. */
export function readableRepo(ctx: RequestContext): RepoRecord | Reply {
  const name = `${ctx.params.owner}/${ctx.params.repo}`.toLowerCase();
  const repo = ctx.state.findRepo(name);
  if (repo && visible(ctx, repo)) return repo;
  const movedId = repo ? undefined : ctx.state.moved.get(name);
  if (movedId !== undefined) {
    const target = [...ctx.state.repos.values()].find((r) => r.id === movedId);
    if (target && visible(ctx, target)) {
      const suffix = ctx.pathname.split('/').slice(4).join('/');
      const location = `${ctx.origin}/repositories/${movedId}${suffix === '' ? '' : `/${suffix}`}`;
      return {
        status: 301,
        json: {
          message: 'Moved Permanently',
          url: location,
          documentation_url: 'https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects',
        },
        headers: { location },
      };
    }
  }
  throw notFound();
}

function repoById(ctx: RequestContext): RepoRecord {
  const id = Number(ctx.params.repository_id);
  const repo = [...ctx.state.repos.values()].find((r) => r.id === id);
  if (!repo || !visible(ctx, repo)) throw notFound();
  return repo;
}

function branchJson(repo: RepoRecord, name: string, sha: string, date: string) {
  const api = `${API}/repos/${repo.fullName}`;
  const person = { name: repo.owner, email: `${repo.owner}@users.noreply.github.com`, date };
  return {
    name,
    commit: {
      sha,
      node_id: Buffer.from(`0:Commit${sha}`).toString('base64'),
      commit: {
        author: person,
        committer: person,
        message: 'Commit',
        tree: { sha, url: `${api}/git/trees/${sha}` },
        url: `${api}/git/commits/${sha}`,
        comment_count: 0,
      },
      url: `${api}/commits/${sha}`,
      html_url: `${WEB}/${repo.fullName}/commit/${sha}`,
      parents: [],
    },
    _links: { self: `${api}/branches/${encodeURIComponent(name)}`, html: `${WEB}/${repo.fullName}/tree/${name}` },
    protected: false,
    protection: { enabled: false, required_status_checks: { enforcement_level: 'off', contexts: [], checks: [] } },
    protection_url: `${api}/branches/${encodeURIComponent(name)}/protection`,
  };
}

function branchOf(ctx: RequestContext, repo: RepoRecord): Reply {
  const name = ctx.params.branch ?? '';
  if (name === repo.defaultBranch) return reply(branchJson(repo, name, repo.headSha, repo.pushedAt));
  const branch = repo.branches?.get(name);
  if (!branch) throw new HttpError(404, 'Branch not found');
  return reply(branchJson(repo, branch.name, branch.sha, branch.committedAt));
}

/** Accounts without a creation time set are old ones. */
const DEFAULT_CREATED = '2015-01-01T00:00:00Z';

function fullUserJson(ctx: RequestContext, user: UserRecord) {
  const created = user.createdAt ?? DEFAULT_CREATED;
  return {
    ...userJson(user),
    name: null,
    company: null,
    blog: '',
    location: null,
    email: null,
    hireable: null,
    bio: null,
    twitter_username: null,
    public_repos: [...ctx.state.repos.values()].filter((r) => r.owner.toLowerCase() === user.login.toLowerCase()).length,
    public_gists: 0,
    followers: 0,
    following: 0,
    created_at: created,
    updated_at: created,
  };
}

export const publicRoutes: RouteTable = [
  ['GET /repositories/{repository_id}', { auth: 'repo', handle: (ctx) => reply(repositoryJson(ctx.state, repoById(ctx))) }],
  ['GET /repositories/{repository_id}/branches/{branch}', { auth: 'repo', handle: (ctx) => branchOf(ctx, repoById(ctx)) }],
  [
    'GET /repos/{owner}/{repo}/branches/{branch}',
    {
      auth: 'repo',
      handle: (ctx) => {
        const repo = readableRepo(ctx);
        return 'fullName' in repo ? branchOf(ctx, repo) : repo;
      },
    },
  ],
  [
    'GET /users/{username}',
    {
      auth: 'repo',
      handle: (ctx) => {
        const user = ctx.state.users.get((ctx.params.username ?? '').toLowerCase());
        if (!user) throw notFound();
        return reply(fullUserJson(ctx, user));
      },
    },
  ],
  [
    'GET /user/{account_id}',
    {
      auth: 'repo',
      handle: (ctx) => {
        const id = Number(ctx.params.account_id);
        const user = [...ctx.state.users.values()].find((u) => u.id === id);
        if (!user) throw notFound();
        return reply(fullUserJson(ctx, user));
      },
    },
  ],
];
