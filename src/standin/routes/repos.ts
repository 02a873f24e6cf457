import { notFound } from '../errors.js';
import { API, repositoryJson, userByLogin, WEB } from '../json.js';
import { blobSha } from '../state.js';
import type { FileRecord, RepoRecord } from '../types.js';
import { appInstallationJson } from './app.js';
import { readableRepo } from './public.js';
import { page, paginate, repoOf, reply, type RequestContext, type Reply, type RouteTable } from './context.js';

function getRepo(ctx: RequestContext): Reply {
  // Public repositories of other accounts are readable too; a former name answers 301.
  const repo = readableRepo(ctx);
  return 'fullName' in repo ? reply(repositoryJson(ctx.state, repo)) : repo;
}

const RAW = /application\/vnd\.github(?:\.v3)?\.raw/;

/** Only the default branch exists: `ref` may name it (or refs/heads/it) or its head commit. */
function checkRef(ctx: RequestContext, repo: RepoRecord): void {
  const ref = ctx.query.get('ref');
  if (ref === null || ref === '') return;
  if ([repo.defaultBranch, `refs/heads/${repo.defaultBranch}`, `heads/${repo.defaultBranch}`, repo.headSha].includes(ref)) return;
  throw notFound(`No commit found for the ref ${ref}`);
}

function contentLinks(repo: RepoRecord, path: string, type: 'file' | 'dir', sha: string) {
  const url = `${API}/repos/${repo.fullName}/contents/${path}?ref=${repo.defaultBranch}`;
  const html = `${WEB}/${repo.fullName}/${type === 'file' ? 'blob' : 'tree'}/${repo.defaultBranch}/${path}`;
  const git = `${API}/repos/${repo.fullName}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
  return { url, html_url: html, git_url: git, _links: { self: url, git, html } };
}

function fileJson(repo: RepoRecord, path: string, file: FileRecord) {
  const base64 = Buffer.from(file.text, 'utf8').toString('base64');
  return {
    type: 'file',
    encoding: 'base64',
    size: Buffer.byteLength(file.text, 'utf8'),
    name: path.slice(path.lastIndexOf('/') + 1),
    path,
    content: `${base64.replace(/.{1,60}/g, '$&\n')}`,
    sha: file.sha,
    ...contentLinks(repo, path, 'file', file.sha),
    download_url: `https://raw.githubusercontent.com/${repo.fullName}/${repo.defaultBranch}/${path}`,
  };
}

/** The entries directly under a directory, or null when nothing lives there. */
function directory(repo: RepoRecord, dir: string) {
  const prefix = dir === '' ? '' : `${dir}/`;
  const entries = new Map<string, { type: 'file' | 'dir'; path: string; file?: FileRecord }>();
  for (const [path, file] of repo.files) {
    if (!path.startsWith(prefix)) continue;
    const [name, ...rest] = path.slice(prefix.length).split('/');
    const entryPath = `${prefix}${name}`;
    entries.set(entryPath, rest.length === 0 ? { type: 'file', path: entryPath, file } : { type: 'dir', path: entryPath });
  }
  if (entries.size === 0) return null;
  return [...entries.values()]
    .sort((a, b) => a.path.localeCompare(b.path))
    .map((entry) => {
      const sha = entry.file?.sha ?? blobSha(entry.path);
      return {
        type: entry.type,
        size: entry.file ? Buffer.byteLength(entry.file.text, 'utf8') : 0,
        name: entry.path.slice(entry.path.lastIndexOf('/') + 1),
        path: entry.path,
        sha,
        ...contentLinks(repo, entry.path, entry.type, sha),
        download_url: entry.file ? `https://raw.githubusercontent.com/${repo.fullName}/${repo.defaultBranch}/${entry.path}` : null,
      };
    });
}

/** Raw text for the raw media type, else JSON with base64 content; ETag from the blob sha. */
function getContent(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  checkRef(ctx, repo);
  const path = (ctx.params.path ?? '').replace(/^\/+|\/+$/g, '');
  const file = repo.files.get(path);
  const raw = RAW.test(String(ctx.headers.accept ?? ''));
  if (file && raw) return { status: 200, text: file.text, contentType: 'text/plain; charset=utf-8', etag: `"${file.sha}"` };
  if (file) return { status: 200, json: fileJson(repo, path, file), etag: `W/"${file.sha}"` };
  const listing = directory(repo, path);
  if (!listing) throw notFound();
  return reply(listing);
}

function getPermission(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const login = ctx.params.username ?? '';
  const { permission, role_name } = ctx.state.permission(repo, login);
  const user = userByLogin(ctx.state, login);
  return reply({ permission, role_name, user: { ...user, permissions: permissionFlags(permission, role_name) } });
}

function permissionFlags(permission: string, role: string) {
  return {
    admin: permission === 'admin',
    maintain: permission === 'admin' || role === 'maintain',
    push: permission === 'admin' || permission === 'write',
    triage: permission === 'admin' || permission === 'write' || role === 'triage',
    pull: permission !== 'none',
  };
}

/** 204 for an explicit collaborator (or the owner), 404 otherwise. */
function checkCollaborator(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const login = (ctx.params.username ?? '').toLowerCase();
  if (repo.permissions.has(login) || login === repo.owner.toLowerCase()) return { status: 204 };
  throw notFound();
}

function getRepoInstallation(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  return reply(appInstallationJson(ctx, ctx.state.installation(repo.installationId)));
}

function installationRepositories(ctx: RequestContext): Reply {
  if (ctx.identity.kind !== 'installation') throw notFound();
  const installation = ctx.state.installation(ctx.identity.installationId);
  const repos = [...installation.repos].map((name) => ctx.state.findRepo(name)).filter((r): r is RepoRecord => r !== undefined);
  const { items, headers } = paginate(ctx, repos);
  return reply(
    { total_count: repos.length, repository_selection: 'selected', repositories: items.map((repo) => repositoryJson(ctx.state, repo)) },
    200,
    headers,
  );
}

function listCollaborators(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  return page(ctx, [...repo.permissions.keys()], (login) => {
    const { permission, role_name } = ctx.state.permission(repo, login);
    return { ...userByLogin(ctx.state, login), permissions: permissionFlags(permission, role_name), role_name };
  });
}

export const repoRoutes: RouteTable = [
  ['GET /repos/{owner}/{repo}', { auth: 'repo', handle: getRepo }],
  ['GET /repos/{owner}/{repo}/contents/{path}', { auth: 'repo', handle: getContent }],
  ['GET /repos/{owner}/{repo}/collaborators', { auth: 'repo', handle: listCollaborators }],
  ['GET /repos/{owner}/{repo}/collaborators/{username}', { auth: 'repo', handle: checkCollaborator }],
  ['GET /repos/{owner}/{repo}/collaborators/{username}/permission', { auth: 'repo', handle: getPermission }],
  ['GET /repos/{owner}/{repo}/installation', { auth: 'app', handle: getRepoInstallation }],
  ['GET /installation/repositories', { auth: 'installation', handle: installationRepositories }],
];
