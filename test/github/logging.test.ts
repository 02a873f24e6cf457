import { freePort } from '../helpers/port.js';
import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { RequestError } from '@octokit/request-error';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, Server, type ApplicationFunction } from 'probot';
import { createSafeLogger, redactJsonLine, redactLogObject, redactText } from '../../src/github/logging.js';
import { issuePayload } from '../helpers/payloads.js';
import { API, APP_ID, INSTALLATION_ID, PRIVATE_KEY, TestOctokit, mockToken } from '../helpers/probot.js';

// Fake secrets shaped like the real ones, and a marker standing for a requester's text.
const PYPI_TOKEN = `pypi-AgEIcHlwaS5vcmcCJ${'A1b2C3d4'.repeat(12)}`;
const GITHUB_TOKEN = `ghp_${'Zz9'.repeat(12)}`;
const MARKER = 'MARKER-requester-wrote-this-7f3a';
const BODY = `### PyPI Username\n\nrequester\n\nmy token is ${PYPI_TOKEN} and ${MARKER}`;

/** A safe logger whose raw output lines are kept. */
function capture(level = 'trace') {
  const lines: string[] = [];
  const log = createSafeLogger({ level, stream: { write: (line: string) => void lines.push(line) } });
  return { log, lines };
}

function expectClean(lines: readonly string[]) {
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) {
    expect(line).not.toContain(MARKER);
    expect(line).not.toContain(PYPI_TOKEN.slice(0, 30));
    expect(line).not.toContain(GITHUB_TOKEN);
    expect(line).not.toContain('my token is');
    // Every line is still valid JSON.
    expect(() => JSON.parse(line)).not.toThrow();
  }
}

describe('redactLogObject', () => {
  test('payloads become a summary of numbers and names', () => {
    const payload = issuePayload('opened', { number: 12, body: BODY });
    expect(redactLogObject({ payload })).toEqual({
      payload: {
        action: 'opened',
        issue: 12,
        repository: 'pypi/support',
        sender: 'requester',
        installation: INSTALLATION_ID,
        keys: expect.any(Number),
      },
    });
    expect(redactLogObject({ event: { id: 'delivery-1', name: 'issues', payload } })).toEqual({
      event: { id: 'delivery-1', name: 'issues', payload: expect.objectContaining({ issue: 12, action: 'opened' }) },
    });
  });

  test('bodies and titles anywhere become their length', () => {
    const redacted = redactLogObject({ body: BODY, comment: { id: 5, body: BODY }, issue: { number: 3, title: MARKER, body: BODY } });
    expect(redacted).toEqual({
      body: `[redacted: ${BODY.length} characters]`,
      comment: { id: 5, body: `[redacted: ${BODY.length} characters]` },
      issue: { number: 3, title: `[redacted: ${MARKER.length} characters]`, body: `[redacted: ${BODY.length} characters]` },
    });
  });

  test("an Octokit error keeps type, status, method and URL, never the request body, headers or the response's data", () => {
    const error = new RequestError('Validation Failed', 422, {
      request: {
        method: 'POST',
        url: 'https://api.github.com/repos/pypi/support/issues/1/comments',
        headers: { authorization: `token ${GITHUB_TOKEN}` },
        body: JSON.stringify({ body: BODY }),
      },
      response: {
        status: 422,
        url: 'https://api.github.com/repos/pypi/support/issues/1/comments',
        headers: { 'x-github-request-id': 'ABCD:1234' },
        data: { message: 'Validation Failed', echoed: BODY },
      },
    });
    const redacted = redactLogObject({ err: error }) as { err: Record<string, unknown> };
    expect(redacted.err).toMatchObject({
      type: 'RequestError',
      message: 'Validation Failed',
      status: 422,
      request: { method: 'POST', url: 'https://api.github.com/repos/pypi/support/issues/1/comments' },
      response: { status: 422, requestId: 'ABCD:1234' },
    });
    const text = JSON.stringify(redacted);
    expect(text).not.toContain(MARKER);
    expect(text).not.toContain(GITHUB_TOKEN);
  });

  test('credential fields and token-shaped strings are redacted; ids, events and statuses kept', () => {
    expect(
      redactLogObject({
        id: 'delivery-9',
        name: 'issue_comment',
        status: 500,
        issue: 44,
        headers: { authorization: 'Bearer abc', 'x-github-request-id': 'R1' },
        privateKey: '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----',
        note: `see ${PYPI_TOKEN} and ${GITHUB_TOKEN}`,
        url: 'https://example.com/cb?code=abc123&state=ok',
      }),
    ).toEqual({
      id: 'delivery-9',
      name: 'issue_comment',
      status: 500,
      issue: 44,
      headers: { 'x-github-request-id': 'R1' },
      privateKey: '[redacted]',
      note: 'see [redacted: token] and [redacted: token]',
      url: 'https://example.com/cb?code=[redacted]&state=ok',
    });
  });

  test('cycles, depth, huge arrays and odd values never throw', () => {
    const a: Record<string, unknown> = { n: 1 };
    a.self = a;
    expect(redactLogObject(a)).toEqual({ n: 1, self: '[circular]' });
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 50; i++) deep = (deep.next = {}) as Record<string, unknown>;
    expect(JSON.stringify(redactLogObject(root))).toContain('[too deep]');
    expect((redactLogObject(Array.from({ length: 1000 }, (_, i) => i)) as unknown[]).length).toBe(51);
    const hostile = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    expect(redactLogObject(hostile)).toEqual({ boom: '[unreadable]' });
    expect(redactLogObject(10n)).toBe('10');
  });

  test('redactText and redactJsonLine', () => {
    expect(redactText(`a ${PYPI_TOKEN} b`)).toBe('a [redacted: token] b');
    expect(redactText('x'.repeat(3000)).length).toBeLessThan(2100);
    const line = JSON.stringify({ msg: `key -----BEGIN PRIVATE KEY-----\nabc "quoted" ${PYPI_TOKEN}`, n: 1 });
    const out = redactJsonLine(line);
    expect(JSON.parse(out)).toEqual({ msg: 'key [redacted: private key]"quoted" [redacted: token]', n: 1 });
    // Ordinary prose with the word token is left alone.
    expect(redactText('the token expiration was reached')).toBe('the token expiration was reached');
  });
});

