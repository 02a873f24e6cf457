/** GitHub's rules for logins (39 characters) and repository names (100). */
const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}$/;
const NAME = /^[A-Za-z0-9._-]{1,100}$/;
/** First path segments of github.com that are not accounts. */
const NOT_OWNERS = new Set(['orgs', 'sponsors', 'apps', 'marketplace', 'features', 'topics', 'collections', 'settings', 'about']);

/** `owner/name` when both are valid GitHub names, else null. */
export function repoName(owner: string, name: string): string | null {
  const bare = name.replace(/\.git$/i, '');
  if (!OWNER.test(owner) || !NAME.test(bare) || bare === '.' || bare === '..') return null;
  if (NOT_OWNERS.has(owner.toLowerCase())) return null;
  return `${owner}/${bare}`;
}

/** The GitHub repository a URL points to (`https://github.com/owner/name/...`), or null. */
export function githubRepoOf(url: unknown): string | null {
  if (typeof url !== 'string' || url.length > 500) return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  if (!['github.com', 'www.github.com'].includes(parsed.hostname.toLowerCase())) return null;
  const [owner, name] = parsed.pathname.split('/').filter((p) => p !== '');
  if (owner === undefined || name === undefined) return null;
  return repoName(owner, name);
}

/** `owner/name` typed by a maintainer, or null. */
export function parseRepoArg(text: string): { owner: string; repo: string } | null {
  const fromUrl = githubRepoOf(text);
  const full = fromUrl ?? text.trim();
  const [owner, name, ...rest] = full.split('/');
  if (owner === undefined || name === undefined || rest.length > 0) return null;
  const valid = repoName(owner, name);
  if (valid === null) return null;
  const [o, r] = valid.split('/') as [string, string];
  return { owner: o, repo: r };
}

/** PEP 508 project names: PyPI accepts no others. */
export function isProjectName(name: string): boolean {
  return name.length <= 100 && /^(?:[A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$/.test(name);
}

/** PEP 503 normalised name. */
export function normalizeProject(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}
