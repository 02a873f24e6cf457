import { readFileSync } from 'node:fs';
import { prng } from '../helpers/prng.js';
import nock from 'nock';
import { createReportCommand } from '../../src/cli/report.js';
import { emptyStatusData, encodeStatusData, STATUS_MARKER, type HistoryEntry } from '../../src/comment/data.js';
import { defaultConfig } from '../../src/config/load.js';
import { describeDashboardOutcome, updateDashboardIssue } from '../../src/github/dashboard.js';
import { DASHBOARD_MARKER, DASHBOARD_TITLE } from '../../src/queue/dashboard.js';
import { GitHubStandIn } from '../../src/standin/index.js';
import type { State } from '../../src/state/states.js';
import { fakeIo } from '../cli/fake-io.js';
import { API, APP_ID, TestOctokit } from '../helpers/probot.js';
import { firstTable, sections } from '../queue/markdown.js';
import { mermaidCharts } from '../queue/mermaid.js';

/**
 * A year of generated requests (seeded PRNG) in the stand-in, then the dashboard computed by the
 * code under test through the REST API, checked figure by figure against the generator's own
 * record of what happened, with the computations written again here.
 */

const REPO = 'pypi/support';
const repo = { owner: 'pypi', repo: 'support' };
const NOW = '2026-11-20T10:00:00Z';
const NOW_MS = Date.parse(NOW);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BOT = 'recovery-triage[bot]';
const MAINTAINERS = ['alice', 'bob', 'carol', 'Dave-2'];
const OPEN_ORDER: (State | null)[] = ['incomplete', 'triage', 'awaiting-requester', 'verifying', 'completed', 'denied', 'duplicate', null];
const LABEL = (s: State) => `recovery: ${s}`;

/** What the generator knows about each request: the truth the dashboard is checked against. */
interface Truth {
  number: number;
  author: string;
  created: number;
  /** null while open. */
  closed: number | null;
  open: boolean;
  state: State | null;
  assignees: string[];
  /** The claim in the bot's status comment (null without one). */
  claimedBy: string | null;
  hasStatus: boolean;
  /** A requester posted a look-alike status comment. */
  forged: boolean;
  /** When a maintainer first acted, and when the wait for it began. */
  firstAction: { at: number; start: number } | null;
  /** When the request entered its current state (by the history). */
  entered: number;
}

interface Plan {
  history: HistoryEntry[];
  state: State;
  close: { at: number; reason: 'completed' | 'not_planned' } | null;
  firstAction: { at: number; start: number } | null;
  entered: number;
  /** The requester closed it by hand and the bot never saw it: no history entry, the label stays. */
  closedByRequester: number | null;
  lastAt: number;
  maintainer: string | null;
}

