import nock from 'nock';
import { decodeStatusData, emptyStatusData } from '../../src/comment/data.js';
import { renderStatusComment } from '../../src/comment/render.js';
import { defaultConfig } from '../../src/config/load.js';
import { sensitiveWarnings } from '../../src/triage/sensitive-event.js';
import { formBody } from '../helpers/bodies.js';
import { expectWrites } from '../helpers/github-state.js';
import { commentPayload, issuePayload } from '../helpers/payloads.js';
import { API, createProbot, mockQueue, mockReads, mockToken } from '../helpers/probot.js';

const TOKEN = `pypi-AgEIcHlwaS5vcmcCJGE2ZjYwNjM1LTQxMmUtNGYxNi1iNDM4LTc1ZmFjZTk3MjEwNwACKlszLCJhNjQ${'x'.repeat(40)}`;
const CODES = ['3f9a1c0b7d2e4f60', '9b8c7d6e5f4a3b21', 'a1b2c3d4e5f60718', '0f1e2d3c4b5a6978'];
const TRIAGE = 'recovery: triage';
const SENSITIVE = 'recovery: sensitive-data';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

test('a token in the body: redacted in place, labelled, warned about without echoing it', async () => {
  const body = formBody({ reason: `I lost my phone. My token is ${TOKEN} if that helps.` });
  mockToken();
  mockReads();
  mockQueue();
  let patchedBody = '';
  nock(API)
    .get('/repos/pypi/support/issues/1')
    .reply(200, { number: 1, body })
    .patch('/repos/pypi/support/issues/1', (b: { body?: string }) => ((patchedBody = b.body ?? ''), typeof b.body === 'string'))
    .reply(200, {});
  const { writes } = expectWrites({
    ensureLabels: [
      { name: TRIAGE, exists: true },
      { name: SENSITIVE, exists: false },
    ],
    addLabels: [TRIAGE, SENSITIVE],
    statusComment: 'create',
  });
  const { probot } = createProbot();
  await probot.receive({ name: 'issues', id: 's1', payload: issuePayload('opened', { body }) as never });

  expect(patchedBody).not.toContain(TOKEN);
  expect(patchedBody).toContain('[redacted: PyPI API token]');
  expect(patchedBody).toContain('I lost my phone. My token is');
  const status = writes.statusBody ?? '';
  expect(status).not.toContain(TOKEN.slice(0, 20));
  expect(status).toContain('A secret was posted in this issue');
  expect(status).toContain('PyPI API token');
  expect(status).toContain('Delete revision from history');
  expect(decodeStatusData(status).sensitive).toEqual(['pypi-token']);
  expect(nock.pendingMocks()).toEqual([]);
});

describe('recovery codes pasted in a comment', () => {
  const comment = `Here are my codes:\n${CODES.join('\n')}`;
  const payload = commentPayload('created', { labels: ['account-recovery', TRIAGE], body: formBody() }, { id: 7001, body: comment });

  test('the comment is redacted, the label added, the status comment warns', async () => {
    mockToken();
    mockReads();
    let patched = '';
    nock(API)
      .get('/repos/pypi/support/issues/comments/7001')
      .reply(200, { id: 7001, body: comment })
      .patch('/repos/pypi/support/issues/comments/7001', (b: { body: string }) => ((patched = b.body), true))
      .reply(200, {});
    const { writes } = expectWrites({ ensureLabels: [{ name: SENSITIVE, exists: true }], addLabels: [SENSITIVE], statusComment: 'create' });
    const { probot } = createProbot();
    await probot.receive({ name: 'issue_comment', id: 's2', payload: payload as never });
    for (const code of CODES) {
      expect(patched).not.toContain(code);
      expect(writes.statusBody).not.toContain(code);
    }
    expect(patched.match(/\[redacted: PyPI recovery code\]/g)).toHaveLength(4);
    expect(writes.statusBody).toContain('generate new recovery codes');
  });

  test('a redelivery reads the live comment, finds it clean and writes nothing', async () => {
    mockToken();
    // The status comment already warns, as the first delivery left it.
    const config = defaultConfig();
    const status = renderStatusComment({
      state: 'triage',
      problems: [],
      data: { ...emptyStatusData(), sensitive: ['recovery-codes'] },
      labelOf: (s) => config.labels[s].name,
      sensitiveWarnings: sensitiveWarnings(['recovery-codes'], config),
    });
    const redelivered = commentPayload(
      'created',
      { labels: ['account-recovery', TRIAGE, SENSITIVE], body: formBody() },
      { id: 7001, body: comment },
    );
    mockReads({ comments: [{ id: 9001, body: status, user: { login: 'recovery-triage[bot]', type: 'Bot' } }] });
    const live = nock(API)
      .get('/repos/pypi/support/issues/comments/7001')
      .reply(200, { id: 7001, body: 'Here are my codes:\n[redacted: PyPI recovery code]' });
    const { probot } = createProbot();
    await probot.receive({ name: 'issue_comment', id: 's2', payload: redelivered as never });
    expect(live.isDone()).toBe(true);
    expect(nock.pendingMocks()).toEqual([]);
  });
});

test('an e-mail address in the reason gets a gentle note and no redaction by default', async () => {
  mockToken();
  mockReads();
  mockQueue();
  const { writes } = expectWrites({ ensureLabels: [{ name: TRIAGE, exists: true }], addLabels: [TRIAGE], statusComment: 'create' });
  const { probot } = createProbot();
  await probot.receive({
    name: 'issues',
    id: 's3',
    payload: issuePayload('opened', { body: formBody({ reason: 'Write to me at jane.doe@example.org please.' }) }) as never,
  });
  expect(writes.statusBody).toContain('Personal data may have been posted here (e-mail address)');
  expect(writes.statusBody).not.toContain('jane.doe');
  expect(writes.statusBody).not.toContain('A secret was posted');
});

test('secrets: warn leaves the text alone but still labels and warns', async () => {
  mockToken();
  mockReads({ config: 'sensitiveData:\n  secrets: warn\n' });
  mockQueue();
  const { writes } = expectWrites({
    ensureLabels: [
      { name: TRIAGE, exists: true },
      { name: SENSITIVE, exists: true },
    ],
    addLabels: [TRIAGE, SENSITIVE],
    statusComment: 'create',
  });
  const { probot } = createProbot();
  await probot.receive({
    name: 'issues',
    id: 's4',
    payload: issuePayload('opened', { body: formBody({ reason: `token ${TOKEN}` }) }) as never,
  });
  expect(writes.statusBody).toContain('Please edit the issue or comment now and remove it.');
});

test('a well-formed request raises no alarm', async () => {
  mockToken();
  mockReads();
  mockQueue();
  const { writes } = expectWrites({ ensureLabels: [{ name: TRIAGE, exists: true }], addLabels: [TRIAGE], statusComment: 'create' });
  const { probot } = createProbot();
  await probot.receive({ name: 'issues', id: 's5', payload: issuePayload('opened', { body: formBody() }) as never });
  expect(writes.statusBody).not.toContain('[!CAUTION]');
  expect(writes.statusBody).not.toContain('[!NOTE]');
});
