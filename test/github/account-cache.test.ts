import { AccountChecker, DEFAULT_ACCOUNT_CACHE_ENTRIES } from '../../src/github/account.js';

const TEMPLATE = 'https://pypi.org/user/{username}/';

/** A platform where every account exists, counting the requests it gets. */
function platform() {
  const asked: string[] = [];
  const fetchImpl = (async (url: string | URL | Request) => {
    asked.push(String(url));
    return new Response(null, { status: 200 });
  }) as typeof fetch;
  return { asked, fetchImpl };
}

function clock(start = Date.parse('2026-11-20T10:00:00Z')) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('AccountChecker cache', () => {
  test('the repro: 20,000 distinct usernames keep the cache at its cap of 1,000', async () => {
    const { fetchImpl, asked } = platform();
    const checker = new AccountChecker(fetchImpl);
    for (let i = 0; i < 20_000; i++) {
      await checker.check(TEMPLATE, `user${i}`, 1000, 60);
      expect(checker.size).toBeLessThanOrEqual(DEFAULT_ACCOUNT_CACHE_ENTRIES);
    }
    expect(checker.size).toBe(1_000);
    expect(asked).toHaveLength(20_000);
    // The newest verdicts are the ones kept: asking again costs nothing; the oldest were evicted.
    await checker.check(TEMPLATE, 'user19999', 1000, 60);
    expect(asked).toHaveLength(20_000);
    await checker.check(TEMPLATE, 'user0', 1000, 60);
    expect(asked).toHaveLength(20_001);
  });

  test('expired verdicts are dropped, not kept forever', async () => {
    const { fetchImpl, asked } = platform();
    const time = clock();
    const checker = new AccountChecker(fetchImpl, { now: time.now });
    for (let i = 0; i < 500; i++) await checker.check(TEMPLATE, `old${i}`, 1000, 60);
    expect(checker.size).toBe(500);
    time.advance(61 * 60_000);
    // The next verdict stored sweeps the expired ones from the old end of the cache.
    await checker.check(TEMPLATE, 'new', 1000, 60);
    expect(checker.size).toBe(1);
    // An expired verdict is asked again.
    await checker.check(TEMPLATE, 'old0', 1000, 60);
    expect(asked.filter((u) => u.endsWith('/old0/'))).toHaveLength(2);
  });

  test('sweep drops expired verdicts wherever they are (different cache times)', async () => {
    const { fetchImpl } = platform();
    const time = clock();
    const checker = new AccountChecker(fetchImpl, { now: time.now });
    await checker.check(TEMPLATE, 'long', 1000, 600);
    await checker.check(TEMPLATE, 'short', 1000, 1);
    time.advance(2 * 60_000);
    expect(checker.sweep()).toBe(1);
    expect(checker.size).toBe(1);
  });

  test('least recently used goes first: a verdict used again survives', async () => {
    const { fetchImpl, asked } = platform();
    const checker = new AccountChecker(fetchImpl, { maxEntries: 3 });
    for (const name of ['a', 'b', 'c']) await checker.check(TEMPLATE, name, 1000, 60);
    await checker.check(TEMPLATE, 'a', 1000, 60);
    await checker.check(TEMPLATE, 'd', 1000, 60);
    expect(checker.size).toBe(3);
    const before = asked.length;
    await checker.check(TEMPLATE, 'a', 1000, 60);
    expect(asked.length).toBe(before);
    await checker.check(TEMPLATE, 'b', 1000, 60);
    expect(asked.length).toBe(before + 1);
  });

  test('a full cache of live verdicts still takes the new one', async () => {
    const { fetchImpl } = platform();
    const checker = new AccountChecker(fetchImpl, { maxEntries: 2 });
    for (const name of ['a', 'b', 'c']) await checker.check(TEMPLATE, name, 1000, 60);
    expect(checker.size).toBe(2);
  });
});