const LAST = NOW_MS - 60_000;
const whole = (ms: number) => Math.floor(ms / 1000) * 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function plan(rng: () => number, created: number, author: string): Plan {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)];
  const hours = (min: number, max: number) => whole((min + rng() * rng() * (max - min)) * HOUR);
  const history: HistoryEntry[] = [];
  let state: State | null = null;
  let entered = created;
  let lastAt = created;
  let firstAction: Plan['firstAction'] = null;
  let maintainer: string | null = null;
  const push = (at: number, actor: string, event: string, to: State) => {
    history.push({ at: iso(at), actor, event, from: state, to, reason: 'generated' });
    if (to !== state) entered = at;
    state = to;
    lastAt = at;
  };
  const done = (close: Plan['close'] = null, closedByRequester: number | null = null): Plan => ({
    history,
    state: state as State,
    close,
    firstAction,
    entered,
    closedByRequester,
    lastAt: closedByRequester ?? lastAt,
    maintainer,
  });
  const act = (at: number) => {
    if (firstAction === null)
      firstAction = {
        at,
        start: history.find((e) => e.to === 'triage')?.at ? Date.parse(history.find((e) => e.to === 'triage')!.at) : created,
      };
  };

  const complete = rng() < 0.8;
  push(created, author, 'opened', complete ? 'triage' : 'incomplete');
  if (!complete) {
    const r = rng();
    if (r < 0.55) {
      const t = created + hours(1, 72);
      if (t > LAST) return done();
      push(t, author, 'edited', 'triage');
    } else if (r < 0.75) {
      const t = created + hours(1, 48);
      if (t > LAST) return done();
      maintainer = pick(MAINTAINERS);
      firstAction = { at: t, start: created };
      push(t, maintainer, '/recovery deny', 'denied');
      return done({ at: t, reason: 'not_planned' });
    } else {
      const t = created + 14 * DAY;
      if (t > LAST) return done();
      push(t, 'recovery-triage timer', 'timer', 'denied');
      return done({ at: t, reason: 'not_planned' });
    }
  }
  const triageAt = lastAt;
  const r = rng();
  if (r < 0.04) {
    const t = triageAt + hours(1, 100);
    if (t > LAST) return done();
    push(t, author, '/recovery withdraw', 'denied');
    return done({ at: t, reason: 'not_planned' });
  }
  if (r < 0.08) {
    const t = triageAt + 1000;
    push(t, 'recovery-triage', 'duplicate check', 'duplicate');
    return done({ at: t, reason: 'not_planned' });
  }
  if (r < 0.11) {
    const t = triageAt + hours(1, 100);
    if (t > LAST) return done();
    return done(null, t);
  }
  const wait = hours(0.2, 400);
  if (rng() < 0.25) {
    const t = triageAt + Math.floor(wait / 2000) * 1000;
    if (t <= LAST) push(t, author, '/recovery recheck', 'triage');
  }
  let t = triageAt + wait;
  if (t > LAST) return done();
  maintainer = pick(MAINTAINERS);
  act(t);
  const kind = rng();
  if (kind < 0.55) push(t, maintainer, '/recovery start', 'awaiting-requester');
  else if (kind < 0.7) push(t, maintainer, 'label set by hand', 'verifying');
  else if (kind < 0.8) {
    push(t, maintainer, '/recovery complete', 'completed');
    return done({ at: t, reason: 'completed' });
  } else if (kind < 0.9) {
    push(t, maintainer, '/recovery deny', 'denied');
    return done({ at: t, reason: 'not_planned' });
  } else push(t, maintainer, '/recovery ask', 'awaiting-requester');

  if (state === 'awaiting-requester') {
    if (rng() < 0.75) {
      t += hours(1, 120);
      if (t > LAST) return done();
      push(t, author, 'requester replied', 'verifying');
    } else {
      t += 14 * DAY;
      if (t > LAST) return done();
      push(t, 'recovery-triage timer', 'timer', 'denied');
      return done({ at: t, reason: 'not_planned' });
    }
  }
  t += hours(2, 200);
  if (t > LAST) return done();
  const second = pick(MAINTAINERS);
  const end = rng();
  if (end < 0.65) push(t, second, '/recovery complete', 'completed');
  else if (end < 0.8) push(t, second, 'closed by hand', 'completed');
  else {
    push(t, second, '/recovery deny', 'denied');
    return done({ at: t, reason: 'not_planned' });
  }
  return done({ at: t, reason: 'completed' });
}

function statusBody(history: HistoryEntry[], claimedBy: string | null): string {
  const data = { ...emptyStatusData(), history, historyTotal: history.length, claimedBy };
  return `${STATUS_MARKER}\n**Status:** generated\n\n${encodeStatusData(data)}`;
}

