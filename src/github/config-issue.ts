import type { Probot } from 'probot';
import { CONFIG_ISSUE_MARKER, CONFIG_ISSUE_TITLE, renderConfigProblemIssue } from '../config/problems.js';
import { statusOf, type Logger, type Octokit, type RepoRef } from './octokit.js';

/**
 * Config problems reach maintainers where they look: ONE issue in the repository, opened by the
 * bot, updated in place while the problems change, closed when the config is valid again. It is
 * never a comment on a requester's issue.
 */

/** Label put on the issue when it is created; the issue is found by it when the bot login is unknown. */
export const CONFIG_ISSUE_LABEL = 'recovery-triage: config';

const CLOSING_COMMENT = 'The configuration is valid again: closing. This issue is reopened if it breaks again.';

export interface ConfigIssueOptions {
  /**
   * The app's bot login (`<app-slug>[bot]`, see `appBotLogin`). The issue is then looked up
   * among issues that login created; without it, by the label.
   */
  botLogin?: string | null;
  /** What the process knows about each repository's issue; a shared cache by default. */
  cache?: ConfigIssueCache;
  /** The clock, for the cache. */
  now?: () => number;
}

export type ConfigIssueAction = 'created' | 'updated' | 'reopened' | 'unchanged' | 'closed' | 'none' | 'failed';

export interface ConfigIssueOutcome {
  action: ConfigIssueAction;
  /** The issue's number, when there is one. */
  number: number | null;
  /** HTTP status of the failed call, for `failed`. */
  status?: number | null;
}

interface Known {
  /** null: no open config issue. */
  number: number | null;
  open: boolean;
  body: string | null;
  expires: number;
}

/**
 * Per-repository knowledge of the config issue, so that a valid config (the usual case) costs
 * no API call at all after the first look, and an unchanged invalid one costs none either.
 * Bounded in size; entries expire so that a hand-closed or hand-edited issue is seen again.
 */
export class ConfigIssueCache {
  private readonly entries = new Map<string, Known>();

  constructor(readonly options: { maxEntries?: number; noIssueTtlMs?: number; issueTtlMs?: number } = {}) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string, now: number): Known | null {
    const hit = this.entries.get(key);
    if (hit === undefined) return null;
    if (hit.expires <= now) {
      this.entries.delete(key);
      return null;
    }
    return hit;
  }

  remember(key: string, value: Omit<Known, 'expires'>, now: number): void {
    const ttl = value.open ? (this.options.issueTtlMs ?? 10 * 60_000) : (this.options.noIssueTtlMs ?? 60 * 60_000);
    this.entries.delete(key);
    this.entries.set(key, { ...value, expires: now + ttl });
    const max = this.options.maxEntries ?? 1000;
    while (this.entries.size > max) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  forget(key: string): void {
    this.entries.delete(key);
  }
}

const sharedCache = new ConfigIssueCache();

interface FoundIssue {
  number: number;
  open: boolean;
  body: string;
  title: string;
}

function keyOf(repo: RepoRef): string {
  return `${repo.owner}/${repo.repo}`.toLowerCase();
}

/**
 * Opens, updates or reopens the config-error issue so that it lists `errors`. Writes nothing
 * when the open issue already says exactly that. API failures are logged (status only) and
 * returned as `failed`, never thrown: the caller decides whether the delivery fails.
 */
export async function reportConfigProblem(
  octokit: Octokit,
  repo: RepoRef,
  errors: readonly string[],
  log: Logger,
  options: ConfigIssueOptions = {},
): Promise<ConfigIssueOutcome> {
  const cache = options.cache ?? sharedCache;
  const now = options.now ?? Date.now;
  const key = keyOf(repo);
  const body = renderConfigProblemIssue(errors);
  const known = cache.get(key, now());
  if (known?.open && known.body === body) return { action: 'unchanged', number: known.number };
  try {
    const { issue, extra } = await findConfigIssue(octokit, repo, options.botLogin ?? null);
    let outcome: ConfigIssueOutcome;
    if (issue === null) {
      const { data } = await octokit.rest.issues.create({ ...repo, title: CONFIG_ISSUE_TITLE, body, labels: [CONFIG_ISSUE_LABEL] });
      outcome = { action: 'created', number: data.number };
    } else if (issue.open && issue.body === body && issue.title === CONFIG_ISSUE_TITLE) {
      outcome = { action: 'unchanged', number: issue.number };
    } else {
      await octokit.rest.issues.update({
        ...repo,
        issue_number: issue.number,
        title: CONFIG_ISSUE_TITLE,
        body,
        ...(issue.open ? {} : { state: 'open' as const }),
      });
      outcome = { action: issue.open ? 'updated' : 'reopened', number: issue.number };
    }
    // Two deliveries at once may each have opened one: the oldest stays, the others go.
    for (const number of extra) {
      await octokit.rest.issues.update({ ...repo, issue_number: number, state: 'closed', state_reason: 'not_planned' });
    }
    cache.remember(key, { number: outcome.number, open: true, body }, now());
    log.info(
      { repo: key, issue: outcome.number, errors: errors.length, action: outcome.action },
      `recovery-triage: config error issue ${outcome.action}`,
    );
    return outcome;
  } catch (error) {
    cache.forget(key);
    return failed(log, key, 'report', error);
  }
}

