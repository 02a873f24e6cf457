import { accountUrl, verdictOf, type AccountVerdict } from '../checks/account.js';

type Fetch = typeof fetch;
interface Cached {
  verdict: AccountVerdict;
  expires: number;
}

/**
 * Asks the platform whether an account exists, remembering verdicts per username for the
 * configured time so a busy queue does not hammer the profile pages.
 */
export class AccountChecker {
  private readonly cache = new Map<string, Cached>();

  constructor(private readonly fetchImpl: Fetch = fetch) {}

  async check(urlTemplate: string, username: string, timeoutMs: number, cacheMinutes: number): Promise<AccountVerdict | null> {
    const key = `${urlTemplate}\n${username.toLowerCase()}`;
    const hit = this.cache.get(key);
    if (hit && hit.expires > Date.now()) return hit.verdict;
    const verdict = verdictOf(await this.ask(accountUrl(urlTemplate, username), timeoutMs), urlTemplate, username);
    if (verdict && cacheMinutes > 0) this.cache.set(key, { verdict, expires: Date.now() + cacheMinutes * 60_000 });
    return verdict;
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
