import { ProbotOctokit } from 'probot';
import type { Logger } from '../github/octokit.js';
import { defaultConfig, validateConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { CONFIG_FILE } from '../github/load.js';
import { statusOf, type Octokit, type RepoRef } from '../github/octokit.js';
import { CliError, UsageError, errorMessage, type CliIo } from './command.js';

/** Makes the GitHub client for a token; tests pass one with retries and throttling off. */
export type OctokitFactory = (token: string, io: CliIo) => Octokit;

/** Token auth (octokit-auth-probot's token strategy); rate-limit warnings go to stderr. */
export const defaultOctokit: OctokitFactory = (token, io) => {
  const toStderr = (message: string) => io.stderr(`${message}\n`);
  const quiet = () => undefined;
  // GitHub Enterprise Server and Actions name the API through GITHUB_API_URL.
  const baseUrl = io.env.GITHUB_API_URL?.trim() || undefined;
  return new ProbotOctokit({ auth: { token }, baseUrl, log: { debug: quiet, info: quiet, warn: toStderr, error: toStderr } });
};

/** What a command does with the token: it only reads (report, dry runs) or it writes issues (sweep, setup). */
export type TokenAccess = 'read' | 'write';

/** The least a token needs for each kind of command, said the way GitHub's settings say it. */
export function tokenHint(access: TokenAccess): string {
  return access === 'read'
    ? 'a token that may read the repository: fine-grained, Issues: read and Contents: read; in GitHub Actions, permissions: { issues: read, contents: read } and GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}'
    : 'a token that may write issues: fine-grained, Issues: read and write and Contents: read; in GitHub Actions, permissions: { issues: write, contents: read } and GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}';
}

function readToken(io: CliIo, access: TokenAccess): string {
  const token = io.env.GITHUB_TOKEN?.trim();
  if (!token) throw new CliError(`GITHUB_TOKEN is not set. Set it to ${tokenHint(access)}.`);
  return token;
}

const REPO_PATTERN = /^([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)\/([A-Za-z0-9._-]+)$/;

function parseRepo(value: string | undefined): RepoRef {
  if (value === undefined) throw new UsageError('--repo owner/name is required');
  const match = REPO_PATTERN.exec(value);
  if (match === null || match[2] === '.' || match[2] === '..') {
    throw new UsageError(`--repo must be owner/name, e.g. pypi/support; got "${value}"`);
  }
  return { owner: match[1], repo: match[2] };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-](\d{2}):(\d{2}))$/;

/** Whether the numbers name a real day and time (no 31 April, no 25:00). */
function realCalendar(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    year >= 1970 &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  );
}