/** Fills the stand-in with a year of requests; returns the truth. */
function generate(gh: GitHubStandIn, seed: number): Truth[] {
  const rng = prng(seed);
  const year: number[] = [];
  for (let i = 0; i < 330; i++) year.push(whole(NOW_MS - 365 * DAY + rng() * (365 * DAY - 2 * HOUR)));
  // Three requests opened 7 to 10 months ago and untouched since: only the second listing finds them.
  const ancient = [300, 260, 215].map((d) => whole(NOW_MS - d * DAY + rng() * DAY));
  const times = [...year, ...ancient].sort((a, b) => a - b);
  const truths: Truth[] = [];
  let n = 0;
  let openCount = 0;
  for (const created of times) {
    n += 1;
    const author = `requester-${n}`;
    const isAncient = ancient.includes(created);
    const p: Plan = isAncient
      ? {
          history: [{ at: iso(created), actor: author, event: 'opened', from: null, to: 'triage', reason: 'generated' }],
          state: 'triage',
          close: null,
          firstAction: null,
          entered: created,
          closedByRequester: null,
          lastAt: created + 5000,
          maintainer: null,
        }
      : plan(rng, created, author);
    const open = p.close === null && p.closedByRequester === null;
    // Among the open requests, the 1st has a long thread, the 2nd a forged status comment and the
    // 3rd none from the bot; others get these at random.
    if (open && !isAncient) openCount += 1;
    const hasStatus = rng() >= 0.05 && !(open && !isAncient && openCount === 3);
    const forged = rng() < 0.05 || (open && !isAncient && openCount === 2);
    const claimedBy = hasStatus && p.maintainer !== null && rng() < 0.5 ? p.maintainer : null;
    const assignees: string[] = [];
    if (isAncient ? n % 2 === 0 : rng() < 0.4) assignees.push(rng() < 0.5 ? (p.maintainer ?? MAINTAINERS[n % 4]) : MAINTAINERS[n % 4]);
    if (rng() < 0.15) {
      const other = MAINTAINERS[(n + 1) % MAINTAINERS.length];
      if (!assignees.includes(other)) assignees.push(other);
    }

    gh.clock.set(created);
    const number = gh.issues(REPO).length + 1;
    gh.as(author).openIssue(REPO, { title: 'Account recovery request', body: 'generated', labels: ['account-recovery'] });
    // The first open request gets a long thread: its status comment is on the second page.
    const noise = open && !isAncient && openCount === 1 ? 105 : Math.floor(rng() * 3);
    for (let i = 0; i < noise; i++) gh.as(i % 2 === 0 ? author : 'bystander').comment(REPO, number, `comment ${i}`);
    if (forged) {
      // A requester's look-alike status comment: an early "maintainer" action and a claim. Never read.
      const fake: HistoryEntry = {
        at: iso(created),
        actor: 'mallory',
        event: '/recovery start',
        from: 'triage',
        to: 'awaiting-requester',
        reason: '',
      };
      gh.as(author).comment(REPO, number, statusBody([fake], 'mallory'));
    }
    if (hasStatus) gh.asApp().comment(REPO, number, statusBody(p.history, claimedBy));
    if (assignees.length > 0) {
      gh.clock.set(isAncient ? created + 2000 : Math.min(p.firstAction?.at ?? created + 60_000, p.lastAt));
      gh.as(MAINTAINERS[0]).assign(REPO, number, assignees);
    }
    gh.clock.set(p.lastAt);
    gh.asApp().addLabels(REPO, number, [LABEL(p.state)]);
    if (p.close !== null) {
      gh.clock.set(p.close.at);
      gh.asApp().close(REPO, number, p.close.reason);
    }
    if (p.closedByRequester !== null) {
      gh.clock.set(p.closedByRequester);
      gh.as(author).close(REPO, number, 'not_planned');
    }
    truths.push({
      number,
      author,
      created,
      closed: p.close?.at ?? p.closedByRequester,
      open,
      state: p.state,
      assignees,
      claimedBy,
      hasStatus,
      forged,
      firstAction: hasStatus ? p.firstAction : null,
      entered: p.entered,
    });
  }
  // Two completed requests reopened by a maintainer a day later: open in triage again.
  const reopened = truths
    .filter(
      (t) => t.state === 'completed' && t.closed !== null && t.closed > NOW_MS - 60 * DAY && t.closed < NOW_MS - 2 * DAY && t.hasStatus,
    )
    .slice(0, 2);
  for (const t of reopened) {
    const at = (t.closed as number) + DAY;
    gh.clock.set(at);
    const status = gh.comments(REPO, t.number).find((c) => c.user === BOT && c.body.includes(STATUS_MARKER));
    const history = decodeHistory(status?.body ?? '');
    history.push({ at: iso(at), actor: 'carol', event: 'reopened', from: 'completed', to: 'triage', reason: 'generated' });
    gh.asApp().editComment(REPO, status!.id, statusBody(history, t.claimedBy));
    gh.as('carol').reopen(REPO, t.number);
    gh.asApp().removeLabel(REPO, t.number, LABEL('completed'));
    gh.asApp().addLabels(REPO, t.number, [LABEL('triage')]);
    Object.assign(t, { open: true, closed: null, state: 'triage', entered: at });
  }
  expect(reopened).toHaveLength(2);
  gh.clock.set(NOW);
  return truths;
}

