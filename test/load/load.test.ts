import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, Server } from 'probot';
import { createApp, type RegisteredApp } from '../../src/index.js';
import { GitHubStandIn, signAndSend, type SendResult, type WebhookDelivery } from '../../src/standin/index.js';
import { formBody } from '../helpers/bodies.js';
import { APP_ID, PRIVATE_KEY, TestOctokit } from '../helpers/probot.js';

/**
 * Load through the real Probot server on loopback: 300 new requests spread over 10
 * installations (one repository each, no labels yet, no config), each sent as GitHub sends a
 * form's issue (`opened` and `labeled`), signed, with up to IN_FLIGHT deliveries at once in a
 * seeded order. Every request must end triaged: one status comment and one state label. Prints
 * the delivery answer times and the drain time per installation. Throttling is off (TestOctokit):
 * the write spacing per installation is test/load/throttle.test.ts's.
 */

const SECRET = 'load-test-secret';
const INSTALLATIONS = 10;
const PER_INSTALLATION = 30;
const IN_FLIGHT = 40;
const STATUS_MARKER = '<!-- recovery-triage:status -->';
const BOT = 'recovery-triage[bot]';

interface Sent {
  installation: number;
  delivery: WebhookDelivery;
  result?: SendResult;
}

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const repoOf = (installation: number) => `org-${installation}/support`;

let gh: GitHubStandIn;
let server: Server;
let url: string;
let registered: RegisteredApp | undefined;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  gh = new GitHubStandIn({ now: '2026-11-20T10:00:00Z', appId: APP_ID, appSlug: 'recovery-triage' });
  for (let i = 1; i <= INSTALLATIONS; i++) gh.addRepo(repoOf(i), { installationId: i });
  await gh.listen();
  const log = pino({ level: 'silent' });
  server = new Server({
    Probot: Probot.defaults({ appId: APP_ID, privateKey: PRIVATE_KEY, secret: SECRET, Octokit: TestOctokit, log, baseUrl: gh.url }),
    host: '127.0.0.1',
    port: 0,
    log,
  });
  await server.load(createApp({ retryDelaysMs: [], onRegistered: (r) => (registered = r) }));
  const http = await server.start();
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  await registered?.idle();
  await server?.stop();
  await gh?.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

test(`${INSTALLATIONS * PER_INSTALLATION} new requests over ${INSTALLATIONS} installations through the real server: all triaged`, async () => {
  // People open the requests (one in five incomplete: a box left empty).
  const sent: Sent[] = [];
  const expected = new Map<string, string>();
  for (let i = 1; i <= INSTALLATIONS; i++) {
    for (let n = 0; n < PER_INSTALLATION; n++) {
      const incomplete = n % 5 === 4;
      const body = incomplete
        ? formBody({ username: `\`user-${i}-${n}\``, unchecked: ['I agree to follow the PSF Code of Conduct'] })
        : formBody({ username: `\`user-${i}-${n}\`` });
      const deliveries = gh.as(`requester-${i}-${n}`).openIssue(repoOf(i), {
        title: 'Account recovery request',
        body,
        labels: ['account-recovery'],
      });
      expected.set(`${i}#${deliveries[0].payload.issue.number}`, incomplete ? 'recovery: incomplete' : 'recovery: triage');
      for (const delivery of deliveries) sent.push({ installation: i, delivery });
    }
  }
  const rng = seeded(2026);
  for (let k = sent.length - 1; k > 0; k--) {
    const j = Math.floor(rng() * (k + 1));
    [sent[k], sent[j]] = [sent[j], sent[k]];
  }

  // Drain: when each installation's last request got its status comment.
  const start = performance.now();
  const triaged = new Map<number, number>();
  const drained = new Map<number, number>();
  const stop = gh.onWebhook((d) => {
    if (d.name !== 'issue_comment' || d.payload.action !== 'created') return;
    const { comment, installation } = d.payload as { comment: { body: string; user: { login: string } }; installation: { id: number } };
    if (comment.user.login !== BOT || !comment.body.includes(STATUS_MARKER)) return;
    const count = (triaged.get(installation.id) ?? 0) + 1;
    triaged.set(installation.id, count);
    if (count === PER_INSTALLATION) drained.set(installation.id, performance.now() - start);
  });

  let next = 0;
  const worker = async () => {
    while (next < sent.length) {
      const item = sent[next++];
      item.result = await signAndSend(url, SECRET, item.delivery, { appId: APP_ID });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
  const answered = performance.now() - start;
  await registered?.idle();
  const idle = performance.now() - start;
  stop();

  // The table: answers and drain per installation.
  const lines = [`installation  requests  deliveries  answer p50 ms  p95 ms  max ms  drained s`];
  for (let i = 1; i <= INSTALLATIONS; i++) {
    const mine = sent.filter((s) => s.installation === i).map((s) => s.result?.ms ?? NaN);
    lines.push(
      [
        String(i).padStart(12),
        String(PER_INSTALLATION).padStart(10),
        String(mine.length).padStart(12),
        percentile(mine, 50).toFixed(0).padStart(15),
        percentile(mine, 95).toFixed(0).padStart(8),
        Math.max(...mine)
          .toFixed(0)
          .padStart(8),
        ((drained.get(i) ?? NaN) / 1000).toFixed(2).padStart(11),
      ].join(''),
    );
  }
  const all = sent.map((s) => s.result?.ms ?? NaN);
  const calls = gh.countCalls();
  const searchLimited = gh.callsTo({ route: 'GET /search/issues' }).filter((c) => c.status === 403).length;
  lines.push(
    `all: ${sent.length} deliveries answered in ${(answered / 1000).toFixed(2)} s (p50 ${percentile(all, 50).toFixed(0)} ms, p95 ${percentile(all, 95).toFixed(0)} ms, max ${Math.max(...all).toFixed(0)} ms); every run done after ${(idle / 1000).toFixed(2)} s; ${calls.reads} reads, ${calls.writes} writes (${searchLimited} searches answered 403 rate-limited, the listing answered instead)`,
  );
  console.log(lines.join('\n'));

  expect(sent.map((s) => s.result?.status).filter((status) => status !== 200)).toEqual([]);
  // GitHub gives up on a delivery after 10 s.
  expect(Math.max(...all)).toBeLessThan(10_000);
  expect(gh.unexpected).toEqual([]);
  const wrong: string[] = [];
  for (let i = 1; i <= INSTALLATIONS; i++) {
    for (const issue of gh.issues(repoOf(i))) {
      const status = issue.comments.filter((c) => c.user === BOT && c.body.includes(STATUS_MARKER)).length;
      const states = issue.labels.filter((l) => l.startsWith('recovery: '));
      const want = expected.get(`${i}#${issue.number}`);
      if (status !== 1 || states.length !== 1 || states[0] !== want)
        wrong.push(`${repoOf(i)}#${issue.number}: ${status} status, ${states.join(',')}`);
    }
  }
  expect(wrong).toEqual([]);
  expect([...drained.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: INSTALLATIONS }, (_, k) => k + 1));
}, 60_000);
