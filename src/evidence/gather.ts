import { githubRepoOf, isProjectName } from './links.js';
import { PypiError, type PypiClient, type PypiProject, type Publisher } from './pypi-client.js';
import {
  boundedEvidence,
  type BranchFact,
  type EvidenceLink,
  type EvidenceNeed,
  type EvidenceProject,
  type EvidenceRecord,
  type RepoNow,
} from './types.js';

/** What the evidence needs of GitHub: public reads only, any token can make them. */
export interface GithubEvidencePort {
  /** The repository now, following a rename or transfer (301); null for 404. */
  repository(owner: string, name: string): Promise<RepoNow | null>;
  /** A user by numeric id; null for 404. */
  user(id: number): Promise<{ login: string; createdAt: string | null } | null>;
  /** A branch's head commit time; null when there is no such branch. */
  branch(owner: string, repo: string, branch: string): Promise<{ committedAt: string | null } | null>;
}

export interface EvidenceSettings {
  baseUrl: string;
  maxProjects: number;
  timeoutMs: number;
  cacheHours: number;
}

/**
 * Most calls one gathering makes: PyPI `user_packages` and the profile page (the fallback),
 * then per project its JSON and one provenance file; on GitHub the requester, then one lookup
 * per repository named (at most two per project: the provenance one and one self-declared).
 */
export function maxEvidenceCalls(maxProjects: number): { pypi: number; github: number } {
  return { pypi: 2 + 2 * maxProjects, github: 1 + 2 * maxProjects };
}

/** Calls left for one gathering; a call beyond them is not made. */
export class CallBudget {
  used = 0;
  constructor(readonly limit: number) {}
  take(): boolean {
    if (this.used >= this.limit) return false;
    this.used += 1;
    return true;
  }
}

/** Labels of `project_urls` most likely to name the source, in order. */
const SOURCE_LABELS = ['source', 'source code', 'repository', 'code', 'github', 'homepage', 'home', 'issues', 'bug tracker'];

function selfDeclared(project: PypiProject): string | null {
  const ranked = [...project.urls].sort((a, b) => rank(a.label) - rank(b.label));
  for (const { url } of ranked) {
    const repo = githubRepoOf(url);
    if (repo !== null) return repo;
  }
  return null;
}

function rank(label: string): number {
  const i = SOURCE_LABELS.indexOf(label.trim().toLowerCase());
  return i < 0 ? SOURCE_LABELS.length : i;
}

function reasonOf(error: unknown): string {
  if (error instanceof PypiError) return error.reason;
  const status = (error as { status?: unknown }).status;
  if (status === 403 || status === 429) return `GitHub rate limit (HTTP ${status})`;
  if (typeof status === 'number') return `GitHub answered HTTP ${status}`;
  return 'no answer';
}

/**
 * Gathers the evidence for one request: the account's projects and roles, each project's
 * repositories (from provenance and from its metadata) and who owns them now, by numeric id.
 * Never throws: a PyPI failure makes the whole record "unavailable (reason)"; a GitHub failure
 * leaves the affected cells unknown. At most `maxEvidenceCalls` calls.
 */
