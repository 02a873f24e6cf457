import nock from 'nock';
import { main } from '../../src/cli/main.js';
import { createSweepCommand } from '../../src/cli/sweep.js';
import { decodeStatusData, emptyStatusData, type StatusData } from '../../src/comment/data.js';
import { renderStatusComment } from '../../src/comment/render.js';
import type { State } from '../../src/state/states.js';
import { formBody } from '../helpers/bodies.js';
import { API, TestOctokit } from '../helpers/probot.js';
import { fakeIo, type FakeIo } from './fake-io.js';

const REPO = '/repos/pypi/support';
const NOW = '2026-11-20T10:00:00.000Z';
const INCOMPLETE = 'recovery: incomplete';
const AWAITING = 'recovery: awaiting-requester';
const DENIED = 'recovery: denied';
const BOT = { login: 'recovery-triage[bot]', type: 'Bot' };

const sweep = createSweepCommand((token) => new TestOctokit({ auth: { token } }));

function io(env: Record<string, string> = { GITHUB_TOKEN: 'test-token' }): FakeIo {
  return { ...fakeIo(), env };
}

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const terminal = io();
  const code = await sweep.run(args, terminal);
  return { code, out: terminal.out(), err: terminal.err() };
}

function statusBody(state: State, data: Partial<StatusData> = {}): string {
  return renderStatusComment({
    state,
    problems: [],
    data: { ...emptyStatusData(), ...data },
    labelOf: (s) => `recovery: ${s}`,
    sensitiveWarnings: [],
  });
}

interface Issue {
  number: number;
  label: string;
  createdAt?: string;
  extraLabels?: string[];
}

function listed(issue: Issue) {
  return {
    number: issue.number,
    state: 'open',
    created_at: issue.createdAt ?? '2026-10-30T10:00:00Z',
    body: formBody({ username: 'me@example.com' }),
    user: { login: 'requester', type: 'User' },
    labels: ['account-recovery', issue.label, ...(issue.extraLabels ?? [])].map((name) => ({ name })),
  };
}

function comment(id: number, user: { login: string; type: string }, body: string, createdAt: string) {
  return { id, user, body, created_at: createdAt, updated_at: createdAt };
}

function labeledAt(name: string, createdAt: string) {
  return { id: 1, event: 'labeled', created_at: createdAt, label: { name, color: 'ededed' } };
}

/** The reads of one sweep: config (absent), form (absent: bundled), one listing per timed state. */
function mockSetup(lists: { incomplete: Issue[]; awaiting: Issue[] }): nock.Scope {
  const contents = (owner: string, repo: string, path: string) => `/repos/${owner}/${repo}/contents/${encodeURIComponent(path)}`;
  return nock(API)
    .get(contents('pypi', 'support', '.github/recovery-triage.yml'))
    .reply(404, { message: 'Not Found' })
    .get(contents('pypi', '.github', '.github/recovery-triage.yml'))
    .reply(404, { message: 'Not Found' })
    .get(contents('pypi', 'support', '.github/ISSUE_TEMPLATE/account-recovery.yml'))
    .reply(404, { message: 'Not Found' })
    .get(`${REPO}/issues`)
    .query({ state: 'open', labels: INCOMPLETE, per_page: '100' })
    .reply(200, lists.incomplete.map(listed))
    .get(`${REPO}/issues`)
    .query({ state: 'open', labels: AWAITING, per_page: '100' })
    .reply(200, lists.awaiting.map(listed));
}

function mockIssueReads(number: number, comments: unknown[], events: unknown[]): nock.Scope {
  return nock(API)
    .get(`${REPO}/issues/${number}/comments`)
    .query({ per_page: '100' })
    .reply(200, comments)
    .get(`${REPO}/issues/${number}/events`)
    .query({ per_page: '100' })
    .reply(200, events);
}

// #12 incomplete for 10 days, never reminded: due for its reminder.
const ISSUE_12 = { number: 12, label: INCOMPLETE };
const STATUS_12 = statusBody('incomplete');
const COMMENTS_12 = [comment(9012, BOT, STATUS_12, '2026-11-10T09:00:00Z')];
const EVENTS_12 = [labeledAt(INCOMPLETE, '2026-11-10T09:00:00Z')];

