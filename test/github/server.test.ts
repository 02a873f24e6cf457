import { freePort } from '../helpers/port.js';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, Server } from 'probot';
import { createApp } from '../../src/index.js';
import { GitHubStandIn, signAndSend } from '../../src/standin/index.js';
import { formBody } from '../helpers/bodies.js';
import { openRequest, REPO, snapshot } from '../helpers/app.js';
import { APP_ID, PRIVATE_KEY, TestOctokit } from '../helpers/probot.js';

const SECRET = 'test-webhook-secret';
let server: Server;
let url: string;
let gh: GitHubStandIn;

beforeAll(async () => {
  nock.disableNetConnect();
  // Loopback only: the test talks to its own Probot server and the GitHub stand-in.
  nock.enableNetConnect('127.0.0.1');
  gh = new GitHubStandIn({ now: '2026-11-20T10:00:00Z', appId: APP_ID, appSlug: 'recovery-triage' });
  gh.addRepo(REPO, { installationId: 2 });
  await gh.listen();
  const log = pino({ level: 'silent' });
  server = new Server({
    Probot: Probot.defaults({ appId: APP_ID, privateKey: PRIVATE_KEY, secret: SECRET, Octokit: TestOctokit, log, baseUrl: gh.url }),
    host: '127.0.0.1',
    port: await freePort(),
    log,
  });
  await server.load(createApp({ retryDelaysMs: [] }));
  const http = await server.start();
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  await server.stop();
  await gh.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

test('a webhook with a wrong signature is rejected with 400 and reaches no handler', async () => {
  const [opened] = openRequest(gh, formBody());
  gh.resetCalls();
  const result = await signAndSend(url, 'not-the-secret', opened);
  expect({ status: result.status, body: result.status === 0 ? result.body : '' }).toEqual({ status: 400, body: '' });
  expect(gh.calls).toEqual([]);
  expect(snapshot(gh, 1).statusComments).toBe(0);
});

test('correctly signed webhooks are handled end to end through the real server', async () => {
  const deliveries = openRequest(gh, formBody());
  const results = await Promise.all(deliveries.map((d) => signAndSend(url, SECRET, d)));
  expect(results.map((r) => r.status)).toEqual(deliveries.map(() => 200));
  const s = snapshot(gh, 2);
  expect(s.stateLabels).toEqual(['recovery: triage']);
  expect(s.statusComments).toBe(1);
  expect(gh.unexpected).toEqual([]);
});
