import { checkRequest } from '../checks/validate.js';
import { findDuplicates, type Duplicates, type OtherRequest } from '../checks/duplicates.js';
import type { Config } from '../config/schema.js';
import type { FormTemplate } from '../form/schema.js';
import { queuePosition, type QueueRequest } from '../queue/report.js';
import { labelNames, type Octokit, type RepoRef } from './octokit.js';

export interface QueueFacts {
  queueAhead: number;
  duplicates: Duplicates;
}

interface ListedIssue {
  number: number;
  state: string;
  created_at: string;
  closed_at: string | null;
  body?: string | null;
  labels: (string | { name?: string })[];
  pull_request?: unknown;
}

/**
 * One listing of the open requests (plus those closed within the duplicate window) answers
 * both questions a request joining the queue asks: how many are ahead, and who else asked.
 */
export async function gatherQueueFacts(
  octokit: Octokit,
  repo: RepoRef,
  config: Config,
  template: FormTemplate,
  self: { number: number; username: string | null; createdAt: string },
  now: string,
): Promise<QueueFacts> {
  const list = (extra: { state: 'open' | 'closed'; since?: string }) =>
    octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, labels: config.formLabel, per_page: 100, ...extra });
  const open: ListedIssue[] = await list({ state: 'open' });
  const wantsClosed = config.duplicates.action !== 'off' && self.username !== null;
  const since = new Date(Date.parse(now) - config.duplicates.closedWithinDays * 86_400_000).toISOString();
  const closed: ListedIssue[] = wantsClosed ? await list({ state: 'closed', since }) : [];
  const requests = [...open, ...closed].filter((i) => !i.pull_request);

  const queue: QueueRequest[] = requests.map((i) => ({
    number: i.number,
    createdAt: i.created_at,
    open: i.state === 'open',
    labels: labelNames(i.labels),
  }));
  if (!queue.some((r) => r.number === self.number)) queue.push({ number: self.number, createdAt: self.createdAt, open: true, labels: [] });
  const queueAhead = queuePosition(queue, self.number, config.labels.triage.name);

  if (config.duplicates.action === 'off' || self.username === null) return { queueAhead, duplicates: { open: [], closed: [] } };
  const others: OtherRequest[] = requests.map((i) => ({
    number: i.number,
    open: i.state === 'open',
    closedAt: i.closed_at,
    username: checkRequest(template, i.body ?? null, config.username).username,
  }));
  return {
    queueAhead,
    duplicates: findDuplicates({ number: self.number, username: self.username }, others, config.duplicates.closedWithinDays, now),
  };
}
