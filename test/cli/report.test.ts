import nock from 'nock';
import { main } from '../../src/cli/main.js';
import { createReportCommand } from '../../src/cli/report.js';
import { emptyStatusData, encodeStatusData, STATUS_MARKER } from '../../src/comment/data.js';
import { defaultConfig } from '../../src/config/load.js';
import { DASHBOARD_MARKER } from '../../src/queue/dashboard.js';
import { buildQueueReport, queuePosition, type QueueRequest } from '../../src/queue/report.js';
import { renderQueueTable } from '../../src/queue/render.js';
import { API, TestOctokit } from '../helpers/probot.js';
import { fakeIo, type FakeIo } from './fake-io.js';

const NOW = '2026-11-20T10:00:00.000Z';
const REPO = '/repos/pypi/support';
const INCOMPLETE = 'recovery: incomplete';
const TRIAGE = 'recovery: triage';

function request(number: number, createdAt: string, labels: string[], open = true): QueueRequest {
  return { number, createdAt, open, labels: ['account-recovery', ...labels] };
}

// Ages at NOW: #3 12 days, #5 3, #7 2, #8 0.5, #9 0.1, #11 5.
const OPEN: QueueRequest[] = [
  request(3, '2026-11-08T10:00:00Z', [INCOMPLETE]),
  request(5, '2026-11-17T10:00:00Z', [INCOMPLETE]),
  request(7, '2026-11-18T10:00:00Z', [TRIAGE]),
  request(8, '2026-11-19T22:00:00Z', [TRIAGE]),
  request(9, '2026-11-20T07:36:00Z', []),
  request(11, '2026-11-15T10:00:00Z', [TRIAGE]),
];
const CLOSED = request(2, '2026-10-21T10:00:00Z', ['recovery: completed'], false);

const TABLE = [
  `Open recovery requests in pypi/support at ${NOW}`,
  '',
  'state       requests  oldest  oldest age  median age',
  'incomplete         2  #3            12.0         7.5',
  'triage             3  #11            5.0         2.0',
  '(no state)         1  #9             0.1         0.1',
  'all                6  #3            12.0         2.5',
  '',
  'Ages are days since the issue was opened.',
  '',
  'By kind: second-factor 6.',
  "By language: (team's or undetected) 6.",
  '',
].join('\n');

describe('buildQueueReport', () => {
  test('counts, oldest and median age per state label and overall, "(no state)" last', () => {
    const report = buildQueueReport(OPEN, defaultConfig(), new Date(NOW), { repo: 'pypi/support', scope: 'open' });
    expect(report).toEqual({
      repo: 'pypi/support',
      scope: 'open',
      now: NOW,
      total: { count: 6, oldest: { number: 3, ageDays: 12 }, medianAgeDays: 2.5 },
      states: [
        { state: 'incomplete', label: INCOMPLETE, count: 2, oldest: { number: 3, ageDays: 12 }, medianAgeDays: 7.5 },
        { state: 'triage', label: TRIAGE, count: 3, oldest: { number: 11, ageDays: 5 }, medianAgeDays: 2 },
        { state: null, label: null, count: 1, oldest: { number: 9, ageDays: 0.1 }, medianAgeDays: 0.1 },
      ],
      // No kind or language labels: all are of the default kind (it has no label), in the team's language.
      kinds: [{ kind: 'second-factor', count: 6 }],
      languages: [{ language: null, count: 6 }],
    });
  });

  test('a request with two state labels counts once; labels match without regard to case', () => {
    const report = buildQueueReport(
      [request(1, '2026-11-19T10:00:00Z', ['RECOVERY: TRIAGE', 'recovery: verifying'])],
      defaultConfig(),
      new Date(NOW),
      { repo: 'pypi/support', scope: 'open' },
    );
    expect(report.states.map((s) => [s.state, s.count])).toEqual([['triage', 1]]);
    expect(report.total.count).toBe(1);
  });

  test('an empty queue has no rows and renders as one line', () => {
    const report = buildQueueReport([], defaultConfig(), new Date(NOW), { repo: 'pypi/support', scope: 'all' });
    expect(report.total).toEqual({ count: 0, oldest: null, medianAgeDays: null });
    expect(report.states).toEqual([]);
    expect(renderQueueTable(report)).toBe(`All recovery requests in pypi/support at ${NOW}: none.\n`);
  });

  test('renders as an aligned table', () => {
    expect(renderQueueTable(buildQueueReport(OPEN, defaultConfig(), new Date(NOW), { repo: 'pypi/support', scope: 'open' }))).toBe(TABLE);
  });
});

