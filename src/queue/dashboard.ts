import type { HistoryEntry } from '../comment/data.js';
import { escapeInline } from '../comment/escape.js';
import type { Config } from '../config/schema.js';
import { statesFromLabels } from '../state/labels.js';
import { OPEN_STATES, STATES, type State } from '../state/states.js';
import { countKinds, countLanguages, type KindCount, type LanguageCount } from '../kinds/count.js';

/**
 * The queue dashboard: a pure model of the request queue, computed from the issues' own dates,
 * labels and assignees and from the history in the bot's status comments, and its Markdown.
 * docs/dashboard.md defines every figure; the definitions below are the same, in code.
 */

/** Hidden marker that identifies the dashboard issue among the bot's issues. */
export const DASHBOARD_MARKER = '<!-- recovery-triage:dashboard -->';
export const DASHBOARD_TITLE = 'Account recovery queue';
/** The line that says when the figures were computed; left out when deciding whether the text changed. */
export const DASHBOARD_STAMP_PREFIX = 'As of ';
/** Where the figures are defined, linked from the dashboard. */
export const DASHBOARD_DOCS_URL = 'https://github.com/recovery-triage/recovery-triage/blob/main/docs/dashboard.md';

/** Weeks in the charts (about six months); the last one is the week in progress. */
export const DASHBOARD_WEEKS = 26;
/** The windows of the time and flow figures, in days. */
export const DASHBOARD_WINDOWS = [30, 90] as const;
/** Most assignee rows shown; the rest are summed in one line. */
export const MAX_ASSIGNEE_ROWS = 30;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/** What the dashboard reads of one request issue. */
export interface DashboardRequest {
  number: number;
  /** The requester: the issue's author. */
  author: string;
  /** ISO times from the issue. */
  createdAt: string;
  closedAt: string | null;
  open: boolean;
  labels: string[];
  assignees: string[];
  /** What the bot's status comment says; null when it was not read or there is none. */
  status: DashboardStatus | null;
}

export interface DashboardStatus {
  history: HistoryEntry[];
  /** Entries ever recorded: more than `history.length` means the oldest were dropped. */
  historyTotal: number;
  claimedBy: string | null;
  /** The kind the status record names (src/kinds). */
  kind?: string | null;
}

export interface DurationStats {
  /** Requests measured. */
  count: number;
  /** Hours, rounded to one decimal; null when nothing was measured. */
  medianHours: number | null;
  p90Hours: number | null;
}

export interface WindowedStats {
  last30: DurationStats;
  last90: DurationStats;
}

export interface OldestWaiting {
  number: number;
  /** Days since the request was opened, one decimal. */
  waitingDays: number;
  /** Days since it entered its current state, by the status history; null when that is unknown. */
  inStateDays: number | null;
}

export interface StateRow {
  /** null: open requests without a state label. */
  state: State | null;
  count: number;
  oldest: OldestWaiting | null;
}

export type FlowKey = 'opened' | 'completed' | 'denied' | 'duplicate' | 'closed-other';

export interface FlowRow {
  key: FlowKey;
  last30: number;
  last90: number;
}

export interface AssigneeRow {
  /** null: open requests nobody is assigned to or has claimed. */
  login: string | null;
  count: number;
  /** Open requests per state, in state order, "(no state)" last; only states with requests. */
  states: { state: State | null; count: number }[];
  oldest: { number: number; waitingDays: number };
}

export interface WeekRow {
  /** Monday of the week, YYYY-MM-DD (UTC). */
  start: string;
  /** Requests open at the end of the week (at `now` for the week in progress). */
  open: number;
  opened: number;
  completed: number;
}

export interface Dashboard {
  repo: string;
  now: string;
  /** Start of the first week in the charts; requests changed since then are listed. */
  since: string;
  openTotal: number;
  /** Open requests in each open state (always listed), then any other state with open requests. */
  states: StateRow[];
  flow: FlowRow[];
  firstAction: WindowedStats;
  completion: WindowedStats;
  assignees: AssigneeRow[];
  /** Assignee rows beyond MAX_ASSIGNEE_ROWS, not shown. */
  assigneesOmitted: number;
  weeks: WeekRow[];
  /** Open requests per kind and per language (src/kinds/count.ts). */
  kinds?: KindCount[];
  languages?: LanguageCount[];
}

