import { readFile, writeFile } from 'node:fs/promises';
import { describeDashboardOutcome, updateDashboardIssue } from '../github/dashboard.js';
import { ACTIONS_BOT, loginList, type Identity } from '../github/observe.js';
import type { Octokit } from '../github/octokit.js';
import { commandServices } from '../github/run.js';
import { IssueRunner, RedisLock } from '../github/runner.js';
import { sweepRepository, type SweepLine } from '../github/sweep.js';
import { CliError, EXIT_FAILED, EXIT_OK, UsageError, parseCommandArgs, type CliIo, type Command } from './command.js';
import { cliLogger, defaultOctokit, describeError, openRepoSession, type OctokitFactory } from './github-client.js';

const usage = `Usage: recovery-triage sweep --repo OWNER/NAME [--dry-run] [--now ISO]
                             [--window HOURS] [--max-writes N] [--bot-login LOGIN]
                             [--refresh-queue] [--dashboard] [--state FILE]

Reconciles the open requests that may need it and runs their timers:
  - requests waiting for the requester (incomplete, awaiting-requester) that have
    been quiet for the configured days: reminded once, then closed as not planned;
  - requests changed within the window (default 26 hours), in case a webhook
    delivery was lost or failed: their labels, status comment and replies are
    brought in line, as the bot would have done;
  - open requests labelled with a final state (a close that failed half-way).
Prints one line per request. Run it daily (or hourly), e.g. from a scheduled
GitHub Actions workflow; running it twice does no harm.

Cost: one listing per timed state (stopping at the first request changed too
recently), one listing of recent changes, three of unfinished closes, then about
one read (comments) per candidate and the writes it needs.

Options:
  --repo OWNER/NAME   repository to sweep (required)
  --dry-run           print the decisions, write nothing
  --now ISO           take this time as now (only with --dry-run, or --force-now)
  --force-now         allow --now without --dry-run (tests, replays)
  --window HOURS      reconcile requests changed within this many hours (default 26)
  --max-writes N      stop writing after N writes; the rest wait for the next run
  --concurrency N     requests reconciled at once (default 4)
  --refresh-queue     recount the queue positions of requests waiting in triage
                      and update the status comments whose position moved (one
                      listing page per 100 waiting requests, one read each, a
                      write only where the position changed)
  --bot-login LOGIN   the app whose status comments these are (repeatable; default:
                      github-actions[bot] in GitHub Actions, else the token's user)
  --state FILE        remember, between sweeps, each request's last update when a
                      run found nothing to do; a request whose listing shows the
                      same time is not read again (keep the file, e.g. with
                      actions/cache; a missing or damaged file is started afresh)
  --dashboard         also keep the "Account recovery queue" issue up to date
                      (docs/dashboard.md; about one read per open request and per
                      request closed in the last 90 days, at most one write)
  -h, --help          show this help

Environment:
  GITHUB_TOKEN        token with issues: write and contents: read (required)
  GITHUB_API_URL      API base URL (GitHub Enterprise Server), default api.github.com
  REDIS_URL           the Redis of a server deployment: each request is reconciled
                      under the same per-issue lock as the app's runs, so the sweep
                      and the server never write one request at the same time

Exit status: 0 done, 1 some requests failed (see stderr), 2 usage, token,
config or form error.
`;

/** The command, with the client factory tests replace. */
export function createSweepCommand(makeOctokit: OctokitFactory = defaultOctokit): Command {
  return {
    name: 'sweep',
    summary: 'Reconcile requests, remind silent requesters and close requests that stay silent',
    usage,
    run: (args, io) => sweep(args, io, makeOctokit),
  };
}

export const sweepCommand = createSweepCommand();

function positiveInt(value: string | undefined, name: string, fallback: number | null): number | null {
  if (value === undefined) return fallback;
  if (!/^\d{1,7}$/.test(value) || Number(value) < 1) throw new UsageError(`${name} must be a whole number from 1; got "${value}"`);
  return Number(value);
}

