import nock from 'nock';
import { deliveryKey } from '../../src/triage/comment-event.js';
import { emptyStatusData } from '../../src/comment/data.js';
import { renderStatusComment } from '../../src/comment/render.js';
import { defaultConfig } from '../../src/config/load.js';
import { formBody } from '../helpers/bodies.js';
import { expectWrites } from '../helpers/github-state.js';
import { commentPayload } from '../helpers/payloads.js';
import { createProbot, mockReads, mockToken } from '../helpers/probot.js';

const FORM = 'account-recovery';
const TRIAGE = 'recovery: triage';
const AWAITING = 'recovery: awaiting-requester';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function statusWith(handled: string[] = []): { id: number; body: string; user: { login: string; type: string } }[] {
  // Exactly what the bot itself renders for a request in triage, so only real changes rewrite it.
  const config = defaultConfig();
  const body = renderStatusComment({
    state: 'triage',
    problems: [],
    data: { ...emptyStatusData(), handled },
    labelOf: (s) => config.labels[s].name,
    sensitiveWarnings: [],
  });
  return [{ id: 9001, body, user: { login: 'recovery-triage[bot]', type: 'Bot' } }];
}

async function comment(action: 'created' | 'edited', body: string, author: string, previous?: string, labels = [FORM, TRIAGE]) {
  const { probot } = createProbot();
  await probot.receive({
    name: 'issue_comment',
    id: 'c1',
    payload: commentPayload(action, { labels, body: formBody() }, { id: 7001, body, author }, previous) as never,
  });
}

test('someone without triage rights cannot move the request: a reply says so and nothing moves', async () => {
  mockToken();
  mockReads({ comments: statusWith() });
  const { writes } = expectWrites({
    permission: { user: 'passer-by', role: 'read' },
    statusComment: 'update',
    replies: 1,
    reactions: [7001],
  });
  await comment('created', '/recovery complete', 'passer-by');
  expect(writes.calls).toEqual(['GET permission passer-by', 'PATCH status comment', 'POST reply', 'POST reaction confused']);
  expect(writes.replies[0]).toContain('@passer-by Only people with triage rights can use `/recovery complete`');
  expect(writes.added).toEqual([]);
});

test('a user who is not a collaborator at all (404 on the permission look-up) is refused', async () => {
  mockToken();
  mockReads({ comments: statusWith() });
  nock('https://api.github.com').get('/repos/pypi/support/collaborators/stranger/permission').reply(404, { message: 'Not Found' });
  const { writes } = expectWrites({ statusComment: 'update', replies: 1, reactions: [7001] });
  await comment('created', '/recovery deny spam', 'stranger');
  expect(writes.replies[0]).toContain('Only people with triage rights');
  expect(writes.reactions).toEqual([{ commentId: 7001, content: 'confused' }]);
});

test('an unknown verb gets a reply listing the valid commands', async () => {
  mockToken();
  mockReads({ comments: statusWith() });
  const { writes } = expectWrites({
    permission: { user: 'admin-ee', role: 'write' },
    statusComment: 'update',
    replies: 1,
    reactions: [7001],
  });
  await comment('created', '/recovery approve', 'admin-ee');
  expect(writes.replies[0]).toContain('There is no `/recovery` command called');
  for (const verb of ['start', 'ask', 'verifying', 'complete', 'deny', 'duplicate', 'reopen', 'reply', 'help', 'withdraw', 'recheck']) {
    expect(writes.replies[0]).toContain(`/recovery ${verb}`);
  }
});

test('a redelivered command comment makes no permission look-up and writes nothing', async () => {
  mockToken();
  const reads = mockReads({ comments: statusWith([deliveryKey(7001, '/recovery start')]) });
  await comment('created', '/recovery start', 'admin-ee');
  expect(reads.isDone()).toBe(true);
  expect(nock.pendingMocks()).toEqual([]);
});

