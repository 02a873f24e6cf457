import nock from 'nock';
import { STATUS_MARKER } from '../../src/comment/data.js';
import { formBody, CODE_OF_CONDUCT } from '../helpers/bodies.js';
import { issuePayload, sender } from '../helpers/payloads.js';
import { API, createProbot, mockQueue, mockReads, mockToken } from '../helpers/probot.js';

const INCOMPLETE = 'recovery: incomplete';
const TRIAGE = 'recovery: triage';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function botComment(id: number, body: string) {
  return { id, body, user: { login: 'recovery-triage[bot]', type: 'Bot' } };
}

describe('a request from opened to triage', () => {
  test('opened incomplete → label created and set, one status comment listing each problem', async () => {
    const { probot } = createProbot();
    const body = formBody({ username: 'me@example.com', unchecked: [CODE_OF_CONDUCT] });
    let comment = '';
    let created: unknown;
    let added: unknown;
    mockToken();
    mockReads();
    const writes = nock(API)
      .get(`/repos/pypi/support/labels/${encodeURIComponent(INCOMPLETE)}`)
      .reply(404, { message: 'Not Found' })
      .post('/repos/pypi/support/labels', (b) => ((created = b), true))
      .reply(201, {})
      .post('/repos/pypi/support/issues/1/labels', (b) => ((added = b), true))
      .reply(200, [])
      .post('/repos/pypi/support/issues/1/comments', (b: { body: string }) => ((comment = b.body), true))
      .reply(201, { id: 9001 });

    await probot.receive({ name: 'issues', id: 'd1', payload: issuePayload('opened', { body }) as never });

    expect(writes.isDone()).toBe(true);
    expect(created).toEqual({ name: INCOMPLETE, color: 'fbca04', description: 'Waiting for the requester to complete the form' });
    expect(added).toEqual({ labels: [INCOMPLETE] });
    expect(comment).toContain(STATUS_MARKER);
    expect(comment).toContain('Status: incomplete');
    expect(comment).toMatch(/e-mail/);
    expect(comment).toContain('Code of Conduct');
    expect(comment).toContain('edit the issue');
    // The e-mail address is not echoed as a live mailto link or mention.
    expect(comment).not.toContain('me@example.com');
  });

  test('an edit that fixes the request moves the label to triage and updates the same comment in place', async () => {
    const { probot } = createProbot();
    const before = await openedComment(probot);
    let patched = '';
    const order: string[] = [];
    mockReads({ comments: [botComment(9001, before)] });
    mockQueue();
    const writes = nock(API)
      .get(`/repos/pypi/support/labels/${encodeURIComponent(TRIAGE)}`)
      .reply(200, { name: TRIAGE })
      .post('/repos/pypi/support/issues/1/labels', (b) => (order.push(`add ${JSON.stringify(b)}`), true))
      .reply(200, [])
      .delete(`/repos/pypi/support/issues/1/labels/${encodeURIComponent(INCOMPLETE)}`)
      .reply(() => (order.push('remove'), [200, []]))
      .patch('/repos/pypi/support/issues/comments/9001', (b: { body: string }) => ((patched = b.body), true))
      .reply(200, { id: 9001 });

    const payload = issuePayload(
      'edited',
      { body: formBody(), labels: ['account-recovery', INCOMPLETE], updatedAt: '2026-11-20T11:00:00Z' },
      { changes: { body: { from: 'old' } } },
    );
    await probot.receive({ name: 'issues', id: 'd2', payload: payload as never });

    expect(writes.isDone()).toBe(true);
    // The new state label goes on before the old one comes off.
    expect(order).toEqual([`add ${JSON.stringify({ labels: [TRIAGE] })}`, 'remove']);
    expect(patched).toContain('Status: waiting for an admin');
    expect(patched).toContain('your edit fixed the request');
    expect(patched).toContain('<details><summary>History</summary>');
    expect(patched).toMatch(/\| edited \|/);
  });

  test('a redelivered edit writes nothing', async () => {
    const { probot } = createProbot();
    const statusBody = await triagedComment(probot);
    const reads = mockReads({ comments: [botComment(9001, statusBody)] });
    const payload = issuePayload(
      'edited',
      { body: formBody(), labels: ['account-recovery', TRIAGE], updatedAt: '2026-11-20T11:00:00Z' },
      { changes: { body: { from: 'old' } } },
    );
    // Any write would hit nock with no interceptor and fail the delivery.
    await probot.receive({ name: 'issues', id: 'd2', payload: payload as never });
    expect(reads.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe('events the bot leaves alone', () => {
  test('events sent by bots, including itself, make no API call at all', async () => {
    const { probot } = createProbot();
    const payload = { ...issuePayload('opened', { body: formBody() }), sender: sender('recovery-triage[bot]', 'Bot') };
    await probot.receive({ name: 'issues', id: 'd3', payload: payload as never });
    expect(nock.pendingMocks()).toEqual([]);
  });

  test('a title-only edit makes no API call', async () => {
    const { probot } = createProbot();
    const payload = issuePayload('edited', { body: formBody() }, { changes: { title: { from: 'x' } } });
    await probot.receive({ name: 'issues', id: 'd4', payload: payload as never });
    expect(nock.pendingMocks()).toEqual([]);
  });

  test('issues without the form label are not requests: config read, nothing else', async () => {
    const { probot } = createProbot();
    mockToken();
    const reads = nock(API)
      .get(`/repos/pypi/support/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(404)
      .get(`/repos/pypi/.github/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(404);
    await probot.receive({ name: 'issues', id: 'd5', payload: issuePayload('opened', { body: formBody(), labels: ['bug'] }) as never });
    expect(reads.isDone()).toBe(true);
  });

  test('an invalid config is logged with the offending key and nothing is written', async () => {
    const { probot, logs } = createProbot();
    mockToken();
    const reads = nock(API)
      .get(`/repos/pypi/support/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(200, 'labels:\n  triage:\n    color: red\nunknownKey: 1\n', { 'content-type': 'text/plain; charset=utf-8' });
    await probot.receive({ name: 'issues', id: 'd6', payload: issuePayload('opened', { body: formBody() }) as never });
    expect(reads.isDone()).toBe(true);
    const error = logs.find((l) => l.level === 'error' && l.msg.includes('invalid config'));
    expect(error?.msg).toContain('labels.triage.color');
    expect(error?.msg).toContain('"unknownKey"');
  });

  test('config that is not YAML is logged and nothing is written', async () => {
    const { probot, logs } = createProbot();
    mockToken();
    nock(API)
      .get(`/repos/pypi/support/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(200, 'labels: [unclosed\n', { 'content-type': 'text/plain; charset=utf-8' });
    await probot.receive({ name: 'issues', id: 'd7', payload: issuePayload('opened', { body: formBody() }) as never });
    expect(nock.pendingMocks()).toEqual([]);
    expect(logs.some((l) => l.level === 'error' && l.msg.includes('cannot read'))).toBe(true);
  });
});

/** Runs `opened` with an incomplete body and returns the status comment it posted. */
async function openedComment(probot: ReturnType<typeof createProbot>['probot']): Promise<string> {
  let comment = '';
  mockToken();
  mockReads();
  nock(API)
    .get(/\/labels\//)
    .reply(200, {})
    .post('/repos/pypi/support/issues/1/labels')
    .reply(200, [])
    .post('/repos/pypi/support/issues/1/comments', (b: { body: string }) => ((comment = b.body), true))
    .reply(201, { id: 9001 });
  await probot.receive({ name: 'issues', id: 'd1', payload: issuePayload('opened', { body: formBody({ username: '-' }) }) as never });
  nock.cleanAll();
  return comment;
}

/** Runs opened then the fixing edit and returns the final status comment. */
async function triagedComment(probot: ReturnType<typeof createProbot>['probot']): Promise<string> {
  const first = await openedComment(probot);
  let patched = '';
  mockReads({ comments: [botComment(9001, first)] });
  mockQueue();
  nock(API)
    .get(/\/labels\//)
    .reply(200, {})
    .post('/repos/pypi/support/issues/1/labels')
    .reply(200, [])
    .delete(/\/issues\/1\/labels\//)
    .reply(200, [])
    .patch('/repos/pypi/support/issues/comments/9001', (b: { body: string }) => ((patched = b.body), true))
    .reply(200, {});
  const payload = issuePayload(
    'edited',
    { body: formBody(), labels: ['account-recovery', INCOMPLETE], updatedAt: '2026-11-20T11:00:00Z' },
    { changes: { body: { from: 'old' } } },
  );
  await probot.receive({ name: 'issues', id: 'd2', payload: payload as never });
  nock.cleanAll();
  return patched;
}

describe('API faults', () => {
  test('a failing write fails the delivery (logged by Probot) and a redelivery finishes the job', async () => {
    const { probot } = createProbot();
    const payload = issuePayload('opened', { body: formBody({ username: '-' }) });
    mockToken();
    mockReads();
    nock(API)
      .get(`/repos/pypi/support/labels/${encodeURIComponent(INCOMPLETE)}`)
      .reply(200, {})
      .post('/repos/pypi/support/issues/1/labels')
      .reply(502, { message: 'Bad Gateway' });
    await expect(probot.receive({ name: 'issues', id: 'f1', payload: payload as never })).rejects.toThrow();
    expect(nock.pendingMocks()).toEqual([]);

    // GitHub redelivers: same payload, nothing was written the first time, so all of it is done now.
    mockReads();
    let comment = '';
    const retry = nock(API)
      .get(`/repos/pypi/support/labels/${encodeURIComponent(INCOMPLETE)}`)
      .reply(200, {})
      .post('/repos/pypi/support/issues/1/labels', { labels: [INCOMPLETE] })
      .reply(200, [])
      .post('/repos/pypi/support/issues/1/comments', (b: { body: string }) => ((comment = b.body), true))
      .reply(201, { id: 9001 });
    await probot.receive({ name: 'issues', id: 'f1', payload: payload as never });
    expect(retry.isDone()).toBe(true);
    expect(comment).toContain('Status: incomplete');
  });

  test('a failing read (500 on the comments) writes nothing', async () => {
    const { probot } = createProbot();
    mockToken();
    nock(API)
      .get(`/repos/pypi/support/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(404)
      .get(`/repos/pypi/.github/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(404)
      .get(`/repos/pypi/support/contents/${encodeURIComponent('.github/ISSUE_TEMPLATE/account-recovery.yml')}`)
      .reply(404)
      .get('/repos/pypi/support/issues/1/comments')
      .query(true)
      .reply(500, { message: 'Server Error' });
    await expect(
      probot.receive({ name: 'issues', id: 'f2', payload: issuePayload('opened', { body: formBody() }) as never }),
    ).rejects.toThrow();
    expect(nock.pendingMocks()).toEqual([]);
  });

  test("the repository's own form drives the parser; a broken form is logged and nothing is written", async () => {
    const { probot, logs } = createProbot();
    mockToken();
    const reads = nock(API)
      .get(`/repos/pypi/support/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(404)
      .get(`/repos/pypi/.github/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(404)
      .get(`/repos/pypi/support/contents/${encodeURIComponent('.github/ISSUE_TEMPLATE/account-recovery.yml')}`)
      .reply(200, 'name: x\nbody:\n  - type: input\n    attributes: {}\n', { 'content-type': 'text/plain; charset=utf-8' });
    await probot.receive({ name: 'issues', id: 'f3', payload: issuePayload('opened', { body: formBody() }) as never });
    expect(reads.isDone()).toBe(true);
    const error = logs.find((l) => l.level === 'error' && l.msg.includes('invalid issue form'));
    expect(error?.msg).toContain('pypi/support: .github/ISSUE_TEMPLATE/account-recovery.yml: body.0.attributes.label');
  });
});

test("a repository's own form without ids (like PyPI's) is read and drives the checks", async () => {
  const { probot } = createProbot();
  const form = [
    'name: Account recovery request',
    'description: d',
    'body:',
    '  - type: input',
    '    attributes: { label: PyPI Username }',
    '    validations: { required: true }',
    '  - type: textarea',
    '    attributes: { label: Reason for request }',
    '    validations: { required: true }',
  ].join('\n');
  mockToken();
  mockReads({ form });
  let comment = '';
  nock(API)
    .get(/\/labels\//)
    .reply(200, {})
    .post('/repos/pypi/support/issues/1/labels', { labels: [INCOMPLETE] })
    .reply(200, [])
    .post('/repos/pypi/support/issues/1/comments', (b: { body: string }) => ((comment = b.body), true))
    .reply(201, { id: 9001 });
  const body = '### PyPI Username\n\nme@example.com\n\n### Reason for request\n\nLost phone.\n';
  await probot.receive({ name: 'issues', id: 'f4', payload: issuePayload('opened', { body }) as never });
  expect(nock.pendingMocks()).toEqual([]);
  expect(comment).toContain('PyPI usernames are not e\\-mail addresses');
  // Only the repository's two fields are checked: no complaint about the bundled form's boxes.
  expect(comment).not.toContain('Code of Conduct');
});
