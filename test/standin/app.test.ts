import { freePort } from '../helpers/port.js';
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verify } from '@octokit/webhooks-methods';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, Server } from 'probot';
import { GitHubStandIn, forProbot, signAndSend } from '../../src/standin/index.js';
import { REPO, TestOctokit, fakeJwt, octokitFor, owner, repo, statusOf } from './helpers.js';

const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});
const APP_ID = 123;

let standIn: GitHubStandIn;
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(async () => {
  standIn = new GitHubStandIn({ now: '2026-11-20T10:00:00Z', appId: APP_ID });
  standIn.addRepo(REPO, { installationId: 2 });
  standIn.addRepo('pypi/warehouse', { installationId: 2 });
  standIn.addRepo('someone/else', { installationId: 7 });
  await standIn.listen();
});
afterEach(async () => {
  expect(standIn.unexpected).toEqual([]);
  await standIn.close();
});

describe('authentication', () => {
  test('a real Probot signs a JWT, exchanges it for an installation token and acts as the bot', async () => {
    const probot = new Probot({ appId: APP_ID, privateKey, baseUrl: standIn.url, Octokit: TestOctokit, log: pino({ level: 'silent' }) });
    const octokit = await probot.auth(2);
    const { data } = await octokit.rest.issues.create({ owner, repo, title: 'Opened by the app' });
    expect(data.user?.login).toBe('recovery-triage[bot]');
    expect(standIn.calls.map((c) => c.route)).toEqual([
      'POST /app/installations/{installation_id}/access_tokens',
      'POST /repos/{owner}/{repo}/issues',
    ]);
    const app = await probot.auth();
    const installations = await app.rest.apps.listInstallations();
    expect(installations.data.map((i) => [i.id, i.account?.login, i.app_id])).toEqual([
      [2, 'pypi', APP_ID],
      [7, 'someone', APP_ID],
    ]);
  });

  test('the token exchange answers 201 with token, expiry, permissions and selection', async () => {
    const app = octokitFor(standIn, fakeJwt(APP_ID));
    const { status, data } = await app.rest.apps.createInstallationAccessToken({ installation_id: 2 });
    expect(status).toBe(201);
    expect(data).toMatchObject({
      token: expect.stringMatching(/^ghs_/),
      expires_at: '2026-11-20T11:00:00Z',
      repository_selection: 'selected',
    });
    expect(data.permissions).toMatchObject({ issues: 'write' });
    expect((await statusOf(app.rest.apps.createInstallationAccessToken({ installation_id: 99 }))).status).toBe(404);
  });

  test('bad, missing and misplaced credentials are refused', async () => {
    expect((await statusOf(octokitFor(standIn, 'nonsense').rest.repos.get({ owner, repo }))).status).toBe(401);
    const anonymous = new TestOctokit({ baseUrl: standIn.url });
    expect((await statusOf(anonymous.rest.repos.get({ owner, repo }))).status).toBe(401);
    expect((await statusOf(octokitFor(standIn, fakeJwt(999)).rest.apps.listInstallations())).status).toBe(401);
    expect((await statusOf(octokitFor(standIn, fakeJwt(APP_ID)).rest.repos.get({ owner, repo }))).status).toBe(403);
    const installation = octokitFor(standIn, standIn.installationToken(2));
    expect((await statusOf(installation.rest.apps.listInstallations())).status).toBe(401);
  });

  test('a token added for a user acts as that user (a CLI GITHUB_TOKEN)', async () => {
    standIn.addToken('ghp_cli', 'maintainer');
    standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
    const cli = octokitFor(standIn, 'ghp_cli');
    await cli.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['x'] });
    expect(standIn.events(REPO, 1)).toEqual([expect.objectContaining({ event: 'labeled', actor: 'maintainer', viaApp: false })]);
    expect(standIn.calls.at(-1)).toMatchObject({ login: 'maintainer' });
    expect(standIn.calls.at(-1)?.installationId).toBeUndefined();
  });
});

