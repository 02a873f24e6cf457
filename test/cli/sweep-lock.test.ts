import { Redis } from 'ioredis';
import { createSweepCommand } from '../../src/cli/sweep.js';
import { formBody } from '../helpers/bodies.js';
import { openRequest, REPO, snapshot, startApp, type AppHarness } from '../helpers/app.js';
import { TestOctokit } from '../helpers/probot.js';
import { redisMissing, startRedis, type RedisServer } from '../helpers/redis.js';
import { fakeIo } from './fake-io.js';

const missing = redisMissing();
const describeRedis = missing ? describe.skip : describe;

describeRedis('recovery-triage sweep with REDIS_URL: the same per-issue lock as the server', () => {
  let redis: RedisServer;
  let admin: Redis;
  let h: AppHarness;
  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
  }, 20_000);
  afterAll(async () => {
    admin.disconnect();
    await redis.stop();
  });
  beforeEach(async () => {
    h = await startApp();
    h.gh.addToken('sweep-token', 'recovery-triage[bot]');
  });
  afterEach(async () => {
    await h.close();
  });

  async function sweep(env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
    const command = createSweepCommand((token) => new TestOctokit({ auth: { token }, baseUrl: h.gh.url }));
    const io = { ...fakeIo(), env: { GITHUB_TOKEN: 'sweep-token', ...env } };
    const now = new Date(h.gh.clock.now()).toISOString();
    const code = await command.run(['--repo', REPO, '--bot-login', 'recovery-triage[bot]', '--now', now, '--force-now'], io);
    return { code, out: io.out(), err: io.err() };
  }

  test('while a server run holds the issue, the sweep waits for it before writing that request', async () => {
    openRequest(h.gh, formBody()); // its deliveries were lost: the sweep has work to do
    // A server's run holds the lock for 1 s (the app's key: owner/name#number).
    await admin.set('recovery-triage:lock:pypi/support#1', 'a-server-run', 'PX', 1000);
    const released = Date.now() + 1000;
    const writes: number[] = [];
    h.gh.setFaultHook((call) => {
      if (call.method !== 'GET') writes.push(Date.now());
      return null;
    });
    const run = await sweep({ REDIS_URL: redis.url });
    h.gh.setFaultHook(null);
    expect(run.code).toBe(0);
    expect(writes.length).toBeGreaterThan(0);
    expect(Math.min(...writes)).toBeGreaterThanOrEqual(released - 50);
    expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: triage']);
    expect(snapshot(h.gh, 1).statusComments).toBe(1);
    // It released what it took.
    expect(await admin.keys('recovery-triage:lock:*')).toEqual([]);
  });

  test('an unreachable REDIS_URL is an error (exit 2) before anything is written', async () => {
    openRequest(h.gh, formBody());
    h.gh.resetCalls();
    await expect(sweep({ REDIS_URL: 'redis://127.0.0.1:1' })).rejects.toThrow('cannot reach REDIS_URL');
    expect(h.gh.countCalls().writes).toBe(0);
  });
});

test('the sweep lock tests run or say why not', () => {
  expect(missing === null || missing.includes('redis-server')).toBe(true);
});
