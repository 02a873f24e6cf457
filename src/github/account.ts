import { accountUrl, verdictOf, type AccountVerdict } from '../checks/account.js';

type Fetch = typeof fetch;
interface Cached {
  verdict: AccountVerdict;
  expires: number;
}

export interface AccountCacheOptions {
  /** Most verdicts kept; the least recently used goes first. */
  maxEntries?: number;
  /** The clock, in milliseconds. */
  now?: () => number;
}

/** About 350 bytes an entry: the cache stays under half a megabyte. */
export const DEFAULT_ACCOUNT_CACHE_ENTRIES = 1_000;

/**
 * Asks the platform whether an account exists, remembering verdicts per username for the
 * configured time so a busy queue does not hammer the profile pages. The cache is bounded:
 * at most `maxEntries` verdicts (least recently used evicted), none kept past its time.
 */
export class AccountChecker {
  private readonly cache = new Map<string, Cached>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly fetchImpl: Fetch = fetch,
    options: AccountCacheOptions = {},
  ) {
    this.maxEntries = Math.max(1, Math.floor(options.maxEntries ?? DEFAULT_ACCOUNT_CACHE_ENTRIES));
    this.now = options.now ?? Date.now;
  }

  /** Verdicts held now (expired ones included until they are next swept). */
  get size(): number {
    return this.cache.size;
  }

  async check(urlTemplate: string, username: string, timeoutMs: number, cacheMinutes: number): Promise<AccountVerdict | null> {
    const key = `${urlTemplate}\n${username.toLowerCase()}`;
    const hit = this.cache.get(key);
    if (hit) {
      this.cache.delete(key);
      if (hit.expires > this.now()) {
        // Most recently used goes last.
        this.cache.set(key, hit);
        return hit.verdict;
      }
    }
    const verdict = verdictOf(await this.ask(accountUrl(urlTemplate, username), timeoutMs), urlTemplate, username);
    if (verdict && cacheMinutes > 0) this.remember(key, { verdict, expires: this.now() + cacheMinutes * 60_000 });
    return verdict;
  }

  private remember(key: string, entry: Cached): void {
    const now = this.now();
    // Expired verdicts at the least recently used end go at once (cheap: stops at a live one).
    for (const [k, v] of this.cache) {
      if (v.expires > now) break;
      this.cache.delete(k);
    }
    this.cache.delete(key);
    this.cache.set(key, entry);
    if (this.cache.size <= this.maxEntries) return;
    // Full: every expired verdict goes first, then the least recently used.
    for (const [k, v] of this.cache) if (v.expires <= now) this.cache.delete(k);
    for (const k of this.cache.keys()) {
      if (this.cache.size <= this.maxEntries) break;
      this.cache.delete(k);
    }
  }

  /** Drops every expired verdict; called on a timer by long-running servers, or by tests. */
  sweep(): number {
    const now = this.now();
    let dropped = 0;
    for (const [k, v] of this.cache) {
      if (v.expires <= now) {
        this.cache.delete(k);
        dropped++;
      }
    }
    return dropped;
  }

  private async ask(url: string, timeoutMs: number): Promise<{ status: number | null; location: string | null }> {
    try {
      const response = await this.fetchImpl(url, { method: 'GET', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      return { status: response.status, location: response.headers.get('location') };
    } catch {
      return { status: null, location: null };
    }
  }
}