export interface DashboardOptions {
  repo: string;
  /** Logins of the bot (whose history entries are not maintainers' actions). */
  botLogins: readonly string[];
}

// ---------------------------------------------------------------------------------------------
// Definitions

/** The request's state: its state label, the first in state order when there are several. */
export function dashboardState(request: DashboardRequest, config: Config): State | null {
  return statesFromLabels(request.labels, config)[0] ?? null;
}

/** Monday 00:00 UTC of the week `ms` falls in. */
export function weekStart(ms: number): number {
  const day = new Date(ms);
  const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return midnight - sinceMonday * DAY_MS;
}

/** Start of the first charted week: the listing's `since`. */
export function dashboardSince(now: Date): Date {
  return new Date(weekStart(now.getTime()) - (DASHBOARD_WEEKS - 1) * WEEK_MS);
}

/** History actors that are the bot itself: its own names in the history, `[bot]` logins, the given logins. */
function isBotActor(actor: string, botLogins: readonly string[]): boolean {
  const login = actor.toLowerCase();
  return (
    login === 'recovery-triage' ||
    login.startsWith('recovery-triage ') ||
    login.endsWith('[bot]') ||
    botLogins.some((b) => b.toLowerCase() === login)
  );
}

/** History events that are somebody's deliberate act on the request. */
function isDeliberate(event: string): boolean {
  return event.startsWith('/recovery ') || event === 'label set by hand' || event === 'closed by hand' || event === 'reopened';
}

export interface FirstAction {
  /** When the maintainer acted. */
  at: number;
  /** Hours from the start of the wait to the action. */
  hours: number;
}

/**
 * The first maintainer action on a request: the first history entry whose actor is neither the
 * requester nor the bot and whose event is a `/recovery` command, a state label set by hand, a
 * close by hand or a reopen. The wait starts when the request first entered triage (complete,
 * waiting for a maintainer), or when it was opened if a maintainer acted before that. null: no
 * status comment, no such entry, or a history whose oldest entries were dropped.
 */
export function firstMaintainerAction(request: DashboardRequest, botLogins: readonly string[]): FirstAction | null {
  const status = request.status;
  if (status === null || status.historyTotal > status.history.length) return null;
  const author = request.author.toLowerCase();
  const action = status.history.find(
    (e) =>
      isDeliberate(e.event) && e.actor.toLowerCase() !== author && !isBotActor(e.actor, botLogins) && Number.isFinite(Date.parse(e.at)),
  );
  if (action === undefined) return null;
  const at = Date.parse(action.at);
  const triage = status.history.find((e) => e.to === 'triage' && Date.parse(e.at) <= at);
  const start = triage === undefined ? Date.parse(request.createdAt) : Date.parse(triage.at);
  return { at, hours: Math.max(0, at - start) / HOUR_MS };
}

/** When a request was completed: its close, for closed requests whose state label is completed. */
export function completedAt(request: DashboardRequest, config: Config): number | null {
  if (request.open || request.closedAt === null || dashboardState(request, config) !== 'completed') return null;
  const at = Date.parse(request.closedAt);
  return Number.isFinite(at) ? at : null;
}

/**
 * When the request entered the state its label shows, by the status history: the last entry that
 * moved it there, when the history ends in that state. null otherwise.
 */
function enteredStateAt(request: DashboardRequest, state: State | null): number | null {
  const history = request.status?.history ?? [];
  if (state === null || history.at(-1)?.to !== state) return null;
  // The run of entries that end in this state: the first of them moved it there.
  let first = history.length - 1;
  while (first > 0 && history[first - 1].to === state) first -= 1;
  const entered = history[first];
  const at = Date.parse(entered.at);
  return Number.isFinite(at) ? at : null;
}

