import type { ApplicationFunctionOptions, Probot } from 'probot';
import { registerHandlers, type AppOptions, type RegisteredApp } from './github/handlers.js';
import { LocalLease, MemoryStore, RedisLease, RedisStore, type Lease, type PassStore } from './github/lease.js';
import { startRedeliveryJob, type RedeliveryJob } from './github/redeliver.js';
import { startResync, type ResyncJob } from './github/resync.js';
import { loginList } from './github/observe.js';
import { IssueRunner, RedisLock } from './github/runner.js';
import { startOperations } from './github/operations.js';

export type { AppOptions, RegisteredApp } from './github/handlers.js';

/** The periodic jobs a server runs besides answering webhooks. */
export interface ServerJobs {
  resync: ResyncJob | null;
  redelivery: RedeliveryJob | null;
}

export interface CreateAppOptions extends AppOptions {
  onRegistered?: (registered: RegisteredApp & ServerJobs) => void;
  /** The Redis the replicas share; `REDIS_URL` by default. */
  redisUrl?: string;
  /** Minutes between resync passes (`RESYNC_INTERVAL_MINUTES`, default 15; 0 = off; off under NODE_ENV=test). */
  resyncMinutes?: number;
  /** Minutes between redelivery passes (`REDELIVER_INTERVAL_MINUTES`, default 5; 0 = off; off under NODE_ENV=test). */
  redeliverMinutes?: number;
}

const apps = new Set<RegisteredApp & ServerJobs & { shutdown(graceMs: number): Promise<'drained' | 'handed back'> }>();

function envNumber(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : fallback;
}

/**
 * The Probot app: webhooks name issues, each run reconciles one issue with what GitHub shows.
 * From the environment (docs/deploy.md):
 * - `DRY_RUN=true` logs plans and writes nothing;
 * - `REDIS_URL`: the per-issue lock is shared by every replica, each delivery's run is recorded
 *   in Redis (BullMQ) before the delivery is answered and retried with backoff there
 *   (`WORK_CONCURRENCY` 8, `WORK_ATTEMPTS` 6, `WORK_BACKOFF_SECONDS` 2, `WORK_LOCK_SECONDS` 30),
 *   and one replica at a time resyncs and asks for redeliveries;
 * - `RESYNC_INTERVAL_MINUTES` (default 15, 0 = off): the sweep over every installed repository,
 *   timers included; `RESYNC_WINDOW_HOURS` (default 26): how far back its first pass looks;
 * - `REDELIVER_INTERVAL_MINUTES` (default 5, 0 = off): failed deliveries asked for again;
 *   `REDELIVER_FIRST_LOOKBACK_HOURS` (default 24, at most 72): how far back its first pass looks.
 * - `RECOVERY_TRIAGE_BOT_LOGIN` names further logins of this deployment whose status comments
 *   are adopted (the app's bot and `github-actions[bot]` always are).
 */
export function createApp(
  options: CreateAppOptions = {},
): (app: Probot, appOptions?: Partial<ApplicationFunctionOptions>) => Promise<void> {
  return async (app, appOptions) => {
    const env = process.env;
    const redisUrl = options.redisUrl ?? env.REDIS_URL;
    let runner = options.runner;
    let redis: import('ioredis').Redis | null = null;
    if (redisUrl) {
      const { Redis } = await import('ioredis');
      redis = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 3 });
      redis.on('error', (error: Error) => app.log.error({ err: error.message }, 'recovery-triage: Redis connection error'));
      runner ??= new IssueRunner({ lock: new RedisLock(redis) });
      app.log.info('recovery-triage: per-issue lock and durable work shared through Redis');
    }
    const durable =
      options.durable ??
      (redisUrl
        ? {
            url: redisUrl,
            concurrency: envNumber(env.WORK_CONCURRENCY, 8) || 8,
            attempts: envNumber(env.WORK_ATTEMPTS, 6) || 6,
            backoffMs: envNumber(env.WORK_BACKOFF_SECONDS, 2) * 1000,
            lockDurationMs: (envNumber(env.WORK_LOCK_SECONDS, 30) || 30) * 1000,
          }
        : undefined);
    const registered = registerHandlers(app, {
      dryRun: env.DRY_RUN === 'true',
      trustedLogins: loginList(env.RECOVERY_TRIAGE_BOT_LOGIN),
      ...options,
      runner,
      durable,
    });
    if (registered.durable && !(await registered.durable.ready()))
      app.log.error('recovery-triage: Redis is not reachable yet; deliveries are handled in this process until it is');
    if (registered.services.dryRun) app.log.info('recovery-triage: DRY_RUN=true, plans are logged and nothing is written');

    const timersOn = env.NODE_ENV !== 'test';
    const lease = (name: string, ttlMs: number): Lease =>
      redis ? new RedisLease(redis, `recovery-triage:lease:${name}`, ttlMs) : new LocalLease();
    const store: PassStore = redis ? new RedisStore(redis) : new MemoryStore();

    const resyncMinutes = options.resyncMinutes ?? (timersOn ? envNumber(env.RESYNC_INTERVAL_MINUTES, 15) : 0);
    const resync =
      resyncMinutes > 0
        ? startResync(app, {
            intervalMs: resyncMinutes * 60_000,
            firstWindowHours: envNumber(env.RESYNC_WINDOW_HOURS, 26) || 26,
            // Held across passes by one replica; another takes over within two intervals of it stopping.
            lease: lease('resync', 2 * resyncMinutes * 60_000),
            store,
            runner: registered.runner,
            services: registered.services,
          })
        : null;
    const redeliverMinutes = options.redeliverMinutes ?? (timersOn ? envNumber(env.REDELIVER_INTERVAL_MINUTES, 5) : 0);
    const redelivery =
      redeliverMinutes > 0
        ? startRedeliveryJob(app, {
            intervalMs: redeliverMinutes * 60_000,
            firstLookbackMs: Math.min(72, envNumber(env.REDELIVER_FIRST_LOOKBACK_HOURS, 24)) * 3_600_000,
            lease: lease('redeliver', 2 * redeliverMinutes * 60_000),
            store,
          })
        : null;

    const full = Object.assign(registered, {
      resync,
      redelivery,
      /** Stops the periodic jobs, then drains (or hands back) the runs in flight within `graceMs`. */
      async shutdown(graceMs: number): Promise<'drained' | 'handed back'> {
        const deadline = Date.now() + graceMs;
        const timers = Promise.all([resync?.stop(), redelivery?.stop()]);
        const outcome = await registered.close(graceMs);
        await Promise.race([timers, new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
        redis?.disconnect();
        apps.delete(full);
        return outcome;
      },
    });
    apps.add(full);
    startOperations(app, registered, appOptions?.addHandler);
    options.onRegistered?.(full);
  };
}

/**
 * SIGTERM (bin/start.js): every app created here stops taking work, finishes what is in flight
 * (or hands it back to the durable queue) and stops its periodic jobs, within `graceMs`.
 */
export async function shutdown(graceMs: number): Promise<('drained' | 'handed back')[]> {
  return Promise.all([...apps].map((a) => a.shutdown(graceMs)));
}

export default createApp();
