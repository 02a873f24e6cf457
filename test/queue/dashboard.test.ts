import type { HistoryEntry } from '../../src/comment/data.js';
import { defaultConfig } from '../../src/config/load.js';
import {
  buildDashboard,
  completedAt,
  dashboardSince,
  dashboardText,
  DASHBOARD_MARKER,
  firstMaintainerAction,
  formatHours,
  loginText,
  median,
  percentile,
  renderDashboard,
  weekStart,
  type DashboardRequest,
} from '../../src/queue/dashboard.js';
import type { State } from '../../src/state/states.js';
import { firstTable, sections } from './markdown.js';
import { mermaidCharts, parseXyChart } from './mermaid.js';

const NOW = new Date('2026-11-20T10:00:00Z'); // a Friday
const config = defaultConfig();
const BOTS = ['recovery-triage[bot]'];
const HOUR = 3_600_000;

function at(offsetHours: number): string {
  return new Date(NOW.getTime() + offsetHours * HOUR).toISOString();
}

function entry(atIso: string, actor: string, event: string, from: State | null, to: State): HistoryEntry {
  return { at: atIso, actor, event, from, to, reason: '' };
}

function request(overrides: Partial<DashboardRequest> & { number: number }): DashboardRequest {
  return {
    author: 'req',
    createdAt: at(-100),
    closedAt: null,
    open: true,
    labels: ['account-recovery', 'recovery: triage'],
    assignees: [],
    status: null,
    ...overrides,
  };
}

function withHistory(history: HistoryEntry[], claimedBy: string | null = null): DashboardRequest['status'] {
  return { history, historyTotal: history.length, claimedBy };
}

