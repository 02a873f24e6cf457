import { Redis } from 'ioredis';
import { LocalLease, MemoryStore, RedisLease, type Lease } from '../../src/github/lease.js';
import { startResync, type ResyncJob } from '../../src/github/resync.js';
import { formBody } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, snapshot, startApp, STATE_LABELS, type AppHarness } from '../helpers/app.js';
import { redisMissing, startRedis, type RedisServer } from '../helpers/redis.js';

const HOUR = 3_600_000;
const FINAL = ['recovery: completed', 'recovery: denied', 'recovery: duplicate'];

/** A resync whose passes the test starts itself (the timers are far off). */
function resync(h: AppHarness, lease: Lease = new LocalLease(), store = new MemoryStore()): ResyncJob {
  return startResync(h.probot, {
    intervalMs: HOUR,
    firstDelayMs: HOUR,
    firstWindowHours: 26,
    lease,
    store,
    runner: h.app.runner,
    services: h.app.services,
  });
}

test('the resync finishes a request whose deliveries were all lost (a crash before the answer): labels and one status comment', async () => {
  const h = await startApp();
  const job = resync(h);
  try {
    openRequest(h.gh, formBody()); // never delivered
    h.gh.clock.advance(60_000);
    expect(snapshot(h.gh, 1).statusComments).toBe(0);
    const pass = await job.pass();
    expect(pass).toMatchObject({ repositories: 1, failed: 0 });
    const s = snapshot(h.gh, 1);
    expect(s.stateLabels).toEqual(['recovery: triage']);
    expect(s.statusComments).toBe(1);
    // Again: nothing to do, nothing written.
    h.gh.clock.advance(15 * 60_000);
    const again = await job.pass();
    expect(again?.writes).toBe(0);
    expect(h.gh.unexpected).toEqual([]);
  } finally {
    await job.stop();
    await h.close();
  }
});

test('a hand close whose run was lost is finished by the resync within its window: the open state label goes', async () => {
  const h = await startApp();
  const job = resync(h);
  try {
    await h.deliver(openRequest(h.gh, formBody()));
    expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: triage']);
    const first = await job.pass();
    expect(first?.writes).toBe(0);
    // A maintainer closes it by hand; the delivery is lost (a crash, a restart).
    h.gh.clock.advance(10 * 60_000);
    h.gh.as(MAINTAINER).close(REPO, 1, 'not_planned');
    h.gh.clock.advance(10 * 60_000);
    const pass = await job.pass();
    expect(pass?.failed).toBe(0);
    const s = snapshot(h.gh, 1);
    expect(s.state).toBe('closed');
    expect(s.stateLabels).toHaveLength(1);
    expect(FINAL).toContain(s.stateLabels[0]);
    expect(s.statusComments).toBe(1);
    // Converged: a later pass (its window still covering the close) writes nothing.
    h.gh.clock.advance(15 * 60_000);
    expect((await job.pass())?.writes).toBe(0);
  } finally {
    await job.stop();
    await h.close();
  }
});

test('a hand reopen whose run was lost is finished by the resync too', async () => {
  const h = await startApp();
  const job = resync(h);
  try {
    await h.deliver(openRequest(h.gh, formBody()));
    await h.deliver(h.gh.as(MAINTAINER).close(REPO, 1, 'not_planned'));
    h.gh.clock.advance(60_000);
    const closed = snapshot(h.gh, 1);
    expect(closed.state).toBe('closed');
    await job.pass();
    h.gh.clock.advance(5 * 60_000);
    h.gh.as(MAINTAINER).reopen(REPO, 1); // delivery lost
    h.gh.clock.advance(5 * 60_000);
    await job.pass();
    const s = snapshot(h.gh, 1);
    expect(s.state).toBe('open');
    expect(s.stateLabels).toHaveLength(1);
    expect(FINAL).not.toContain(s.stateLabels[0]);
    expect(STATE_LABELS).toContain(s.stateLabels[0]);
    expect(s.statusComments).toBe(1);
  } finally {
    await job.stop();
    await h.close();
  }
});

const missing = redisMissing();
const describeRedis = missing ? describe.skip : describe;

describeRedis('several replicas sharing a real Redis', () => {
  let redis: RedisServer;
  const clients: Redis[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  }, 20_000);
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await redis.stop();
  });
  function client(): Redis {
    const c = new Redis(redis.url, { maxRetriesPerRequest: 1 });
    clients.push(c);
    return c;
  }

  test('two instances: one holds the lease and resyncs, the other skips; when it stops the other takes over', async () => {
    const h = await startApp();
    const store = new MemoryStore();
    const a = resync(h, new RedisLease(client(), 'recovery-triage:lease:resync', 10_000), store);
    const b = resync(h, new RedisLease(client(), 'recovery-triage:lease:resync', 10_000), store);
    try {
      openRequest(h.gh, formBody()); // never delivered
      const rounds = [];
      for (let i = 0; i < 3; i++) rounds.push(await a.pass(), await b.pass());
      expect(rounds.map((r) => r !== null)).toEqual([true, false, true, false, true, false]);
      // Both at once: still one pass.
      const together = await Promise.all([a.pass(), b.pass()]);
      expect(together.filter((r) => r !== null)).toHaveLength(1);
      expect(snapshot(h.gh, 1).statusComments).toBe(1);
      // The leader stops (a deploy): it gives the lease up, the other replica's next pass runs.
      await a.stop();
      expect(await b.pass()).not.toBeNull();
    } finally {
      await b.stop();
      await h.close();
    }
  });
});
