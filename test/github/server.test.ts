import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, Server } from 'probot';
import app from '../../src/index.js';
import { formBody } from '../helpers/bodies.js';
import { expectWrites } from '../helpers/github-state.js';
import { issuePayload } from '../helpers/payloads.js';
import { APP_ID, PRIVATE_KEY, TestOctokit, mockQueue, mockReads, mockToken } from '../helpers/probot.js';

const SECRET = 'test-webhook-secret';
let server: Server;
let url: string;

beforeAll(async () => {
  nock.disableNetConnect();
  // Loopback only: the test talks to its own Probot server.
  nock.enableNetConnect('127.0.0.1');
  // The server's HTTP logging needs a real pino logger.
  const log = pino({ level: 'silent' });
  server = new Server({
    Probot: Probot.defaults({ appId: APP_ID, privateKey: PRIVATE_KEY, secret: SECRET, Octokit: TestOctokit, log }),
    host: '127.0.0.1',
    port: 0,
    log,
  });
  await server.load(app);
  const http = await server.start();
  url = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  await server.stop();
  nock.cleanAll();
  nock.enableNetConnect();
});

function post(body: string, signature: string) {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'issues',
      'x-github-delivery': 'srv-1',
      'x-hub-signature-256': signature,
    },
    body,
  });
}

const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

test('a webhook with a wrong signature is rejected with 400 and reaches no handler', async () => {
  const body = JSON.stringify(issuePayload('opened', { body: formBody() }));
  const response = await post(body, sign(body, 'not-the-secret'));
  expect(response.status).toBe(400);
  expect(nock.pendingMocks()).toEqual([]);
});

test('a correctly signed webhook is handled end to end through the real server', async () => {
  mockToken();
  mockReads();
  mockQueue();
  const { writes } = expectWrites({
    ensureLabels: [{ name: 'recovery: triage', exists: true }],
    addLabels: ['recovery: triage'],
    statusComment: 'create',
  });
  const body = JSON.stringify(issuePayload('opened', { body: formBody() }));
  const response = await post(body, sign(body));
  expect(response.status).toBe(200);
  expect(writes.calls).toEqual(['GET label recovery: triage', 'POST labels recovery: triage', 'POST status comment']);
});