/** An ISO 8601 date (midnight UTC) or date-time with a zone (Z or ±hh:mm); anything else is null. */
export function parseIsoInstant(value: string): Date | null {
  const date = ISO_DATE.exec(value);
  if (date) {
    const [year, month, day] = date.slice(1, 4).map(Number);
    return realCalendar(year, month, day) ? new Date(Date.UTC(year, month - 1, day)) : null;
  }
  const time = ISO_TIME.exec(value);
  if (!time) return null;
  const [year, month, day, hour, minute] = time.slice(1, 6).map(Number);
  const second = time[6] === undefined ? 0 : Number(time[6]);
  if (!realCalendar(year, month, day, hour, minute, second)) return null;
  if (time[7] !== 'Z' && (Number(time[8]) > 23 || Number(time[9]) > 59)) return null;
  const parsed = new Date(value.replace(/(\.\d{3})\d+/, '$1'));
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

export interface NowOptions {
  /** The run writes to GitHub (not a dry run): a made-up "now" then needs `forceNow`. */
  writes?: boolean;
  /** `--force-now`: write with the given time anyway. */
  forceNow?: boolean;
  /** The clock, for tests. */
  clock?: () => Date;
}

/**
 * `--now`, strictly: an ISO 8601 date (`2026-11-20`, midnight UTC) or date-time with a zone
 * (`2026-11-20T10:00:00Z`); `1` or `2001` are refused. A run that writes takes the real clock
 * unless `--force-now` says otherwise: reminding or closing requests by a pretend date is a
 * mistake far more often than a wish. No `--now`: the clock.
 */
export function parseNow(value: string | undefined, options: NowOptions = {}): Date {
  if (value === undefined) return (options.clock ?? (() => new Date()))();
  const now = parseIsoInstant(value.trim());
  if (now === null) {
    throw new UsageError(
      `--now must be an ISO date or time (ISO 8601, with a zone), e.g. 2026-11-20 or 2026-11-20T10:00:00Z; got "${value.slice(0, 40)}"`,
    );
  }
  if (options.writes && !options.forceNow) {
    throw new UsageError('--now is for --dry-run: a run that writes uses the real clock. Add --force-now to write with this time anyway.');
  }
  return now;
}

/**
 * The repository's config, found the way the bot finds it (Probot's config plugin: the
 * repository, then the owner's `.github` repository); none → defaults. Invalid → CliError
 * naming each offending key.
 */
async function loadRepoConfig(octokit: Octokit, repo: RepoRef, access: TokenAccess): Promise<Config> {
  const where = `${repo.owner}/${repo.repo}: .github/${CONFIG_FILE}`;
  let result: Awaited<ReturnType<Octokit['config']['get']>>;
  try {
    result = await octokit.config.get({ ...repo, path: `.github/${CONFIG_FILE}` });
  } catch (error) {
    // Reaching GitHub or using the token failed: the config file is not to blame.
    if (networkProblem(error) !== null) throw new CliError(describeError(error));
    if (statusOf(error) === 401) throw new CliError(`GitHub refused the token: ${describeError(error)}. Use ${tokenHint(access)}.`);
    throw new CliError(`cannot read ${where}: ${describeError(error)}`);
  }
  if (result.files.every((f) => f.config === null)) return defaultConfig();
  const checked = validateConfig(result.config, where);
  if (!checked.ok) throw new CliError(`invalid config:\n${checked.errors.join('\n')}`);
  return checked.config;
}

/** Network failures by code, in words; fetch nests the code in `cause` (undici), sometimes twice. */
const NETWORK_CODES: Readonly<Record<string, string>> = {
  ENOTFOUND: 'the host name could not be resolved (DNS lookup failed)',
  EAI_AGAIN: 'the DNS lookup failed (temporary failure)',
  EAI_FAIL: 'the DNS lookup failed',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ECONNABORTED: 'the connection was aborted',
  EPIPE: 'the connection was closed',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  ENETDOWN: 'the network is down',
  ETIMEDOUT: 'the connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  UND_ERR_HEADERS_TIMEOUT: 'GitHub did not answer in time',
  UND_ERR_BODY_TIMEOUT: 'GitHub did not finish answering in time',
  UND_ERR_SOCKET: 'the connection was closed',
  CERT_HAS_EXPIRED: 'the TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the TLS certificate could not be verified (self-signed)',
  SELF_SIGNED_CERT_IN_CHAIN: 'the TLS certificate could not be verified (self-signed in chain; a proxy?)',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the TLS certificate could not be verified',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the TLS certificate could not be verified (unknown issuer; a proxy?)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the TLS certificate is for another host',
};
const TIMEOUT_NAMES = new Set(['AbortError', 'TimeoutError']);

/** The error and what caused it, outermost first (cause chains and AggregateErrors, bounded). */
function causes(error: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && found.length < 10) {
    const next = queue.shift();
    if (typeof next !== 'object' || next === null || found.includes(next as Record<string, unknown>)) continue;
    const e = next as Record<string, unknown>;
    found.push(e);
    if (e.cause !== undefined) queue.push(e.cause);
    if (Array.isArray(e.errors)) queue.push(...e.errors.slice(0, 5));
  }
  return found;
}

