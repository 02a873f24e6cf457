import { randomUUID } from 'node:crypto';

/**
 * Proves, right before a write, that the run still holds its issue's lock; throws
 * {@link LockLost} when it cannot (renewal failed, the key is gone or another run's).
 */
export type WriteGuard = () => Promise<void>;

/** A release function; `guard`, when given, proves the lock is still held. */
export type HeldLock = (() => Promise<void>) & { guard?: WriteGuard };

/** A lock shared by every replica (Redis); held while one run of an issue goes on. */
export interface DistributedLock {
  /** Resolves with a release function once the lock is held; rejects after `waitMs`. */
  acquire(key: string, waitMs: number): Promise<HeldLock>;
}

/** A run that can no longer prove it holds its issue's lock: it stops before its next write. */
export class LockLost extends Error {
  constructor(key: string, why: string) {
    super(`recovery-triage: lost the lock of ${key} (${why}); stopping before the next write`);
    this.name = 'LockLost';
  }
}

interface Lane {
  /** The run going on now. */
  running: Promise<void> | null;
  /** A run waiting for the current one; later triggers join it, since it reads everything anew. */
  queued: { promise: Promise<void>; mode: string; skips: (() => boolean)[] } | null;
}

export interface RunnerOptions {
  lock?: DistributedLock | null;
  /** How long a run waits for another replica's run of the same issue. */
  lockWaitMs?: number;
}

/**
 * One run per issue at a time; runs for different issues go on in parallel. A trigger that
 * arrives while a run of its issue goes on queues one more run (several such triggers share it:
 * each run reconciles the whole issue from what GitHub shows when it starts, so one is enough).
 * With a distributed lock, replicas take turns too.
 */
export class IssueRunner {
  private readonly lanes = new Map<string, Lane>();
  private readonly lock: DistributedLock | null;
  private readonly lockWaitMs: number;

  constructor(options: RunnerOptions = {}) {
    this.lock = options.lock ?? null;
    this.lockWaitMs = options.lockWaitMs ?? 30_000;
  }

  /**
   * Runs `work` for `key` once the issue is free; `mode` keeps different kinds of run apart (a
   * sweep's timers). `redundant` tells, when the run starts, whether an earlier run has already
   * seen what this trigger is about; a run whose every trigger is redundant is skipped.
   */
  run(key: string, work: (guard?: WriteGuard) => Promise<void>, mode = 'reconcile', redundant: () => boolean = () => false): Promise<void> {
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = { running: null, queued: null };
      this.lanes.set(key, lane);
    }
    if (lane.queued && lane.queued.mode === mode) {
      lane.queued.skips.push(redundant);
      return lane.queued.promise;
    }
    const previous = lane.queued?.promise ?? lane.running;
    const current = lane;
    const skips = [redundant];
    const self: { promise?: Promise<void> } = {};
    const promise = (async () => {
      // Always yield first, so the lane knows this run before it starts.
      await (previous ? previous.catch(() => undefined) : undefined);
      if (current.queued?.promise === self.promise) current.queued = null;
      current.running = self.promise ?? null;
      try {
        if (!skips.every((isRedundant) => isRedundant())) await this.locked(key, work);
      } finally {
        if (current.running === self.promise) current.running = null;
        if (current.running === null && current.queued === null && this.lanes.get(key) === current) this.lanes.delete(key);
      }
    })();
    self.promise = promise;
    lane.queued = { promise, mode, skips };
    return promise;
  }

  /** Issues with a run going on or waiting (bounded by the traffic, emptied as runs end). */
  get size(): number {
    return this.lanes.size;
  }

  /** Resolves when every run started so far has ended. */
  async idle(): Promise<void> {
    while (this.lanes.size > 0) {
      await Promise.allSettled(
        [...this.lanes.values()].flatMap((l) => [l.running, l.queued?.promise].filter((p): p is Promise<void> => !!p)),
      );
    }
  }

  private async locked(key: string, work: (guard?: WriteGuard) => Promise<void>): Promise<void> {
    if (!this.lock) return work();
    const release = await this.lock.acquire(key, this.lockWaitMs);
    try {
      await work(release.guard);
    } finally {
      await release().catch(() => undefined);
    }
  }
}

/** What the Redis lock needs of an ioredis client. */
export interface RedisLike {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<string | null>;
  eval(script: string, keys: number, ...args: (string | number)[]): Promise<unknown>;
}

const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/**
 * A per-issue lock in Redis: `SET key token NX PX ttl`, renewed while the run goes on, released
 * only by its holder (compare-and-delete). A replica that crashes holding it loses it when the
 * expiry runs out, so no issue is blocked for longer than `ttlMs`.
 */
export class RedisLock implements DistributedLock {
  constructor(
    private readonly redis: RedisLike,
    private readonly options: { prefix?: string; ttlMs?: number; pollMs?: number } = {},
  ) {}

  async acquire(key: string, waitMs: number): Promise<HeldLock> {
    const name = `${this.options.prefix ?? 'recovery-triage:lock:'}${key}`;
    const ttl = this.options.ttlMs ?? 30_000;
    const token = randomUUID();
    const deadline = Date.now() + waitMs;
    let delay = this.options.pollMs ?? 25;
    while ((await this.redis.set(name, token, 'PX', ttl, 'NX')) !== 'OK') {
      if (Date.now() >= deadline) throw new Error(`recovery-triage: lock ${key} is held by another replica`);
      await sleep(delay);
      delay = Math.min(delay * 2, 500);
    }
    // Held as long as the last renewal that proved it is younger than the expiry; a renewal
    // that fails or finds the key gone (or another run's) marks the lock lost for good.
    let provedAt = Date.now();
    let lost: string | null = null;
    const extend = async (): Promise<void> => {
      if (lost !== null) throw new LockLost(key, lost);
      const started = Date.now();
      let result: unknown;
      try {
        result = await this.redis.eval(EXTEND, 1, name, token, ttl);
      } catch (error) {
        if (Date.now() - provedAt >= ttl) lost = 'cannot reach Redis to renew it';
        throw new LockLost(key, `cannot renew it: ${(error as Error)?.message ?? 'unknown error'}`);
      }
      if (Number(result) !== 1) {
        lost = 'the key is gone or held by another run';
        throw new LockLost(key, lost);
      }
      provedAt = started;
    };
    const renew = setInterval(
      () => {
        extend().catch(() => undefined);
      },
      Math.max(100, Math.floor(ttl / 3)),
    );
    renew.unref();
    const release: HeldLock = async () => {
      clearInterval(renew);
      await this.redis.eval(RELEASE, 1, name, token);
    };
    // Before each write: one round trip that both proves and renews the lock.
    release.guard = extend;
    return release;
  }
}

/** The key of an issue's runs and lock, the same in the app, its resync and the CLI sweep. */
export function issueKey(fullName: string, number: number): string {
  return `${fullName}#${number}`.toLowerCase();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