/** Median: the middle value, or the mean of the two middle ones. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Percentile by nearest rank: the smallest value with at least p% of the values at or below it. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

function stats(hours: readonly number[]): DurationStats {
  const m = median(hours);
  const p = percentile(hours, 90);
  return { count: hours.length, medianHours: m === null ? null : round1(m), p90Hours: p === null ? null : round1(p) };
}

/** Durations whose end falls within the last `days` days (after now − days, at or before now). */
function windowed(points: readonly { at: number; hours: number }[], now: number): WindowedStats {
  const within = (days: number) => points.filter((p) => p.at > now - days * DAY_MS && p.at <= now).map((p) => p.hours);
  return { last30: stats(within(30)), last90: stats(within(90)) };
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Model

/** Every figure of the dashboard, from the requests as listed (open ones, and those changed since `since`). */
export function buildDashboard(requests: readonly DashboardRequest[], config: Config, now: Date, options: DashboardOptions): Dashboard {
  const nowMs = now.getTime();
  const since = dashboardSince(now).getTime();
  const stateOf = (r: DashboardRequest) => dashboardState(r, config);
  const created = (r: DashboardRequest) => Date.parse(r.createdAt);
  const ageDays = (r: DashboardRequest) => round1((nowMs - created(r)) / DAY_MS);
  const byAge = (a: DashboardRequest, b: DashboardRequest) => created(a) - created(b) || a.number - b.number;
  const open = requests.filter((r) => r.open).sort(byAge);

  // Open requests by state.
  const shown: (State | null)[] = [...STATES, null].filter(
    (s) => (s !== null && OPEN_STATES.includes(s)) || open.some((r) => stateOf(r) === s),
  );
  const states: StateRow[] = shown.map((state) => {
    const members = open.filter((r) => stateOf(r) === state);
    const first = members[0];
    if (first === undefined) return { state, count: 0, oldest: null };
    const entered = enteredStateAt(first, state);
    return {
      state,
      count: members.length,
      oldest: {
        number: first.number,
        waitingDays: ageDays(first),
        inStateDays: entered === null ? null : round1((nowMs - entered) / DAY_MS),
      },
    };
  });

  // Opened and closed within the windows.
  const inWindow = (at: number | null, days: number) => at !== null && at > nowMs - days * DAY_MS && at <= nowMs;
  const closedAs = (r: DashboardRequest): FlowKey | null => {
    if (r.open || r.closedAt === null) return null;
    const state = stateOf(r);
    return state === 'completed' || state === 'denied' || state === 'duplicate' ? state : 'closed-other';
  };
  const flowCount = (key: FlowKey, days: number) =>
    requests.filter((r) =>
      key === 'opened' ? inWindow(created(r), days) : closedAs(r) === key && inWindow(Date.parse(r.closedAt ?? ''), days),
    ).length;
  const flow: FlowRow[] = (['opened', 'completed', 'denied', 'duplicate', 'closed-other'] as const)
    .map((key) => ({ key, last30: flowCount(key, 30), last90: flowCount(key, 90) }))
    .filter((row) => row.key !== 'closed-other' || row.last90 > 0);

  // Times.
  const actions = requests.flatMap((r) => {
    const action = firstMaintainerAction(r, options.botLogins);
    return action === null ? [] : [action];
  });
  const completions = requests.flatMap((r) => {
    const at = completedAt(r, config);
    return at === null ? [] : [{ at, hours: Math.max(0, at - created(r)) / HOUR_MS }];
  });

  // Assignees: the issue's assignees and the claim, once per person per request.
  const people = new Map<string, { login: string; members: DashboardRequest[] }>();
  const nobody: DashboardRequest[] = [];
  for (const r of open) {
    const logins = [...r.assignees, ...(r.status?.claimedBy ? [r.status.claimedBy] : [])];
    const seen = new Set<string>();
    for (const login of logins) {
      const key = login.toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const entry = people.get(key) ?? { login, members: [] };
      entry.members.push(r);
      people.set(key, entry);
    }
    if (seen.size === 0) nobody.push(r);
  }
  const row = (login: string | null, members: DashboardRequest[]): AssigneeRow => ({
    login,
    count: members.length,
    states: [...STATES, null]
      .map((state) => ({ state, count: members.filter((r) => stateOf(r) === state).length }))
      .filter((s) => s.count > 0),
    oldest: { number: members[0].number, waitingDays: ageDays(members[0]) },
  });
  const assigned = [...people.entries()]
    .sort(([ka, a], [kb, b]) => b.members.length - a.members.length || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([, p]) => row(p.login, p.members));
  const assignees = [...assigned.slice(0, MAX_ASSIGNEE_ROWS), ...(nobody.length > 0 ? [row(null, nobody)] : [])];

  // Weeks.
  const weeks: WeekRow[] = [];
  for (let i = 0; i < DASHBOARD_WEEKS; i++) {
    const start = since + i * WEEK_MS;
    const end = start + WEEK_MS;
    const at = Math.min(end, nowMs);
    weeks.push({
      start: isoDay(start),
      open: requests.filter((r) => created(r) < at && (r.open || r.closedAt === null || Date.parse(r.closedAt) >= at)).length,
      opened: requests.filter((r) => created(r) >= start && created(r) < end).length,
      completed: requests.filter((r) => {
        const done = completedAt(r, config);
        return done !== null && done >= start && done < end;
      }).length,
    });
  }

  return {
    repo: options.repo,
    now: now.toISOString(),
    since: new Date(since).toISOString(),
    openTotal: open.length,
    states,
    flow,
    firstAction: windowed(actions, nowMs),
    completion: windowed(completions, nowMs),
    assignees,
    assigneesOmitted: Math.max(0, assigned.length - MAX_ASSIGNEE_ROWS),
    weeks,
    kinds: countKinds(
      open.map((r) => ({ labels: r.labels, kind: r.status?.kind ?? null })),
      config,
    ),
    languages: countLanguages(open, config),
  };
}

// ---------------------------------------------------------------------------------------------
// Markdown

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:\[bot\])?$/;

