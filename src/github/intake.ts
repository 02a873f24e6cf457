import { findDuplicates, type OtherRequest } from '../checks/duplicates.js';
import { checkRequest } from '../checks/validate.js';
import type { Config } from '../config/schema.js';
import type { FormTemplate } from '../form/schema.js';
import { queuePosition, type QueueRequest } from '../queue/report.js';
import type { QueueFacts } from '../triage/reconcile.js';
import { labelNames, statusOf, type Logger, type Octokit, type RepoRef } from './octokit.js';

interface ListedIssue {
  number: number;
  state?: string;
  created_at: string;
  closed_at?: string | null;
  body?: string | null;
  labels?: (string | { name?: string } | null)[];
  pull_request?: unknown;
}

/** Search hits read for duplicates: a username shared by more requests than this is listed as "and more". */
const SEARCH_HITS = 50;
/** Newest open requests read besides the search, which indexes new issues with a delay. */
const RECENT = 30;
/** Pages the listing fallback reads at most (100 requests a page). */
const FALLBACK_PAGES = 10;

/**
 * How many complete requests are ahead of this one, and which requests name the same account,
 * in a number of calls that does not grow with the queue: one search count, one search for the
 * username (the few hits are parsed to confirm it), and one listing of the newest open requests,
 * which the search index may not show yet (a form submitted twice at once). When search is
 * unavailable or rate-limited, a bounded listing answers instead.
 */
export async function gatherQueueFacts(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  template: FormTemplate,
  self: { number: number; username: string | null; createdAt: string },
  now: string,
  log: Logger,
): Promise<QueueFacts> {
  try {
    return await bySearch(octokit, repo, config, template, self, now);
  } catch (error) {
    const status = statusOf(error);
    if (status === null || status < 400) throw error;
    log.info(
      { repo: `${repo.owner}/${repo.repo}`, issue: self.number, status },
      'recovery-triage: search unavailable, listing the queue instead',
    );
    return byListing(octokit, repo, config, template, self, now);
  }
}

const quoted = (text: string) => `"${text.replace(/["\\]/g, '')}"`;

async function bySearch(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  template: FormTemplate,
  self: { number: number; username: string | null; createdAt: string },
  now: string,
): Promise<QueueFacts> {
  const scope = `repo:${repo.owner}/${repo.repo} is:issue label:${quoted(config.formLabel)}`;
  const ahead = await octokit.rest.search.issuesAndPullRequests({
    q: `${scope} is:open label:${quoted(config.labels.triage.name)} created:<${self.createdAt}`,
    per_page: 1,
  });
  const wantsDuplicates = config.duplicates.action !== 'off' && self.username !== null;
  const hits: ListedIssue[] = [];
  if (wantsDuplicates && self.username !== null) {
    const found = await octokit.rest.search.issuesAndPullRequests({
      q: `${scope} ${quoted(self.username)} in:body`,
      per_page: SEARCH_HITS,
    });
    hits.push(...(found.data.items as ListedIssue[]));
  }
  const recent = wantsDuplicates ? await listRecent(octokit, repo, config) : [];
  const byNumber = new Map<number, ListedIssue>();
  for (const issue of [...hits, ...recent]) byNumber.set(issue.number, issue);
  return {
    queueAhead: ahead.data.total_count,
    duplicates: duplicatesAmong([...byNumber.values()], config, template, self, now),
  };
}

async function listRecent(octokit: Octokit, repo: RepoRef, config: Config): Promise<ListedIssue[]> {
  const { data } = await octokit.rest.issues.listForRepo({
    ...repo,
    labels: config.formLabel,
    state: 'open',
    sort: 'created',
    direction: 'desc',
    per_page: RECENT,
  });
  return data as ListedIssue[];
}

async function byListing(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  template: FormTemplate,
  self: { number: number; username: string | null; createdAt: string },
  now: string,
): Promise<QueueFacts> {
  const list = async (extra: { state: 'open' | 'closed'; since?: string }) => {
    let pages = 0;
    return (await octokit.paginate(
      octokit.rest.issues.listForRepo,
      { ...repo, labels: config.formLabel, per_page: 100, ...extra },
      (response, done) => {
        pages += 1;
        if (pages >= FALLBACK_PAGES) done();
        return response.data;
      },
    )) as ListedIssue[];
  };
  const open = await list({ state: 'open' });
  const wantsClosed = config.duplicates.action !== 'off' && self.username !== null;
  const since = new Date(Date.parse(now) - config.duplicates.closedWithinDays * 86_400_000).toISOString();
  const closed = wantsClosed ? await list({ state: 'closed', since }) : [];
  const requests = [...open, ...closed].filter((i) => !i.pull_request);
  const queue: QueueRequest[] = requests.map((i) => ({
    number: i.number,
    createdAt: i.created_at,
    open: i.state !== 'closed',
    labels: labelNames(i.labels),
  }));
  if (!queue.some((r) => r.number === self.number)) queue.push({ number: self.number, createdAt: self.createdAt, open: true, labels: [] });
  return {
    queueAhead: queuePosition(queue, self.number, config.labels.triage.name),
    duplicates: duplicatesAmong(requests, config, template, self, now),
  };
}

function duplicatesAmong(
  requests: readonly ListedIssue[],
  config: Config,
  template: FormTemplate,
  self: { number: number; username: string | null; createdAt: string },
  now: string,
): QueueFacts['duplicates'] {
  if (config.duplicates.action === 'off' || self.username === null) return { open: [], original: null, closed: [] };
  const others: OtherRequest[] = requests
    .filter((i) => !i.pull_request && hasLabel(i, config.formLabel))
    .map((i) => ({
      number: i.number,
      open: i.state !== 'closed',
      createdAt: i.created_at,
      closedAt: i.closed_at ?? null,
      username: checkRequest(template, i.body ?? null, config.username).username,
    }));
  return findDuplicates(
    { number: self.number, username: self.username, createdAt: self.createdAt },
    others,
    config.duplicates.closedWithinDays,
    now,
  );
}

function hasLabel(issue: ListedIssue, name: string): boolean {
  return labelNames(issue.labels).some((l) => l.toLowerCase() === name.toLowerCase());
}