/**
 * Closes the config-error issue with a comment when the config is valid again. A cheap no-op
 * when there is none: after one look per repository, nothing is asked until the cache expires.
 */
export async function clearConfigProblem(
  octokit: Octokit,
  repo: RepoRef,
  log: Logger,
  options: ConfigIssueOptions = {},
): Promise<ConfigIssueOutcome> {
  const cache = options.cache ?? sharedCache;
  const now = options.now ?? Date.now;
  const key = keyOf(repo);
  const known = cache.get(key, now());
  if (known !== null && !known.open) return { action: 'none', number: null };
  try {
    // Reported by this process: its number is known, no need to look it up.
    const open =
      known?.open && known.number !== null
        ? [known.number]
        : await findConfigIssue(octokit, repo, options.botLogin ?? null).then(({ issue, extra }) => [
            ...(issue?.open ? [issue.number] : []),
            ...extra,
          ]);
    if (open.length === 0) {
      cache.remember(key, { number: null, open: false, body: null }, now());
      return { action: 'none', number: null };
    }
    for (const number of open) {
      await octokit.rest.issues.createComment({ ...repo, issue_number: number, body: CLOSING_COMMENT });
      await octokit.rest.issues.update({ ...repo, issue_number: number, state: 'closed', state_reason: 'completed' });
    }
    cache.remember(key, { number: null, open: false, body: null }, now());
    log.info({ repo: key, issue: open[0] }, 'recovery-triage: config is valid again, config error issue closed');
    return { action: 'closed', number: open[0] };
  } catch (error) {
    cache.forget(key);
    return failed(log, key, 'clear', error);
  }
}

/**
 * The bot's config issue: one listing of the issues its login created (or, login unknown, of
 * the label), kept only when the hidden marker is there and a bot wrote it. The oldest open
 * one is the issue; other open ones are `extra`; with none open, the newest closed one is
 * reopened rather than a new one opened.
 */
async function findConfigIssue(
  octokit: Octokit,
  repo: RepoRef,
  botLogin: string | null,
): Promise<{ issue: FoundIssue | null; extra: number[] }> {
  const { data } = await octokit.rest.issues.listForRepo({
    ...repo,
    state: 'all',
    ...(botLogin ? { creator: botLogin } : { labels: CONFIG_ISSUE_LABEL }),
    sort: 'created',
    direction: 'asc',
    per_page: 100,
  });
  const mine: FoundIssue[] = data
    .filter(
      (i) =>
        !i.pull_request &&
        i.user?.type === 'Bot' &&
        (botLogin === null || i.user.login.toLowerCase() === botLogin.toLowerCase()) &&
        typeof i.body === 'string' &&
        i.body.startsWith(CONFIG_ISSUE_MARKER),
    )
    .map((i) => ({ number: i.number, open: i.state === 'open', body: i.body ?? '', title: i.title }));
  const open = mine.filter((i) => i.open);
  if (open.length > 0) return { issue: open[0], extra: open.slice(1).map((i) => i.number) };
  return { issue: mine.at(-1) ?? null, extra: [] };
}

function failed(log: Logger, repo: string, what: 'report' | 'clear', error: unknown): ConfigIssueOutcome {
  const status = statusOf(error);
  log.error({ repo, status }, `recovery-triage: cannot ${what} the config error issue${status === null ? '' : ` (HTTP ${status})`}`);
  return { action: 'failed', number: null, status };
}

const botLogins = new WeakMap<object, Promise<string | null>>();

/**
 * The app's bot login, `<slug>[bot]`, asked once per Probot instance (`GET /app` with the app's
 * JWT). null when it cannot be asked; callers then fall back to the label.
 */
export function appBotLogin(app: Pick<Probot, 'auth'>): Promise<string | null> {
  let login = botLogins.get(app);
  if (login === undefined) {
    login = app
      .auth()
      .then(async (octokit) => {
        const { data } = await octokit.rest.apps.getAuthenticated();
        return data?.slug ? `${data.slug}[bot]` : null;
      })
      .catch(() => {
        botLogins.delete(app);
        return null;
      });
    botLogins.set(app, login);
  }
  return login;
}