// #13 awaiting the requester since 11-01, reminded 11-09: due to close on 11-16.
const ISSUE_13 = { number: 13, label: AWAITING };
const STATUS_13 = statusBody('awaiting-requester', {
  remindedAt: '2026-11-09T10:00:00.000Z',
  history: [
    { at: '2026-11-01T10:00:00Z', actor: 'an-admin', event: '/recovery ask', from: 'triage', to: 'awaiting-requester', reason: 'asked' },
  ],
});
const COMMENTS_13 = [
  comment(9013, BOT, STATUS_13, '2026-10-30T10:00:00Z'),
  comment(500, { login: 'requester', type: 'User' }, 'my request', '2026-10-31T10:00:00Z'),
  comment(501, { login: 'an-admin', type: 'User' }, 'which e-mail?', '2026-11-01T10:00:00Z'),
  comment(502, { login: 'github-actions[bot]', type: 'Bot' }, '@requester A reminder', '2026-11-09T10:00:00Z'),
];
const EVENTS_13 = [labeledAt(AWAITING, '2026-11-01T10:00:00Z')];

// #14 incomplete since 11-18: waits.
const ISSUE_14 = { number: 14, label: INCOMPLETE, createdAt: '2026-11-18T00:00:00Z' };
const COMMENTS_14 = [comment(9014, BOT, statusBody('incomplete'), '2026-11-18T00:00:00Z')];

// #15 reminded 11-09, but the requester replied on 11-15; bot comments after that reset nothing.
const ISSUE_15 = { number: 15, label: AWAITING };
const COMMENTS_15 = [
  comment(9015, BOT, statusBody('awaiting-requester', { remindedAt: '2026-11-09T10:00:00.000Z' }), '2026-10-30T10:00:00Z'),
  comment(600, { login: 'requester', type: 'User' }, 'I did reply to the e-mail', '2026-11-15T08:00:00Z'),
  comment(601, { login: 'github-actions[bot]', type: 'Bot' }, 'something', '2026-11-19T08:00:00Z'),
];
const EVENTS_15 = [labeledAt(AWAITING, '2026-11-01T10:00:00Z')];

function mockAllIssueReads(): nock.Scope[] {
  return [
    mockIssueReads(12, COMMENTS_12, EVENTS_12),
    mockIssueReads(13, COMMENTS_13, EVENTS_13),
    // No labeled event: the creation time is the start.
    mockIssueReads(14, COMMENTS_14, []),
    mockIssueReads(15, COMMENTS_15, EVENTS_15),
  ];
}

const EXPECTED_LINES = [
  '#12 incomplete: remind (label set 2026-11-10, no requester reply; due 2026-11-17 09:00 UTC)',
  '#13 awaiting-requester: close (label set 2026-11-01, requester replied 2026-10-31, reminded 2026-11-09; due 2026-11-16 10:00 UTC)',
  '#14 incomplete: wait (label set 2026-11-18, no requester reply; remind due 2026-11-25 00:00 UTC)',
  '#15 awaiting-requester: wait (label set 2026-11-01, requester replied 2026-11-15; remind due 2026-11-22 08:00 UTC)',
];

interface Recorded {
  calls: string[];
  bodies: Record<string, unknown>;
}

/** The writes a real sweep must make, and nothing else: #12 reminded, #13 closed. */
function mockWrites(): { scope: nock.Scope; recorded: Recorded } {
  const recorded: Recorded = { calls: [], bodies: {} };
  const write = (call: string, status: number, reply: unknown) => (_uri: string, body: unknown) => {
    recorded.calls.push(call);
    recorded.bodies[call] = body;
    return [status, reply] as [number, unknown];
  };
  const scope = nock(API)
    .patch(`${REPO}/issues/comments/9012`)
    .reply(write('PATCH status 12', 200, { id: 9012 }))
    .post(`${REPO}/issues/12/comments`)
    .reply(write('POST reply 12', 201, { id: 9112 }))
    .get(`${REPO}/labels/${encodeURIComponent(DENIED)}`)
    .reply(write('GET label denied', 200, { name: DENIED }))
    .post(`${REPO}/issues/13/labels`)
    .reply(write('POST labels 13', 200, []))
    .delete(`${REPO}/issues/13/labels/${encodeURIComponent(AWAITING)}`)
    .reply(write('DELETE label 13', 200, []))
    .patch(`${REPO}/issues/comments/9013`)
    .reply(write('PATCH status 13', 200, { id: 9013 }))
    .post(`${REPO}/issues/13/comments`)
    .reply(write('POST reply 13', 201, { id: 9113 }))
    .patch(`${REPO}/issues/13`)
    .reply(write('PATCH issue 13', 200, {}));
  return { scope, recorded };
}

