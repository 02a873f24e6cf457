import { AskedDeliveries, deliveriesToRetry, recoverFailedDeliveries } from '../../src/github/redeliver.js';
import { startApp } from '../helpers/app.js';
import { TestOctokit } from '../helpers/probot.js';

const d = (id: number, guid: string, status_code: number, redelivery = false, minute = id) => ({
  id,
  guid,
  status_code,
  redelivery,
  delivered_at: `2026-11-20T10:${String(minute).padStart(2, '0')}:00Z`,
});

test('each failed delivery is asked for once: not when one attempt succeeded, was a redelivery, or was asked already', () => {
  const list = [d(1, 'a', 500), d(2, 'b', 200), d(3, 'c', 502), d(4, 'c', 500, true), d(5, 'e', 0), d(6, 'f', 500), d(7, 'f', 504)];
  const asked = new Set(['e']);
  expect(deliveriesToRetry(list, asked).map((x) => x.id)).toEqual([1, 7]);
});

test('a pass lists recent deliveries with the app JWT and asks GitHub to redeliver the failed ones', async () => {
  const h = await startApp();
  try {
    const now = Date.parse('2026-11-20T10:30:00Z');
    h.gh.recordDelivery({ guid: 'g1', event: 'issues', action: 'opened', status_code: 500, installationId: 2 });
    h.gh.recordDelivery({ guid: 'g2', event: 'issues', action: 'labeled', status_code: 200, installationId: 2 });
    const octokit = await h.probot.auth();
    const asked = new AskedDeliveries();
    const log = { info: () => undefined, error: () => undefined };
    const first = await recoverFailedDeliveries(
      octokit as InstanceType<typeof TestOctokit>,
      asked,
      { lookbackMs: 3_600_000, now: () => now },
      log,
    );
    expect(first.asked).toBe(1);
    expect(h.gh.redeliveryRequests).toHaveLength(1);
    const second = await recoverFailedDeliveries(
      octokit as InstanceType<typeof TestOctokit>,
      asked,
      { lookbackMs: 3_600_000, now: () => now },
      log,
    );
    expect(second.asked).toBe(0);
  } finally {
    await h.close();
  }
});
