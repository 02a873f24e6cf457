import type { Probot } from 'probot';
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

/**
 * Deliveries to ask for again: per delivery guid, the newest attempt when none succeeded, none
 * was a redelivery already (each failed delivery is asked for once), and this process has not
 * asked for it before.
 */
export function deliveriesToRetry(deliveries: readonly DeliveryRecord[], asked: ReadonlySet<string>): DeliveryRecord[] {
  const byGuid = new Map<string, DeliveryRecord[]>();
  for (const d of deliveries) {
    const group = byGuid.get(d.guid) ?? [];
    group.push(d);
    byGuid.set(d.guid, group);
  }
  const due: DeliveryRecord[] = [];
  for (const [guid, group] of byGuid) {
    if (asked.has(guid)) continue;
    if (group.some((d) => d.status_code >= 200 && d.status_code < 300)) continue;
    if (group.some((d) => d.redelivery)) continue;
    due.push(group.reduce((a, b) => (a.delivered_at >= b.delivered_at ? a : b)));
  }
  return due.sort((a, b) => (a.delivered_at < b.delivered_at ? -1 : 1));
}

export interface RedeliveryOptions {
  /** How far back deliveries are looked at. */
  lookbackMs: number;
  /** Pages of 100 deliveries read at most per pass. */
  maxPages?: number;
  /** Redeliveries asked for at most per pass. */
  maxAsks?: number;
  now?: () => number;
}

/** Guids asked for, remembered (bounded) so a pass never asks twice for the same delivery. */
export class AskedDeliveries {
  private readonly guids = new Set<string>();
  constructor(private readonly max = 10_000) {}
  has(guid: string): boolean {
    return this.guids.has(guid);
  }
  add(guid: string): void {
    this.guids.add(guid);
    if (this.guids.size > this.max) {
      const oldest = this.guids.values().next().value;
      if (oldest !== undefined) this.guids.delete(oldest);
    }
  }
  get set(): ReadonlySet<string> {
    return this.guids;
  }
}

/**
 * One pass of the app's own recovery of failed deliveries (GitHub never redelivers by itself):
 * lists the recent deliveries with the app's JWT and asks GitHub to redeliver each failed one
 * once. Bounded in pages read and redeliveries asked.
 */
export async function recoverFailedDeliveries(
  octokit: Octokit,
  asked: AskedDeliveries,
  options: RedeliveryOptions,
  log: Logger,
): Promise<{ read: number; asked: number }> {
  const now = options.now ?? Date.now;
  const since = new Date(now() - options.lookbackMs).toISOString();
  const maxPages = options.maxPages ?? 5;
  let pages = 0;
  const deliveries = (await octokit.paginate('GET /app/hook/deliveries', { per_page: 100 }, (response, done) => {
    pages += 1;
    const data = response.data as DeliveryRecord[];
    if (pages >= maxPages || data.some((d) => d.delivered_at < since)) done();
    return data;
  })) as DeliveryRecord[];
  const due = deliveriesToRetry(
    deliveries.filter((d) => d.delivered_at >= since),
    asked.set,
  ).slice(0, options.maxAsks ?? 50);
  let count = 0;
  for (const delivery of due) {
    try {
      await octokit.request('POST /app/hook/deliveries/{delivery_id}/attempts', { delivery_id: delivery.id });
      count += 1;
      countRedeliveries();
    } catch (error) {
      log.error(
        { delivery: delivery.guid, status: (error as { status?: number }).status ?? null },
        'recovery-triage: redelivery request failed',
      );
    }
    asked.add(delivery.guid);
  }
  if (count > 0) log.info({ asked: count, read: deliveries.length }, 'recovery-triage: asked GitHub to redeliver failed deliveries');
  return { read: deliveries.length, asked: count };
}

/** Runs a pass every `intervalMs` (timer not keeping the process alive); returns a stop function. */
export function startRedeliveryJob(app: Probot, options: { intervalMs: number }): () => void {
  const asked = new AskedDeliveries();
  let running = false;
  const pass = async () => {
    if (running) return;
    running = true;
    try {
      const octokit = await app.auth();
      await recoverFailedDeliveries(octokit, asked, { lookbackMs: options.intervalMs * 3 }, app.log);
    } catch (error) {
      app.log.error({ status: (error as { status?: number }).status ?? null }, 'recovery-triage: cannot list deliveries');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void pass(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