test('requests per kind (by kind label) and per language label', () => {
  const requests = [
    request(1, '2026-11-19T10:00:00Z', [TRIAGE, 'kind: e-mail', 'language: pt']),
    request(2, '2026-11-19T10:00:00Z', [TRIAGE, 'Kind: E-mail']),
    request(3, '2026-11-19T10:00:00Z', [TRIAGE, 'language: zh']),
    request(4, '2026-11-19T10:00:00Z', [INCOMPLETE, 'kind: security-team', 'language: pt']),
    request(5, '2026-11-19T10:00:00Z', [INCOMPLETE, 'language: portuguese']),
  ];
  const report = buildQueueReport(requests, defaultConfig(), new Date(NOW), { repo: 'pypi/support', scope: 'open' });
  expect(report.kinds).toEqual([
    { kind: 'suspended', count: 1 },
    { kind: 'email', count: 2 },
    { kind: 'second-factor', count: 2 },
  ]);
  expect(report.languages).toEqual([
    { language: 'pt', count: 2 },
    { language: 'zh', count: 1 },
    { language: null, count: 2 },
  ]);
  expect(renderQueueTable(report)).toContain(
    "By kind: suspended 1, email 2, second-factor 2.\nBy language: pt 2, zh 1, (team's or undetected) 2.\n",
  );
});

describe('queuePosition', () => {
  const queue = [...OPEN, CLOSED, request(4, '2026-11-01T00:00:00Z', [TRIAGE], false)];

  test('counts the open requests in triage opened before this one', () => {
    expect(queuePosition(queue, 11, TRIAGE)).toBe(0);
    expect(queuePosition(queue, 7, TRIAGE)).toBe(1);
    expect(queuePosition(queue, 8, TRIAGE)).toBe(2);
    // Incomplete and closed requests are not in the queue.
    expect(queuePosition(queue, 5, TRIAGE)).toBe(1);
  });

  test('goes by opening time, not number (a transferred issue keeps its age)', () => {
    const transferred = request(30, '2026-11-10T00:00:00Z', [TRIAGE]);
    expect(queuePosition([...queue, transferred], 30, TRIAGE)).toBe(0);
    expect(queuePosition([...queue, transferred], 7, TRIAGE)).toBe(2);
  });

  test('a request not yet in the list is placed by its number; the label matches without regard to case', () => {
    expect(queuePosition(queue, 10, 'Recovery: Triage')).toBe(2);
    expect(queuePosition(queue, 99, TRIAGE)).toBe(3);
  });
});

function listed(r: QueueRequest) {
  return {
    number: r.number,
    state: r.open ? 'open' : 'closed',
    created_at: r.createdAt,
    user: { login: 'requester', type: 'User' },
    labels: r.labels.map((name) => ({ name })),
  };
}