describe('createSafeLogger', () => {
  test('redacts at every level, in messages, in child bindings and in errors logged whole', () => {
    const { log, lines } = capture();
    log.info({ payload: issuePayload('opened', { body: BODY }) }, `received ${PYPI_TOKEN}`);
    log.child({ body: BODY }).warn('child');
    log.error(new Error(`failed with ${GITHUB_TOKEN}`));
    log.debug({ body: BODY, labels: ['x'] }, 'GitHub request: POST /repos/pypi/support/issues - 201');
    expectClean(lines);
    expect(lines).toHaveLength(4);
    expect(JSON.parse(lines[0])).toMatchObject({ msg: 'received [redacted: token]', payload: { issue: 1 } });
  });
});

describe('Probot with the safe logger: a failing delivery logs no body, comment or token', () => {
  const SECRET = 'test-webhook-secret';

  /** A tiny app that echoes the issue body in a comment; GitHub answers 422 and it throws. */
  const echoApp: ApplicationFunction = (app) => {
    app.on('issues.opened', async (context) => {
      await context.octokit.rest.issues.createComment(context.issue({ body: `Echo: ${context.payload.issue.body} ${PYPI_TOKEN}` }));
    });
  };

  function mockFailure() {
    mockToken();
    nock(API)
      .post('/repos/pypi/support/issues/1/comments')
      .reply(422, { message: 'Validation Failed', errors: [{ resource: 'IssueComment', code: 'custom', field: 'body' }], echoed: BODY });
  }

  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  test('the repro: without it, the body and token reach the log (why this exists)', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: TestOctokit, log });
    await probot.load(echoApp);
    mockFailure();
    await expect(
      probot.receive({ id: 'delivery-1', name: 'issues', payload: issuePayload('opened', { body: BODY }) } as never),
    ).rejects.toThrow();
    expect(lines.filter((l) => l.includes(MARKER)).length).toBeGreaterThan(1);
    expect(lines.some((l) => l.includes(PYPI_TOKEN))).toBe(true);
  });

  test('probot.receive: every line clean, and the useful facts kept', async () => {
    const { log, lines } = capture();
    const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: TestOctokit, log });
    await probot.load(echoApp);
    mockFailure();
    await expect(
      probot.receive({ id: 'delivery-1', name: 'issues', payload: issuePayload('opened', { body: BODY }) } as never),
    ).rejects.toThrow();
    expect(nock.pendingMocks()).toEqual([]);
    expectClean(lines);
    const all = lines.join('\n');
    expect(all).toContain('delivery-1');
    expect(all).toContain('"status":422');
    expect(all).toContain('"issue":1');
    expect(all).toContain('/repos/pypi/support/issues/1/comments');
    // The error Probot logs for the failed handler is there, with its type.
    expect(lines.some((l) => /"level":50/.test(l) && l.includes('RequestError'))).toBe(true);
  });

  test('through the HTTP server and webhook middleware: every line clean', async () => {
    const { log, lines } = capture();
    const server = new Server({
      Probot: Probot.defaults({ appId: APP_ID, privateKey: PRIVATE_KEY, secret: SECRET, Octokit: TestOctokit, log }),
      host: '127.0.0.1',
      port: await freePort(),
      log,
    });
    await server.load(echoApp);
    const http = await server.start();
    try {
      mockFailure();
      const body = JSON.stringify(issuePayload('opened', { body: BODY }));
      const response = await fetch(`http://127.0.0.1:${(http.address() as AddressInfo).port}/api/github/webhooks`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-github-event': 'issues',
          'x-github-delivery': 'srv-delivery-7',
          'x-hub-signature-256': `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`,
        },
        body,
      });
      expect(response.ok).toBe(false);
    } finally {
      await server.stop();
    }
    expectClean(lines);
    expect(lines.join('\n')).toContain('srv-delivery-7');
  });
});
