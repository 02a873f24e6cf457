import { meetsPermission } from '../checks/permission.js';
import type { Config } from '../config/schema.js';
import { decide, emptyFacts, type Facts, type Needs, type Observation, type RunOptions } from '../triage/reconcile.js';
import type { State } from '../state/states.js';
import { gatherEvidence, lookupBranch } from '../evidence/gather.js';
import { PypiClient } from '../evidence/pypi-client.js';
import type { BranchFact } from '../evidence/types.js';
import { AccountChecker } from './account.js';
import { githubEvidencePort } from './evidence.js';
import { applyPlan, KnownLabels } from './apply.js';
import { gatherQueueFacts } from './intake.js';
import { loadConfig, loadForm, type ConfigOutcome } from './load.js';
import { countRun, noteRequestState, watchRateLimit } from './metrics.js';
import { eventViews, issueView, readComments, readEvents, readIssue, splitComments, type Identity, type RawIssue } from './observe.js';
import { labelNames, type Logger, type Octokit, type RepoRef } from './octokit.js';
import { repositoryPermission } from './permission.js';
import { RepoFileCache } from './repo-files.js';

/** Rights looked up per repository and login, trusted for a minute. */
export class PermissionCache {
  private readonly entries = new Map<string, { level: string; at: number }>();
  constructor(
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  async level(octokit: Octokit, repo: RepoRef, login: string): Promise<string> {
    const key = `${repo.owner}/${repo.repo}:${login}`.toLowerCase();
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.ttlMs) return hit.level;
    const level = await repositoryPermission(octokit, repo, login);
    this.entries.delete(key);
    this.entries.set(key, { level, at: this.now() });
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return level;
  }
}

/** What every run shares: caches, the account checker, who the bot is, how config problems are shown. */
export interface RunServices {
  files: RepoFileCache;
  labels: KnownLabels;
  permissions: PermissionCache;
  accounts: AccountChecker;
  /** PyPI's public answers for the evidence (cached per project); a default client when absent. */
  pypi?: PypiClient;
  identity: () => Promise<Identity>;
  /** Shows config problems to the maintainers (the config-error issue); absent in the CLI. */
  onConfig?: (octokit: Octokit, repo: RepoRef, outcome: ConfigOutcome) => Promise<void>;
  dryRun: boolean;
  clock: () => Date;
  /** A config given directly (Action mode's `config` input) instead of the repository's file. */
  config?: Config;
}

export interface RunRequest {
  repo: RepoRef;
  number: number;
  /** The issue as a listing just returned it (the sweep), saving the live read. */
  listed?: RawIssue;
  timers?: boolean;
  refreshQueue?: boolean;
  /** A trigger said a label, close or reopen event happened: read the events. */
  readEvents?: boolean;
  /** The queue position, already counted (the sweep's refresh), so no search is made. */
  queueAhead?: number;
  /** The run's time; the clock by default. */
  now?: Date;
  /** Called before each write (the per-issue lock's proof that it is still held). */
  guard?: () => Promise<void>;
}

export type RunOutcome = 'not-a-request' | 'config-error' | 'form-error' | 'reconciled';

export interface RunResult {
  outcome: RunOutcome;
  state: State | null;
  writes: number;
  /** What the run did besides plain reconciling (timer steps, queue refreshes), for the sweep. */
  summary: string[];
  /** The issue as the run read it, before its own writes. */
  observed: { updatedAt: string; labels: string[]; createdAt?: string } | null;
  /**
   * Set when the events listing lagged the issue (a state label without its event yet): the
   * run wrote nothing, and the request must be run again after this long.
   */
  recheckAfterMs: number | null;
}

/** Rounds of asking for more facts before a run gives up (each round asks for a different kind). */
const MAX_ROUNDS = 6;

/**
 * Reconciles one request with what GitHub shows now: reads the config and form (cached), the
 * live issue and its comments, asks the pure core what it wants, fetches the facts it asks for,
 * and applies the difference. Safe to run any number of times, for any reason, in any order.
 */
export async function reconcileIssue(octokit: Octokit, request: RunRequest, services: RunServices, log: Logger): Promise<RunResult> {
  watchRateLimit(octokit);
  try {
    const result = await reconcileOnce(octokit, request, services, log);
    countRun(result.outcome, result.writes);
    noteRequestState(`${request.repo.owner}/${request.repo.repo}`, request.number, result.state, result.observed?.createdAt);
    return result;
  } catch (error) {
    countRun('failed');
    throw error;
  }
}