test('an edited comment runs only the commands its edit added', async () => {
  mockToken();
  mockReads({ comments: statusWith() });
  const { writes } = expectWrites({
    permission: { user: 'admin-ee', role: 'admin' },
    ensureLabels: [{ name: AWAITING, exists: true }],
    addLabels: [AWAITING],
    removeLabels: [TRIAGE],
    statusComment: 'update',
    replies: 1,
    reactions: [7001],
  });
  // `/recovery deny` was there before the edit and would fail from triage if it ran again.
  await comment(
    'edited',
    '/recovery reply english-please\n/recovery ask Which e-mail address did you sign up with?',
    'admin-ee',
    '/recovery reply english-please',
  );
  expect(writes.replies).toHaveLength(1);
  expect(writes.replies[0]).toContain('> Which e\\-mail address did you sign up with?');
  expect(writes.replies[0]).not.toContain('in English');
});

test('commands inside code blocks and quotes are ignored: no look-up, no write', async () => {
  mockToken();
  const reads = mockReads({ comments: statusWith() });
  await comment('created', 'Use it like this:\n```\n/recovery complete\n```\n> /recovery deny no\n', 'admin-ee');
  expect(reads.isDone()).toBe(true);
  expect(nock.pendingMocks()).toEqual([]);
});

test('several commands in one comment run in order, each from the state the last one left', async () => {
  mockToken();
  mockReads({ comments: statusWith() });
  const { writes } = expectWrites({
    permission: { user: 'admin-ee', role: 'maintain' },
    ensureLabels: [{ name: 'recovery: verifying', exists: true }],
    addLabels: ['recovery: verifying'],
    removeLabels: [TRIAGE],
    statusComment: 'update',
    replies: 1,
    reactions: [7001],
  });
  await comment('created', '/recovery start\n/recovery verifying', 'admin-ee');
  expect(writes.replies[0]).toContain('started verifying');
});

test('the requester can withdraw their own request: closed as not planned', async () => {
  mockToken();
  mockReads({ comments: statusWith() });
  const { writes } = expectWrites({
    ensureLabels: [{ name: 'recovery: denied', exists: true }],
    addLabels: ['recovery: denied'],
    removeLabels: [TRIAGE],
    statusComment: 'update',
    permission: { user: 'requester', role: 'read' },
    replies: 1,
    reactions: [7001],
    issueUpdate: true,
  });
  await comment('created', '/recovery withdraw', 'requester');
  expect(writes.issueUpdates).toEqual([{ state: 'closed', state_reason: 'not_planned' }]);
  expect(writes.replies[0]).not.toContain('@requester');
});

test('duplicate #N closes as not planned and links the original', async () => {
  mockToken();
  mockReads({ comments: statusWith() });
  const { writes } = expectWrites({
    permission: { user: 'admin-ee', role: 'triage' },
    ensureLabels: [{ name: 'recovery: duplicate', exists: true }],
    addLabels: ['recovery: duplicate'],
    removeLabels: [TRIAGE],
    statusComment: 'update',
    replies: 1,
    reactions: [7001],
    issueUpdate: true,
  });
  await comment('created', '/recovery duplicate #42', 'admin-ee');
  expect(writes.replies[0]).toContain('#42');
  expect(writes.issueUpdates).toEqual([{ state: 'closed', state_reason: 'not_planned' }]);
});

test('reply <name> posts the canned reply without moving the state', async () => {
  mockToken();
  mockReads({ comments: statusWith() });
  const { writes } = expectWrites({
    permission: { user: 'admin-ee', role: 'triage' },
    statusComment: 'update',
    replies: 1,
    reactions: [7001],
  });
  await comment('created', '/recovery reply username-not-found', 'admin-ee');
  expect(writes.replies[0]).toMatch(/^@requester We could not find an account/);
  expect(writes.reactions).toEqual([{ commentId: 7001, content: 'eyes' }]);
  expect(writes.added).toEqual([]);
});

test('comments on pull requests and by bots are ignored', async () => {
  const { probot } = createProbot();
  const payload = commentPayload('created', { labels: [FORM] }, { body: '/recovery start', author: 'ci[bot]', authorType: 'Bot' });
  await probot.receive({ name: 'issue_comment', id: 'c9', payload: payload as never });
  expect(nock.pendingMocks()).toEqual([]);
});
