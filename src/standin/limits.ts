import type { Clock } from './clock.js';

export type Resource = 'core' | 'search';

const WINDOW_MS: Record<Resource, number> = { core: 3_600_000, search: 60_000 };

interface Window {
  start: number;
  used: number;
}

export interface Charge {
  allowed: boolean;
  headers: Record<string, string>;
}

/**
 * Primary rate limits per caller and resource, on the stand-in clock: a window opens at the
 * first request and resets after an hour (core) or a minute (search), as GitHub's do.
 */
export class RateLimits {
  readonly #windows = new Map<string, Window>();

  constructor(
    readonly limits: Record<Resource, number>,
    private readonly clock: Clock,
  ) {}

  charge(caller: string, resource: Resource): Charge {
    const window = this.#window(caller, resource);
    const limit = this.limits[resource];
    const allowed = window.used < limit;
    if (allowed) window.used++;
    const reset = Math.ceil((window.start + WINDOW_MS[resource]) / 1000);
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': String(limit - window.used),
      'x-ratelimit-reset': String(reset),
      'x-ratelimit-used': String(window.used),
      'x-ratelimit-resource': resource,
    };
    if (!allowed) headers['retry-after'] = String(Math.max(1, reset - Math.floor(this.clock.nowMs() / 1000)));
    return { allowed, headers };
  }

  /** Gives back one request (304 answers are free on GitHub). */
  refund(caller: string, resource: Resource): void {
    const window = this.#windows.get(`${resource}:${caller}`);
    if (window && window.used > 0) window.used--;
  }

  reset(): void {
    this.#windows.clear();
  }

  #window(caller: string, resource: Resource): Window {
    const key = `${resource}:${caller}`;
    const now = this.clock.nowMs();
    let window = this.#windows.get(key);
    if (!window || now >= window.start + WINDOW_MS[resource]) {
      window = { start: now, used: 0 };
      this.#windows.set(key, window);
    }
    return window;
  }
}
