import nock from 'nock';
import { decodeStatusData, emptyStatusData, type StatusData } from '../../src/comment/data.js';
import { renderStatusComment } from '../../src/comment/render.js';
import { defaultConfig } from '../../src/config/load.js';
import type { State } from '../../src/state/states.js';
import { formBody } from '../helpers/bodies.js';
import { expectWrites } from '../helpers/github-state.js';
import { issuePayload, sender } from '../helpers/payloads.js';
import { createProbot, mockQueue, mockReads, mockToken } from '../helpers/probot.js';

const FORM = 'account-recovery';
const config = defaultConfig();
const label = (s: State) => config.labels[s].name;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

/** The status comment the bot would have left for a request that reached `state`. */
function statusFor(state: State, data: Partial<StatusData> = {}) {
  const full: StatusData = {
    ...emptyStatusData(),
    history: [{ at: '2026-11-01T00:00:00Z', actor: 'requester', event: 'opened', from: null, to: state, reason: 'form complete' }],
    ...data,
  };
  const body = renderStatusComment({ state, problems: [], data: full, labelOf: label, sensitiveWarnings: [] });
  return [{ id: 9001, body, user: { login: 'recovery-triage[bot]', type: 'Bot' } }];
}

async function send(action: string, labels: string[], extra: Record<string, unknown>, issue: Parameters<typeof issuePayload>[1] = {}) {
  const { probot } = createProbot();
  const payload = issuePayload(action, { body: formBody(), labels: [FORM, ...labels], ...issue }, extra);
  await probot.receive({ name: 'issues', id: 'r1', payload: payload as never });
}

test('a state label added by a maintainer is a transition: the old label goes, the issue closes to match', async () => {
  mockToken();
  mockReads({ comments: statusFor('triage') });
  const { writes } = expectWrites({
    permission: { user: 'admin-ee', role: 'triage' },
    removeLabels: [label('triage')],
    statusComment: 'update',
    issueUpdate: true,
  });
  await send('labeled', [label('triage'), label('denied')], { label: { name: label('denied') }, sender: sender('admin-ee') });
  expect(writes.calls).toEqual(['GET permission admin-ee', `DELETE label ${label('triage')}`, 'PATCH status comment', 'PATCH issue']);
  expect(writes.issueUpdates).toEqual([{ state: 'closed', state_reason: 'not_planned' }]);
  const last = decodeStatusData(writes.statusBody).history.at(-1);
  expect(last).toMatchObject({ actor: 'admin-ee', event: 'label set by hand', from: 'triage', to: 'denied' });
});

test('a state label added by someone below the minimum permission is undone', async () => {
  mockToken();
  mockReads({ config: 'permissions:\n  minimum: maintain\n', comments: statusFor('triage') });
  const { writes } = expectWrites({ permission: { user: 'helper', role: 'triage' }, removeLabels: [label('completed')] });
  await send('labeled', [label('triage'), label('completed')], { label: { name: label('completed') }, sender: sender('helper') });
  expect(writes.calls).toEqual(['GET permission helper', `DELETE label ${label('completed')}`]);
});

test('labels that are not state labels are never touched: no look-up, no write', async () => {
  mockToken();
  const reads = mockReads({ comments: statusFor('triage') });
  await send('labeled', [label('triage'), 'priority'], { label: { name: 'priority' }, sender: sender('admin-ee') });
  expect(reads.isDone()).toBe(true);
  expect(nock.pendingMocks()).toEqual([]);
});

test('a state label removed with no replacement is restored', async () => {
  mockToken();
  mockReads({ comments: statusFor('verifying') });
  const { writes } = expectWrites({ ensureLabels: [{ name: label('verifying'), exists: true }], addLabels: [label('verifying')] });
  await send('unlabeled', [], { label: { name: label('verifying') }, sender: sender('admin-ee') });
  expect(writes.calls).toEqual([`GET label ${label('verifying')}`, `POST labels ${label('verifying')}`]);
});

