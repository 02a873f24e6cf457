import { createHash } from 'node:crypto';
import { Clock } from './clock.js';
import { notFound } from './errors.js';
import type {
  AppInfo,
  AuthorAssociation,
  CommentRecord,
  InstallationRecord,
  IssueRecord,
  LabelRecord,
  Permission,
  RepoRecord,
  RoleName,
  UserRecord,
  UserType,
} from './types.js';

type IdKind = 'user' | 'repo' | 'issue' | 'comment' | 'label' | 'event' | 'reaction' | 'delivery' | 'token';

const FIRST_IDS: Record<IdKind, number> = {
  user: 1000,
  repo: 100,
  issue: 5000,
  comment: 1_000_000,
  label: 200,
  event: 70_000,
  reaction: 300,
  delivery: 90_000,
  token: 0,
};

/** The git blob sha of a text, as `git hash-object` computes it. */
export function blobSha(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** Folds a role into the legacy permission GitHub reports beside it. */
export function permissionOf(role: RoleName): Permission {
  const permission = role === 'admin' ? 'admin' : role === 'maintain' || role === 'write' ? 'write' : 'read';
  return { permission, role_name: role };
}

/** Splits `owner/name`; throws on anything else. */
export function splitFullName(fullName: string): { owner: string; name: string } {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(fullName);
  if (!match) throw new Error(`A repository is named owner/name, not "${fullName}"`);
  return { owner: match[1] as string, name: match[2] as string };
}

/**
 * Everything the stand-in knows, with lookups and id counters. It has no HTTP and sends no
 * webhooks: writes live in mutations.ts, which take their timestamps from `clock`.
 */
export class State {
  readonly clock: Clock;
  readonly app: AppInfo;
  readonly repos = new Map<string, RepoRecord>();
  readonly installations = new Map<number, InstallationRecord>();
  readonly comments = new Map<number, CommentRecord>();
  readonly users = new Map<string, UserRecord>();
  /** Former `owner/name` (lower case) of renamed or transferred repositories → the repository id. */
  readonly moved = new Map<string, number>();
  readonly #next = new Map<IdKind, number>();
  /**
   * GitHub's issue events listing can lag the issue: events created less than this long before
   * the clock's now are left out of `GET /issues/{n}/events` (the issue itself shows them).
   */
  eventsLagMs = 0;

  constructor(clock: Clock, app: AppInfo) {
    this.clock = clock;
    this.app = app;
    this.user(app.owner, 'Organization');
    this.user(this.botLogin, 'Bot');
  }

  get botLogin(): string {
    return `${this.app.slug}[bot]`;
  }

  nextId(kind: IdKind): number {
    const id = (this.#next.get(kind) ?? FIRST_IDS[kind]) + 1;
    this.#next.set(kind, id);
    return id;
  }

  /** The user with this login, registered on first sight (`…[bot]` logins are bots). */
  user(login: string, type?: UserType, id?: number): UserRecord {
    const key = login.toLowerCase();
    const known = this.users.get(key);
    if (known) {
      if (type) known.type = type;
      if (id !== undefined) known.id = id;
      return known;
    }
    const record: UserRecord = { login, id: id ?? this.nextId('user'), type: type ?? (login.endsWith('[bot]') ? 'Bot' : 'User') };
    this.users.set(key, record);
    return record;
  }

  findRepo(fullName: string): RepoRecord | undefined {
    return this.repos.get(fullName.toLowerCase());
  }

  /** The repository, or an Error naming it (for setup and actor calls). */
  repo(fullName: string): RepoRecord {
    const repo = this.findRepo(fullName);
    if (!repo) throw new Error(`Unknown repository ${fullName}: add it with addRepo first`);
    return repo;
  }

  issue(repo: RepoRecord, number: number): IssueRecord {
    const issue = repo.issues.get(number);
    if (!issue) throw notFound();
    return issue;
  }

  comment(repo: RepoRecord, id: number): CommentRecord {
    const comment = this.comments.get(id);
    if (!comment || comment.repo !== repo.fullName) throw notFound();
    return comment;
  }

  /** The installation, created on first use on `account` (default: the app's owner). */
  installation(id: number, account = this.app.owner): InstallationRecord {
    let installation = this.installations.get(id);
    if (!installation) {
      installation = { id, account, createdAt: this.clock.now(), repos: new Set() };
      this.installations.set(id, installation);
    }
    return installation;
  }

  label(repo: RepoRecord, name: string): LabelRecord | undefined {
    return repo.labels.get(name.toLowerCase());
  }

  labelById(repo: RepoRecord, id: number): LabelRecord | undefined {
    for (const label of repo.labels.values()) if (label.id === id) return label;
    return undefined;
  }

  issueLabels(repo: RepoRecord, issue: IssueRecord): LabelRecord[] {
    return issue.labelIds.map((id) => this.labelById(repo, id)).filter((label): label is LabelRecord => label !== undefined);
  }

  issueComments(issue: IssueRecord): CommentRecord[] {
    return issue.commentIds.map((id) => this.comments.get(id)).filter((c): c is CommentRecord => c !== undefined);
  }

  /** The configured role, the owner's admin, or what GitHub answers for anyone on a public repo. */
  permission(repo: RepoRecord, login: string): Permission {
    const configured = repo.permissions.get(login.toLowerCase());
    if (configured) return configured;
    if (login.toLowerCase() === repo.owner.toLowerCase()) return permissionOf('admin');
    return permissionOf('read');
  }

  association(repo: RepoRecord, login: string): AuthorAssociation {
    if (login.toLowerCase() === repo.owner.toLowerCase()) return 'OWNER';
    const configured = repo.permissions.get(login.toLowerCase());
    return configured && configured.permission !== 'none' ? 'COLLABORATOR' : 'NONE';
  }

  /** Whether an installation can see the repository. */
  installed(installationId: number, repo: RepoRecord): boolean {
    return this.installations.get(installationId)?.repos.has(repo.fullName.toLowerCase()) ?? false;
  }
}
