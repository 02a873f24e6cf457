import nock from 'nock';
import { decodeStatusData } from '../../src/comment/data.js';
import { formBody } from '../helpers/bodies.js';
import { expectWrites } from '../helpers/github-state.js';
import { commentPayload, issuePayload } from '../helpers/payloads.js';
import { createProbot, mockQueue, mockReads, mockToken } from '../helpers/probot.js';

const L = {
  incomplete: 'recovery: incomplete',
  triage: 'recovery: triage',
  awaiting: 'recovery: awaiting-requester',
  verifying: 'recovery: verifying',
  completed: 'recovery: completed',
  denied: 'recovery: denied',
};
const FORM = 'account-recovery';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

function bot(body: string) {
  return [{ id: 9001, body, user: { login: 'recovery-triage[bot]', type: 'Bot' } }];
}

test('scenario: opened → incomplete → edited → triage → start → requester replies → verifying → complete', async () => {
  const { probot } = createProbot();
  mockToken();

  // 1. Opened with a placeholder username.
  mockReads();
  let step = expectWrites({
    ensureLabels: [{ name: L.incomplete, exists: false }],
    addLabels: [L.incomplete],
    statusComment: 'create',
  });
  await probot.receive({ name: 'issues', id: 'e1', payload: issuePayload('opened', { body: formBody({ username: '-' }) }) as never });
  expect(step.writes.calls).toEqual([
    `GET label ${L.incomplete}`,
    `POST label ${L.incomplete}`,
    `POST labels ${L.incomplete}`,
    'POST status comment',
  ]);
  let status = step.writes.statusBody ?? '';
  expect(status).toContain('Status: incomplete');
  expect(status).toContain('PyPI Username');

  // 2. The requester edits the username in: triage, with one complete request ahead.
  mockReads({ comments: bot(status) });
  const queue = mockQueue({
    open: [{ number: 1 }, { number: 7, created_at: '2026-10-01T00:00:00Z', labels: [FORM, L.triage] }],
    since: '2026-05-24T11:00:00.000Z',
  });
  step = expectWrites({
    ensureLabels: [{ name: L.triage, exists: false }],
    addLabels: [L.triage],
    removeLabels: [L.incomplete],
    statusComment: 'update',
  });
  await probot.receive({
    name: 'issues',
    id: 'e2',
    payload: issuePayload(
      'edited',
      { body: formBody(), labels: [FORM, L.incomplete], updatedAt: '2026-11-20T11:00:00Z' },
      { changes: { body: { from: 'x' } } },
    ) as never,
  });
  expect(step.writes.calls).toEqual([
    `GET label ${L.triage}`,
    `POST label ${L.triage}`,
    `POST labels ${L.triage}`,
    `DELETE label ${L.incomplete}`,
    'PATCH status comment',
  ]);
  expect(queue.isDone()).toBe(true);
  status = step.writes.statusBody ?? '';
  expect(status).toContain('your edit fixed the request');
  expect(status).toContain('1 complete request is ahead of yours');

  // 3. A maintainer starts verification.
  mockReads({ comments: bot(status) });
  step = expectWrites({
    permission: { user: 'admin-ee', role: 'triage' },
    ensureLabels: [{ name: L.awaiting, exists: true }],
    addLabels: [L.awaiting],
    removeLabels: [L.triage],
    statusComment: 'update',
    replies: 1,
    reactions: [7001],
  });
  await probot.receive({
    name: 'issue_comment',
    id: 'e3',
    payload: commentPayload(
      'created',
      { labels: [FORM, L.triage], body: formBody() },
      { id: 7001, body: '/recovery start', author: 'admin-ee', createdAt: '2026-11-21T09:00:00Z' },
    ) as never,
  });
  expect(step.writes.calls).toEqual([
    'GET permission admin-ee',
    `GET label ${L.awaiting}`,
    `POST labels ${L.awaiting}`,
    `DELETE label ${L.triage}`,
    'PATCH status comment',
    'POST reply',
    'POST reaction rocket',
  ]);
  expect(step.writes.replies[0]).toMatch(/^@requester /);
  expect(step.writes.replies[0]).toContain('started verifying');
  status = step.writes.statusBody ?? '';
  expect(status).toContain('Status: waiting for your reply');

  // 4. The requester replies: verifying, no permission look-up (no command).
  mockReads({ comments: bot(status) });
  step = expectWrites({
    ensureLabels: [{ name: L.verifying, exists: true }],
    addLabels: [L.verifying],
    removeLabels: [L.awaiting],
    statusComment: 'update',
  });
  await probot.receive({
    name: 'issue_comment',
    id: 'e4',
    payload: commentPayload(
      'created',
      { labels: [FORM, L.awaiting], body: formBody() },
      { id: 7002, body: 'I answered the e-mail.', createdAt: '2026-11-22T09:00:00Z' },
    ) as never,
  });
  expect(step.writes.calls).toEqual([
    `GET label ${L.verifying}`,
    `POST labels ${L.verifying}`,
    `DELETE label ${L.awaiting}`,
    'PATCH status comment',
  ]);
  status = step.writes.statusBody ?? '';
  expect(status).toContain('Status: being verified');

  // 5. The maintainer completes it: closed as completed.
  mockReads({ comments: bot(status) });
  step = expectWrites({
    permission: { user: 'admin-ee', role: 'maintain' },
    ensureLabels: [{ name: L.completed, exists: false }],
    addLabels: [L.completed],
    removeLabels: [L.verifying],
    statusComment: 'update',
    replies: 1,
    reactions: [7003],
    issueUpdate: true,
  });
  await probot.receive({
    name: 'issue_comment',
    id: 'e5',
    payload: commentPayload(
      'created',
      { labels: [FORM, L.verifying], body: formBody() },
      { id: 7003, body: 'Thanks!\n/recovery complete', author: 'admin-ee', createdAt: '2026-11-23T09:00:00Z' },
    ) as never,
  });
  expect(step.writes.calls).toEqual([
    'GET permission admin-ee',
    `GET label ${L.completed}`,
    `POST label ${L.completed}`,
    `POST labels ${L.completed}`,
    `DELETE label ${L.verifying}`,
    'PATCH status comment',
    'POST reply',
    'POST reaction rocket',
    'PATCH issue',
  ]);
  expect(step.writes.issueUpdates).toEqual([{ state: 'closed', state_reason: 'completed' }]);
  status = step.writes.statusBody ?? '';
  expect(status).toContain('Status: completed');

  // The audit trail holds every move, with actor, event and time.
  const history = decodeStatusData(status).history.map((h) => [h.at, h.actor, h.event, h.from, h.to]);
  expect(history).toEqual([
    ['2026-11-20T10:00:00Z', 'requester', 'opened', null, 'incomplete'],
    ['2026-11-20T11:00:00Z', 'requester', 'edited', 'incomplete', 'triage'],
    ['2026-11-21T09:00:00Z', 'admin-ee', '/recovery start', 'triage', 'awaiting-requester'],
    ['2026-11-22T09:00:00Z', 'requester', 'requester replied', 'awaiting-requester', 'verifying'],
    ['2026-11-23T09:00:00Z', 'admin-ee', '/recovery complete', 'verifying', 'completed'],
  ]);
  expect(status).toContain('<details><summary>History</summary>');
  expect(status).toContain('admin\\-ee');
  expect(nock.pendingMocks()).toEqual([]);
});
