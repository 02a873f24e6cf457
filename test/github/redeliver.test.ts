import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, Server } from 'probot';
import { createApp } from '../../src/index.js';
import { MemoryStore, RedisLease, RedisStore } from '../../src/github/lease.js';
import { recoverFailedDeliveries, startRedeliveryJob } from '../../src/github/redeliver.js';
import type { Octokit } from '../../src/github/octokit.js';
import { GitHubStandIn } from '../../src/standin/index.js';
import { formBody } from '../helpers/bodies.js';
import { openRequest, REPO, snapshot } from '../helpers/app.js';
import { freePort } from '../helpers/port.js';
import { APP_ID, captureLogger, PRIVATE_KEY, TestOctokit, type LogLine } from '../helpers/probot.js';
import { redisMissing, startRedis, type RedisServer } from '../helpers/redis.js';

const SECRET = 'redeliver-secret';
const MINUTE = 60_000;
const START = '2026-11-20T10:00:00Z';

let gh: GitHubStandIn;
let probot: Probot;
let logs: LogLine[];

beforeEach(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  gh = new GitHubStandIn({ now: START, appId: APP_ID, appSlug: 'recovery-triage' });
  gh.addRepo(REPO, { installationId: 2 });
  await gh.listen();
  logs = [];
  probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: TestOctokit, baseUrl: gh.url, log: captureLogger(logs) });
});

