import type { Config } from '../config/schema.js';
import { FINAL_STATES } from '../state/states.js';
import { timedStates } from '../timers/decide.js';
import type { RawIssue } from './observe.js';
import type { Logger, Octokit, RepoRef } from './octokit.js';
import { reconcileIssue, type RunResult, type RunServices } from './run.js';
import { IssueRunner, issueKey, type WriteGuard } from './runner.js';

export interface SweepOptions {
  now: Date;
  /** Requests changed within this window are reconciled (webhooks may have been lost). */
  windowHours: number;
  /** Runs going on at once. */
  concurrency: number;
  /** Stop starting runs once this many writes were made; the rest wait for the next sweep. */
  maxWrites: number | null;
  /** Serialises with other runs of the same issues (the app's runner), when there is one. */
  runner?: IssueRunner;
  /** Recount the queue positions of the requests waiting in triage, and update those that moved. */
  refreshQueue?: boolean;
  /**
   * Each request's `updated_at` when a run last found nothing to do (kept between sweeps, e.g. in
   * a state file): a request changed only within the window whose listing shows the same time is
   * skipped. Updated in place.
   */
  seen?: Map<number, string>;
}

export type SweepReason = 'timer' | 'changed' | 'unfinished close' | 'queue';

export interface SweepLine {
  number: number;
  reasons: SweepReason[];
  result: RunResult | null;
  error: unknown;
}

export interface SweepReport {
  candidates: number;
  /** Candidates skipped because their listing shows nothing changed since a run found nothing to do. */
  unchanged: number;
  lines: SweepLine[];
  /** Candidates left for the next run because of `maxWrites`. */
  deferred: number[];
  writes: number;
}

const DAY_MS = 86_400_000;
const PER_PAGE = 100;

/**
 * The safety net and the timers: finds, in a number of reads that grows with the work to do
 * rather than with the queue, the open requests that may need a run, and reconciles each:
 *  - requests in a timed state quiet for at least the shortest timer step (listed oldest change
 *    first, stopping at the first one changed since: nothing later can be due);
 *  - requests changed within the window, open or closed (a webhook delivery may have been lost
 *    or failed, or a run lost to a crash: a hand close or reopen is finished too);
 *  - open requests labelled with a final state (a close that failed half-way).
 * Each candidate then costs one read of its comments plus what its run needs.
 */
export async function findCandidates(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  options: SweepOptions,
): Promise<Map<number, { issue: RawIssue; reasons: SweepReason[]; queueAhead?: number }>> {
  const found = new Map<number, { issue: RawIssue; reasons: SweepReason[]; queueAhead?: number }>();
  const add = (issue: RawIssue, reason: SweepReason) => {
    if (issue.pull_request) return;
    const entry = found.get(issue.number) ?? { issue, reasons: [] };
    if (!entry.reasons.includes(reason)) entry.reasons.push(reason);
    found.set(issue.number, entry);
  };
  const steps = timedStates(config)
    .flatMap((s) => [config.timers[s].remindAfterDays, config.timers[s].closeAfterDays])
    .filter((d): d is number => d !== null);
  if (steps.length > 0) {
    const quietSince = new Date(options.now.getTime() - Math.min(...steps) * DAY_MS).toISOString();
    for (const state of timedStates(config)) {
      const labels = `${config.formLabel},${config.labels[state].name}`;
      const listed = (await octokit.paginate(
        octokit.rest.issues.listForRepo,
        { ...repo, state: 'open', labels, sort: 'updated', direction: 'asc', per_page: PER_PAGE },
        (response, done) => {
          const page = response.data as RawIssue[];
          if (page.some((i) => i.updated_at > quietSince)) done();
          return page;
        },
      )) as RawIssue[];
      for (const issue of listed) if (issue.updated_at <= quietSince) add(issue, 'timer');
    }
  }
  const windowStart = new Date(options.now.getTime() - options.windowHours * 3_600_000).toISOString();
  // Open and closed: a close or reopen whose run was lost is finished too.
  const changed = (await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repo,
    state: 'all',
    labels: config.formLabel,
    since: windowStart,
    per_page: PER_PAGE,
  })) as RawIssue[];
  for (const issue of changed) add(issue, 'changed');
  if (options.refreshQueue) {
    // One listing, oldest first: each request's position is the number of triage requests before it.
    const waiting = (await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      state: 'open',
      labels: `${config.formLabel},${config.labels.triage.name}`,
      sort: 'created',
      direction: 'asc',
      per_page: PER_PAGE,
    })) as RawIssue[];
    waiting
      .filter((i) => !i.pull_request)
      .sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : a.number - b.number))
      .forEach((issue, position) => {
        add(issue, 'queue');
        const entry = found.get(issue.number);
        if (entry) entry.queueAhead = position;
      });
  }
  for (const state of FINAL_STATES) {
    const open = (await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      state: 'open',
      labels: `${config.formLabel},${config.labels[state].name}`,
      per_page: PER_PAGE,
    })) as RawIssue[];
    for (const issue of open) add(issue, 'unfinished close');
  }
  return found;
}

/** Reconciles the candidates, a few at a time, with the timers on. */
export async function sweepRepository(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  services: RunServices,
  options: SweepOptions,
  log: Logger,
): Promise<SweepReport> {
  const candidates = [...(await findCandidates(octokit, repo, config, options)).values()].sort((a, b) => a.issue.number - b.issue.number);
  const runner = options.runner ?? new IssueRunner();
  const lines: SweepLine[] = [];
  const deferred: number[] = [];
  let writes = 0;
  let next = 0;
  let unchanged = 0;
  const seen = options.seen;
  const worker = async () => {
    for (;;) {
      const index = next++;
      const candidate = candidates[index];
      if (candidate === undefined) return;
      if (options.maxWrites !== null && writes >= options.maxWrites) {
        deferred.push(candidate.issue.number);
        continue;
      }
      const { number, updated_at: updatedAt } = candidate.issue;
      // Only "changed" is a reason a later sweep can rule out from the listing alone.
      if (seen?.get(number) === updatedAt && candidate.reasons.every((r) => r === 'changed')) {
        unchanged += 1;
        continue;
      }
      const line: SweepLine = { number, reasons: candidate.reasons, result: null, error: null };
      // The same key as the app's runs: with a shared lock (Redis), one writer per request.
      const key = issueKey(`${repo.owner}/${repo.repo}`, candidate.issue.number);
      try {
        await runner.run(
          key,
          async (guard?: WriteGuard) => {
            line.result = await reconcileIssue(
              octokit,
              {
                repo,
                number: candidate.issue.number,
                listed: candidate.issue,
                timers: true,
                now: options.now,
                refreshQueue: candidate.queueAhead !== undefined,
                queueAhead: candidate.queueAhead,
                guard,
              },
              services,
              log,
            );
          },
          'sweep',
        );
        writes += line.result?.writes ?? 0;
        // A run that found the events listing lagging decided nothing: the next sweep looks again.
        if (line.result?.writes === 0 && line.result.recheckAfterMs === null && !services.dryRun) seen?.set(number, updatedAt);
        else seen?.delete(number);
      } catch (error) {
        line.error = error;
        seen?.delete(number);
      }
      lines.push(line);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
  lines.sort((a, b) => a.number - b.number);
  // Closed requests are not listed again: the remembered set stays as large as the open queue.
  if (seen) for (const n of [...seen.keys()]) if (!candidates.some((c) => c.issue.number === n)) seen.delete(n);
  return { candidates: candidates.length, unchanged, lines, deferred: deferred.sort((a, b) => a - b), writes };
}