/** Requests no interceptor matched (a write in a dry run, a call nobody expected), as "METHOD path". */
function recordUnmatched(): { calls: string[]; stop: () => void } {
  const calls: string[] = [];
  const listener = (req: { method: string; path: string }) => calls.push(`${req.method} ${decodeURIComponent(req.path)}`);
  nock.emitter.on('no match', listener);
  return { calls, stop: () => nock.emitter.off('no match', listener) };
}

let unmatched: ReturnType<typeof recordUnmatched>;

beforeAll(() => nock.disableNetConnect());
beforeEach(() => {
  unmatched = recordUnmatched();
});
afterEach(() => {
  unmatched.stop();
  nock.cleanAll();
});
afterAll(() => nock.enableNetConnect());

describe('recovery-triage sweep --dry-run', () => {
  test('prints each decision and writes nothing (only GETs are mocked)', async () => {
    const setup = mockSetup({ incomplete: [ISSUE_12, ISSUE_14], awaiting: [ISSUE_13, ISSUE_15] });
    const reads = mockAllIssueReads();

    const { code, out, err } = await run(['--repo', 'pypi/support', '--dry-run', '--now', NOW]);

    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe(
      ['Dry run: nothing is written.', ...EXPECTED_LINES, '4 requests in timed states: 1 to remind, 1 to close, 2 waiting.', ''].join('\n'),
    );
    expect(setup.isDone()).toBe(true);
    expect(reads.every((s) => s.isDone())).toBe(true);
    expect(unmatched.calls).toEqual([]);
  });
});

