import { z } from 'zod';

/**
 * What the bot gathered about a request's account, kept in the status comment's hidden data.
 * Bounded: at most MAX_PROJECTS projects, MAX_LINKS links each, every string cut.
 */
export const EVIDENCE_LIMITS = {
  /** Hard cap of config `evidence.maxProjects`. */
  projects: 30,
  /** Repository links kept per project: the provenance one and one self-declared. */
  linksPerProject: 2,
  name: 100,
  /** `owner/name` on GitHub: 39 + 1 + 100. */
  repo: 140,
  login: 39,
  role: 30,
  version: 40,
  reason: 120,
} as const;

/** Whether a GitHub repository the evidence names still resolves, and to the same repository. */
export type LinkStatus = 'ok' | 'moved' | 'missing' | 'unknown';

export interface RepoNow {
  /** `owner/name` as GitHub answers now (after following a rename or transfer). */
  fullName: string;
  id: number;
  ownerLogin: string;
  ownerId: number;
}

export interface EvidenceLink {
  source: 'provenance' | 'self-declared';
  /** `owner/name` as the source names it. */
  repo: string;
  /** Numeric ids from the Fulcio certificate (provenance only). */
  repoId: number | null;
  ownerId: number | null;
  /** The repository as GitHub shows it now; null when it did not resolve or was not looked up. */
  now: RepoNow | null;
  status: LinkStatus;
}

export interface EvidenceProject {
  name: string;
  /** `Owner` / `Maintainer` from `ownership.roles`, else the role `user_packages` listed. */
  role: string | null;
  version: string | null;
  /** Upload time of the newest release's newest file. */
  releasedAt: string | null;
  /** Why this project could not be read, if it could not. */
  error: string | null;
  links: EvidenceLink[];
}

export interface EvidenceRecord {
  /** The PyPI username it was gathered for. */
  username: string;
  at: string;
  status: 'ok' | 'unavailable';
  /** Why the evidence is unavailable or incomplete (a short fixed phrase). */
  reason: string | null;
  requester: { login: string; id: number | null; createdAt: string | null };
  /** Where the project list came from. */
  listedBy: 'user_packages' | 'profile' | null;
  /** Projects the account has (before the `maxProjects` cut). */
  projectsTotal: number;
  projects: EvidenceProject[];
}

const text = (max: number) => z.string().max(max * 2);
const id = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const time = z.string().max(40);
const linkSchema = z.object({
  source: z.enum(['provenance', 'self-declared']),
  repo: text(EVIDENCE_LIMITS.name * 2),
  repoId: id.nullable(),
  ownerId: id.nullable(),
  now: z.object({ fullName: text(EVIDENCE_LIMITS.name * 2), id, ownerLogin: text(EVIDENCE_LIMITS.name), ownerId: id }).nullable(),
  status: z.enum(['ok', 'moved', 'missing', 'unknown']),
});
const projectSchema = z.object({
  name: text(EVIDENCE_LIMITS.name),
  role: text(40).nullable(),
  version: text(EVIDENCE_LIMITS.name).nullable(),
  releasedAt: time.nullable(),
  error: text(EVIDENCE_LIMITS.reason).nullable(),
  links: z.array(linkSchema).max(EVIDENCE_LIMITS.linksPerProject),
});

/** How the hidden data is read back: anything else is dropped (and gathered again). */
export const evidenceSchema = z.object({
  username: text(EVIDENCE_LIMITS.name * 2),
  at: time,
  status: z.enum(['ok', 'unavailable']),
  reason: text(EVIDENCE_LIMITS.reason).nullable(),
  requester: z.object({ login: text(EVIDENCE_LIMITS.name), id: id.nullable(), createdAt: time.nullable() }),
  listedBy: z.enum(['user_packages', 'profile']).nullable(),
  projectsTotal: id,
  projects: z.array(projectSchema).max(EVIDENCE_LIMITS.projects),
});

function cut(value: string, max: number): string {
  return value.length > max ? value.slice(0, max) : value;
}

/** The record cut to its stored bounds, so what is shown is what is read back. */
export function boundedEvidence(record: EvidenceRecord): EvidenceRecord {
  const L = EVIDENCE_LIMITS;
  const opt = (value: string | null, max: number) => (value === null ? null : cut(value, max));
  return {
    ...record,
    username: cut(record.username, L.name),
    reason: opt(record.reason, L.reason),
    requester: { ...record.requester, login: cut(record.requester.login, L.login) },
    projects: record.projects.slice(0, L.projects).map((p) => ({
      ...p,
      name: cut(p.name, L.name),
      role: opt(p.role, L.role),
      version: opt(p.version, L.version),
      error: opt(p.error, L.reason),
      links: p.links.slice(0, L.linksPerProject).map((l) => ({
        ...l,
        repo: cut(l.repo, L.repo),
        now: l.now === null ? null : { ...l.now, fullName: cut(l.now.fullName, L.repo), ownerLogin: cut(l.now.ownerLogin, L.login) },
      })),
    })),
  };
}

/** What the core asks the shell to gather. */
export interface EvidenceNeed {
  username: string;
  requester: { login: string; id: number | null };
  /** A maintainer asked: PyPI's cached answers are not reused. */
  fresh?: boolean;
}

/** A `/recovery branch` lookup the core asks for; the token never leaves the run's memory. */
export interface BranchNeed {
  /** Key the answer is filed under (`owner/repo` and the token, lower case owner/repo). */
  key: string;
  owner: string;
  repo: string;
  token: string;
}

export interface BranchFact {
  /** The repository now: null when it does not resolve. */
  repo: RepoNow | null;
  /** The branch's head commit time, null when there is no such branch. */
  branch: { committedAt: string | null } | null;
  /** Why the lookup failed, when it did. */
  error: string | null;
}