test('two state labels at once keep the newest', async () => {
  mockToken();
  mockReads({ comments: statusFor('triage') });
  const { writes } = expectWrites({ removeLabels: [label('triage')], statusComment: 'update' });
  // Any event that finds both labels: the one the bot did not record is the newer.
  await send(
    'edited',
    [label('triage'), label('awaiting-requester')],
    { changes: { body: { from: 'x' } } },
    { updatedAt: '2026-11-02T00:00:00Z' },
  );
  expect(writes.removed).toEqual([label('triage')]);
});

test('closed by hand as completed without a final state → completed', async () => {
  mockToken();
  mockReads({ comments: statusFor('verifying') });
  const { writes } = expectWrites({
    ensureLabels: [{ name: label('completed'), exists: true }],
    addLabels: [label('completed')],
    removeLabels: [label('verifying')],
    statusComment: 'update',
  });
  await send('closed', [label('verifying')], { sender: sender('admin-ee') }, { state: 'closed', stateReason: 'completed' });
  expect(writes.issueUpdates).toEqual([]);
  expect(decodeStatusData(writes.statusBody).history.at(-1)).toMatchObject({ event: 'closed by hand', to: 'completed' });
});

test('closed by hand as not planned → denied', async () => {
  mockToken();
  mockReads({ comments: statusFor('triage') });
  const { writes } = expectWrites({
    ensureLabels: [{ name: label('denied'), exists: true }],
    addLabels: [label('denied')],
    removeLabels: [label('triage')],
    statusComment: 'update',
  });
  await send('closed', [label('triage')], { sender: sender('admin-ee') }, { state: 'closed', stateReason: 'not_planned' });
  expect(writes.statusBody).toContain('Status: closed');
});

test('closing a request already in a final state changes nothing', async () => {
  mockToken();
  const reads = mockReads({ comments: statusFor('completed') });
  await send('closed', [label('completed')], { sender: sender('admin-ee') }, { state: 'closed', stateReason: 'completed' });
  expect(reads.isDone()).toBe(true);
  expect(nock.pendingMocks()).toEqual([]);
});

test('a reopened request is checked again and lands in incomplete when the form fails', async () => {
  mockToken();
  mockReads({ comments: statusFor('completed') });
  const { writes } = expectWrites({
    ensureLabels: [{ name: label('incomplete'), exists: true }],
    addLabels: [label('incomplete')],
    removeLabels: [label('completed')],
    statusComment: 'update',
  });
  await send('reopened', [label('completed')], { sender: sender('admin-ee') }, { body: formBody({ username: 'a b c' }) });
  expect(writes.statusBody).toContain('Status: incomplete');
  expect(decodeStatusData(writes.statusBody).history.at(-1)).toMatchObject({ event: 'reopened', from: 'completed', to: 'incomplete' });
});

test('a reopened request with a good form lands in triage', async () => {
  mockToken();
  mockReads({ comments: statusFor('denied') });
  mockQueue();
  const { writes } = expectWrites({
    ensureLabels: [{ name: label('triage'), exists: true }],
    addLabels: [label('triage')],
    removeLabels: [label('denied')],
    statusComment: 'update',
  });
  await send('reopened', [label('denied')], { sender: sender('requester') });
  expect(writes.statusBody).toContain('Status: waiting for an admin');
});

test('the form label added to an issue without a state: the request is checked and gets one', async () => {
  mockToken();
  mockReads();
  mockQueue();
  const { writes } = expectWrites({
    ensureLabels: [{ name: label('triage'), exists: true }],
    addLabels: [label('triage')],
    statusComment: 'create',
  });
  await send('labeled', [], { label: { name: FORM }, sender: sender('admin-ee') });
  expect(decodeStatusData(writes.statusBody).history).toEqual([
    expect.objectContaining({ event: 'first seen', actor: 'admin-ee', from: null, to: 'triage' }),
  ]);
});