afterEach(async () => {
  await Promise.allSettled([...gh.redeliveriesInFlight]);
  await gh.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

const jwt = async () => (await probot.auth()) as unknown as Octokit;
const now = () => gh.clock.nowMs();
const silent = { info: () => undefined, error: () => undefined };

test('a 20-minute outage: the pass pages back to the last completed pass by cursor, asks for every failed delivery, and the requests end right', async () => {
  // The server that was down, back up: the real app in a real Probot server.
  const port = await freePort();
  const log = pino({ level: 'silent' });
  const app: { idle?: () => Promise<void> } = {};
  const server = new Server({
    Probot: Probot.defaults({ appId: APP_ID, privateKey: PRIVATE_KEY, secret: SECRET, Octokit: TestOctokit, log, baseUrl: gh.url }),
    host: '127.0.0.1',
    port,
    log,
  });
  await server.load(createApp({ onRegistered: (r) => (app.idle = () => r.idle()) }));
  const url = `http://127.0.0.1:${port}/api/github/webhooks`;
  try {
    // Long before: a failure older than any window (an earlier outage, dealt with then).
    gh.recordDelivery({ guid: 'old-failure', event: 'issues', action: 'edited', status_code: 502 });
    gh.clock.advance(120 * MINUTE);
    // Before the outage: deliveries that succeeded, and a completed pass.
    for (let i = 0; i < 30; i++) gh.recordDelivery({ guid: `ok-${i}`, event: 'issues', action: 'edited', status_code: 200 });
    const store = new MemoryStore();
    gh.clock.advance(MINUTE);
    const before = await recoverFailedDeliveries(await jwt(), { firstLookbackMs: 60 * MINUTE, store, now }, silent);
    expect(before).toMatchObject({ asked: 0, covered: true });

    // The outage: 20 minutes during which every delivery fails (the server is not listening).
    gh.clock.advance(MINUTE);
    await server.start().then((http) => http.close());
    const dead = `http://127.0.0.1:${await freePort()}/api/github/webhooks`;
    const requests = [1, 2, 3];
    for (const n of requests) {
      for (const d of openRequest(gh, formBody({ username: `user-${n}` }))) {
        const sent = await gh.deliverTo(dead, SECRET, d);
        expect(sent.status).toBe(0);
      }
      gh.clock.advance(MINUTE);
    }
    // Many other failed deliveries in the same 20 minutes (another repository's): several pages.
    for (let i = 0; i < 260; i++) {
      gh.recordDelivery({ guid: `other-${i}`, event: 'issues', action: 'labeled', status_code: 503 });
      gh.clock.advance(4000);
    }
    expect(requests.map((n) => snapshot(gh, n).statusComments)).toEqual([0, 0, 0]);

    // Back up; GitHub redelivers what it is asked for to the server.
    const http = await server.start();
    expect((http.address() as AddressInfo).port).toBe(port);
    gh.setRedeliveryTarget({ url, secret: SECRET });
    gh.clock.advance(MINUTE);
    const pass = await recoverFailedDeliveries(await jwt(), { firstLookbackMs: 60 * MINUTE, store, now, maxAsks: 1000 }, silent);
    expect(pass.covered).toBe(true);
    expect(pass.pages).toBeGreaterThanOrEqual(3);
    expect(pass.asked).toBe(6 + 260);
    const asked = new Set(gh.redeliveryRequests.map((r) => r.guid));
    expect(asked.has('old-failure')).toBe(false);
    expect([...asked].some((g) => g.startsWith('ok-'))).toBe(false);
    // Cursor paging: every page after the first named the cursor GitHub gave.
    const listings = gh.callsTo({ route: 'GET /app/hook/deliveries' }).slice(-pass.pages);
    expect(listings.slice(1).every((c) => /[?&]cursor=v1_\d+/.test(c.path))).toBe(true);
    await Promise.allSettled([...gh.redeliveriesInFlight]);
    await app.idle?.();
    for (const n of requests) {
      const s = snapshot(gh, n);
      expect(s.stateLabels).toEqual(['recovery: triage']);
      expect(s.statusComments).toBe(1);
    }
    // The next pass: the redeliveries succeeded; the others were asked for and wait for their backoff.
    gh.clock.advance(MINUTE);
    const next = await recoverFailedDeliveries(await jwt(), { firstLookbackMs: 60 * MINUTE, store, now, maxAsks: 1000 }, silent);
    expect(next.asked).toBe(0);
  } finally {
    await server.stop();
  }
}, 60_000);

test('a redelivery that fails too is asked for again with a doubling wait, then given up and logged', async () => {
  const store = new MemoryStore();
  const failed = gh.recordDelivery({ guid: 'g', event: 'issues', action: 'opened', status_code: 500 });
  const log = { info: () => undefined, error: (data: object, msg: string) => logs.push({ level: 'error', msg, data }) };
  const asks: number[] = [];
  for (let minute = 0; minute < 200; minute++) {
    const before = gh.redeliveryRequests.length;
    await recoverFailedDeliveries(await jwt(), { firstLookbackMs: 60 * MINUTE, store, now, backoffMs: 5 * MINUTE, maxAttempts: 5 }, log);
    if (gh.redeliveryRequests.length > before) {
      asks.push(minute);
      // GitHub redelivers; the app is still failing.
      gh.recordDelivery({ guid: 'g', event: 'issues', action: 'opened', status_code: 502, redelivery: true });
    }
    gh.clock.advance(MINUTE);
  }
  expect(asks).toHaveLength(5);
  const waits = asks.slice(1).map((m, i) => m - asks[i]);
  expect(waits).toEqual([5, 10, 20, 40]);
  // Each ask names the newest failed attempt.
  expect(gh.redeliveryRequests[0].deliveryId).toBe(failed.id);
  expect(new Set(gh.redeliveryRequests.map((r) => r.deliveryId)).size).toBe(5);
  expect(logs.filter((l) => l.msg.includes('gave up asking'))).toHaveLength(1);
});

test('the listing stops at its bound, says so, and leaves the window where it was; the first pass never looks back more than 3 days', async () => {
  const store = new MemoryStore();
  gh.recordDelivery({ guid: 'ancient', event: 'issues', action: 'opened', status_code: 500 });
  gh.clock.advance(4 * 24 * 60 * MINUTE);
  for (let i = 0; i < 350; i++) {
    gh.recordDelivery({ guid: `f-${i}`, event: 'issues', action: 'labeled', status_code: 500 });
    gh.clock.advance(1000);
  }
  const log = { info: () => undefined, error: (data: object, msg: string) => logs.push({ level: 'error', msg, data }) };
  const first = await recoverFailedDeliveries(
    await jwt(),
    { firstLookbackMs: 7 * 24 * 60 * MINUTE, store, now, maxPages: 2, maxAsks: 0 },
    log,
  );
  expect(first).toMatchObject({ pages: 2, read: 200, covered: false });
  expect(first.since).toBe(new Date(now() - 3 * 24 * 60 * MINUTE).toISOString());
  expect(logs.some((l) => l.msg.includes('stopped at its bound'))).toBe(true);
  gh.clock.advance(MINUTE);
  const second = await recoverFailedDeliveries(await jwt(), { firstLookbackMs: 60 * MINUTE, store, now, maxAsks: 1000 }, log);
  // The window did not move on (the first pass did not cover it): the second still reaches 3 days back.
  expect(second.covered).toBe(true);
  expect(second.asked).toBe(350);
  expect(gh.redeliveryRequests.some((r) => r.guid === 'ancient')).toBe(false);
}, 60_000);

const missing = redisMissing();
(missing ? describe.skip : describe)('replicas sharing a real Redis', () => {
  let redis: RedisServer;
  const clients: Redis[] = [];
  beforeAll(async () => {
    redis = await startRedis();
  }, 20_000);
  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await redis.stop();
  });

  test('one replica at a time asks, and the last pass is remembered in Redis across a restart', async () => {
    const client = () => {
      const c = new Redis(redis.url, { maxRetriesPerRequest: 1 });
      clients.push(c);
      return c;
    };
    const options = { intervalMs: 3_600_000, firstLookbackMs: 60 * MINUTE, now };
    const a = startRedeliveryJob(probot, {
      ...options,
      lease: new RedisLease(client(), 'recovery-triage:lease:redeliver', 60_000),
      store: new RedisStore(client()),
    });
    const b = startRedeliveryJob(probot, {
      ...options,
      lease: new RedisLease(client(), 'recovery-triage:lease:redeliver', 60_000),
      store: new RedisStore(client()),
    });
    try {
      gh.recordDelivery({ guid: 'x', event: 'issues', action: 'opened', status_code: 500 });
      const [ra, rb] = await Promise.all([a.pass(), b.pass()]);
      expect([ra, rb].filter((r) => r !== null)).toHaveLength(1);
      expect(gh.redeliveryRequests).toHaveLength(1);
      // A restarted replica (fresh process, same Redis) looks back to that pass, not the first-pass window.
      await a.stop();
      await b.stop();
      gh.clock.advance(90 * MINUTE);
      const c = startRedeliveryJob(probot, {
        ...options,
        lease: new RedisLease(client(), 'recovery-triage:lease:redeliver', 60_000),
        store: new RedisStore(client()),
      });
      const rc = await c.pass();
      await c.stop();
      expect(rc?.since).toBe(new Date(now() - 90 * MINUTE - MINUTE).toISOString());
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