function hostOf(chain: readonly Record<string, unknown>[]): string | null {
  for (const e of chain) {
    if (typeof e.hostname === 'string') return e.hostname;
    const request = e.request as { url?: unknown } | undefined;
    if (typeof request?.url === 'string') {
      try {
        return new URL(request.url).host;
      } catch {
        // not a URL: look further
      }
    }
  }
  return null;
}

/**
 * What went wrong on the way to GitHub, in words, or null when GitHub answered. Octokit reports
 * a failed fetch as "HTTP 500" without a response; that is a network problem, not a server error.
 */
export function networkProblem(error: unknown): string | null {
  const chain = causes(error);
  const host = hostOf(chain);
  const where = host === null ? 'GitHub' : `GitHub (${host})`;
  for (const e of chain) {
    const code = typeof e.code === 'string' ? e.code : null;
    if (code !== null && Object.hasOwn(NETWORK_CODES, code)) return `cannot reach ${where}: ${NETWORK_CODES[code]} [${code}]`;
  }
  if (chain.some((e) => typeof e.name === 'string' && TIMEOUT_NAMES.has(e.name))) return `cannot reach ${where}: the request timed out`;
  const first = chain[0];
  if (first !== undefined && statusOf(error) === 500 && first.response === undefined && 'request' in first) {
    return `cannot reach ${where}: ${errorMessage(error)}`;
  }
  return null;
}

const STATUS_HINTS: Readonly<Record<number, string>> = {
  401: 'the token is invalid or expired',
  403: 'the token lacks a permission this needs, or a rate limit was hit',
  404: 'not found, or the token cannot see it',
};

/**
 * One line for an API failure: a network problem in words (never as an HTTP status), else the
 * HTTP status, GitHub's message and, for the usual statuses, what it tends to mean.
 */
export function describeError(error: unknown): string {
  const network = networkProblem(error);
  if (network !== null) return network;
  const status = statusOf(error);
  const cause = typeof error === 'object' && error !== null && 'cause' in error && error.cause ? ` (${errorMessage(error.cause)})` : '';
  const hint = status !== null && Object.hasOwn(STATUS_HINTS, status) ? ` (${STATUS_HINTS[status]})` : '';
  return `${status === null ? '' : `HTTP ${status}: `}${errorMessage(error)}${cause}${hint}`;
}

/** A CLI keeps stdout for results: the shell's errors go to stderr, its info lines are dropped. */
export function cliLogger(io: CliIo): Logger {
  return {
    info: () => undefined,
    error: (_data, message) => io.stderr(`${message}\n`),
  };
}

/** What every repository command starts from: the repository, "now", a client and its config. */
export interface RepoSession {
  repo: RepoRef;
  now: Date;
  octokit: Octokit;
  config: Config;
}

export interface SessionOptions {
  /** What the command does with the token (default read); picks the hint when it is missing or refused. */
  access?: TokenAccess;
  /** This run writes (sweep without --dry-run): --now then needs --force-now. Default: false. */
  writes?: boolean;
}

/**
 * Checks the shared options (--repo, --now with --force-now, no stray arguments), then connects
 * and reads the config. `sweep` passes `{ access: 'write', writes: !dryRun }`, `setup`
 * `{ access: 'write' }`, `report` nothing.
 */
export async function openRepoSession(
  values: { repo?: string; now?: string; 'force-now'?: boolean },
  positionals: readonly string[],
  io: CliIo,
  makeOctokit: OctokitFactory,
  options: SessionOptions = {},
): Promise<RepoSession> {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const repo = parseRepo(values.repo);
  const now = parseNow(values.now, { writes: options.writes, forceNow: values['force-now'] === true });
  const access = options.access ?? 'read';
  const octokit = makeOctokit(readToken(io, access), io);
  return { repo, now, octokit, config: await loadRepoConfig(octokit, repo, access) };
}
