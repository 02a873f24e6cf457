import type { Context, Probot } from 'probot';
import { clearConfigProblem, reportConfigProblem } from './config-issue.js';
import { AccountChecker } from './account.js';
import { PypiClient } from '../evidence/pypi-client.js';
import { KnownLabels } from './apply.js';
import { loadConfig } from './load.js';
import { stateOfLabel } from '../state/labels.js';
import { deploymentIdentity, type Identity } from './observe.js';
import type { Logger, Octokit, RepoRef } from './octokit.js';
import { RepoFileCache } from './repo-files.js';
import { PermissionCache, reconcileIssue, type RunServices } from './run.js';
import { IssueRunner, issueKey, sleep, type WriteGuard } from './runner.js';
import { DurableWork, type DurableWorkOptions, type WorkItem } from './work.js';

export interface AppOptions {
  accounts?: AccountChecker;
  /** PyPI client for the evidence (the sandbox points it at its stand-in). */
  pypi?: PypiClient;
  runner?: IssueRunner;
  files?: RepoFileCache;
  /** Answer a delivery after this long even if its run goes on (GitHub gives up after 10 s). */
  deadlineMs?: number;
  /**
   * Ignored (kept so older callers compile): failed runs are retried by the durable queue
   * (`REDIS_URL`, BullMQ, with backoff), and without Redis by the periodic resync.
   */
  retryDelaysMs?: readonly number[];
  /**
   * Durable per-issue work on Redis (BullMQ): deliveries are answered once their run is
   * recorded there. Absent: runs go on in this process (the resync finishes what a crash left).
   */
  durable?: DurableWorkOptions;
  /**
   * When a run found the events listing behind the issue, the next run starts after this long
   * (default: what the run asked for, a few seconds); at most MAX_RECHECKS in a row per issue.
   */
  recheckDelayMs?: number;
  /** Log each plan and write nothing (`DRY_RUN=true`). */
  dryRun?: boolean;
  clock?: () => Date;
  /** Who the bot is; asked from `GET /app` once when not given. */
  identity?: Identity;
  /**
   * Further logins of this deployment whose status comments and replies are adopted
   * (`RECOVERY_TRIAGE_BOT_LOGIN`); the app's bot and `github-actions[bot]` always are.
   */
  trustedLogins?: readonly string[];
}

export interface RegisteredApp {
  runner: IssueRunner;
  services: RunServices;
  /** The durable queue, with `REDIS_URL`. */
  durable: DurableWork | null;
  /** Resolves once every run (and, with the durable queue, every job of every replica) has ended. */
  idle(): Promise<void>;
  /**
   * Stops taking work and finishes what is in flight, for up to `graceMs`; with the durable
   * queue, runs still going on then are handed back to it. Resolves with what happened.
   */
  close(graceMs: number): Promise<'drained' | 'handed back'>;
}

interface Seen {
  updatedAt: string;
  labels: Set<string>;
}

/** Last observations kept, so a burst of redundant triggers costs no reads. */
const MAX_SEEN = 5000;
/** Runs in a row scheduled because the events listing lagged the issue (the label's own delivery comes too). */
const MAX_RECHECKS = 6;

/**
 * Webhooks are triggers, not truth: each names an issue, and a run reconciles that issue from
 * what GitHub shows now. Runs of one issue never overlap. With the durable queue (Redis), a
 * delivery is answered once its run is recorded there, and a failed run is retried there with
 * backoff; without it, a delivery is answered when its run ends or at the deadline, and a failed
 * run fails its delivery so GitHub records it (the redelivery pass asks for it again, and the
 * resync finishes what is left).
 */