function decodeHistory(body: string): HistoryEntry[] {
  const m = /<!-- recovery-triage:data (\S+) -->/.exec(body);
  return (JSON.parse(Buffer.from(m?.[1] ?? '', 'base64').toString('utf8')) as { history: HistoryEntry[] }).history;
}

// ---------------------------------------------------------------------------------------------
// The expected figures, computed again from the truth.

const r1 = (x: number) => Math.round(x * 10) / 10;
const dayText = (x: number) => `${r1(x).toFixed(1)} ${r1(x) === 1 ? 'day' : 'days'}`;
const hoursText = (h: number | null) => (h === null ? '—' : h < 48 ? `${h.toFixed(1)} h` : `${(h / 24).toFixed(1)} days`);

function middle(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function ninetieth(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  let k = 0;
  while ((k + 1) / s.length < 0.9) k++;
  return s[k];
}

function within(at: number, days: number): boolean {
  return at > NOW_MS - days * DAY && at <= NOW_MS;
}

function durationRows(points: { at: number; hours: number }[]): string[][] {
  const pick = (days: number) => points.filter((p) => within(p.at, days)).map((p) => p.hours);
  const [a, b] = [pick(30), pick(90)];
  const m = (xs: number[]) => {
    const v = middle(xs);
    return hoursText(v === null ? null : r1(v));
  };
  const p = (xs: number[]) => {
    const v = ninetieth(xs);
    return hoursText(v === null ? null : r1(v));
  };
  return [
    ['Requests', a.length ? String(a.length) : '—', b.length ? String(b.length) : '—'],
    ['Median', m(a), m(b)],
    ['90th percentile', p(a), p(b)],
  ];
}

function mondayWeeks(): { start: number; label: string }[] {
  const d = new Date(NOW_MS);
  d.setUTCHours(0, 0, 0, 0);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() - 1);
  const weeks: { start: number; label: string }[] = [];
  for (let i = 25; i >= 0; i--) {
    const start = new Date(d);
    start.setUTCDate(start.getUTCDate() - 7 * i);
    weeks.push({ start: start.getTime(), label: start.toISOString().slice(0, 10) });
  }
  return weeks;
}

