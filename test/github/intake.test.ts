import nock from 'nock';
import { decodeStatusData } from '../../src/comment/data.js';
import { formBody } from '../helpers/bodies.js';
import { expectWrites } from '../helpers/github-state.js';
import { issuePayload } from '../helpers/payloads.js';
import { createProbot, mockQueue, mockReads, mockToken } from '../helpers/probot.js';

const ACCOUNT_CONFIG = 'accountCheck:\n  urlTemplate: "https://pypi.org/user/{username}/"\n  timeoutMs: 100\n';
const TRIAGE = 'recovery: triage';
const INCOMPLETE = 'recovery: incomplete';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

async function open(body = formBody()) {
  const { probot } = createProbot();
  await probot.receive({ name: 'issues', id: 'i1', payload: issuePayload('opened', { body }) as never });
}

describe('account check', () => {
  test('404: the request stays incomplete and asks for another username', async () => {
    mockToken();
    mockReads({ config: ACCOUNT_CONFIG });
    const pypi = nock('https://pypi.org').get('/user/requester-name/').reply(404);
    const { writes } = expectWrites({
      ensureLabels: [{ name: INCOMPLETE, exists: true }],
      addLabels: [INCOMPLETE],
      statusComment: 'create',
    });
    await open();
    expect(pypi.isDone()).toBe(true);
    expect(writes.statusBody).toContain('There is no PyPI account with the username "requester\\-name"');
    expect(writes.statusBody).toContain('another username you may have used');
    expect(decodeStatusData(writes.statusBody).account).toMatchObject({ username: 'requester-name', verdict: 'missing' });
  });

  test('301 to another spelling: accepted and said so', async () => {
    mockToken();
    mockReads({ config: ACCOUNT_CONFIG });
    nock('https://pypi.org').get('/user/requester-name/').reply(301, '', { location: '/user/Requester-Name/' });
    mockQueue();
    const { writes } = expectWrites({ ensureLabels: [{ name: TRIAGE, exists: true }], addLabels: [TRIAGE], statusComment: 'create' });
    await open();
    expect(writes.statusBody).toContain('spelled Requester\\-Name');
  });

  test.each([
    ['200', (s: nock.Interceptor) => s.reply(200)],
    ['500', (s: nock.Interceptor) => s.reply(500)],
    ['timeout', (s: nock.Interceptor) => s.delay(1000).reply(200)],
  ])('%s: no block, the request goes to triage', async (_name, answer) => {
    mockToken();
    mockReads({ config: ACCOUNT_CONFIG });
    answer(nock('https://pypi.org').get('/user/requester-name/'));
    mockQueue();
    const { writes } = expectWrites({ ensureLabels: [{ name: TRIAGE, exists: true }], addLabels: [TRIAGE], statusComment: 'create' });
    await open();
    expect(writes.statusBody).toContain('Status: waiting for an admin');
  });

  test('no URL template configured: no look-up at all', async () => {
    mockToken();
    mockReads();
    mockQueue();
    const { writes } = expectWrites({ ensureLabels: [{ name: TRIAGE, exists: true }], addLabels: [TRIAGE], statusComment: 'create' });
    await open();
    expect(writes.calls).toContain('POST status comment');
  });
});

describe('duplicates', () => {
  const other = (number: number, username: string) => ({ number, body: formBody({ username }) });

  test('an open request for the same account (any case) is flagged with a label and a note linking it', async () => {
    mockToken();
    mockReads();
    mockQueue({ open: [{ number: 1, body: formBody() }, other(3, 'REQUESTER-name'), other(4, 'someone-else')] });
    const { writes } = expectWrites({
      ensureLabels: [
        { name: TRIAGE, exists: true },
        { name: 'recovery: possible-duplicate', exists: false },
      ],
      addLabels: [TRIAGE, 'recovery: possible-duplicate'],
      statusComment: 'create',
    });
    await open();
    expect(writes.statusBody).toContain('Possible duplicate: #3 is an open request for the same account.');
    expect(writes.statusBody).not.toContain('#4');
  });

  test('closed earlier requests within the window are listed for maintainers', async () => {
    mockToken();
    mockReads();
    mockQueue({ closed: [{ ...other(2, 'requester-name'), closed_at: '2026-10-01T00:00:00Z' }] });
    const { writes } = expectWrites({ ensureLabels: [{ name: TRIAGE, exists: true }], addLabels: [TRIAGE], statusComment: 'create' });
    await open();
    expect(writes.statusBody).toContain('Earlier requests for the same account: #2 (closed 2026-10-01).');
  });

  test('with action: close the newer request is closed as a duplicate, linking the original', async () => {
    mockToken();
    mockReads({ config: 'duplicates:\n  action: close\n' });
    mockQueue({ open: [other(3, 'requester-name')] });
    const { writes } = expectWrites({
      ensureLabels: [{ name: 'recovery: duplicate', exists: true }],
      addLabels: ['recovery: duplicate'],
      statusComment: 'create',
      replies: 1,
      issueUpdate: true,
    });
    await open();
    expect(writes.replies[0]).toContain('#3');
    expect(writes.issueUpdates).toEqual([{ state: 'closed', state_reason: 'not_planned' }]);
    expect(decodeStatusData(writes.statusBody).history.map((h) => h.to)).toEqual(['triage', 'duplicate']);
  });
});