describe('recovery-triage sweep', () => {
  test('reminds #12 and closes #13 with exactly the expected calls', async () => {
    mockSetup({ incomplete: [ISSUE_12, ISSUE_14], awaiting: [ISSUE_13, ISSUE_15] });
    mockAllIssueReads();
    const { scope, recorded } = mockWrites();

    const { code, out, err } = await run(['--repo', 'pypi/support', '--now', NOW]);

    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe([...EXPECTED_LINES, '4 requests in timed states: 1 reminded, 1 closed, 2 waiting.', ''].join('\n'));
    expect(scope.isDone()).toBe(true);
    expect(unmatched.calls).toEqual([]);
    // The new state label goes on before the old comes off; the issue is closed last.
    expect(recorded.calls).toEqual([
      'PATCH status 12',
      'POST reply 12',
      'GET label denied',
      'POST labels 13',
      'DELETE label 13',
      'PATCH status 13',
      'POST reply 13',
      'PATCH issue 13',
    ]);

    const status12 = decodeStatusData((recorded.bodies['PATCH status 12'] as { body: string }).body);
    expect(status12.remindedAt).toBe(NOW);
    const reply12 = (recorded.bodies['POST reply 12'] as { body: string }).body;
    expect(reply12).toMatch(/^@requester A reminder: /);
    expect(reply12).toContain('edit the issue');
    expect(reply12).toContain('in the next 7 days');

    expect(recorded.bodies['POST labels 13']).toEqual({ labels: [DENIED] });
    const status13 = decodeStatusData((recorded.bodies['PATCH status 13'] as { body: string }).body);
    expect(status13.history.at(-1)).toMatchObject({ at: NOW, event: 'timer', from: 'awaiting-requester', to: 'denied' });
    expect((recorded.bodies['POST reply 13'] as { body: string }).body).toContain('`/recovery reopen`');
    expect(recorded.bodies['PATCH issue 13']).toEqual({ state: 'closed', state_reason: 'not_planned' });
  });

  test('a second run over the state the first left writes nothing', async () => {
    mockSetup({ incomplete: [ISSUE_12, ISSUE_14], awaiting: [ISSUE_13, ISSUE_15] });
    mockAllIssueReads();
    const { recorded } = mockWrites();
    expect((await run(['--repo', 'pypi/support', '--now', NOW])).code).toBe(0);

    // GitHub after the first run: #12 carries the reminder; #13 is closed, so it is not listed.
    const patched12 = (recorded.bodies['PATCH status 12'] as { body: string }).body;
    const reply12 = (recorded.bodies['POST reply 12'] as { body: string }).body;
    mockSetup({ incomplete: [ISSUE_12, ISSUE_14], awaiting: [ISSUE_15] });
    mockIssueReads(12, [comment(9012, BOT, patched12, '2026-11-10T09:00:00Z'), comment(9112, BOT, reply12, NOW)], EVENTS_12);
    mockIssueReads(14, COMMENTS_14, []);
    mockIssueReads(15, COMMENTS_15, EVENTS_15);

    const second = await run(['--repo', 'pypi/support', '--now', '2026-11-20T11:00:00Z']);

    expect(second.err).toBe('');
    expect(second.code).toBe(0);
    expect(second.out).toContain(
      '#12 incomplete: wait (label set 2026-11-10, no requester reply, reminded 2026-11-20; close due 2026-11-27 10:00 UTC)',
    );
    expect(second.out).toContain('3 requests in timed states: 3 waiting.');
    expect(nock.pendingMocks()).toEqual([]);
    expect(unmatched.calls).toEqual([]);
  });

  test('one request failing does not stop the others; the exit code is 1', async () => {
    mockSetup({ incomplete: [ISSUE_12], awaiting: [ISSUE_13] });
    nock(API).get(`${REPO}/issues/12/comments`).query({ per_page: '100' }).reply(500, { message: 'Server Error' });
    mockIssueReads(13, COMMENTS_13, EVENTS_13);
    const closeWrites = nock(API)
      .get(`${REPO}/labels/${encodeURIComponent(DENIED)}`)
      .reply(200, { name: DENIED })
      .post(`${REPO}/issues/13/labels`, { labels: [DENIED] })
      .reply(200, [])
      .delete(`${REPO}/issues/13/labels/${encodeURIComponent(AWAITING)}`)
      .reply(200, [])
      .patch(`${REPO}/issues/comments/9013`)
      .reply(200, { id: 9013 })
      .post(`${REPO}/issues/13/comments`)
      .reply(201, { id: 9113 })
      .patch(`${REPO}/issues/13`, { state: 'closed', state_reason: 'not_planned' })
      .reply(200, {});

    const { code, out, err } = await run(['--repo', 'pypi/support', '--now', NOW]);

    expect(code).toBe(1);
    expect(err).toMatch(/^#12: failed: HTTP 500: Server Error/);
    expect(out).toContain('#13 awaiting-requester: close');
    expect(out).toContain('2 requests in timed states: 1 closed, 1 failed.');
    expect(closeWrites.isDone()).toBe(true);
    expect(unmatched.calls).toEqual([]);
  });

  test('issues without the form label and pull requests are not requests; two state labels resolve like the bot', async () => {
    const contents = (repo: string, path: string) => `/repos/pypi/${repo}/contents/${encodeURIComponent(path)}`;
    const notARequest = { ...listed({ number: 20, label: INCOMPLETE }), labels: [{ name: INCOMPLETE }] };
    const pullRequest = { ...listed({ number: 21, label: INCOMPLETE }), pull_request: { url: 'x' } };
    // Labelled triage by hand after incomplete: the bot's record says incomplete, so triage wins.
    const twoLabels = listed({ number: 22, label: INCOMPLETE, extraLabels: ['recovery: triage'] });
    nock(API)
      .get(contents('support', '.github/recovery-triage.yml'))
      .reply(200, 'timers:\n  awaiting-requester:\n    remindAfterDays: null\n    closeAfterDays: null\n', {
        'content-type': 'text/plain; charset=utf-8',
      })
      .get(contents('support', '.github/ISSUE_TEMPLATE/account-recovery.yml'))
      .reply(404, { message: 'Not Found' })
      // awaiting-requester has no timer in this config, so it is not listed.
      .get(`${REPO}/issues`)
      .query({ state: 'open', labels: INCOMPLETE, per_page: '100' })
      .reply(200, [notARequest, pullRequest, twoLabels]);
    const history = [
      { at: '2026-11-01T00:00:00Z', actor: 'requester', event: 'opened', from: null, to: 'incomplete' as const, reason: 'x' },
    ];
    nock(API)
      .get(`${REPO}/issues/22/comments`)
      .query({ per_page: '100' })
      .reply(200, [comment(9022, BOT, statusBody('incomplete', { history }), '2026-11-01T00:00:00Z')]);

    const { code, out, err } = await run(['--repo', 'pypi/support', '--now', NOW]);

    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toBe(['#22 triage: skipped (no timer in this state)', '1 request in timed states: 1 skipped.', ''].join('\n'));
    expect(nock.pendingMocks()).toEqual([]);
    expect(unmatched.calls).toEqual([]);
  });

  test('an invalid config stops the sweep with the offending keys and exit code 2', async () => {
    nock(API)
      .get(`${REPO}/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(200, 'timers:\n  incomplete:\n    remindAfterDays: -1\n  verifying: {}\n', { 'content-type': 'text/plain; charset=utf-8' });
    const terminal = io();

    const code = await main(['sweep', '--repo', 'pypi/support'], terminal);

    expect(code).toBe(2);
    expect(terminal.err()).toContain('recovery-triage sweep: invalid config:');
    expect(terminal.err()).toContain('pypi/support: .github/recovery-triage.yml: timers.incomplete.remindAfterDays:');
    expect(terminal.err()).toContain('unknown key "timers.verifying"');
    expect(terminal.out()).toBe('');
    expect(nock.pendingMocks()).toEqual([]);
    expect(unmatched.calls).toEqual([]);
  });

  test('a listing that fails stops the sweep with exit code 2', async () => {
    const contents = (repo: string, path: string) => `/repos/pypi/${repo}/contents/${encodeURIComponent(path)}`;
    nock(API)
      .get(contents('support', '.github/recovery-triage.yml'))
      .reply(404)
      .get(contents('.github', '.github/recovery-triage.yml'))
      .reply(404)
      .get(contents('support', '.github/ISSUE_TEMPLATE/account-recovery.yml'))
      .reply(404)
      .get(`${REPO}/issues`)
      .query(true)
      .reply(403, { message: 'Resource not accessible by integration' });
    const terminal = io();

    expect(await main(['sweep', '--repo', 'pypi/support'], terminal)).toBe(2);
    expect(terminal.err()).toBe('recovery-triage sweep: cannot list requests: HTTP 403: Resource not accessible by integration\n');
  });
});

describe('recovery-triage sweep: usage errors (no network)', () => {
  test('without GITHUB_TOKEN it exits 2 and says what to set', async () => {
    const terminal = io({});
    expect(await main(['sweep', '--repo', 'pypi/support'], terminal)).toBe(2);
    expect(terminal.err()).toContain('recovery-triage sweep: GITHUB_TOKEN is not set.');
    expect(terminal.out()).toBe('');
  });

  test.each([
    [['--repo', 'pypi'], '--repo must be owner/name, e.g. pypi/support; got "pypi"'],
    [['--repo', 'pypi/support/extra'], '--repo must be owner/name'],
    [['--repo', 'pypi/..'], '--repo must be owner/name'],
    [[], '--repo owner/name is required'],
    [['--repo', 'pypi/support', '--now', 'soon'], '--now must be an ISO date or time'],
    [['--repo', 'pypi/support', 'extra'], 'unexpected argument "extra"'],
    [['--repo', 'pypi/support', '--force'], "Unknown option '--force'"],
  ])('%j exits 2 pointing to --help', async (args, message) => {
    const terminal = io();
    expect(await main(['sweep', ...args], terminal)).toBe(2);
    expect(terminal.err()).toContain(message);
    expect(terminal.err()).toContain('Run "recovery-triage sweep --help" for usage.');
  });

  test('--help prints the usage', async () => {
    const terminal = io({});
    expect(await main(['sweep', '--help'], terminal)).toBe(0);
    expect(terminal.out()).toContain('Usage: recovery-triage sweep --repo OWNER/NAME [--dry-run] [--now ISO]');
    expect(terminal.out()).toContain('GITHUB_TOKEN');
  });
});