function mockConfigAbsent(scope: nock.Scope): nock.Scope {
  return scope
    .get(`${REPO}/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
    .reply(404, { message: 'Not Found' })
    .get(`/repos/pypi/.github/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
    .reply(404, { message: 'Not Found' });
}

function io(env: Record<string, string> = { GITHUB_TOKEN: 'test-token' }): FakeIo {
  return { ...fakeIo(), env };
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('recovery-triage report', () => {
  test('prints the table of open requests, authenticating with GITHUB_TOKEN; pull requests are left out', async () => {
    const pullRequest = { ...listed(request(10, '2026-11-01T00:00:00Z', [TRIAGE])), pull_request: { url: 'x' } };
    const scope = mockConfigAbsent(nock(API, { reqheaders: { authorization: 'token secret-token' } }))
      .get(`${REPO}/issues`)
      .query({ state: 'open', labels: 'account-recovery', per_page: '100' })
      .reply(200, [...OPEN.map(listed), pullRequest]);
    const terminal = io({ GITHUB_TOKEN: 'secret-token' });

    // The command as registered, with the production client.
    const code = await main(['report', '--repo', 'pypi/support', '--now', NOW], terminal);

    expect(terminal.err()).toBe('');
    expect(code).toBe(0);
    expect(terminal.out()).toBe(TABLE);
    expect(scope.isDone()).toBe(true);
  });

  test('--all --json lists closed requests too and prints one JSON object', async () => {
    const scope = mockConfigAbsent(nock(API))
      .get(`${REPO}/issues`)
      .query({ state: 'all', labels: 'account-recovery', per_page: '100' })
      .reply(200, [CLOSED, ...OPEN.slice(0, 2)].map(listed));
    const terminal = io();
    const report = createReportCommand((token) => new TestOctokit({ auth: { token } }));

    const code = await report.run(['--repo', 'pypi/support', '--all', '--json', '--now', NOW], terminal);

    expect(code).toBe(0);
    expect(scope.isDone()).toBe(true);
    expect(JSON.parse(terminal.out())).toEqual({
      repo: 'pypi/support',
      scope: 'all',
      now: NOW,
      total: { count: 3, oldest: { number: 2, ageDays: 30 }, medianAgeDays: 12 },
      states: [
        { state: 'incomplete', label: INCOMPLETE, count: 2, oldest: { number: 3, ageDays: 12 }, medianAgeDays: 7.5 },
        { state: 'completed', label: 'recovery: completed', count: 1, oldest: { number: 2, ageDays: 30 }, medianAgeDays: 30 },
      ],
      kinds: [{ kind: 'second-factor', count: 3 }],
      languages: [{ language: null, count: 3 }],
    });
  });

  test("the repository's form label and state label names are used", async () => {
    const config = 'formLabel: recovery\nlabels:\n  triage:\n    name: queued\n';
    const scope = nock(API)
      .get(`${REPO}/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(200, config, { 'content-type': 'text/plain; charset=utf-8' })
      .get(`${REPO}/issues`)
      .query({ state: 'open', labels: 'recovery', per_page: '100' })
      .reply(200, [listed({ number: 1, createdAt: '2026-11-19T10:00:00Z', open: true, labels: ['recovery', 'queued'] })]);
    const terminal = io();

    const code = await createReportCommand((token) => new TestOctokit({ auth: { token } })).run(
      ['--repo', 'pypi/support', '--json', '--now', NOW],
      terminal,
    );

    expect(code).toBe(0);
    expect(scope.isDone()).toBe(true);
    expect(JSON.parse(terminal.out()).states).toEqual([
      { state: 'triage', label: 'queued', count: 1, oldest: { number: 1, ageDays: 1 }, medianAgeDays: 1 },
    ]);
  });

  test('without GITHUB_TOKEN it exits 2 before any request', async () => {
    const terminal = io({});
    expect(await main(['report', '--repo', 'pypi/support'], terminal)).toBe(2);
    expect(terminal.err()).toContain('recovery-triage report: GITHUB_TOKEN is not set.');
  });

  test('a bad --repo exits 2 pointing to --help', async () => {
    const terminal = io();
    expect(await main(['report', '--repo', 'https://github.com/pypi/support'], terminal)).toBe(2);
    expect(terminal.err()).toContain('--repo must be owner/name');
    expect(terminal.err()).toContain('Run "recovery-triage report --help" for usage.');
  });
});

describe('recovery-triage report --markdown', () => {
  const status = (claimedBy: string) =>
    `${STATUS_MARKER}\n${encodeStatusData({
      ...emptyStatusData(),
      history: [
        { at: '2026-11-18T10:00:00Z', actor: 'requester', event: 'opened', from: null, to: 'triage', reason: '' },
        { at: '2026-11-19T10:00:00Z', actor: 'alice', event: '/recovery start', from: 'triage', to: 'awaiting-requester', reason: '' },
      ],
      historyTotal: 2,
      claimedBy,
    })}`;

  test('prints the dashboard: two listings, then the comments of requests that have any', async () => {
    const open = { ...listed(request(7, '2026-11-18T10:00:00Z', ['recovery: awaiting-requester'])), comments: 2 };
    const quiet = { ...listed(request(3, '2026-01-08T10:00:00Z', [TRIAGE])), updated_at: '2026-01-08T10:00:00Z', comments: 0 };
    const scope = mockConfigAbsent(nock(API))
      .get(`${REPO}/issues`)
      .query({ state: 'all', labels: 'account-recovery', since: '2026-05-25T00:00:00.000Z', per_page: '100' })
      .reply(200, [open])
      .get(`${REPO}/issues`)
      .query({ state: 'open', labels: 'account-recovery', sort: 'updated', direction: 'asc', per_page: '100' })
      .reply(200, [quiet, open])
      .get(`${REPO}/issues/7/comments`)
      .query({ per_page: '100' })
      .reply(200, [
        // A requester's look-alike first: not the bot's.
        { id: 1, body: status('mallory'), user: { login: 'requester', type: 'User' } },
        { id: 2, body: status('alice'), user: { login: 'recovery-triage[bot]', type: 'Bot' } },
      ]);
    const terminal = io();

    const code = await createReportCommand((token) => new TestOctokit({ auth: { token } })).run(
      ['--repo', 'pypi/support', '--markdown', '--now', NOW],
      terminal,
    );

    expect(terminal.err()).toBe('');
    expect(code).toBe(0);
    expect(scope.isDone()).toBe(true);
    const out = terminal.out();
    expect(out.startsWith(`${DASHBOARD_MARKER}\n`)).toBe(true);
    expect(out).toContain('**2 open**, 1 of them with nobody assigned.');
    expect(out).toContain('| triage | 1 | #3 | 316.0 days ago |  |');
    expect(out).toContain('| awaiting-requester | 1 | #7 | 2.0 days ago | 1.0 day |');
    expect(out).toContain('| `alice` | 1 | awaiting-requester 1 | #7 (2.0 days) |');
    expect(out).toContain('| Median | 24.0 h | 24.0 h |');
    expect(out).not.toContain('mallory');
  });

  test.each([
    [['--markdown', '--json'], '--markdown prints the dashboard'],
    [['--markdown', '--all'], '--markdown prints the dashboard'],
    [['--bot-login', 'x[bot]'], '--bot-login goes with --markdown'],
  ])('%j is refused before any request', async (args, message) => {
    const terminal = io();
    expect(await main(['report', '--repo', 'pypi/support', ...args], terminal)).toBe(2);
    expect(terminal.err()).toContain(message);
  });

  test('--help describes --markdown and its cost', async () => {
    const terminal = io();
    expect(await main(['report', '--help'], terminal)).toBe(0);
    expect(terminal.out()).toContain('--markdown         print the dashboard as Markdown');
    expect(terminal.out()).toContain('Cost: one listing of the requests changed in those weeks');
  });
});