export async function gatherEvidence(
  need: EvidenceNeed,
  settings: EvidenceSettings,
  pypi: PypiClient,
  github: GithubEvidencePort,
  at: string,
): Promise<EvidenceRecord> {
  const max = maxEvidenceCalls(settings.maxProjects);
  const pypiBudget = new CallBudget(max.pypi);
  const githubBudget = new CallBudget(max.github);
  const base: EvidenceRecord = {
    username: need.username,
    at,
    status: 'ok',
    reason: null,
    requester: { login: need.requester.login, id: need.requester.id, createdAt: null },
    listedBy: null,
    projectsTotal: 0,
    projects: [],
  };
  const { baseUrl, timeoutMs, cacheHours } = settings;

  // The account's projects: user_packages, the profile page when it fails.
  let listed: { role: string | null; project: string }[];
  try {
    pypiBudget.take();
    listed = await pypi.userPackages(baseUrl, need.username, timeoutMs);
    base.listedBy = 'user_packages';
  } catch (first) {
    try {
      pypiBudget.take();
      const names = await pypi.profileProjects(baseUrl, need.username, timeoutMs);
      if (names === null) return { ...base, status: 'unavailable', reason: 'no such PyPI account' };
      listed = names.map((project) => ({ role: null, project }));
      base.listedBy = 'profile';
    } catch (second) {
      return { ...base, status: 'unavailable', reason: `${reasonOf(first)}; profile page: ${reasonOf(second)}` };
    }
  }
  // One row per project (user_packages lists a project once per role).
  const projects = new Map<string, { role: string | null; project: string }>();
  for (const entry of listed) if (!projects.has(entry.project.toLowerCase())) projects.set(entry.project.toLowerCase(), entry);
  base.projectsTotal = projects.size;

  if (need.requester.id !== null && githubBudget.take()) {
    try {
      base.requester.createdAt = (await github.user(need.requester.id))?.createdAt ?? null;
    } catch {
      base.requester.createdAt = null;
    }
  }

  const repos = new Map<string, Promise<{ now: RepoNow | null; error: boolean }>>();
  const lookup = (full: string) => {
    const key = full.toLowerCase();
    let found = repos.get(key);
    if (found === undefined) {
      if (!githubBudget.take()) return Promise.resolve({ now: null, error: true });
      const [owner, name] = full.split('/') as [string, string];
      found = github.repository(owner, name).then(
        (now) => ({ now, error: false }),
        () => ({ now: null, error: true }),
      );
      repos.set(key, found);
    }
    return found;
  };

  const reasons = new Set<string>();
  for (const entry of [...projects.values()].slice(0, settings.maxProjects)) {
    const row: EvidenceProject = { name: entry.project, role: entry.role, version: null, releasedAt: null, error: null, links: [] };
    base.projects.push(row);
    if (!isProjectName(entry.project)) {
      row.error = 'not a valid project name';
      continue;
    }
    let project: PypiProject | null;
    try {
      if (!pypiBudget.take()) throw new PypiError('call budget reached');
      project = await pypi.project(baseUrl, entry.project, timeoutMs, cacheHours, need.fresh === true);
    } catch (error) {
      row.error = reasonOf(error);
      reasons.add(row.error);
      continue;
    }
    if (project === null) {
      row.error = 'not found on PyPI';
      continue;
    }
    const mine = project.roles?.find((r) => r.user.toLowerCase() === need.username.toLowerCase());
    if (project.roles !== null)
      row.role = mine?.role ?? (project.organization !== null ? `organization ${project.organization}` : 'none listed');
    row.version = project.version;
    row.releasedAt = project.releasedAt;

    let publisher: Publisher | undefined;
    const file = project.files[0];
    if (project.version !== null && file !== undefined) {
      try {
        if (!pypiBudget.take()) throw new PypiError('call budget reached');
        const publishers = await pypi.provenance(
          baseUrl,
          project.name || entry.project,
          project.version,
          file,
          timeoutMs,
          cacheHours,
          need.fresh === true,
        );
        publisher = publishers.find((p) => p.kind.toLowerCase() === 'github' && p.repository !== null);
      } catch (error) {
        reasons.add(`provenance: ${reasonOf(error)}`);
      }
    }
    const links: EvidenceLink[] = [];
    const published = publisher?.repository ? githubRepoOf(`https://github.com/${publisher.repository}`) : null;
    if (published !== null) {
      links.push({
        source: 'provenance',
        repo: published,
        repoId: publisher?.certificate?.repositoryId ?? null,
        ownerId: publisher?.certificate?.ownerId ?? null,
        now: null,
        status: 'unknown',
      });
    }
    const declared = selfDeclared(project);
    if (declared !== null && declared.toLowerCase() !== published?.toLowerCase()) {
      links.push({ source: 'self-declared', repo: declared, repoId: null, ownerId: null, now: null, status: 'unknown' });
    }
    for (const link of links) {
      const found = await lookup(link.repo);
      if (found.error) {
        reasons.add('some GitHub lookups failed');
        continue;
      }
      link.now = found.now;
      if (found.now === null) link.status = 'missing';
      else if (found.now.fullName.toLowerCase() !== link.repo.toLowerCase() || (link.repoId !== null && link.repoId !== found.now.id))
        link.status = 'moved';
      else link.status = 'ok';
    }
    row.links = links;
  }
  if (reasons.size > 0) base.reason = [...reasons].slice(0, 3).join('; ');
  return boundedEvidence(base);
}

/** `/recovery branch`: the repository now and the branch's head, two GitHub calls. */
export async function lookupBranch(github: GithubEvidencePort, owner: string, repo: string, token: string): Promise<BranchFact> {
  try {
    const now = await github.repository(owner, repo);
    if (now === null) return { repo: null, branch: null, error: null };
    const [o, r] = now.fullName.split('/') as [string, string];
    return { repo: now, branch: await github.branch(o, r, token), error: null };
  } catch (error) {
    return { repo: null, branch: null, error: reasonOf(error) };
  }
}