function expected(truths: Truth[]) {
  const open = truths.filter((t) => t.open).sort((a, b) => a.created - b.created || a.number - b.number);
  const age = (t: Truth) => (NOW_MS - t.created) / DAY;
  const states = OPEN_ORDER.filter(
    (s) => (s !== null && ['incomplete', 'triage', 'awaiting-requester', 'verifying'].includes(s)) || open.some((t) => t.state === s),
  ).map((s) => {
    const members = open.filter((t) => t.state === s);
    const o = members[0];
    return o === undefined
      ? [s ?? '(no state)', '0', '', '', '']
      : [
          s ?? '(no state)',
          String(members.length),
          `#${o.number}`,
          `${dayText(age(o))} ago`,
          o.hasStatus ? dayText((NOW_MS - o.entered) / DAY) : '',
        ];
  });
  states.push(['**all open**', `**${open.length}**`, '', '', '']);

  const closedAs = (t: Truth, key: string) =>
    !t.open &&
    t.closed !== null &&
    (key === 'Closed otherwise' ? !['completed', 'denied', 'duplicate'].includes(t.state ?? '') : t.state === key);
  const flowRow = (name: string, test: (t: Truth) => number | null) => [
    name,
    String(truths.filter((t) => test(t) !== null && within(test(t) as number, 30)).length),
    String(truths.filter((t) => test(t) !== null && within(test(t) as number, 90)).length),
  ];
  const flow = [
    flowRow('Opened', (t) => t.created),
    flowRow('Completed', (t) => (closedAs(t, 'completed') ? t.closed : null)),
    flowRow('Denied', (t) => (closedAs(t, 'denied') ? t.closed : null)),
    flowRow('Closed as duplicate', (t) => (closedAs(t, 'duplicate') ? t.closed : null)),
    flowRow('Closed otherwise', (t) => (closedAs(t, 'Closed otherwise') ? t.closed : null)),
  ].filter((row) => row[0] !== 'Closed otherwise' || row[2] !== '0');

  const firstAction = durationRows(
    truths.flatMap((t) =>
      t.firstAction === null ? [] : [{ at: t.firstAction.at, hours: (t.firstAction.at - t.firstAction.start) / HOUR }],
    ),
  );
  const completion = durationRows(
    truths.flatMap((t) =>
      !t.open && t.state === 'completed' && t.closed !== null ? [{ at: t.closed, hours: (t.closed - t.created) / HOUR }] : [],
    ),
  );

  const people = new Map<string, Truth[]>();
  const nobody: Truth[] = [];
  for (const t of open) {
    const who = [...new Set([...t.assignees, ...(t.claimedBy ? [t.claimedBy] : [])])];
    for (const w of who) people.set(w, [...(people.get(w) ?? []), t]);
    if (who.length === 0) nobody.push(t);
  }
  const personRow = (name: string, ts: Truth[]) => [
    name,
    String(ts.length),
    OPEN_ORDER.map((s) => [s, ts.filter((t) => t.state === s).length] as const)
      .filter(([, c]) => c > 0)
      .map(([s, c]) => `${s ?? '(no state)'} ${c}`)
      .join(', '),
    `#${ts[0].number} (${dayText(age(ts[0]))})`,
  ];
  const assignees = [...people.entries()]
    .sort((a, b) => b[1].length - a[1].length || a[0].toLowerCase().localeCompare(b[0].toLowerCase()))
    .map(([login, ts]) => personRow(`\`${login}\``, ts));
  if (nobody.length > 0) assignees.push(personRow('_nobody_', nobody));

  const weeks = mondayWeeks().map(({ start, label }) => {
    const end = start + 7 * DAY;
    const at = Math.min(end, NOW_MS);
    return {
      label,
      open: truths.filter((t) => t.created < at && (t.open || (t.closed as number) >= at)).length,
      opened: truths.filter((t) => t.created >= start && t.created < end).length,
      completed: truths.filter((t) => !t.open && t.state === 'completed' && (t.closed as number) >= start && (t.closed as number) < end)
        .length,
    };
  });
  return { open, states, flow, firstAction, completion, assignees, weeks, nobody: nobody.length };
}

// ---------------------------------------------------------------------------------------------

let gh: GitHubStandIn;
let truths: Truth[];

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  gh = new GitHubStandIn({ now: '2025-11-01T00:00:00Z', appId: APP_ID, appSlug: 'recovery-triage' });
  gh.addRepo(REPO, { installationId: 2, permissions: { alice: 'maintain', bob: 'triage', carol: 'maintain', 'Dave-2': 'triage' } });
  await gh.listen();
  gh.addToken('bot-token', BOT);
  gh.addToken('reader-token', 'alice');
  truths = generate(gh, 20261120);
});

afterAll(async () => {
  await gh.close();
  nock.cleanAll();
  nock.enableNetConnect();
});

const octokit = (token: string) => new TestOctokit({ auth: { token }, baseUrl: gh.url });

async function reportMarkdown(extra: string[] = []): Promise<{ code: number; out: string; err: string }> {
  const io = { ...fakeIo(), env: { GITHUB_TOKEN: 'reader-token' } };
  const code = await createReportCommand((token) => octokit(token)).run(['--repo', REPO, '--markdown', '--now', NOW, ...extra], io);
  return { code, out: io.out(), err: io.err() };
}

function log() {
  const lines: { level: string; message: string }[] = [];
  return {
    lines,
    info: (_data: object, message: string) => lines.push({ level: 'info', message }),
    error: (_data: object, message: string) => lines.push({ level: 'error', message }),
  };
}

