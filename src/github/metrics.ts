/**
 * What an operator scrapes at `/metrics` (Prometheus text format, prom-client): deliveries by
 * event and outcome, runs and their outcomes, failures, retries, redeliveries asked, writes,
 * GitHub's rate limit as its responses report it, work waiting, and the oldest request waiting
 * for a maintainer.
 *
 * One registry per process (not prom-client's global one, so nothing else in the process adds to
 * it by accident). The shell calls the small functions below, one line each at the place where
 * the thing happens; none of them ever throws into a run. Label values are event names, outcomes,
 * rate-limit resources and repository names: bounded, and never text anyone wrote.
 */
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';

export const registry = new Registry();
let defaultsCollected = false;

const deliveries = new Counter({
  name: 'recovery_triage_deliveries_total',
  help: 'Webhook deliveries received, by event and outcome (ok, failed: a handler failed, refused: bad signature or payload).',
  labelNames: ['event', 'outcome'] as const,
  registers: [registry],
});
const runs = new Counter({
  name: 'recovery_triage_runs_total',
  help: 'Reconciliation runs of one issue, by outcome (reconciled, not-a-request, config-error, form-error, failed).',
  labelNames: ['outcome'] as const,
  registers: [registry],
});
const failures = new Counter({
  name: 'recovery_triage_run_failures_total',
  help: 'Runs that ended with an error (each is retried, or finished by a later event or the sweep).',
  registers: [registry],
});
const retries = new Counter({
  name: 'recovery_triage_run_retries_total',
  help: 'Retries of failed runs started.',
  registers: [registry],
});
const redeliveries = new Counter({
  name: 'recovery_triage_redeliveries_asked_total',
  help: 'Failed webhook deliveries the app asked GitHub to redeliver.',
  registers: [registry],
});
const writes = new Counter({
  name: 'recovery_triage_writes_total',
  help: 'Writes to GitHub made by runs (labels, comments, closes, reopens).',
  registers: [registry],
});
const rateRemaining = new Gauge({
  name: 'recovery_triage_github_rate_limit_remaining',
  help: "Requests left in GitHub's primary rate limit window, from the last response seen (x-ratelimit-remaining), by resource.",
  labelNames: ['resource'] as const,
  registers: [registry],
});
const rateLimit = new Gauge({
  name: 'recovery_triage_github_rate_limit',
  help: "Size of GitHub's primary rate limit window, from the last response seen (x-ratelimit-limit), by resource.",
  labelNames: ['resource'] as const,
  registers: [registry],
});

/** Where the work waiting is counted: the in-process runner, or a durable queue. */
type WorkSource = () => number | Promise<number>;
const workSources = new Map<string, WorkSource>();
new Gauge({
  name: 'recovery_triage_work_waiting',
  help: 'Runs going on or waiting, by where they wait (runner: issues with a run going on or queued in this process; retries; queue: durable jobs).',
  labelNames: ['where'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    for (const [where, source] of workSources) {
      try {
        this.set({ where }, await source());
      } catch {
        // A source that cannot answer (Redis away) is left out of this scrape.
      }
    }
  },
});

/** Requests seen waiting for a maintainer (state `triage`): repository → issue → since when (ms). */
const waiting = new Map<string, Map<number, number>>();
const MAX_WAITING_PER_REPO = 10_000;
const MAX_REPOS = 1_000;
let now: () => number = Date.now;
new Gauge({
  name: 'recovery_triage_oldest_waiting_for_maintainer_seconds',
  help: 'Age of the oldest request waiting for a maintainer (state triage, from when it was opened), by repository, as the last runs and sweeps saw it.',
  labelNames: ['repository'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [repository, issues] of waiting) {
      if (issues.size === 0) continue;
      const oldest = Math.min(...issues.values());
      this.set({ repository }, Math.max(0, Math.round((now() - oldest) / 1000)));
    }
  },
});
new Gauge({
  name: 'recovery_triage_waiting_for_maintainer',
  help: 'Requests waiting for a maintainer (state triage), by repository, as the last runs and sweeps saw them.',
  labelNames: ['repository'] as const,
  registers: [registry],
  collect() {
    this.reset();
    for (const [repository, issues] of waiting) this.set({ repository }, issues.size);
  },
});

