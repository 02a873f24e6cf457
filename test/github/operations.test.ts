import { generateKeyPairSync } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { Probot, Server } from 'probot';
import { createApp } from '../../src/index.js';
import { createSafeLogger, SIGNATURE_REFUSED_MESSAGE } from '../../src/github/logging.js';
import { resetMetricsForTests } from '../../src/github/metrics.js';
import { operationsHandler } from '../../src/github/operations.js';
import { GitHubStandIn, signAndSend } from '../../src/standin/index.js';
import { formBody } from '../helpers/bodies.js';
import { openRequest, REPO, REQUESTER, snapshot } from '../helpers/app.js';
import { freePort } from '../helpers/port.js';
import { APP_ID, PRIVATE_KEY, TestOctokit } from '../helpers/probot.js';

const SECRET = 'operations-webhook-secret';

interface Running {
  server: Server;
  base: string;
  lines: string[];
}

/** A real Probot server with the app, its safe JSON logger writing into `lines`. */
async function startServer(gh: GitHubStandIn, options: { appId?: number; privateKey?: string } = {}): Promise<Running> {
  const lines: string[] = [];
  const log = createSafeLogger({ level: 'info', stream: { write: (line: string) => void lines.push(line) }, pino: { name: 'probot' } });
  const server = new Server({
    Probot: Probot.defaults({
      appId: options.appId ?? APP_ID,
      privateKey: options.privateKey ?? PRIVATE_KEY,
      secret: SECRET,
      Octokit: TestOctokit,
      log,
      baseUrl: gh.url,
    }),
    host: '127.0.0.1',
    port: await freePort(),
    log,
  });
  await server.load(createApp({ retryDelaysMs: [] }));
  const http = await server.start();
  return { server, base: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, lines };
}

/** The keys of a JSON object's top level, in order, duplicates kept (JSON.parse would drop them). */
function topLevelKeys(line: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') {
      let j = i + 1;
      while (line[j] !== '"') j += line[j] === '\\' ? 2 : 1;
      const after = line.slice(j + 1).trimStart();
      if (depth === 1 && after.startsWith(':')) keys.push(JSON.parse(line.slice(i, j + 1)) as string);
      i = j;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
  }
  return keys;
}

