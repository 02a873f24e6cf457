import type { Probot } from 'probot';
import { describe } from './handlers.js';
import { startPeriodic, type Lease, type PassStore, type PeriodicJob } from './lease.js';
import { loadConfig } from './load.js';
import type { Logger, Octokit, RepoRef } from './octokit.js';
import type { RunServices } from './run.js';
import type { IssueRunner } from './runner.js';
import { sweepRepository } from './sweep.js';

export interface ResyncOptions {
  /** Time between passes (`RESYNC_INTERVAL_MINUTES`, default 15). */
  intervalMs: number;
  /** How far back the first pass looks when no earlier pass is remembered (`RESYNC_WINDOW_HOURS`, default 26). */
  firstWindowHours: number;
  /** Held by the one replica that resyncs (Redis), or always held (one process). */
  lease: Lease;
  /** Where the last completed pass is remembered (Redis, or memory). */
  store: PassStore;
  runner: IssueRunner;
  services: RunServices;
  /** Requests reconciled at once per repository. */
  concurrency?: number;
  /** The first pass, this long after start (default: a tenth of the interval, at most a minute). */
  firstDelayMs?: number;
}

export interface ResyncPass {
  repositories: number;
  candidates: number;
  writes: number;
  failed: number;
  windowHours: number;
}

const LAST = 'resync:last';
/** Overlap with the previous pass: a request changed while it listed is looked at again. */
const MARGIN_MS = 5 * 60_000;
const MAX_WINDOW_HOURS = 30 * 24;

/**
 * The server's own periodic resync: the sweep (src/github/sweep.ts) over every repository the
 * app is installed on, with timers on, for the requests changed since the last completed pass
 * (open or closed: a close or reopen whose run was lost is finished too). It finishes whatever a
 * crash, a lost delivery or a run that gave up left half-done, and runs the timers, so server mode
 * needs no separate sweep workflow. With several replicas, the lease holder alone resyncs.
 */
export async function resyncPass(
  app: Probot,
  options: ResyncOptions,
  seen: Map<string, Map<number, string>>,
  log: Logger,
): Promise<ResyncPass | null> {
  if (!(await options.lease.hold())) return null;
  const started = options.services.clock();
  const last = await options.store.get(LAST).catch(() => null);
  const lastMs = last === null ? NaN : Date.parse(last);
  const windowHours = Number.isFinite(lastMs)
    ? Math.min(MAX_WINDOW_HOURS, Math.max((started.getTime() - lastMs + MARGIN_MS) / 3_600_000, (2 * options.intervalMs) / 3_600_000))
    : options.firstWindowHours;
  const summary: ResyncPass = { repositories: 0, candidates: 0, writes: 0, failed: 0, windowHours };
  const jwt = await app.auth();
  const installations = (await jwt.paginate('GET /app/installations', { per_page: 100 })) as { id: number }[];
  for (const installation of installations) {
    const octokit = (await app.auth(installation.id)) as unknown as Octokit;
    const repos = (await octokit.paginate('GET /installation/repositories', { per_page: 100 })) as {
      name: string;
      owner: { login: string };
      archived?: boolean;
    }[];
    for (const listed of repos) {
      if (listed.archived) continue;
      // A long pass keeps proving it is still the one resyncing.
      if (!(await options.lease.hold())) {
        log.info({ repositories: summary.repositories }, 'recovery-triage: resync lease lost; another replica goes on');
        return summary;
      }
      const repo: RepoRef = { owner: listed.owner.login, repo: listed.name };
      const name = `${repo.owner}/${repo.repo}`.toLowerCase();
      try {
        const loaded = await loadConfig(octokit, repo, options.services.files);
        if (!loaded.ok) continue;
        if (!seen.has(name)) seen.set(name, new Map());
        const report = await sweepRepository(
          octokit,
          repo,
          loaded.config,
          options.services,
          {
            now: started,
            windowHours,
            concurrency: options.concurrency ?? 2,
            maxWrites: null,
            runner: options.runner,
            seen: seen.get(name),
          },
          log,
        );
        summary.repositories += 1;
        summary.candidates += report.candidates;
        summary.writes += report.writes;
        for (const line of report.lines.filter((l) => l.error !== null)) {
          summary.failed += 1;
          log.error({ repo: name, issue: line.number, err: describe(line.error) }, 'recovery-triage: resync run failed');
        }
      } catch (error) {
        summary.failed += 1;
        log.error({ repo: name, err: describe(error) }, 'recovery-triage: resync of a repository failed');
      }
    }
  }
  // Only a pass that finished everything moves the window on: failed requests are looked at again.
  if (summary.failed === 0) await options.store.set(LAST, started.toISOString()).catch(() => undefined);
  log.info({ ...summary }, 'recovery-triage: resync pass done');
  return summary;
}

export type ResyncJob = PeriodicJob<ResyncPass>;

/** Runs a pass every `intervalMs` (timers do not keep the process alive). */
export function startResync(app: Probot, options: ResyncOptions): ResyncJob {
  const seen = new Map<string, Map<number, string>>();
  return startPeriodic({
    intervalMs: options.intervalMs,
    firstDelayMs: options.firstDelayMs ?? Math.min(60_000, Math.floor(options.intervalMs / 10)),
    lease: options.lease,
    run: () => resyncPass(app, options, seen, app.log),
    onError: (error) => app.log.error({ err: describe(error) }, 'recovery-triage: resync pass failed'),
  });
}
