import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/** What a lease and the small stores need of an ioredis client. */
export type RedisStoreLike = Pick<Redis, 'get' | 'set' | 'eval'>;

const EXTEND = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * Who does a periodic job (the resync, the redelivery pass) when several replicas share a Redis:
 * the replica holding the lease. The holder renews it at each tick; when it stops (a crash, a
 * deploy), the lease expires after `ttlMs` and the next replica to tick takes it over.
 */
export interface Lease {
  /** Takes or renews the lease; true when this process holds it now. */
  hold(): Promise<boolean>;
  /** Gives it up (shutdown), so another replica takes over at once. */
  release(): Promise<void>;
}

/** One process: it always holds the lease. */
export class LocalLease implements Lease {
  async hold(): Promise<boolean> {
    return true;
  }
  async release(): Promise<void> {}
}

export class RedisLease implements Lease {
  private readonly token = randomUUID();
  constructor(
    private readonly redis: RedisStoreLike,
    private readonly key: string,
    private readonly ttlMs: number,
  ) {}

  async hold(): Promise<boolean> {
    try {
      if (Number(await this.redis.eval(EXTEND, 1, this.key, this.token, this.ttlMs)) === 1) return true;
      return (await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX')) === 'OK';
    } catch {
      // Redis unreachable: nobody can prove they hold it, so nobody runs the pass.
      return false;
    }
  }

  async release(): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key, this.token).catch(() => undefined);
  }
}

/** A small value kept between passes: in Redis when there is one (shared, survives restarts), else in memory. */
export interface PassStore {
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

export class MemoryStore implements PassStore {
  private readonly values = new Map<string, string>();
  async get(key: string): Promise<string | null> {
    return this.values.get(key) ?? null;
  }
  async set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
  }
}

/** Values expire after `ttlMs` (GitHub keeps deliveries 3 days; nothing older is of use). */
export class RedisStore implements PassStore {
  constructor(
    private readonly redis: RedisStoreLike,
    private readonly prefix = 'recovery-triage:',
    private readonly ttlMs = 4 * 86_400_000,
  ) {}
  async get(key: string): Promise<string | null> {
    return this.redis.get(`${this.prefix}${key}`);
  }
  async set(key: string, value: string): Promise<void> {
    await this.redis.set(`${this.prefix}${key}`, value, 'PX', this.ttlMs);
  }
}

/** A pass run now and then, on one replica at a time. */
export interface PeriodicJob<T> {
  /** Runs one pass now (null when one is going on is joined and yields nothing, or it is stopped). */
  pass(): Promise<T | null>;
  /** Stops the timers, waits for a pass going on, and gives the lease up. */
  stop(): Promise<void>;
}

/**
 * Runs `run` every `intervalMs` (and once after `firstDelayMs`, when given), never two at once;
 * a failed pass is handed to `onError` and the next tick tries again. Timers do not keep the
 * process alive.
 */
export function startPeriodic<T>(options: {
  intervalMs: number;
  firstDelayMs?: number;
  lease: Lease;
  run: () => Promise<T | null>;
  onError: (error: unknown) => void;
}): PeriodicJob<T> {
  let running: Promise<T | null> | null = null;
  let stopped = false;
  const pass = (): Promise<T | null> => {
    if (stopped) return Promise.resolve(null);
    running ??= options
      .run()
      .catch((error: unknown) => {
        options.onError(error);
        return null;
      })
      .finally(() => (running = null));
    return running;
  };
  const timers = [setInterval(() => void pass(), options.intervalMs)];
  if (options.firstDelayMs !== undefined) timers.push(setTimeout(() => void pass(), options.firstDelayMs));
  for (const timer of timers) timer.unref();
  return {
    pass,
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await running;
      await options.lease.release();
    },
  };
}
