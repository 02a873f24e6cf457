import type { Probot } from 'probot';
import { LocalLease, MemoryStore, startPeriodic, type Lease, type PassStore, type PeriodicJob } from './lease.js';
import { countRedeliveries } from './metrics.js';
import type { Logger, Octokit } from './octokit.js';

/** One entry of `GET /app/hook/deliveries`. */
export interface DeliveryRecord {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  status_code: number;
}

/** A failed delivery being asked for again. */
export interface PendingRedelivery {
  /** The newest failed attempt's id (what `POST …/attempts` names). */
  id: number;
  /** Redeliveries asked for so far. */
  asks: number;
  /** Not asked for again before this time (ms). */
  next: number;
  /** When it was first delivered: GitHub keeps deliveries 3 days. */
  at: string;
}

interface RedeliveryState {
  /** Start of the last pass that covered its whole window. */
  last: string | null;
  pending: Record<string, PendingRedelivery>;
}

/** GitHub keeps a delivery's log for 3 days. */
export const DELIVERY_RETENTION_MS = 3 * 86_400_000;
const STATE_KEY = 'redeliver:state';
/** Overlap with the previous pass: deliveries logged while it listed are looked at again. */
const MARGIN_MS = 60_000;
const MAX_PENDING = 10_000;

export interface RedeliveryOptions {
  /** How far back the first pass looks, when no earlier pass is remembered (`REDELIVER_FIRST_LOOKBACK_HOURS`, default 24). */
  firstLookbackMs: number;
  /** Where the last pass and the redeliveries being asked for are kept (Redis, or memory). */
  store: PassStore;
  /** Pages of 100 deliveries read at most per pass (default 300: 30,000 deliveries); reaching it is logged. */
  maxPages?: number;
  /** Redeliveries asked for at most per pass (default 100); the rest wait for the next pass. */
  maxAsks?: number;
  /** Redeliveries asked for one delivery before it is given up and logged (default 5). */
  maxAttempts?: number;
  /** Wait before asking again for a delivery whose redelivery failed too; doubles each time (default 5 min). */
  backoffMs?: number;
  now?: () => number;
}

export interface RedeliveryPass {
  read: number;
  pages: number;
  asked: number;
  gaveUp: number;
  /** Whether the listing reached back to the window's start (else the bound stopped it). */
  covered: boolean;
  since: string;
}

function parseState(text: string | null): RedeliveryState {
  if (text === null) return { last: null, pending: {} };
  try {
    const json = JSON.parse(text) as Partial<RedeliveryState>;
    const pending: Record<string, PendingRedelivery> = {};
    for (const [guid, p] of Object.entries(json.pending ?? {})) {
      if (typeof p?.id === 'number' && typeof p.asks === 'number' && typeof p.next === 'number' && typeof p.at === 'string')
        pending[guid] = p;
    }
    return { last: typeof json.last === 'string' ? json.last : null, pending };
  } catch {
    return { last: null, pending: {} };
  }
}

/**
 * One pass of the app's own recovery of failed deliveries (GitHub never redelivers by itself):
 * lists the deliveries back to the start of the last pass that covered its window (the first
 * pass looks back `firstLookbackMs`; never more than GitHub's 3 days), following the cursor
 * page after page, and asks GitHub to redeliver each delivery none of whose attempts succeeded.
 * A redelivery that fails too is asked for again after a doubling wait, up to `maxAttempts`;
 * then it is given up and logged (the resync still reconciles its request).
 */
