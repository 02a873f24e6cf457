import { Redis } from 'ioredis';
import { Probot } from 'probot';
import { createApp, type RegisteredApp } from '../../src/index.js';
import { IssueRunner, RedisLock } from '../../src/github/runner.js';
import type { DurableWorkOptions } from '../../src/github/work.js';
import { formBody } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, snapshot, startApp, type AppHarness } from '../helpers/app.js';
import { APP_ID, captureLogger, PRIVATE_KEY, TestOctokit, type LogLine } from '../helpers/probot.js';
import { redisMissing, startRedis, type RedisServer } from '../helpers/redis.js';

const missing = redisMissing();
if (missing) console.warn(`Skipped the durable work tests: ${missing}.`);
const describeRedis = missing ? describe.skip : describe;

const COMMENTS = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const LABELS = 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels';

describeRedis('durable per-issue work on a real Redis (BullMQ)', () => {
  let redis: RedisServer;
  let admin: Redis;
  const clients: Redis[] = [];
  let queue = 0;
  beforeAll(async () => {
    redis = await startRedis();
    admin = new Redis(redis.url);
  }, 20_000);
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    admin.disconnect();
    await redis.stop();
  });

  /** Each test its own queue name, so no job of one test is seen by another. */
  function durable(extra: Partial<DurableWorkOptions> = {}): DurableWorkOptions {
    return {
      url: redis.url,
      queue: `test-${++queue}-${Date.now()}`,
      backoffMs: 100,
      lockDurationMs: 1000,
      stalledIntervalMs: 300,
      ...extra,
    };
  }

  function lockedRunner(ttlMs = 1500): { runner: IssueRunner; client: Redis } {
    const client = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    clients.push(client);
    return { runner: new IssueRunner({ lock: new RedisLock(client, { ttlMs }), lockWaitMs: 10_000 }), client };
  }

  async function replica(h: AppHarness, work: DurableWorkOptions, logs: LogLine[] = []): Promise<{ probot: Probot; app: RegisteredApp }> {
    let app: RegisteredApp | undefined;
    const probot = new Probot({
      appId: APP_ID,
      privateKey: PRIVATE_KEY,
      Octokit: TestOctokit,
      baseUrl: h.gh.url,
      log: captureLogger(logs),
    });
    await probot.load(
      createApp({
        deadlineMs: 60_000,
        runner: lockedRunner().runner,
        durable: work,
        clock: () => new Date(h.gh.clock.now()),
        onRegistered: (r) => (app = r),
      }),
    );
    if (!app) throw new Error('not registered');
    return { probot, app };
  }

  test('a delivery is answered once its run is recorded in Redis; the worker then runs it; triggers for one issue coalesce', async () => {
    const work = durable();
    const h = await startApp({ app: { durable: work, runner: lockedRunner().runner } });
    try {
      // Every write to the issue held 1 s: the answers must not wait for the runs.
      h.gh.inject({ kind: 'latency', ms: 1000, method: 'POST', route: /\/issues\//, times: 100 });
      const deliveries = openRequest(h.gh, formBody());
      const started = Date.now();
      const settled = await Promise.allSettled(
        deliveries.map((d) => h.probot.receive({ id: d.id, name: d.name, payload: d.payload } as never)),
      );
      const answeredMs = Date.now() - started;
      expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
      expect(answeredMs).toBeLessThan(1000);
      // Recorded in Redis, not yet written to GitHub.
      expect(await h.app.durable?.pending()).toBeGreaterThan(0);
      expect(snapshot(h.gh, 1).statusComments).toBe(0);
      await h.app.idle();
      const s = snapshot(h.gh, 1);
      expect(s.stateLabels).toEqual(['recovery: triage']);
      expect(s.statusComments).toBe(1);
      // opened + labeled at once: one status comment, posted once.
      expect(h.gh.callsTo({ route: COMMENTS }).filter((c) => c.status < 300)).toHaveLength(1);
    } finally {
      await h.app.close(5000);
      await h.close();
    }
  }, 30_000);

  test('a failed run is retried with exponential backoff until it succeeds', async () => {
    const work = durable({ backoffMs: 200 });
    const h = await startApp({ app: { durable: work, runner: lockedRunner().runner } });
    try {
      const attempts: number[] = [];
      let failures = 2;
      h.gh.setFaultHook((call) => {
        if (call.route !== LABELS) return null;
        attempts.push(Date.now());
        return failures-- > 0 ? { kind: 'status', status: 502 } : null;
      });
      // One delivery, one job: its attempts are what is timed.
      const [opened] = openRequest(h.gh, formBody());
      await h.deliver([opened]);
      expect(attempts).toHaveLength(3);
      const gaps = [attempts[1] - attempts[0], attempts[2] - attempts[1]];
      // 200 ms, then 400 ms (BullMQ's exponential backoff), each plus the run's own reads.
      expect(gaps[0]).toBeGreaterThanOrEqual(190);
      expect(gaps[1]).toBeGreaterThanOrEqual(390);
      const s = snapshot(h.gh, 1);
      expect(s.stateLabels).toEqual(['recovery: triage']);
      expect(s.statusComments).toBe(1);
      expect(h.logs.filter((l) => l.msg.includes('retried with backoff'))).toHaveLength(2);
    } finally {
      h.gh.setFaultHook(null);
      await h.app.close(5000);
      await h.close();
    }
  }, 30_000);

  test('a process that dies mid-run loses nothing: another worker takes the job over and finishes it', async () => {
    const work = durable();
    const first = lockedRunner(1000);
    const h = await startApp({ app: { durable: work, runner: first.runner } });
    const logs: LogLine[] = [];
    let other: { probot: Probot; app: RegisteredApp } | null = null;
    try {
      // The first write of the first worker hangs, then its connection is dropped: nothing lands.
      const hang = h.gh.inject({ kind: 'timeout', ms: 4000, route: LABELS });
      const deliveries = openRequest(h.gh, formBody());
      await Promise.all(deliveries.map((d) => h.probot.receive({ id: d.id, name: d.name, payload: d.payload } as never)));
      const until = Date.now() + 5000;
      while (hang.fired === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      expect(hang.fired).toBe(1);
      // The crash: its worker stops without finishing or handing back, its Redis connections die.
      await h.app.durable?.abandon();
      first.client.disconnect();
      other = await replica(h, work, logs);
      await other.app.idle();
      const s = snapshot(h.gh, 1);
      expect(s.stateLabels).toEqual(['recovery: triage']);
      expect(s.statusComments).toBe(1);
      // Two attempts at the label write: the dead worker's (dropped) and the new worker's.
      expect(h.gh.callsTo({ route: LABELS }).length).toBeGreaterThanOrEqual(1);
      expect(h.gh.callsTo({ route: COMMENTS }).filter((c) => c.status < 300)).toHaveLength(1);
      // The dead worker's run, when its hung request ends, cannot prove its lock: it writes nothing more.
      await new Promise((r) => setTimeout(r, 4200));
      expect(h.gh.callsTo({ route: COMMENTS }).filter((c) => c.status < 300)).toHaveLength(1);
      expect(snapshot(h.gh, 1).statusComments).toBe(1);
    } finally {
      await other?.app.close(5000);
      await h.close();
    }
  }, 30_000);

  test('a run that can no longer prove it holds the lock stops before its next write; the retry finishes it', async () => {
    const work = durable();
    const h = await startApp({ app: { durable: work, runner: lockedRunner(5000).runner } });
    try {
      // While the run reads the issue, the lock key is taken by someone else (a failover).
      let once = true;
      h.gh.setFaultHook((call) => {
        if (!once || call.route !== 'GET /repos/{owner}/{repo}/issues/{issue_number}') return null;
        once = false;
        void admin.set('recovery-triage:lock:pypi/support#1', 'another-run', 'PX', 400);
        return { kind: 'latency', ms: 150 };
      });
      await h.deliver(openRequest(h.gh, formBody()));
      const lost = h.logs.filter((l) => l.msg.includes('retried with backoff'));
      expect(lost).toHaveLength(1);
      expect(JSON.stringify(lost[0].data)).toContain('lost the lock');
      // The first run wrote nothing: one label write and one status comment in all, from the retry.
      expect(h.gh.callsTo({ route: LABELS })).toHaveLength(1);
      expect(h.gh.callsTo({ route: COMMENTS }).filter((c) => c.status < 300)).toHaveLength(1);
      expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: triage']);
    } finally {
      h.gh.setFaultHook(null);
      await h.app.close(5000);
      await h.close();
    }
  }, 30_000);

  test('shutdown drains a run in flight and takes no more work', async () => {
    const work = durable();
    const h = await startApp({ app: { durable: work, runner: lockedRunner(1000).runner } });
    try {
      await h.deliver(openRequest(h.gh, formBody()));
      // A run in flight (its write held 500 ms): shutdown waits for it.
      h.gh.inject({ kind: 'latency', ms: 500, route: COMMENTS });
      const comment = h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery start');
      await Promise.all(comment.map((d) => h.probot.receive({ id: d.id, name: d.name, payload: d.payload } as never)));
      await new Promise((r) => setTimeout(r, 200));
      const drained = await h.app.close(5000);
      expect(drained).toBe('drained');
      expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: awaiting-requester']);
      // No more work taken: a delivery now fails (GitHub records it; the redelivery pass asks again).
      const late = h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery verifying');
      await expect(h.probot.receive({ id: late[0].id, name: late[0].name, payload: late[0].payload } as never)).rejects.toThrow();
      expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: awaiting-requester']);
    } finally {
      await h.close();
    }
  }, 30_000);

  test('a run longer than the grace is handed back to the queue and finished by another worker', async () => {
    const work = durable();
    const first = lockedRunner(1000);
    const h = await startApp({ app: { durable: work, runner: first.runner } });
    let other: { probot: Probot; app: RegisteredApp } | null = null;
    try {
      const hang = h.gh.inject({ kind: 'timeout', ms: 3000, route: LABELS });
      const deliveries = openRequest(h.gh, formBody());
      await Promise.all(deliveries.map((d) => h.probot.receive({ id: d.id, name: d.name, payload: d.payload } as never)));
      const until = Date.now() + 5000;
      while (hang.fired === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
      const started = Date.now();
      expect(await h.app.close(300)).toBe('handed back');
      expect(Date.now() - started).toBeLessThan(2000);
      first.client.disconnect();
      other = await replica(h, work);
      await other.app.idle();
      expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: triage']);
      expect(snapshot(h.gh, 1).statusComments).toBe(1);
    } finally {
      await other?.app.close(5000);
      await new Promise((r) => setTimeout(r, 3200));
      await h.close();
    }
  }, 30_000);
});

test('the durable work tests run or say why not', () => {
  expect(missing === null || missing.includes('redis-server')).toBe(true);
});