describe('the dashboard over a generated year of requests', () => {
  let markdown: string;
  let readCalls: { listings: number; comments: number };

  beforeAll(async () => {
    gh.resetCalls();
    const run = await reportMarkdown();
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    markdown = run.out;
    readCalls = {
      listings: gh.callsTo({ route: 'GET /repos/{owner}/{repo}/issues' }).length,
      comments: gh.callsTo({ route: 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments' }).length,
    };
    expect(gh.countCalls().writes).toBe(0);
    expect(gh.unexpected).toEqual([]);
  });

  test('the generated year has what the figures need', () => {
    const e = expected(truths);
    expect(truths.length).toBe(333);
    expect(e.open.length).toBeGreaterThan(10);
    expect(e.firstAction[0][2]).not.toBe('—');
    expect(truths.filter((t) => t.open && t.created < Date.parse('2026-05-25T00:00:00Z')).length).toBeGreaterThanOrEqual(3);
    // Cases that must be read right: forged status comments and requests without one among the
    // requests read, a status comment on a second page, claims and two-person requests.
    const read = truths.filter((t) => t.open || (t.closed as number) > NOW_MS - 90 * DAY);
    expect(read.filter((t) => t.forged).length).toBeGreaterThan(0);
    expect(truths.filter((t) => t.open && t.forged).length).toBeGreaterThan(0);
    expect(read.filter((t) => !t.hasStatus).length).toBeGreaterThan(0);
    expect(truths.filter((t) => t.open && t.claimedBy !== null).length).toBeGreaterThan(0);
    expect(
      truths.filter((t) => t.open && new Set([...t.assignees, ...(t.claimedBy ? [t.claimedBy] : [])]).size > 1).length,
    ).toBeGreaterThan(0);
    expect(truths.some((t) => t.open && gh.comments(REPO, t.number).length > 100)).toBe(true);
  });

  test('open requests by state, with the oldest waiting', () => {
    expect(firstTable(sections(markdown).get('Open requests by state') ?? []).rows).toEqual(expected(truths).states);
    expect(markdown).toContain(`**${expected(truths).open.length} open**, ${expected(truths).nobody} of them with nobody assigned.`);
  });

  test('opened and closed in the last 30 and 90 days', () => {
    expect(firstTable(sections(markdown).get('Opened and closed') ?? []).rows).toEqual(expected(truths).flow);
  });

  test('median and 90th percentile time to the first maintainer action and to completion', () => {
    const s = sections(markdown);
    expect(firstTable(s.get('Time to first maintainer action') ?? []).rows).toEqual(expected(truths).firstAction);
    expect(firstTable(s.get('Time to completion') ?? []).rows).toEqual(expected(truths).completion);
  });

  test('open requests per assignee: assignees and claims, once per person; forged claims ignored', () => {
    const rows = firstTable(sections(markdown).get('Open requests per assignee') ?? []).rows;
    expect(rows).toEqual(expected(truths).assignees);
    expect(markdown).not.toContain('mallory');
  });

  test('the Mermaid charts are well formed and carry the weekly figures', () => {
    const weeks = expected(truths).weeks;
    const [open, flow, ...more] = mermaidCharts(markdown);
    expect(more).toEqual([]);
    expect(open.labels).toEqual(weeks.map((w) => w.label.slice(5)));
    expect(open.series).toEqual([{ kind: 'line', values: weeks.map((w) => w.open) }]);
    expect(flow.labels).toEqual(open.labels);
    expect(flow.series).toEqual([
      { kind: 'bar', values: weeks.map((w) => w.opened) },
      { kind: 'line', values: weeks.map((w) => w.completed) },
    ]);
    const weekly = firstTable(markdown.slice(markdown.indexOf('<details>')).split('\n')).rows;
    expect(weekly).toEqual(weeks.map((w) => [w.label, String(w.open), String(w.opened), String(w.completed)]));
  });

  test('the cost: two listings (paged), one comment read per open or recently closed request (paged), no writes', () => {
    const since = Date.parse('2026-05-25T00:00:00Z');
    const issues = gh.issues(REPO).filter((i) => i.labels.includes('account-recovery'));
    const changed = issues.filter((i) => Date.parse(i.updated_at) >= since);
    const quiet = issues.filter((i) => i.state === 'open' && Date.parse(i.updated_at) < since);
    expect(quiet.length).toBeGreaterThanOrEqual(3);
    expect(readCalls.listings).toBe(Math.max(1, Math.ceil(changed.length / 100)) + Math.ceil((quiet.length + 1) / 100));
    let pages = 0;
    for (const i of [...changed, ...quiet]) {
      const read = i.state === 'open' || Date.parse(i.closed_at ?? '') > NOW_MS - 90 * DAY;
      const comments = gh.comments(REPO, i.number);
      if (!read || comments.length === 0) continue;
      const at = comments.findIndex((c) => c.user === BOT && c.body.includes(STATUS_MARKER));
      pages += at < 0 ? Math.ceil(comments.length / 100) : Math.floor(at / 100) + 1;
    }
    expect(readCalls.comments).toBe(pages);
    // Far fewer than one read per request of the year.
    expect(readCalls.comments).toBeLessThan(truths.length / 2);
  });

  test("--bot-login decides whose status comments count: another login's are not read as the bot's", async () => {
    const run = await reportMarkdown(['--bot-login', 'someone-else[bot]']);
    expect(run.code).toBe(0);
    const s = sections(run.out);
    expect(firstTable(s.get('Time to first maintainer action') ?? []).rows[0]).toEqual(['Requests', '—', '—']);
    // Completion comes from the issues alone.
    expect(firstTable(s.get('Time to completion') ?? []).rows).toEqual(expected(truths).completion);
    expect(firstTable(s.get('Open requests by state') ?? []).rows.every((row) => row[4] === '')).toBe(true);
  });

  test('docs/dashboard.md shows this very output as its example, and the cost measured here', () => {
    const docs = readFileSync(new URL('../../docs/dashboard.md', import.meta.url), 'utf8');
    const start = '<!-- example:start -->\n';
    const example = docs.slice(docs.indexOf(start) + start.length, docs.indexOf('<!-- example:end -->'));
    expect(example).toBe(markdown);
    expect(docs).toContain(`${readCalls.listings} listing calls, ${readCalls.comments} comment reads`);
  });

  test('the issue is created once, then left alone while nothing changes; a change updates it in place', async () => {
    // A requester's look-alike and another issue of the bot's are never taken for the dashboard.
    gh.clock.set('2026-11-20T09:00:00Z');
    gh.as('mallory').openIssue(REPO, { title: DASHBOARD_TITLE, body: `${DASHBOARD_MARKER}\nnot the bot's` });
    gh.asApp().openIssue(REPO, { title: 'Something else', body: 'no marker' });
    const before = gh.issues(REPO).length;
    const bot = octokit('bot-token');
    const now = new Date(NOW);
    const options = { botLogins: [BOT] };

    gh.resetCalls();
    const dry = await updateDashboardIssue(bot, repo, defaultConfig(), now, log(), { ...options, dryRun: true });
    expect(dry).toMatchObject({ action: 'created', number: null, dryRun: true });
    expect(gh.countCalls().writes).toBe(0);
    expect(describeDashboardOutcome(dry)).toMatch(/^Dashboard: would create a new issue \(\d+ reads, 0 writes\)\.$/);

    gh.resetCalls();
    const first = await updateDashboardIssue(bot, repo, defaultConfig(), now, log(), options);
    expect(first).toMatchObject({ action: 'created', number: before + 1, dryRun: false });
    expect(gh.countCalls().writes).toBe(1);
    expect(first.calls.find).toBe(1);
    const issue = gh.issue(REPO, before + 1);
    expect(issue).toMatchObject({ title: DASHBOARD_TITLE, user: BOT, state: 'open', labels: [] });
    expect(issue.body).toBe(markdown);

    gh.resetCalls();
    const second = await updateDashboardIssue(bot, repo, defaultConfig(), now, log(), options);
    expect(second).toMatchObject({ action: 'unchanged', number: before + 1 });
    expect(gh.countCalls().writes).toBe(0);
    expect(describeDashboardOutcome(second)).toMatch(new RegExp(`^Dashboard #${before + 1}: unchanged \\(\\d+ reads, 0 writes\\)\\.$`));

    // A new request: the same issue is updated; a closed dashboard stays closed and is still the one.
    gh.clock.set('2026-11-20T09:30:00Z');
    const number = gh.issues(REPO).length + 1;
    gh.as('newcomer').openIssue(REPO, { title: 'Account recovery request', body: 'x', labels: ['account-recovery', LABEL('triage')] });
    gh.as('alice').close(REPO, before + 1, 'completed');
    gh.resetCalls();
    const third = await updateDashboardIssue(bot, repo, defaultConfig(), now, log(), options);
    expect(third).toMatchObject({ action: 'updated', number: before + 1 });
    expect(gh.countCalls().writes).toBe(1);
    const updated = gh.issue(REPO, before + 1);
    expect(updated.state).toBe('closed');
    expect(updated.body).toContain(`**${expected(truths).open.length + 1} open**`);
    expect(gh.issue(REPO, number).labels).toContain('account-recovery');
    expect(updated.body).toBe((await reportMarkdown()).out);

    const dashboards = gh.issues(REPO).filter((i) => i.title === DASHBOARD_TITLE);
    expect(dashboards.map((i) => i.user).sort()).toEqual(['mallory', BOT]);
    expect(gh.issues(REPO).find((i) => i.user === 'mallory')?.body).toBe(`${DASHBOARD_MARKER}\nnot the bot's`);
    expect(gh.issues(REPO).find((i) => i.title === 'Something else')?.body).toBe('no marker');
    expect(gh.unexpected).toEqual([]);
  });
});

describe('finding the dashboard issue', () => {
  const BASE = '/repos/pypi/support/issues';
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });

  test("an issue with the marker is the dashboard only when one of the bot's logins wrote it and it is not a request", async () => {
    let created: Record<string, unknown> = {};
    const marked = (number: number, login: string, labels: string[] = []) => ({
      number,
      state: 'open',
      title: DASHBOARD_TITLE,
      body: `${DASHBOARD_MARKER}\nold`,
      user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
      labels: labels.map((name) => ({ name })),
    });
    nock(API)
      .get(BASE)
      .query((q) => q.state === 'all' && q.since !== undefined)
      .reply(200, [])
      .get(BASE)
      .query((q) => q.state === 'open' && q.sort === 'updated')
      .reply(200, [])
      // As if the creator filter let others through: the author and the form label are checked again.
      .get(BASE)
      .query({ state: 'all', creator: BOT, sort: 'created', direction: 'asc', per_page: '100' })
      .reply(200, [marked(3, 'mallory'), marked(4, BOT, ['account-recovery']), { ...marked(5, BOT), pull_request: {} }])
      .post(BASE, (body: Record<string, unknown>) => {
        created = body;
        return true;
      })
      .reply(201, { number: 6, user: { login: BOT, type: 'Bot' } });
    const lines = log();
    const outcome = await updateDashboardIssue(new TestOctokit({ auth: { token: 't' } }), repo, defaultConfig(), new Date(NOW), lines, {
      botLogins: [BOT],
    });
    expect(outcome).toMatchObject({ action: 'created', number: 6, calls: { listings: 2, comments: 0, find: 1, writes: 1 } });
    expect(created.title).toBe(DASHBOARD_TITLE);
    expect(String(created.body).startsWith(DASHBOARD_MARKER)).toBe(true);
    expect(lines.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  test('an issue created by a login that is not among the bot logins is reported: it would not be found again', async () => {
    nock(API)
      .get(BASE)
      .query(true)
      .times(3)
      .reply(200, [])
      .post(BASE)
      .reply(201, { number: 7, user: { login: 'someone', type: 'User' } });
    const lines = log();
    await updateDashboardIssue(new TestOctokit({ auth: { token: 't' } }), repo, defaultConfig(), new Date(NOW), lines, {
      botLogins: [BOT],
    });
    expect(lines.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([expect.stringContaining('--bot-login')]);
  });
});