async function reconcileOnce(octokit: Octokit, request: RunRequest, services: RunServices, log: Logger): Promise<RunResult> {
  const { repo, number } = request;
  const none = (outcome: RunOutcome, issue?: RawIssue): RunResult => ({
    outcome,
    state: null,
    writes: 0,
    summary: [],
    observed: issue ? { updatedAt: issue.updated_at, labels: labelNames(issue.labels), createdAt: issue.created_at } : null,
    recheckAfterMs: null,
  });
  const loaded: ConfigOutcome = services.config
    ? { ok: true, config: services.config, source: 'given' }
    : await loadConfig(octokit, repo, services.files);
  await services.onConfig?.(octokit, repo, loaded);
  if (!loaded.ok) {
    log.error(
      { repo: `${repo.owner}/${repo.repo}`, issue: number, errors: loaded.errors.length },
      `recovery-triage: invalid config, no action taken:\n${loaded.errors.join('\n')}`,
    );
    return none('config-error');
  }
  const { config } = loaded;
  const raw = request.listed ?? (await readIssue(octokit, repo, number));
  if (raw.pull_request || !labelNames(raw.labels).some((l) => l.toLowerCase() === config.formLabel.toLowerCase()))
    return none('not-a-request', raw);
  const template = await loadForm(octokit, repo, config.form, services.files, log);
  if (!template) return none('form-error');
  const identity = await services.identity();
  const split = splitComments(await readComments(octokit, repo, raw), identity);
  const issue = issueView(raw);
  issue.closedByApp =
    raw.closed_by?.login !== undefined && identity.logins.some((l) => l.toLowerCase() === raw.closed_by?.login?.toLowerCase());
  const obs: Observation = { config, template, issue, ...split };
  const now = (request.now ?? services.clock()).toISOString();
  const options: RunOptions = {
    now,
    timers: request.timers ?? false,
    refreshQueue: request.refreshQueue ?? false,
    readEvents: request.readEvents ?? false,
  };

  let facts: Facts = emptyFacts();
  if (request.queueAhead !== undefined)
    facts = { ...facts, queue: { queueAhead: request.queueAhead, duplicates: { open: [], original: null, closed: [] } } };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const decision = decide(obs, facts, options);
    if (decision.kind === 'needs') {
      facts = await fetchFacts(octokit, repo, obs, facts, decision.needs, services, log, now);
      continue;
    }
    if (decision.recheckAfterMs !== undefined)
      log.info({ issue: number, recheckAfterMs: decision.recheckAfterMs }, 'recovery-triage: events lag the issue; settle and look again');
    if (decision.dropped.length > 0) {
      log.info({ issue: number, dropped: decision.dropped }, 'recovery-triage: unreadable parts of the status data were dropped');
    }
    const { writes } = await applyPlan(octokit, repo, number, decision.plan, config, {
      labels: services.labels,
      log,
      dryRun: services.dryRun,
      beforeWrite: request.guard,
      standing: { since: raw.updated_at, identity },
    });
    return {
      outcome: 'reconciled',
      state: decision.state,
      writes,
      summary: decision.summary,
      observed: { updatedAt: raw.updated_at, labels: obs.issue.labels, createdAt: raw.created_at },
      recheckAfterMs: decision.recheckAfterMs ?? null,
    };
  }
  throw new Error(`recovery-triage: the decision for #${number} did not settle`);
}

async function fetchFacts(
  octokit: Octokit,
  repo: RepoRef,
  obs: Observation,
  facts: Facts,
  needs: Needs,
  services: RunServices,
  log: Logger,
  now: string,
): Promise<Facts> {
  const next: Facts = { ...facts, maintainers: new Map(facts.maintainers) };
  if (needs.events) next.events = eventViews(await readEvents(octokit, repo, obs.issue.number), await services.identity());
  for (const login of needs.maintainers) {
    const level = await services.permissions.level(octokit, repo, login);
    (next.maintainers as Map<string, boolean>).set(login, meetsPermission(level, obs.config.permissions.minimum));
  }
  if (needs.account !== null) {
    const { urlTemplate, timeoutMs, cacheMinutes } = obs.config.accountCheck;
    next.account = urlTemplate ? await services.accounts.check(urlTemplate, needs.account, timeoutMs, cacheMinutes) : null;
  }
  if (needs.evidence) {
    services.pypi ??= new PypiClient();
    next.evidence = await gatherEvidence(needs.evidence, obs.config.evidence, services.pypi, githubEvidencePort(octokit), now);
    // Counts only: the account and the projects are public, but logs keep no user text.
    log.info(
      { issue: obs.issue.number, evidence: next.evidence.status, projects: next.evidence.projects.length },
      'recovery-triage: evidence gathered',
    );
  }
  if (needs.branches && needs.branches.length > 0) {
    const branches = new Map<string, BranchFact>(facts.branches ?? []);
    const port = githubEvidencePort(octokit);
    for (const need of needs.branches) branches.set(need.key, await lookupBranch(port, need.owner, need.repo, need.token));
    next.branches = branches;
  }
  if (needs.queue !== null) {
    next.queue = await gatherQueueFacts(
      octokit,
      repo,
      obs.config,
      obs.template,
      { number: obs.issue.number, username: needs.queue.username, createdAt: needs.queue.createdAt },
      now,
      log,
    );
  }
  return next;
}

/** Services for one command-line run (sweep, Action mode): fresh caches, a fixed identity. */
export function commandServices(identity: Identity, options: { dryRun: boolean; clock: () => Date; config?: Config }): RunServices {
  return {
    files: new RepoFileCache(),
    labels: new KnownLabels(),
    permissions: new PermissionCache(),
    accounts: new AccountChecker(),
    pypi: new PypiClient(),
    identity: async () => identity,
    ...options,
  };
}