/** A login in backticks (no mention, no formatting); anything else that claims to be one is escaped. */
export function loginText(login: string): string {
  return LOGIN.test(login) ? `\`${login}\`` : escapeInline(login, 60);
}

/** Hours as hours below two days, else as days; one decimal. */
export function formatHours(hours: number | null): string {
  if (hours === null) return '—';
  return hours < 48 ? `${hours.toFixed(1)} h` : `${(hours / 24).toFixed(1)} days`;
}

function days(n: number): string {
  return `${n.toFixed(1)} ${n === 1 ? 'day' : 'days'}`;
}

function stateName(state: State | null): string {
  return state === null ? '(no state)' : state;
}

const FLOW_NAMES: Record<FlowKey, string> = {
  opened: 'Opened',
  completed: 'Completed',
  denied: 'Denied',
  duplicate: 'Closed as duplicate',
  'closed-other': 'Closed otherwise',
};

function table(header: string[], align: ('l' | 'r')[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align.map((a) => (a === 'r' ? '--:' : ':--'))), ...rows.map(line)];
}

function durationTable(s: WindowedStats): string[] {
  const count = (d: DurationStats) => (d.count === 0 ? '—' : String(d.count));
  return table(
    ['', 'Last 30 days', 'Last 90 days'],
    ['l', 'r', 'r'],
    [
      ['Requests', count(s.last30), count(s.last90)],
      ['Median', formatHours(s.last30.medianHours), formatHours(s.last90.medianHours)],
      ['90th percentile', formatHours(s.last30.p90Hours), formatHours(s.last90.p90Hours)],
    ],
  );
}

/** A Mermaid xychart: x labels are week starts as MM-DD; one `bar`/`line` per series. */
export function xyChart(
  title: string,
  weeks: readonly WeekRow[],
  series: readonly { kind: 'bar' | 'line'; values: readonly number[] }[],
): string[] {
  const top = Math.max(1, ...series.flatMap((s) => s.values));
  return [
    '```mermaid',
    'xychart-beta',
    `    title "${title.replace(/["\\\n]/g, '')}"`,
    `    x-axis [${weeks.map((w) => `"${w.start.slice(5)}"`).join(', ')}]`,
    `    y-axis "Requests" 0 --> ${top}`,
    ...series.map((s) => `    ${s.kind} [${s.values.map((v) => String(v)).join(', ')}]`),
    '```',
  ];
}