describe('definitions', () => {
  test('weeks start on Monday 00:00 UTC; the charts start 25 weeks before this week', () => {
    expect(new Date(weekStart(Date.parse('2026-11-22T23:59:59Z'))).toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(new Date(weekStart(Date.parse('2026-11-16T00:00:00Z'))).toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(new Date(weekStart(Date.parse('2026-11-15T23:59:59Z'))).toISOString()).toBe('2026-11-09T00:00:00.000Z');
    expect(dashboardSince(NOW).toISOString()).toBe('2026-05-25T00:00:00.000Z');
  });

  test('median and the 90th percentile by nearest rank', () => {
    expect(median([])).toBeNull();
    expect(median([5])).toBe(5);
    expect(median([4, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([], 90)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
  });

  test('the first maintainer action skips the requester, the bot and events nobody chose', () => {
    const r = request({
      number: 1,
      createdAt: at(-50),
      status: withHistory([
        entry(at(-50), 'req', 'opened', null, 'incomplete'),
        entry(at(-40), 'req', 'edited', 'incomplete', 'triage'),
        entry(at(-39), 'recovery-triage', 'duplicate check', 'triage', 'triage'),
        entry(at(-38), 'REQ', '/recovery recheck', 'triage', 'triage'),
        entry(at(-37), 'github-actions[bot]', '/recovery start', 'triage', 'awaiting-requester'),
        entry(at(-36), 'recovery-triage timer', 'timer', 'triage', 'denied'),
        entry(at(-35), 'alice', 'requester replied', 'triage', 'verifying'),
        entry(at(-30), 'alice', 'label set by hand', 'triage', 'verifying'),
        entry(at(-20), 'bob', '/recovery complete', 'verifying', 'completed'),
      ]),
    });
    // From entering triage (-40 h) to alice's label (-30 h).
    expect(firstMaintainerAction(r, BOTS)).toEqual({ at: Date.parse(at(-30)), hours: 10 });
    // A login given as the bot's is the bot.
    expect(firstMaintainerAction(r, ['alice'])).toEqual({ at: Date.parse(at(-20)), hours: 20 });
  });

  test('a maintainer acting before the request ever entered triage is measured from its opening', () => {
    const r = request({
      number: 2,
      createdAt: at(-10),
      status: withHistory([
        entry(at(-10), 'req', 'opened', null, 'incomplete'),
        entry(at(-4), 'alice', '/recovery deny', 'incomplete', 'denied'),
        entry(at(-2), 'alice', 'reopened', 'denied', 'triage'),
      ]),
    });
    expect(firstMaintainerAction(r, BOTS)).toEqual({ at: Date.parse(at(-4)), hours: 6 });
  });

  test('no status data, no deliberate entry or a truncated history: not measured', () => {
    expect(firstMaintainerAction(request({ number: 3 }), BOTS)).toBeNull();
    const waiting = request({ number: 4, status: withHistory([entry(at(-5), 'req', 'opened', null, 'triage')]) });
    expect(firstMaintainerAction(waiting, BOTS)).toBeNull();
    const history = [entry(at(-5), 'alice', '/recovery start', 'triage', 'awaiting-requester')];
    expect(firstMaintainerAction(request({ number: 5, status: { history, historyTotal: 150, claimedBy: null } }), BOTS)).toBeNull();
  });

  test('completed: closed with the completed label, at the close', () => {
    const closed = { open: false, closedAt: at(-3), labels: ['account-recovery', 'recovery: completed'] };
    expect(completedAt(request({ number: 1, ...closed }), config)).toBe(Date.parse(at(-3)));
    expect(completedAt(request({ number: 2, ...closed, labels: ['recovery: denied'] }), config)).toBeNull();
    expect(completedAt(request({ number: 3, labels: ['recovery: completed'] }), config)).toBeNull();
  });
});

describe('buildDashboard and renderDashboard', () => {
  const requests: DashboardRequest[] = [
    // Open, triage since its opening 30 h ago; claimed by alice.
    request({
      number: 10,
      createdAt: at(-30),
      status: withHistory([entry(at(-30), 'req', 'opened', null, 'triage')], 'alice'),
    }),
    // Open, awaiting the requester since 5 h ago, assigned to alice and claimed by Alice: counted once.
    request({
      number: 11,
      createdAt: at(-72),
      labels: ['account-recovery', 'recovery: awaiting-requester'],
      assignees: ['alice'],
      status: withHistory(
        [
          entry(at(-72), 'req', 'opened', null, 'triage'),
          entry(at(-12), 'alice', '/recovery start', 'triage', 'awaiting-requester'),
          entry(at(-5), 'alice', '/recovery ask', 'awaiting-requester', 'awaiting-requester'),
        ],
        'Alice',
      ),
    }),
    // Open, no state label, nobody on it, no status comment.
    request({ number: 12, createdAt: at(-2), labels: ['account-recovery'] }),
    // Completed 2 days ago after 4 days.
    request({
      number: 5,
      createdAt: at(-144),
      closedAt: at(-48),
      open: false,
      labels: ['account-recovery', 'recovery: completed'],
      status: withHistory([
        entry(at(-144), 'req', 'opened', null, 'triage'),
        entry(at(-140), 'bob', '/recovery verifying', 'triage', 'verifying'),
        entry(at(-48), 'bob', '/recovery complete', 'verifying', 'completed'),
      ]),
    }),
    // Closed by hand with no state label.
    request({ number: 6, createdAt: at(-200), closedAt: at(-190), open: false, labels: ['account-recovery'] }),
  ];
  const d = buildDashboard(requests, config, NOW, { repo: 'pypi/support', botLogins: BOTS });

  test('the model', () => {
    expect(d.openTotal).toBe(3);
    expect(d.states).toEqual([
      { state: 'incomplete', count: 0, oldest: null },
      { state: 'triage', count: 1, oldest: { number: 10, waitingDays: 1.3, inStateDays: 1.3 } },
      { state: 'awaiting-requester', count: 1, oldest: { number: 11, waitingDays: 3, inStateDays: 0.5 } },
      { state: 'verifying', count: 0, oldest: null },
      { state: null, count: 1, oldest: { number: 12, waitingDays: 0.1, inStateDays: null } },
    ]);
    expect(d.flow).toEqual([
      { key: 'opened', last30: 5, last90: 5 },
      { key: 'completed', last30: 1, last90: 1 },
      { key: 'denied', last30: 0, last90: 0 },
      { key: 'duplicate', last30: 0, last90: 0 },
      { key: 'closed-other', last30: 1, last90: 1 },
    ]);
    expect(d.firstAction.last30).toEqual({ count: 2, medianHours: 32, p90Hours: 60 });
    expect(d.completion.last90).toEqual({ count: 1, medianHours: 96, p90Hours: 96 });
    expect(d.assignees).toEqual([
      {
        login: 'alice',
        count: 2,
        states: [
          { state: 'triage', count: 1 },
          { state: 'awaiting-requester', count: 1 },
        ],
        oldest: { number: 11, waitingDays: 3 },
      },
      { login: null, count: 1, states: [{ state: null, count: 1 }], oldest: { number: 12, waitingDays: 0.1 } },
    ]);
    expect(d.weeks).toHaveLength(26);
    // #10, #11 and #12 opened this week, #5 (open at the week's end) and #6 the week before.
    expect(d.weeks.at(-1)).toEqual({ start: '2026-11-16', open: 3, opened: 3, completed: 1 });
    expect(d.weeks.at(-2)).toEqual({ start: '2026-11-09', open: 1, opened: 2, completed: 0 });
    expect(d.weeks.at(-3)).toEqual({ start: '2026-11-02', open: 0, opened: 0, completed: 0 });
  });

  test('the Markdown: marker first, tables, durations in hours or days, two well-formed charts', () => {
    const md = renderDashboard(d);
    expect(md.startsWith(`${DASHBOARD_MARKER}\n`)).toBe(true);
    const s = sections(md);
    expect(firstTable(s.get('Open requests by state') ?? []).rows).toEqual([
      ['incomplete', '0', '', '', ''],
      ['triage', '1', '#10', '1.3 days ago', '1.3 days'],
      ['awaiting-requester', '1', '#11', '3.0 days ago', '0.5 days'],
      ['verifying', '0', '', '', ''],
      ['(no state)', '1', '#12', '0.1 days ago', ''],
      ['**all open**', '**3**', '', '', ''],
    ]);
    expect(firstTable(s.get('Time to first maintainer action') ?? []).rows).toEqual([
      ['Requests', '2', '2'],
      ['Median', '32.0 h', '32.0 h'],
      ['90th percentile', '2.5 days', '2.5 days'],
    ]);
    expect(firstTable(s.get('Open requests per assignee') ?? []).rows).toEqual([
      ['`alice`', '2', 'triage 1, awaiting-requester 1', '#11 (3.0 days)'],
      ['_nobody_', '1', '(no state) 1', '#12 (0.1 days)'],
    ]);
    const charts = mermaidCharts(md);
    expect(charts).toHaveLength(2);
    expect(charts[0].series).toEqual([{ kind: 'line', values: d.weeks.map((w) => w.open) }]);
    expect(charts[1].series.map((x) => x.kind)).toEqual(['bar', 'line']);
    expect(charts[0].labels[0]).toBe('05-25');
  });

  test('with no requests the tables say so and the charts still parse', () => {
    const empty = renderDashboard(buildDashboard([], config, NOW, { repo: 'pypi/support', botLogins: BOTS }));
    expect(sections(empty).get('Open requests per assignee')).toContain('No open requests.');
    const charts = mermaidCharts(empty);
    expect(charts.map((c) => c.yAxis)).toEqual([
      { title: 'Requests', min: 0, max: 1 },
      { title: 'Requests', min: 0, max: 1 },
    ]);
  });

  test('user strings: logins in backticks, anything else escaped; no mention survives', () => {
    expect(loginText('alice')).toBe('`alice`');
    expect(loginText('dependabot[bot]')).toBe('`dependabot[bot]`');
    const odd = loginText('@everyone | **x** <img>');
    expect(odd).not.toMatch(/@[a-z]/);
    expect(odd).not.toMatch(/(?<!\\)\|/);
    expect(odd).not.toMatch(/(?<!\\)</);
    const md = renderDashboard(
      buildDashboard([request({ number: 1, status: withHistory([], '@everyone | `x`') })], config, NOW, {
        repo: 'pypi/support',
        botLogins: BOTS,
      }),
    );
    const rows = firstTable(sections(md).get('Open requests per assignee') ?? []).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0][0]).not.toMatch(/@[a-z]/);
    expect(md).not.toMatch(/@(?!\u2060)/);
  });

  test('formatHours: hours below two days, days from there', () => {
    expect(formatHours(null)).toBe('—');
    expect(formatHours(47.9)).toBe('47.9 h');
    expect(formatHours(48)).toBe('2.0 days');
  });

  test('dashboardText leaves out only the "As of" line', () => {
    const md = renderDashboard(d);
    const later = renderDashboard({ ...d, now: '2026-11-20T10:05:00.000Z' });
    expect(later).not.toBe(md);
    expect(dashboardText(later)).toBe(dashboardText(md));
    expect(dashboardText(md.replace('**3 open**', '**4 open**'))).not.toBe(dashboardText(md));
  });
});

describe('the Mermaid checker refuses malformed charts', () => {
  test.each([
    ['a wrong header', 'xychart\n x-axis [a]\n line [1]'],
    ['a missing x-axis', 'xychart-beta\n line [1]'],
    ['fewer values than labels', 'xychart-beta\n x-axis [a, b]\n line [1]'],
    ['a value that is not a number', 'xychart-beta\n x-axis [a]\n bar ["1"]'],
    ['an unknown line', 'xychart-beta\n x-axis [a]\n line [1]\n pie [1]'],
    ['a value above the y-axis', 'xychart-beta\n x-axis [a]\n y-axis "n" 0 --> 1\n line [2]'],
  ])('%s', (_name, text) => {
    expect(() => parseXyChart(text)).toThrow();
  });

  test('accepts a well-formed chart', () => {
    expect(parseXyChart('xychart-beta\n title "t"\n x-axis ["a", b]\n y-axis "n" 0 --> 3\n bar [1, 2]\n line [3, 0]')).toEqual({
      title: 't',
      labels: ['a', 'b'],
      yAxis: { title: 'n', min: 0, max: 3 },
      series: [
        { kind: 'bar', values: [1, 2] },
        { kind: 'line', values: [3, 0] },
      ],
    });
  });
});
