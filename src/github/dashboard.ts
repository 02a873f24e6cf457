import { readStatusData, STATUS_MARKER } from '../comment/data.js';
import type { Config } from '../config/schema.js';
import {
  buildDashboard,
  dashboardSince,
  dashboardText,
  DASHBOARD_MARKER,
  DASHBOARD_TITLE,
  renderDashboard,
  type Dashboard,
  type DashboardRequest,
} from '../queue/dashboard.js';
import type { RawComment, RawIssue } from './observe.js';
import { labelNames, type Logger, type Octokit, type RepoRef } from './octokit.js';

const PER_PAGE = 100;
const DAY_MS = 86_400_000;
/** Closed requests are read (their status comment) when closed within this many days: the longest window. */
const READ_CLOSED_WITHIN_DAYS = 90;
/** Comment pages read per request at most while looking for the status comment. */
const MAX_COMMENT_PAGES = 30;

/** The default bot login, when no other is given. */
export const DEFAULT_BOT_LOGIN = 'recovery-triage[bot]';

export interface GatherOptions {
  /** Logins whose comments are the bot's status comments (and whose issue is the dashboard). */
  botLogins: readonly string[];
  /** Comment listings going on at once (default 4). */
  concurrency?: number;
}

/** API calls made, by kind (each page is one call). */
export interface DashboardCalls {
  /** Pages of the request listings. */
  listings: number;
  /** Pages of comment listings (status comments). */
  comments: number;
  /** Pages of the listing that finds the dashboard issue. */
  find: number;
  /** Issue created or updated: 0 or 1. */
  writes: number;
}

export interface GatheredRequests {
  requests: DashboardRequest[];
  calls: DashboardCalls;
}

function isBot(login: string | undefined, botLogins: readonly string[]): boolean {
  const wanted = login?.toLowerCase();
  return wanted !== undefined && botLogins.some((b) => b.toLowerCase() === wanted);
}

function toRequest(issue: RawIssue): DashboardRequest {
  return {
    number: issue.number,
    author: issue.user?.login ?? 'ghost',
    createdAt: issue.created_at,
    closedAt: issue.closed_at ?? null,
    open: issue.state !== 'closed',
    labels: labelNames(issue.labels),
    assignees: (issue.assignees ?? []).flatMap((a) => (a?.login ? [a.login] : [])),
    status: null,
  };
}

/**
 * The requests the dashboard needs, in a bounded number of calls:
 *  1. one paginated listing of requests changed since the first charted week (`state=all`,
 *     `labels=<form label>`, `since`): every request opened, closed or open in those weeks that
 *     anything happened to;
 *  2. open requests not changed since then, oldest change first, stopping at the first page
 *     that reaches `since` (usually a single call);
 *  3. for each open request and each request closed in the last 90 days that has comments, its
 *     comments until the bot's status comment is found (usually the first page).
 */
export async function gatherDashboardRequests(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  now: Date,
  options: GatherOptions,
): Promise<GatheredRequests> {
  const calls: DashboardCalls = { listings: 0, comments: 0, find: 0, writes: 0 };
  const since = dashboardSince(now).toISOString();
  const found = new Map<number, RawIssue>();
  const keep = (issue: RawIssue) => {
    if (!issue.pull_request) found.set(issue.number, issue);
  };

  const changed = (await octokit.paginate(
    octokit.rest.issues.listForRepo,
    { ...repo, state: 'all', labels: config.formLabel, since, per_page: PER_PAGE },
    (response) => {
      calls.listings += 1;
      return response.data as RawIssue[];
    },
  )) as RawIssue[];
  changed.forEach(keep);

  const quiet = (await octokit.paginate(
    octokit.rest.issues.listForRepo,
    { ...repo, state: 'open', labels: config.formLabel, sort: 'updated', direction: 'asc', per_page: PER_PAGE },
    (response, done) => {
      calls.listings += 1;
      const page = response.data as RawIssue[];
      if (page.some((i) => Date.parse(i.updated_at) >= Date.parse(since))) done();
      return page;
    },
  )) as RawIssue[];
  quiet.forEach(keep);

  const requests = [...found.values()].sort((a, b) => a.number - b.number).map((issue) => ({ issue, request: toRequest(issue) }));
  const readFrom = now.getTime() - READ_CLOSED_WITHIN_DAYS * DAY_MS;
  const toRead = requests.filter(
    ({ issue, request }) =>
      (issue.comments ?? 1) > 0 && (request.open || (request.closedAt !== null && Date.parse(request.closedAt) > readFrom)),
  );
  let next = 0;
  const worker = async () => {
    for (;;) {
      const item = toRead[next++];
      if (item === undefined) return;
      item.request.status = await readStatus(octokit, repo, item.request.number, options.botLogins, calls);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
  return { requests: requests.map((r) => r.request), calls };
}

/** The bot's status comment on one request, read page by page until it is found. */
async function readStatus(
  octokit: Octokit,
  repo: RepoRef,
  number: number,
  botLogins: readonly string[],
  calls: DashboardCalls,
): Promise<DashboardRequest['status']> {
  let body: string | null = null;
  let pages = 0;
  await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: number, per_page: PER_PAGE }, (response, done) => {
    calls.comments += 1;
    pages += 1;
    const status = (response.data as RawComment[]).find((c) => isBot(c.user?.login, botLogins) && c.body?.includes(STATUS_MARKER));
    if (status !== undefined) {
      body = status.body ?? '';
      done();
    } else if (pages >= MAX_COMMENT_PAGES) done();
    return [];
  });
  if (body === null) return null;
  const { data } = readStatusData(body);
  return { history: data.history, historyTotal: data.historyTotal, claimedBy: data.claimedBy, kind: data.kind?.id ?? null };
}