/** The dashboard issue's body. Every string from users (logins) is in backticks or escaped. */
export function renderDashboard(d: Dashboard): string {
  const repoText = /^[A-Za-z0-9._-]+\/[A-Za-z0-9._-]+$/.test(d.repo) ? `\`${d.repo}\`` : escapeInline(d.repo, 140);
  const unassigned = d.assignees.find((a) => a.login === null)?.count ?? 0;
  const stamp = `${DASHBOARD_STAMP_PREFIX}${d.now.slice(0, 16).replace('T', ' ')} UTC. Weeks start on Monday (UTC); the charts cover ${DASHBOARD_WEEKS} weeks from ${d.since.slice(0, 10)}.`;
  const lines: string[] = [
    DASHBOARD_MARKER,
    `Account recovery requests in ${repoText}: **${d.openTotal} open**, ${unassigned} of them with nobody assigned.`,
    '',
    stamp,
    `Figures come from the requests' own dates, labels and assignees and from the bot's status comments; [how each is computed](${DASHBOARD_DOCS_URL}).`,
    '',
    '### Open requests by state',
    '',
    ...table(
      ['State', 'Open', 'Oldest waiting', 'Opened', 'In this state'],
      ['l', 'r', 'l', 'r', 'r'],
      [
        ...d.states.map((s) => [
          stateName(s.state),
          String(s.count),
          s.oldest === null ? '' : `#${s.oldest.number}`,
          s.oldest === null ? '' : `${days(s.oldest.waitingDays)} ago`,
          s.oldest === null || s.oldest.inStateDays === null ? '' : days(s.oldest.inStateDays),
        ]),
        ['**all open**', `**${d.openTotal}**`, '', '', ''],
      ],
    ),
    '',
    '### Opened and closed',
    '',
    ...table(
      ['', 'Last 30 days', 'Last 90 days'],
      ['l', 'r', 'r'],
      d.flow.map((f) => [FLOW_NAMES[f.key], String(f.last30), String(f.last90)]),
    ),
    '',
    '### Time to first maintainer action',
    '',
    ...durationTable(d.firstAction),
    '',
    'From the request entering triage (or from its opening, when a maintainer acted first) to the first command, state label, close or reopen by someone other than the requester and the bot.',
    '',
    '### Time to completion',
    '',
    ...durationTable(d.completion),
    '',
    'From opening to closing as completed.',
    '',
    '### Open requests per assignee',
    '',
  ];
  if (d.assignees.length === 0) lines.push('No open requests.');
  else {
    lines.push(
      ...table(
        ['Assignee', 'Open', 'States', 'Oldest'],
        ['l', 'r', 'l', 'l'],
        d.assignees.map((a) => [
          a.login === null ? '_nobody_' : loginText(a.login),
          String(a.count),
          a.states.map((s) => `${stateName(s.state)} ${s.count}`).join(', '),
          `#${a.oldest.number} (${days(a.oldest.waitingDays)})`,
        ]),
      ),
    );
    if (d.assigneesOmitted > 0) lines.push('', `${d.assigneesOmitted} more assignees are not shown.`);
  }
  lines.push('', "Assignees are the issue's assignees and the maintainer who claimed the request; a request counts once for each.");
  if ((d.kinds ?? []).length > 0 || (d.languages ?? []).length > 0) {
    lines.push(
      '',
      '### Open requests by kind and language',
      '',
      ...table(
        ['Kind', 'Open'],
        ['l', 'r'],
        (d.kinds ?? []).map((k) => [k.kind === null ? '_unknown_' : `\`${k.kind}\``, String(k.count)]),
      ),
      '',
      ...table(
        ['Language', 'Open'],
        ['l', 'r'],
        (d.languages ?? []).map((l) => [l.language === null ? "_team's or not detected_" : `\`${l.language}\``, String(l.count)]),
      ),
    );
  }
  lines.push(
    '',
    '### Open requests per week',
    '',
    ...xyChart('Open requests at the end of each week', d.weeks, [{ kind: 'line', values: d.weeks.map((w) => w.open) }]),
    '',
    '### Opened and completed per week',
    '',
    ...xyChart('Requests opened (bars) and completed (line) per week', d.weeks, [
      { kind: 'bar', values: d.weeks.map((w) => w.opened) },
      { kind: 'line', values: d.weeks.map((w) => w.completed) },
    ]),
    '',
    '<details><summary>Weekly figures</summary>',
    '',
    ...table(
      ['Week of', 'Open at end', 'Opened', 'Completed'],
      ['l', 'r', 'r', 'r'],
      d.weeks.map((w) => [w.start, String(w.open), String(w.opened), String(w.completed)]),
    ),
    '',
    'The last week is the week in progress: its "open at end" is the count now.',
    '',
    '</details>',
    '',
  );
  return lines.join('\n');
}

/** The body without its "As of" line: two bodies equal by this say the same. */
export function dashboardText(body: string): string {
  return body
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((line) => !line.startsWith(DASHBOARD_STAMP_PREFIX))
    .join('\n')
    .trim();
}
