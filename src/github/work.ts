import { Queue, Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from './octokit.js';
import { countRetry } from './metrics.js';

/** One issue's run, as recorded in Redis before its delivery is answered. */
export interface WorkItem {
  /** The runner's key of the issue (`owner/name#number`, lower case). */
  key: string;
  installationId: number | null;
  owner: string;
  repo: string;
  number: number;
  /** A trigger said a label, close or reopen event happened: read the events. */
  readEvents: boolean;
}

interface JobData extends WorkItem {
  epoch: number;
}

export interface DurableWorkOptions {
  /** The Redis the replicas share (`REDIS_URL`). */
  url: string;
  /** Queue name; replicas of one deployment share it. */
  queue?: string;
  /** Runs going on at once in this process (`WORK_CONCURRENCY`, default 8). */
  concurrency?: number;
  /** Attempts of a run before it is given up (the resync then finishes it); default 6. */
  attempts?: number;
  /** First retry delay; each next one doubles (default 2 s: 2, 4, 8, 16, 32 s). */
  backoffMs?: number;
  /**
   * How long a job taken by a process that stops answering (a crash, kill -9) stays taken
   * before another worker takes it over (BullMQ's lock duration; default 30 s).
   */
  lockDurationMs?: number;
  /** How often workers look for such jobs (default: the lock duration). */
  stalledIntervalMs?: number;
}

/** The work a job does: one reconciliation of its issue. */
export type Processor = (item: WorkItem) => Promise<void>;

const EPOCH_TTL_MS = 7 * 86_400_000;
/** Keeps the larger of the stored epoch and ARGV[1]. */
const BUMP = `local c = tonumber(redis.call("get", KEYS[1]) or "0") if c < tonumber(ARGV[1]) then redis.call("set", KEYS[1], ARGV[1], "PX", ARGV[2]) end return 1`;

/**
 * Durable per-issue work on Redis (BullMQ): a delivery is answered once its issue's run is
 * recorded there, so a crash, deploy or restart loses nothing (another worker, or this one
 * after a restart, takes the job over). Failed runs are retried with exponential backoff.
 *
 * Triggers for one issue coalesce: the job id is the issue's key and an epoch. A job bumps the
 * epoch when it starts, before it reads anything; triggers that arrive before then join the
 * waiting job (its run reads everything anew), and later ones make the next job.
 */
export class DurableWork {
  readonly queue: Queue<JobData>;
  readonly worker: Worker<JobData> | null;
  private readonly redis: Redis;
  private readonly prefix: string;
  private closing: Promise<'drained' | 'handed back'> | null = null;

  constructor(
    readonly options: DurableWorkOptions,
    process: Processor | null,
    private readonly log: Logger,
  ) {
    const name = options.queue ?? 'recovery-triage';
    this.prefix = `recovery-triage:epoch:${name}:`;
    // The worker waits for Redis as long as it takes; recording a run fails fast instead, so that
    // a delivery arriving while Redis is down is handled in this process (never left waiting).
    const connection = { url: options.url, maxRetriesPerRequest: null };
    this.redis = new Redis(options.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    this.redis.on('error', () => undefined);
    this.queue = new Queue<JobData>(name, {
      connection: { url: options.url, maxRetriesPerRequest: 1, enableOfflineQueue: false },
      prefix: 'recovery-triage',
      defaultJobOptions: {
        attempts: options.attempts ?? 6,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 2000 },
        removeOnComplete: true,
        removeOnFail: true,
      },
    });
    this.queue.on('error', () => undefined);
    this.worker =
      process === null
        ? null
        : new Worker<JobData>(
            name,
            async (job: Job<JobData>) => {
              const { epoch, ...item } = job.data;
              // From here on, a trigger makes a new job: this run may already have read past it.
              await this.redis.eval(BUMP, 1, this.prefix + item.key, epoch + 1, EPOCH_TTL_MS);
              await process(item);
            },
            {
              connection,
              prefix: 'recovery-triage',
              concurrency: options.concurrency ?? 8,
              lockDuration: options.lockDurationMs ?? 30_000,
              stalledInterval: options.stalledIntervalMs ?? options.lockDurationMs ?? 30_000,
              maxStalledCount: 3,
            },
          );
    this.worker?.on('error', (error) => this.log.error({ err: error.message }, 'recovery-triage: work queue error'));
    this.worker?.on('failed', (job, error) => {
      if (!job) return;
      const last = job.attemptsMade >= (job.opts.attempts ?? 1);
      if (!last) countRetry();
      this.log.error(
        { issue: job.data.number, attempt: job.attemptsMade, err: error.message.split('\n')[0].slice(0, 200) },
        last
          ? 'recovery-triage: run failed, attempts exhausted; the next event on the issue or the resync finishes it'
          : 'recovery-triage: run failed; retried with backoff',
      );
    });
  }

  /** Resolves once the connections are up (or after `timeoutMs`: deliveries meanwhile run in this process). */
  async ready(timeoutMs = 5000): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const up = Promise.all([
      this.queue.waitUntilReady(),
      this.worker?.waitUntilReady(),
      this.redis.status === 'ready' ? undefined : new Promise((resolve) => this.redis.once('ready', resolve)),
    ]).then(
      () => true,
      () => false,
    );
    const result = await Promise.race([up, late]);
    clearTimeout(timer);
    return result;
  }

  /** Records an issue's run in Redis; resolves once it is stored (then the delivery can be answered). */
  async add(item: WorkItem): Promise<void> {
    if (this.closing) throw new Error('recovery-triage: shutting down');
    const epoch = Number((await this.redis.get(this.prefix + item.key)) ?? '0') || 0;
    const jobId = `${item.key.replace(/[^a-z0-9/#._-]/gi, '_')}.${item.readEvents ? 'e' : 'n'}.${epoch}`;
    await this.queue.add('reconcile', { ...item, epoch }, { jobId });
  }

  /** Jobs waiting, delayed (a retry) or going on, in every replica. */
  async pending(): Promise<number> {
    if (this.closing) return 0;
    const counts = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  }

  /**
   * Stops taking jobs and lets the running ones finish for up to `graceMs`; jobs still going on
   * then are handed back (another worker takes them over once their lock runs out).
   */
  close(graceMs: number): Promise<'drained' | 'handed back'> {
    this.closing ??= (async () => {
      let outcome: 'drained' | 'handed back' = 'drained';
      if (this.worker) {
        let timer: NodeJS.Timeout | undefined;
        const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), graceMs)));
        // Pausing takes no new job and resolves once the running ones have ended.
        const done = await Promise.race([this.worker.pause().then(() => 'idle' as const), late]);
        clearTimeout(timer);
        if (done === 'late') outcome = 'handed back';
        // Forced: the runs still going on keep their jobs active until their lock runs out, then
        // another worker (another replica, or this one restarted) takes them over.
        await this.worker.close(done === 'late').catch(() => undefined);
      }
      await this.queue.close().catch(() => undefined);
      this.redis.disconnect();
      return outcome;
    })();
    return this.closing;
  }

  /** Drops everything at once as a crash would (tests): no draining, connections cut. */
  async abandon(): Promise<void> {
    this.closing ??= Promise.resolve('handed back');
    await this.worker?.close(true).catch(() => undefined);
    await this.queue.close().catch(() => undefined);
    this.redis.disconnect();
  }
}