async function sweep(args: string[], io: CliIo, makeOctokit: OctokitFactory): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    repo: { type: 'string' },
    'dry-run': { type: 'boolean' },
    now: { type: 'string' },
    'force-now': { type: 'boolean' },
    window: { type: 'string' },
    'max-writes': { type: 'string' },
    concurrency: { type: 'string' },
    'bot-login': { type: 'string', multiple: true },
    'refresh-queue': { type: 'boolean' },
    dashboard: { type: 'boolean' },
    state: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout(usage);
    return EXIT_OK;
  }
  const dryRun = values['dry-run'] === true;
  if (values.now !== undefined && !dryRun && values['force-now'] !== true) {
    throw new UsageError('--now rewrites timers as if it were another time: use it with --dry-run (or add --force-now)');
  }
  const windowHours = positiveInt(values.window, '--window', 26) ?? 26;
  const maxWrites = positiveInt(values['max-writes'], '--max-writes', null);
  const concurrency = positiveInt(values.concurrency, '--concurrency', 4) ?? 4;
  const { repo, now, octokit, config } = await openRepoSession(values, positionals, io, makeOctokit, { access: 'write', writes: !dryRun });
  const log = cliLogger(io);
  const identity = await cliIdentity(octokit, io, values['bot-login'] ?? []);
  const services = commandServices(identity, { dryRun, clock: () => now });
  if (dryRun) io.stdout('Dry run: nothing is written.\n');
  const statePath = values.state;
  const seen = statePath === undefined ? undefined : await readState(statePath, `${repo.owner}/${repo.repo}`, io);
  const shared = await sharedLock(io.env.REDIS_URL);
  const report = await sweepRepository(
    octokit,
    repo,
    config,
    services,
    { now, windowHours, concurrency, maxWrites, refreshQueue: values['refresh-queue'] === true, seen, runner: shared?.runner },
    log,
  )
    .catch((error: unknown) => {
      throw new CliError(`cannot list requests: ${describeError(error)}`);
    })
    .finally(() => shared?.close());
  let failed = 0;
  for (const line of report.lines) {
    if (line.error !== null) {
      failed += 1;
      io.stderr(`#${line.number}: failed: ${describeError(line.error)}\n`);
      continue;
    }
    io.stdout(`${describeLine(line, dryRun)}\n`);
  }
  if (report.unchanged > 0) io.stdout(`${report.unchanged} unchanged since a sweep found nothing to do there (${statePath}).\n`);
  if (statePath !== undefined && seen !== undefined && !dryRun) await writeState(statePath, `${repo.owner}/${repo.repo}`, seen, io);
  if (report.deferred.length > 0) {
    io.stdout(
      `Write cap reached: ${report.deferred.length} requests wait for the next run (${report.deferred.map((n) => `#${n}`).join(', ')}).\n`,
    );
  }
  io.stdout(
    `${report.candidates} ${report.candidates === 1 ? 'request' : 'requests'} looked at; ${report.writes} ${report.writes === 1 ? 'write' : 'writes'}${failed > 0 ? `; ${failed} failed` : ''}.\n`,
  );
  if (values.dashboard === true) {
    try {
      const outcome = await updateDashboardIssue(octokit, repo, config, now, log, { botLogins: identity.logins, dryRun });
      io.stdout(`${describeDashboardOutcome(outcome)}\n`);
    } catch (error) {
      failed += 1;
      io.stderr(`dashboard: failed: ${describeError(error)}\n`);
    }
  }
  return failed > 0 ? EXIT_FAILED : EXIT_OK;
}

/** With `REDIS_URL`: a runner taking the app's per-issue lock (one writer per request). */
async function sharedLock(url: string | undefined): Promise<{ runner: IssueRunner; close(): void } | null> {
  if (url === undefined || url.trim() === '') return null;
  const { Redis } = await import('ioredis');
  const redis = new Redis(url, { maxRetriesPerRequest: 3, lazyConnect: true });
  redis.on('error', () => undefined);
  await redis.connect().catch((error: unknown) => {
    redis.disconnect();
    throw new CliError(`cannot reach REDIS_URL: ${describeError(error)}`);
  });
  return { runner: new IssueRunner({ lock: new RedisLock(redis) }), close: () => redis.disconnect() };
}

function describeLine(line: SweepLine, dryRun: boolean): string {
  const result = line.result;
  const why = line.reasons.join(', ');
  if (result === null || result.outcome !== 'reconciled') return `#${line.number}: skipped (${result?.outcome ?? 'no result'})`;
  const did = result.summary.length > 0 ? result.summary.join(', ') : result.writes > 0 || dryRun ? 'reconciled' : 'nothing to do';
  return `#${line.number} ${result.state ?? '(no state)'}: ${did}${result.writes > 0 ? ` (${result.writes} writes)` : ''} [${why}]`;
}

/**
 * Whose comments are the bot's: the logins given, else `github-actions[bot]` in GitHub Actions
 * (the GITHUB_TOKEN's identity), else the token's own user.
 */
export async function cliIdentity(octokit: Octokit, io: CliIo, given: readonly string[]): Promise<Identity> {
  const logins = [...given, ...loginList(io.env.RECOVERY_TRIAGE_BOT_LOGIN)];
  if (io.env.GITHUB_ACTIONS === 'true') logins.unshift(ACTIONS_BOT);
  if (logins.length > 0) return { logins, appId: null };
  try {
    const { data } = await octokit.rest.users.getAuthenticated();
    return { logins: [data.login], appId: null };
  } catch (error) {
    throw new CliError(
      `cannot tell whose comments are the bot's (${describeError(error)}): pass --bot-login, e.g. --bot-login recovery-triage[bot]`,
    );
  }
}

const STATE_VERSION = 1;
const MAX_STATE_ENTRIES = 100_000;

/** The state file's remembered updates; a missing, damaged or other repository's file starts afresh. */
async function readState(path: string, repo: string, io: CliIo): Promise<Map<number, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return new Map();
  }
  try {
    const json = JSON.parse(text) as { version?: unknown; repo?: unknown; seen?: unknown };
    if (json.version !== STATE_VERSION || json.repo !== repo || typeof json.seen !== 'object' || json.seen === null)
      throw new Error('not ours');
    const entries = Object.entries(json.seen as Record<string, unknown>)
      .filter((e): e is [string, string] => /^\d{1,12}$/.test(e[0]) && typeof e[1] === 'string' && e[1].length <= 40)
      .slice(0, MAX_STATE_ENTRIES);
    return new Map(entries.map(([n, at]) => [Number(n), at]));
  } catch {
    io.stderr(`${path}: not a sweep state file for ${repo}; starting afresh.\n`);
    return new Map();
  }
}

async function writeState(path: string, repo: string, seen: Map<number, string>, io: CliIo): Promise<void> {
  const body = JSON.stringify({ version: STATE_VERSION, repo, seen: Object.fromEntries([...seen].slice(0, MAX_STATE_ENTRIES)) });
  await writeFile(path, body).catch((error: unknown) => io.stderr(`cannot write ${path}: ${describeError(error)}\n`));
}