/** A sample's value in Prometheus text, or null when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(match[3]);
  }
  return null;
}

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

describe('a correctly configured server', () => {
  let gh: GitHubStandIn;
  let running: Running;

  beforeAll(async () => {
    // The stand-in checks the JWT's signature against the app's key, as GitHub does.
    gh = new GitHubStandIn({ now: '2026-11-20T10:00:00Z', appId: APP_ID, appSlug: 'recovery-triage', appKey: PRIVATE_KEY });
    gh.addRepo(REPO, { installationId: 2 });
    await gh.listen();
    resetMetricsForTests(() => gh.clock.nowMs());
    running = await startServer(gh);
  });
  afterAll(async () => {
    await running.server.stop();
    await gh.close();
  });

  test('is live and ready: /ping and /ready answer 200, /ready names the app', async () => {
    const ping = await fetch(`${running.base}/ping`);
    expect(ping.status).toBe(200);
    const ready = await fetch(`${running.base}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, app: 'recovery-triage' });
    expect(gh.calls.filter((c) => c.route === 'GET /app').length).toBeGreaterThanOrEqual(1);
  });

  test('/metrics moves with signed deliveries; refused signatures are logged once, every line has unique keys', async () => {
    const before = await (await fetch(`${running.base}/metrics`)).text();
    expect(sample(before, 'recovery_triage_deliveries_total', { event: 'issues', outcome: 'ok' })).toBeNull();

    // Two requests opened (opened + labeled each), a requester's comment, two forged deliveries.
    const sent = [...openRequest(gh, formBody()), ...openRequest(gh, formBody())];
    for (const delivery of sent) expect((await signAndSend(`${running.base}/api/github/webhooks`, SECRET, delivery)).status).toBe(200);
    const comment = gh.as(REQUESTER).comment(REPO, 1, 'Any news?');
    for (const delivery of comment) expect((await signAndSend(`${running.base}/api/github/webhooks`, SECRET, delivery)).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      const [forged] = openRequest(gh, formBody());
      expect((await signAndSend(`${running.base}/api/github/webhooks`, 'wrong-secret', forged)).status).toBe(400);
    }
    expect(snapshot(gh, 1).statusComments).toBe(1);
    expect(snapshot(gh, 2).statusComments).toBe(1);

    const response = await fetch(`${running.base}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    expect(sample(text, 'recovery_triage_deliveries_total', { event: 'issues', outcome: 'ok' })).toBe(sent.length);
    expect(sample(text, 'recovery_triage_deliveries_total', { event: 'issue_comment', outcome: 'ok' })).toBe(comment.length);
    expect(sample(text, 'recovery_triage_deliveries_total', { event: 'issues', outcome: 'refused' })).toBe(3);
    // Each request's labeled delivery is redundant after its opened run: at least one run each.
    const reconciled = sample(text, 'recovery_triage_runs_total', { outcome: 'reconciled' }) ?? 0;
    expect(reconciled).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'recovery_triage_run_failures_total')).toBe(0);
    const writes = gh.calls.filter((c) => c.method !== 'GET' && !c.route.startsWith('POST /app/')).length;
    expect(sample(text, 'recovery_triage_writes_total')).toBe(writes);
    // The stand-in's own count of what the installation has left.
    const remaining = sample(text, 'recovery_triage_github_rate_limit_remaining', { resource: 'core' });
    expect(remaining).not.toBeNull();
    expect(remaining).toBeLessThan(5000);
    expect(remaining).toBeGreaterThan(5000 - gh.calls.length);
    expect(sample(text, 'recovery_triage_work_waiting', { where: 'runner' })).toBe(0);
    // Both requests wait in triage; the oldest since it was opened.
    expect(snapshot(gh, 1).stateLabels).toEqual(['recovery: triage']);
    expect(sample(text, 'recovery_triage_waiting_for_maintainer', { repository: REPO })).toBe(2);
    const age = (gh.clock.nowMs() - Date.parse(gh.issue(REPO, 1).created_at)) / 1000;
    expect(sample(text, 'recovery_triage_oldest_waiting_for_maintainer_seconds', { repository: REPO })).toBe(age);
    expect(sample(text, 'recovery_triage_process_resident_memory_bytes')).toBeGreaterThan(0);

    // Logs: one line for three refused deliveries, no stack trace; each JSON line has unique keys.
    const parsed = running.lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const refusedLines = parsed.filter((l) => JSON.stringify(l).includes('signature'));
    expect(refusedLines).toHaveLength(1);
    expect(refusedLines[0]).toMatchObject({ level: 50, msg: SIGNATURE_REFUSED_MESSAGE, check: 'WEBHOOK_SECRET', refusedMeanwhile: 0 });
    expect(refusedLines[0]).not.toHaveProperty('err');
    expect(refusedLines[0]).not.toHaveProperty('stack');
    expect(running.lines.length).toBeGreaterThan(2);
    for (const line of running.lines) {
      const keys = topLevelKeys(line);
      expect(keys).toEqual([...new Set(keys)]);
    }
    expect(parsed.some((l) => l.name === 'probot')).toBe(true);
    expect(gh.unexpected).toEqual([]);
  });
});

describe('a misconfigured server', () => {
  let gh: GitHubStandIn;
  beforeAll(async () => {
    gh = new GitHubStandIn({ now: '2026-11-20T10:00:00Z', appId: APP_ID, appSlug: 'recovery-triage', appKey: PRIVATE_KEY });
    gh.addRepo(REPO, { installationId: 2 });
    await gh.listen();
  });
  afterAll(() => gh.close());

  const otherKey = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  }).privateKey;

  test.each([
    ['a private key of another app', { privateKey: otherKey }],
    ['a wrong APP_ID', { appId: APP_ID + 1 }],
  ])('with %s fails readiness (503, says what to check) while /ping stays 200', async (_, options) => {
    const running = await startServer(gh, options);
    try {
      expect((await fetch(`${running.base}/ping`)).status).toBe(200);
      const ready = await fetch(`${running.base}/ready`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { ready: boolean; reason: string };
      expect(body.ready).toBe(false);
      expect(body.reason).toMatch(/401/);
      expect(body.reason).toMatch(/APP_ID/);
      expect(body.reason).toMatch(/PRIVATE_KEY/);
      // Asked again within the failed check's short cache: one GET /app, one log line.
      expect((await fetch(`${running.base}/ready`)).status).toBe(503);
      const notReady = running.lines.filter((l) => l.includes('recovery-triage: not ready'));
      expect(notReady).toHaveLength(1);
      expect(notReady[0]).not.toContain('BEGIN RSA PRIVATE KEY');
    } finally {
      await running.server.stop();
    }
  });
});

describe('/metrics behind METRICS_TOKEN', () => {
  let http: HttpServer;
  let base: string;
  beforeAll(async () => {
    const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: TestOctokit, log: createSafeLogger({ level: 'silent' }) });
    const { handler } = operationsHandler(probot, { metricsToken: 'scrape-me' });
    http = createServer((req, res) => {
      void handler(req, res).then((handled) => (handled ? undefined : res.writeHead(404).end()));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => http.close(() => resolve())));

  test('refuses a scrape without the token and answers one with it', async () => {
    expect((await fetch(`${base}/metrics`)).status).toBe(401);
    expect((await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    const ok = await fetch(`${base}/metrics`, { headers: { authorization: 'Bearer scrape-me' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('# TYPE recovery_triage_deliveries_total counter');
    expect((await fetch(`${base}/elsewhere`)).status).toBe(404);
  });
});