function safely(f: () => void): void {
  try {
    f();
  } catch {
    // Metrics never break a run.
  }
}

/** One webhook delivery answered: `ok`, `failed` (a handler failed) or `refused` (signature, payload). */
export function countDelivery(event: string, outcome: 'ok' | 'failed' | 'refused'): void {
  safely(() => deliveries.inc({ event: /^[a-z_]{1,60}$/.test(event) ? event : 'other', outcome }));
}

/** A run's end: its outcome and the writes it made; a thrown error counts as a failure. */
export function countRun(outcome: string, writeCount = 0): void {
  safely(() => {
    runs.inc({ outcome });
    if (outcome === 'failed') failures.inc();
    if (writeCount > 0) writes.inc(writeCount);
  });
}

/** A retry of a failed run starts. */
export function countRetry(): void {
  safely(() => retries.inc());
}

/** GitHub was asked to redeliver `n` failed deliveries. */
export function countRedeliveries(n = 1): void {
  safely(() => redeliveries.inc(n));
}

/** The rate-limit headers of one GitHub response. */
export function noteRateLimit(headers: Record<string, unknown> | undefined): void {
  safely(() => {
    const remaining = Number(headers?.['x-ratelimit-remaining']);
    if (headers?.['x-ratelimit-remaining'] === undefined || !Number.isFinite(remaining)) return;
    const raw = headers?.['x-ratelimit-resource'];
    const resource = typeof raw === 'string' && /^[a-z_]{1,40}$/.test(raw) ? raw : 'core';
    rateRemaining.set({ resource }, remaining);
    const limit = Number(headers?.['x-ratelimit-limit']);
    if (Number.isFinite(limit)) rateLimit.set({ resource }, limit);
  });
}

interface Hookable {
  hook?: { after(name: 'request', hook: (response: { headers?: Record<string, unknown> }) => void): void };
}
const watched = new WeakSet<object>();

/** Reads the rate-limit headers of every response this client gets from now on (once per client). */
export function watchRateLimit(octokit: object): void {
  safely(() => {
    const hook = (octokit as Hookable).hook;
    if (watched.has(octokit) || typeof hook?.after !== 'function') return;
    watched.add(octokit);
    hook.after('request', (response) => noteRateLimit(response?.headers));
  });
}

/** Counts the work waiting in `where` at each scrape (replaces an earlier source of that name). */
export function trackWork(where: string, source: WorkSource): void {
  workSources.set(where, source);
}

/**
 * What a run saw of one request: waiting for a maintainer (state `triage`, since `openedAt`) or not
 * (any other state, or not a request): the oldest-waiting gauge follows.
 */
export function noteRequestState(repository: string, issue: number, state: string | null, openedAt?: string): void {
  safely(() => {
    const key = repository.toLowerCase();
    let issues = waiting.get(key);
    if (state !== 'triage') {
      issues?.delete(issue);
      if (issues?.size === 0) waiting.delete(key);
      return;
    }
    const since = openedAt ? Date.parse(openedAt) : now();
    if (!Number.isFinite(since)) return;
    if (!issues) {
      if (waiting.size >= MAX_REPOS) return;
      issues = new Map();
      waiting.set(key, issues);
    }
    if (!issues.has(issue) && issues.size >= MAX_WAITING_PER_REPO) return;
    issues.set(issue, since);
  });
}

/** The metrics in Prometheus' text format, with the process' own (CPU, memory, event loop). */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  if (!defaultsCollected) {
    defaultsCollected = true;
    collectDefaultMetrics({ register: registry, prefix: 'recovery_triage_' });
  }
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** Tests: the clock the oldest-waiting gauge measures against, and a clean slate. */
export function resetMetricsForTests(clock: () => number = Date.now): void {
  registry.resetMetrics();
  waiting.clear();
  workSources.clear();
  now = clock;
}