test('GET /installation/repositories lists what the installation can see', async () => {
  const installation = octokitFor(standIn, standIn.installationToken(2));
  const { data } = await installation.rest.apps.listReposAccessibleToInstallation();
  expect(data.total_count).toBe(2);
  expect(data.repositories.map((r) => r.full_name)).toEqual([REPO, 'pypi/warehouse']);
  expect((await statusOf(installation.rest.repos.get({ owner: 'someone', repo: 'else' }))).status).toBe(404);
});

describe('webhook deliveries', () => {
  test('the delivery log lists newest first with pages, and redelivery attempts are recorded', async () => {
    for (let i = 1; i <= 5; i++)
      standIn.recordDelivery({
        guid: `guid-${i}`,
        event: 'issues',
        action: 'opened',
        status_code: i === 3 ? 500 : 200,
        installationId: 2,
        repositoryId: 101,
      });
    const app = octokitFor(standIn, fakeJwt(APP_ID));
    const { data, headers } = await app.rest.apps.listWebhookDeliveries({ per_page: 2 });
    expect(data.map((d) => d.guid)).toEqual(['guid-5', 'guid-4']);
    expect(headers.link).toContain('rel="next"');
    const all = await app.paginate(app.rest.apps.listWebhookDeliveries, { per_page: 2 });
    expect(all.map((d) => d.guid)).toEqual(['guid-5', 'guid-4', 'guid-3', 'guid-2', 'guid-1']);
    const failed = all.find((d) => d.status_code === 500);
    expect(failed).toMatchObject({
      guid: 'guid-3',
      status: 'Invalid HTTP Response: 500',
      redelivery: false,
      event: 'issues',
      action: 'opened',
      installation_id: 2,
    });
    const attempt = await app.rest.apps.redeliverWebhookDelivery({ delivery_id: failed?.id as number });
    expect(attempt.status).toBe(202);
    expect(standIn.redeliveryRequests).toEqual([{ deliveryId: failed?.id, guid: 'guid-3', at: '2026-11-20T10:00:00Z' }]);
    expect((await statusOf(app.rest.apps.redeliverWebhookDelivery({ delivery_id: 1 }))).status).toBe(404);
  });

  test('signAndSend posts the exact body with the headers and signature GitHub sends', async () => {
    const received: { headers: IncomingHttpHeaders; body: string }[] = [];
    const receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(202).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const [opened] = standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
      const result = await signAndSend(url, 'secret', opened!);
      expect(result.status).toBe(202);
      expect(result.ms).toBeGreaterThan(0);
      const [{ headers, body }] = received as [{ headers: IncomingHttpHeaders; body: string }];
      expect(headers).toMatchObject({
        'x-github-event': 'issues',
        'x-github-delivery': opened?.id,
        'content-type': 'application/json',
        'user-agent': expect.stringMatching(/^GitHub-Hookshot\//),
      });
      expect(JSON.parse(body)).toEqual(opened?.payload);
      expect(await verify('secret', body, headers['x-hub-signature-256'] as string)).toBe(true);
      expect(await verify('other', body, headers['x-hub-signature-256'] as string)).toBe(false);
      expect((await signAndSend('http://127.0.0.1:1/closed', 'secret', opened!)).status).toBe(0);
    } finally {
      await new Promise((resolve) => receiver.close(resolve));
    }
  });

  test('probot.receive with actor deliveries drives an app whose writes land in the stand-in', async () => {
    const probot = new Probot({ appId: APP_ID, privateKey, baseUrl: standIn.url, Octokit: TestOctokit, log: pino({ level: 'silent' }) });
    probot.load((app) => {
      app.on('issues.labeled', async (context) => {
        if (context.payload.label?.name === 'account-recovery')
          await context.octokit.rest.issues.addLabels(context.issue({ labels: ['recovery: triage'] }));
      });
      app.on('issue_comment.created', async (context) => {
        if (context.isBot) return;
        await context.octokit.rest.reactions.createForIssueComment(
          context.repo({ comment_id: context.payload.comment.id, content: 'eyes' }),
        );
      });
    });
    const deliveries = standIn.as('alice').openIssue(REPO, { title: 'Locked out', body: 'help', labels: ['account-recovery'] });
    for (const delivery of deliveries) await probot.receive(delivery);
    for (const delivery of standIn.as('alice').comment(REPO, 1, 'more detail')) await probot.receive(forProbot(delivery));
    expect(standIn.issue(REPO, 1)).toMatchObject({
      labels: ['account-recovery', 'recovery: triage'],
      comments: [{ body: 'more detail', reactions: [{ content: 'eyes', user: 'recovery-triage[bot]' }] }],
    });
    // The app's own label write produced the labeled webhook GitHub would send back.
    expect(standIn.outbox.at(-2)).toMatchObject({
      name: 'issues',
      payload: { action: 'labeled', sender: { login: 'recovery-triage[bot]' } },
    });
  });

  test('sandbox loop: a Probot server receives a signed delivery and writes back to the stand-in, which logs the delivery', async () => {
    const log = pino({ level: 'silent' });
    const server = new Server({
      Probot: Probot.defaults({ appId: APP_ID, privateKey, secret: 'hush', baseUrl: standIn.url, Octokit: TestOctokit, log }),
      host: '127.0.0.1',
      port: await freePort(),
      log,
    });
    await server.load((app) => {
      app.on('issues.opened', async (context) => {
        await context.octokit.rest.issues.createComment(context.issue({ body: `Thanks @${context.payload.issue.user?.login}` }));
      });
    });
    const http = await server.start();
    try {
      const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/github/webhooks`;
      const [opened] = standIn.as('alice').openIssue(REPO, { title: 'Locked out', body: 'help' });
      const result = await standIn.deliverTo(url, 'hush', opened!);
      expect(result.status).toBe(200);
      expect(standIn.issue(REPO, 1).comments).toEqual([
        expect.objectContaining({ body: 'Thanks @alice', user: 'recovery-triage[bot]', viaApp: true }),
      ]);
      expect(standIn.hookDeliveries).toEqual([
        expect.objectContaining({
          guid: opened?.id,
          event: 'issues',
          action: 'opened',
          status_code: 200,
          status: 'OK',
          installation_id: 2,
        }),
      ]);
      expect((await standIn.deliverTo(url, 'wrong-secret', opened!)).status).toBe(400);
      expect(standIn.hookDeliveries.at(-1)?.status).toBe('Invalid HTTP Response: 400');
    } finally {
      await server.stop();
    }
  });
});

describe('the app delivery log', () => {
  test('GET /app/hook/deliveries pages newest first by cursor, as GitHub does (Link rel="next" only)', async () => {
    for (let i = 0; i < 7; i++) {
      standIn.recordDelivery({ guid: `g${i}`, event: 'issues', action: 'opened', status_code: i % 2 === 0 ? 200 : 500 });
      standIn.clock.advance(1000);
    }
    const probot = new Probot({ appId: APP_ID, privateKey, baseUrl: standIn.url, Octokit: TestOctokit, log: pino({ level: 'silent' }) });
    const octokit = await probot.auth();
    const first = await octokit.request('GET /app/hook/deliveries', { per_page: 3 });
    expect(first.data.map((d) => d.guid)).toEqual(['g6', 'g5', 'g4']);
    expect(first.headers.link).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/app\/hook\/deliveries\?per_page=3&cursor=v1_\d+>; rel="next"$/);
    const all = await octokit.paginate('GET /app/hook/deliveries', { per_page: 3 });
    expect(all.map((d) => d.guid)).toEqual(['g6', 'g5', 'g4', 'g3', 'g2', 'g1', 'g0']);
    expect((await statusOf(octokit.request('GET /app/hook/deliveries', { cursor: 'nope' }))).status).toBe(422);
  });
});
