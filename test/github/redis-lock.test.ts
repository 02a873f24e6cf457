import { Redis } from 'ioredis';
import { Probot } from 'probot';
import { replyKeysIn } from '../../src/comment/data.js';
import { createApp, type RegisteredApp } from '../../src/index.js';
import { IssueRunner, RedisLock } from '../../src/github/runner.js';
import { formBody } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, snapshot, startApp, type AppHarness } from '../helpers/app.js';
import { APP_ID, captureLogger, PRIVATE_KEY, TestOctokit } from '../helpers/probot.js';
import { redisMissing, startRedis, type RedisServer } from '../helpers/redis.js';

const missing = redisMissing();
if (missing) console.warn(`Skipped the Redis lock tests: ${missing}.`);
const describeRedis = missing ? describe.skip : describe;

describeRedis('two app instances sharing a real Redis', () => {
  let redis: RedisServer;
  const clients: Redis[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await redis.stop();
  });

  function lockedRunner(): IssueRunner {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 3 });
    clients.push(client);
    return new IssueRunner({ lock: new RedisLock(client, { ttlMs: 5000 }) });
  }

  async function secondReplica(h: AppHarness): Promise<{ probot: Probot; app: RegisteredApp }> {
    let app: RegisteredApp | undefined;
    const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: TestOctokit, baseUrl: h.gh.url, log: captureLogger([]) });
    await probot.load(createApp({ retryDelaysMs: [], deadlineMs: 60_000, runner: lockedRunner(), onRegistered: (r) => (app = r) }));
    if (!app) throw new Error('not registered');
    return { probot, app };
  }

  test.each([1, 2, 3])('concurrent deliveries for one issue on both replicas: no duplicate writes (round %i)', async () => {
    const h = await startApp({ app: { runner: lockedRunner() } });
    try {
      const other = await secondReplica(h);
      const deliveries = [
        ...openRequest(h.gh, formBody()),
        ...h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery start'),
        ...h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery verifying'),
      ];
      // Every delivery reaches both replicas at once (a load balancer retrying, or redeliveries).
      const receive = (probot: Probot) => deliveries.map((d) => probot.receive({ id: d.id, name: d.name, payload: d.payload } as never));
      const settled = await Promise.allSettled([...receive(h.probot), ...receive(other.probot)]);
      await Promise.all([h.app.idle(), other.app.idle()]);
      expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
      const s = snapshot(h.gh, 1);
      expect(s.statusComments).toBe(1);
      expect(s.stateLabels).toEqual(['recovery: verifying']);
      // One reply per command (start, verifying), each posted once; one status comment created.
      const keys = s.replies.flatMap((r) => replyKeysIn(r));
      expect(keys).toHaveLength(2);
      expect(new Set(keys).size).toBe(2);
      expect(
        h.gh.calls.filter((c) => c.route === 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments' && c.status < 300),
      ).toHaveLength(3);
    } finally {
      await h.close();
    }
  });

  test('a lock held by a crashed replica expires', async () => {
    const client = new Redis(redis.url);
    clients.push(client);
    const lock = new RedisLock(client, { ttlMs: 300 });
    await client.set('recovery-triage:lock:crashed', 'someone-else', 'PX', 300);
    const started = Date.now();
    const release = await lock.acquire('crashed', 5000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    await release();
    expect(await client.get('recovery-triage:lock:crashed')).toBeNull();
  });
});

test('the Redis tests run or say why not', () => {
  expect(missing === null || missing.includes('redis-server')).toBe(true);
});