export async function recoverFailedDeliveries(octokit: Octokit, options: RedeliveryOptions, log: Logger): Promise<RedeliveryPass> {
  const now = (options.now ?? Date.now)();
  const state = parseState(await options.store.get(STATE_KEY));
  const oldest = now - DELIVERY_RETENTION_MS;
  const lastMs = state.last === null ? NaN : Date.parse(state.last);
  const sinceMs = Math.max(oldest, Number.isFinite(lastMs) ? lastMs - MARGIN_MS : now - options.firstLookbackMs);
  const since = new Date(sinceMs).toISOString();
  const maxPages = options.maxPages ?? 300;
  const listed: DeliveryRecord[] = [];
  let pages = 0;
  let covered = false;
  for await (const response of octokit.paginate.iterator('GET /app/hook/deliveries', { per_page: 100 })) {
    pages += 1;
    const data = response.data as DeliveryRecord[];
    listed.push(...data);
    if (data.length === 0 || data.some((d) => Date.parse(d.delivered_at) < sinceMs)) {
      covered = true;
      break;
    }
    if (pages >= maxPages) break;
  }
  // The listing ended without a next page: everything there is was read.
  if (!covered && pages < maxPages) covered = true;
  if (!covered) {
    const reached = listed.length > 0 ? listed[listed.length - 1].delivered_at : since;
    log.error(
      { pages, read: listed.length, since, reached },
      'recovery-triage: delivery listing stopped at its bound before covering the window; older deliveries are left to the resync',
    );
  }

  const byGuid = new Map<string, DeliveryRecord[]>();
  for (const d of listed) {
    const group = byGuid.get(d.guid) ?? [];
    group.push(d);
    byGuid.set(d.guid, group);
  }
  for (const [guid, group] of byGuid) {
    if (group.some((d) => d.status_code >= 200 && d.status_code < 300)) {
      delete state.pending[guid];
      continue;
    }
    const newest = group.reduce((a, b) => (a.delivered_at > b.delivered_at || (a.delivered_at === b.delivered_at && a.id > b.id) ? a : b));
    const first = group.reduce((a, b) => (a.delivered_at <= b.delivered_at ? a : b));
    const known = state.pending[guid];
    if (known) {
      known.id = newest.id;
      continue;
    }
    if (Date.parse(newest.delivered_at) < sinceMs) continue;
    state.pending[guid] = { id: newest.id, asks: group.filter((d) => d.redelivery).length, next: now, at: first.delivered_at };
  }

  const backoff = options.backoffMs ?? 5 * 60_000;
  const maxAttempts = options.maxAttempts ?? 5;
  const due = Object.entries(state.pending)
    .filter(([, p]) => p.next <= now)
    .sort((a, b) => (a[1].at < b[1].at ? -1 : a[1].at > b[1].at ? 1 : 0));
  let asked = 0;
  let gaveUp = 0;
  for (const [guid, pending] of due) {
    if (Date.parse(pending.at) < oldest) {
      delete state.pending[guid];
      gaveUp += 1;
      log.error({ delivery: guid }, 'recovery-triage: a failed delivery is older than GitHub keeps; left to the resync');
      continue;
    }
    if (pending.asks >= maxAttempts) {
      delete state.pending[guid];
      gaveUp += 1;
      log.error({ delivery: guid, asks: pending.asks }, 'recovery-triage: gave up asking for a failed delivery again; left to the resync');
      continue;
    }
    if (asked >= (options.maxAsks ?? 100)) break;
    pending.asks += 1;
    pending.next = now + backoff * 2 ** (pending.asks - 1);
    try {
      await octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: pending.id });
      asked += 1;
      countRedeliveries();
    } catch (error) {
      log.error(
        { delivery: guid, status: (error as { status?: number }).status ?? null },
        'recovery-triage: redelivery request failed; asked again later',
      );
    }
  }
  const kept = Object.entries(state.pending);
  if (kept.length > MAX_PENDING) {
    kept.sort((a, b) => (a[1].at < b[1].at ? -1 : 1));
    for (const [guid] of kept.slice(0, kept.length - MAX_PENDING)) delete state.pending[guid];
  }
  // A pass that did not reach back to its start leaves the window where it was.
  if (covered) state.last = new Date(now).toISOString();
  await options.store.set(STATE_KEY, JSON.stringify(state));
  if (asked > 0 || gaveUp > 0)
    log.info({ asked, gaveUp, read: listed.length, pages }, 'recovery-triage: asked GitHub to redeliver failed deliveries');
  return { read: listed.length, pages, asked, gaveUp, covered, since };
}

export interface RedeliveryJobOptions extends Omit<RedeliveryOptions, 'store'> {
  intervalMs: number;
  /** Held by the one replica that asks (Redis); one process always holds it. */
  lease?: Lease;
  store?: PassStore;
}

export type RedeliveryJob = PeriodicJob<RedeliveryPass>;

/** Runs a pass every `intervalMs` (timers do not keep the process alive), on the lease holder only. */
export function startRedeliveryJob(app: Probot, options: RedeliveryJobOptions): RedeliveryJob {
  const lease = options.lease ?? new LocalLease();
  const store = options.store ?? new MemoryStore();
  return startPeriodic({
    intervalMs: options.intervalMs,
    lease,
    run: async () => {
      if (!(await lease.hold())) return null;
      const octokit = (await app.auth()) as unknown as Octokit;
      return await recoverFailedDeliveries(octokit, { ...options, store }, app.log);
    },
    onError: (error) => app.log.error({ status: (error as { status?: number }).status ?? null }, 'recovery-triage: cannot list deliveries'),
  });
}