export function registerHandlers(app: Probot, options: AppOptions = {}): RegisteredApp {
  const runner = options.runner ?? new IssueRunner();
  const deadlineMs = options.deadlineMs ?? 8000;
  const seen = new Map<string, Seen>();
  /** Issues whose next run must read people's events (a label, close or reopen happened). */
  const timeline = new Set<string>();
  /** Rechecks scheduled in a row per issue, because the events listing lagged it. */
  const rechecks = new Map<string, number>();
  /** Rechecks waiting for their time (events lag). */
  const pendingRetries = new Set<Promise<void>>();
  let identity: Promise<Identity> | null = options.identity ? Promise.resolve(options.identity) : null;

  const services: RunServices = {
    files: options.files ?? new RepoFileCache(),
    labels: new KnownLabels(),
    permissions: new PermissionCache(),
    accounts: options.accounts ?? new AccountChecker(),
    pypi: options.pypi ?? new PypiClient(),
    identity: () => {
      identity ??= askIdentity(app, options.trustedLogins ?? []).catch((error: unknown) => {
        identity = null;
        throw error;
      });
      return identity;
    },
    onConfig: async (octokit, repo, outcome) => {
      const botLogin = (await services.identity()).logins[0] ?? null;
      if (outcome.ok) await clearConfigProblem(octokit, repo, app.log, { botLogin });
      else await reportConfigProblem(octokit, repo, outcome.errors, app.log, { botLogin });
    },
    dryRun: options.dryRun ?? false,
    clock: options.clock ?? (() => new Date()),
  };

  /**
   * Whether a trigger names an event that can move a request (a close, a reopen, a state label):
   * its run then reads people's events. Other labels (the form's own, at opening) need no read.
   */
  async function movesState(octokit: Octokit, repo: RepoRef, action: string, label: string | undefined): Promise<boolean> {
    if (action === 'closed' || action === 'reopened') return true;
    if (action !== 'labeled' && action !== 'unlabeled') return false;
    if (label === undefined) return true;
    const loaded = services.config
      ? { ok: true as const, config: services.config }
      : await loadConfig(octokit, repo, services.files).catch(() => null);
    if (loaded === null || !loaded.ok) return true;
    return stateOfLabel(label, loaded.config) !== null;
  }

  function remember(key: string, observed: { updatedAt: string; labels: string[] } | null): void {
    if (!observed) return;
    seen.delete(key);
    seen.set(key, { updatedAt: observed.updatedAt, labels: new Set(observed.labels.map((l) => l.toLowerCase())) });
    if (seen.size > MAX_SEEN) {
      const oldest = seen.keys().next().value;
      if (oldest !== undefined) seen.delete(oldest);
    }
  }

  function start(
    octokit: Octokit,
    log: Logger,
    repo: RepoRef,
    number: number,
    key: string,
    redundant?: () => boolean,
    events = false,
  ): Promise<void> {
    return runner.run(
      key,
      async (guard?: WriteGuard) => {
        const readEvents = timeline.delete(key) || events;
        try {
          const result = await reconcileIssue(octokit, { repo, number, readEvents, guard }, services, log);
          if (result.recheckAfterMs === null) {
            rechecks.delete(key);
            remember(key, result.observed);
          } else {
            // The listing lagged: nothing was decided, so no trigger is "already seen"; look again.
            seen.delete(key);
            timeline.add(key);
            recheck(octokit, log, repo, number, key, options.recheckDelayMs ?? result.recheckAfterMs);
          }
        } catch (error) {
          if (readEvents) timeline.add(key);
          throw error;
        }
      },
      'reconcile',
      redundant,
    );
  }

  /** One more run of an issue whose events listing lagged, after `delay` (bounded per issue). */
  function recheck(octokit: Octokit, log: Logger, repo: RepoRef, number: number, key: string, delay: number): void {
    const count = (rechecks.get(key) ?? 0) + 1;
    if (count > MAX_RECHECKS) {
      rechecks.delete(key);
      log.error({ issue: number }, 'recovery-triage: the events listing still lags; the next event on the issue or the sweep runs it');
      return;
    }
    rechecks.set(key, count);
    if (rechecks.size > MAX_SEEN) rechecks.delete(rechecks.keys().next().value as string);
    const later = (async () => {
      await sleep(delay);
      try {
        await start(octokit, log, repo, number, key);
      } catch (error) {
        log.error(
          { issue: number, err: describe(error) },
          'recovery-triage: run failed; a redelivery, the next event on the issue or the resync finishes it',
        );
      }
    })();
    pendingRetries.add(later);
    void later.finally(() => pendingRetries.delete(later));
  }

  const durable = options.durable
    ? new DurableWork(
        options.durable,
        async (item: WorkItem) => {
          const octokit = (await app.auth(item.installationId ?? undefined)) as unknown as Octokit;
          await start(octokit, app.log, { owner: item.owner, repo: item.repo }, item.number, item.key, undefined, item.readEvents);
        },
        app.log,
      )
    : null;
  let closing = false;

  async function trigger(context: Context<'issues' | 'issue_comment'>, redundant?: (seen: Seen) => boolean): Promise<void> {
    const { issue, repository, installation, sender } = context.payload;
    if ('pull_request' in issue && issue.pull_request) return;
    const me = await services.identity();
    // The bot's own writes come back as events: they need no run.
    if (me.logins.some((l) => l.toLowerCase() === sender?.login?.toLowerCase())) return;
    const repo = { owner: repository.owner.login, repo: repository.name };
    const key = issueKey(repository.full_name, issue.number);
    const action = context.payload.action;
    const events =
      context.name === 'issues' &&
      (await movesState(context.octokit, repo, action, 'label' in context.payload ? context.payload.label?.name : undefined));
    if (closing) throw new Error('recovery-triage: shutting down; deliver again later');
    if (durable) {
      const last = seen.get(key);
      if (redundant && last !== undefined && redundant(last)) return;
      try {
        await durable.add({ key, installationId: installation?.id ?? null, ...repo, number: issue.number, readEvents: events });
        return;
      } catch (error) {
        // Redis is down: the run goes on here, as without Redis (the resync is the safety net).
        context.log.error(
          { issue: issue.number, err: describe(error) },
          'recovery-triage: cannot record the run in Redis; running it here',
        );
      }
    }
    if (events) {
      timeline.add(key);
      if (timeline.size > MAX_SEEN) timeline.delete(timeline.values().next().value as string);
    }
    const skip = redundant
      ? () => {
          const last = seen.get(key);
          return last !== undefined && redundant(last);
        }
      : undefined;
    const run = start(context.octokit, context.log, repo, issue.number, key, skip);
    run.catch((error: unknown) => {
      context.log.error(
        { issue: issue.number, delivery: context.id, err: describe(error) },
        'recovery-triage: run failed; a redelivery, the next event on the issue or the resync finishes it',
      );
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deadlineMs);
      timer.unref();
    });
    const answered = await Promise.race([run.then(() => 'done' as const), late]).finally(() => clearTimeout(timer));
    if (answered === 'late')
      context.log.info({ issue: issue.number, delivery: context.id }, 'recovery-triage: run goes on after the delivery was answered');
  }

  app.on(['issues.opened', 'issues.reopened', 'issues.closed', 'issues.assigned', 'issues.unassigned'], (context) => trigger(context));
  app.on('issues.edited', async (context) => {
    // Title-only edits cannot change what the form says.
    if (!context.payload.changes.body) return;
    await trigger(context);
  });
  // A label event the last run already saw (the label was there, or gone, when it read the issue
  // at or after this event's time) needs no new run: at opening, GitHub sends one per label.
  app.on('issues.labeled', (context) => {
    const name = context.payload.label?.name?.toLowerCase() ?? '';
    const at = context.payload.issue.updated_at;
    return trigger(context, (last) => last.updatedAt >= at && last.labels.has(name));
  });
  app.on('issues.unlabeled', (context) => {
    const name = context.payload.label?.name?.toLowerCase() ?? '';
    const at = context.payload.issue.updated_at;
    return trigger(context, (last) => last.updatedAt >= at && !last.labels.has(name));
  });
  app.on(['issue_comment.created', 'issue_comment.edited'], async (context) => {
    if (context.payload.comment.user?.type === 'Bot') return;
    await trigger(context);
  });

  // A change of the config or the form on the default branch drops what is cached of them.
  app.on('push', async (context) => {
    const { repository, ref, commits } = context.payload;
    if (ref !== `refs/heads/${repository.default_branch}`) return;
    const touched = commits.flatMap((c) => [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])]);
    if (touched.length === 0 || touched.some((path) => path.startsWith('.github/'))) {
      services.files.invalidate({ owner: repository.owner?.login ?? repository.owner?.name ?? '', repo: repository.name });
    }
  });
  app.on(['label.deleted', 'label.edited'], async (context) => {
    services.labels.forget({ owner: context.payload.repository.owner.login, repo: context.payload.repository.name });
  });

  return {
    runner,
    services,
    durable,
    async idle() {
      do {
        await runner.idle();
        await Promise.allSettled([...pendingRetries]);
        while (durable && !closing && (await durable.pending()) > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      } while (runner.size > 0 || pendingRetries.size > 0);
    },
    async close(graceMs) {
      closing = true;
      const deadline = Date.now() + graceMs;
      const handedBack = durable ? await durable.close(graceMs) : 'drained';
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), Math.max(0, deadline - Date.now()))));
      const ran = await Promise.race([runner.idle().then(() => 'idle' as const), late]);
      clearTimeout(timer);
      return handedBack === 'handed back' || ran === 'late' ? 'handed back' : 'drained';
    },
  };
}

/** The app's bot user and id, from `GET /app` with the app's JWT (asked once), and the deployment's other identities. */
async function askIdentity(app: Probot, trusted: readonly string[]): Promise<Identity> {
  const octokit = await app.auth();
  const { data } = await octokit.rest.apps.getAuthenticated();
  if (!data?.slug) throw new Error('recovery-triage: GET /app returned no slug');
  return deploymentIdentity(`${data.slug}[bot]`, data.id, trusted);
}

/** An error for a log line: its status and message, never a request or response body. */
export function describe(error: unknown): { status: number | null; message: string } {
  const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' ? error.status : null;
  const message = error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : 'unknown error';
  return { status, message };
}