/** The dashboard of a repository and its Markdown, with the calls it took. */
export async function loadDashboard(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  now: Date,
  options: GatherOptions,
): Promise<{ dashboard: Dashboard; markdown: string; calls: DashboardCalls }> {
  const { requests, calls } = await gatherDashboardRequests(octokit, repo, config, now, options);
  const dashboard = buildDashboard(requests, config, now, { repo: `${repo.owner}/${repo.repo}`, botLogins: options.botLogins });
  return { dashboard, markdown: renderDashboard(dashboard), calls };
}

export interface DashboardIssueOptions extends GatherOptions {
  /** Decide and report, write nothing. */
  dryRun?: boolean;
}

export interface DashboardIssueOutcome {
  /** With `dryRun`, what would have been done. */
  action: 'created' | 'updated' | 'unchanged';
  /** The issue's number; null when it would be created by a dry run. */
  number: number | null;
  dryRun: boolean;
  calls: DashboardCalls;
}

interface FoundIssue {
  number: number;
  open: boolean;
  body: string;
}

/**
 * The dashboard issue: among issues the bot's logins created (one listing per login, normally
 * one page), those whose body starts with the hidden marker and that are not requests (no form
 * label) nor pull requests. The oldest open one wins; with none open, the newest closed one.
 */
async function findDashboardIssue(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  botLogins: readonly string[],
  calls: DashboardCalls,
): Promise<FoundIssue | null> {
  const formLabel = config.formLabel.toLowerCase();
  const mine: FoundIssue[] = [];
  for (const login of new Set(botLogins.map((l) => l.toLowerCase()))) {
    const listed = (await octokit.paginate(
      octokit.rest.issues.listForRepo,
      { ...repo, state: 'all', creator: login, sort: 'created', direction: 'asc', per_page: PER_PAGE },
      (response) => {
        calls.find += 1;
        return response.data as RawIssue[];
      },
    )) as RawIssue[];
    for (const i of listed) {
      if (i.pull_request || !isBot(i.user?.login, botLogins)) continue;
      if (typeof i.body !== 'string' || !i.body.startsWith(DASHBOARD_MARKER)) continue;
      if (labelNames(i.labels).some((l) => l.toLowerCase() === formLabel)) continue;
      if (!mine.some((m) => m.number === i.number)) mine.push({ number: i.number, open: i.state !== 'closed', body: i.body });
    }
  }
  mine.sort((a, b) => a.number - b.number);
  return mine.find((i) => i.open) ?? mine.at(-1) ?? null;
}

/**
 * Keeps ONE issue titled "Account recovery queue" showing the dashboard: created when there is
 * none, its body replaced only when the text changed (the "As of" line aside), never reopened
 * (a closed one is updated where it is). Never touches a requester's issue: only issues the
 * bot's logins created, with the marker first, without the form label, qualify.
 * API errors are thrown; the caller reports them.
 */
export async function updateDashboardIssue(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  now: Date,
  log: Logger,
  options: DashboardIssueOptions,
): Promise<DashboardIssueOutcome> {
  const dryRun = options.dryRun === true;
  const { markdown, calls, dashboard } = await loadDashboard(octokit, repo, config, now, options);
  const issue = await findDashboardIssue(octokit, repo, config, options.botLogins, calls);
  const where = `${repo.owner}/${repo.repo}`;
  let outcome: DashboardIssueOutcome;
  if (issue === null) {
    let number: number | null = null;
    if (!dryRun) {
      const { data } = await octokit.rest.issues.create({ ...repo, title: DASHBOARD_TITLE, body: markdown });
      calls.writes += 1;
      number = data.number;
      if (!isBot(data.user?.login, options.botLogins)) {
        log.error(
          { repo: where, issue: number, author: data.user?.login ?? null },
          'recovery-triage: the dashboard issue was created by a login that is not among the bot logins: it will not be found next time; pass that login with --bot-login',
        );
      }
    }
    outcome = { action: 'created', number, dryRun, calls };
  } else if (dashboardText(issue.body) === dashboardText(markdown)) {
    outcome = { action: 'unchanged', number: issue.number, dryRun, calls };
  } else {
    if (!dryRun) {
      await octokit.rest.issues.update({ ...repo, issue_number: issue.number, body: markdown });
      calls.writes += 1;
    }
    outcome = { action: 'updated', number: issue.number, dryRun, calls };
  }
  log.info(
    { repo: where, issue: outcome.number, action: outcome.action, dryRun, open: dashboard.openTotal, calls },
    `recovery-triage: dashboard ${outcome.action}${dryRun ? ' (dry run)' : ''}`,
  );
  return outcome;
}

/** One line for the sweep's output. */
export function describeDashboardOutcome(outcome: DashboardIssueOutcome): string {
  const reads = outcome.calls.listings + outcome.calls.comments + outcome.calls.find;
  const cost = `${reads} reads, ${outcome.calls.writes} ${outcome.calls.writes === 1 ? 'write' : 'writes'}`;
  const issue = outcome.number === null ? 'a new issue' : `#${outcome.number}`;
  const verb = { created: 'create', updated: 'update', unchanged: 'leave unchanged' }[outcome.action];
  return outcome.dryRun ? `Dashboard: would ${verb} ${issue} (${cost}).` : `Dashboard ${issue}: ${outcome.action} (${cost}).`;
}
