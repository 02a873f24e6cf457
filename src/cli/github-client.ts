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
  return new ProbotOctokit({ auth: { token }, log: { debug: quiet, info: quiet, warn: toStderr, error: toStderr } });
};

function readToken(io: CliIo): string {
  const token = io.env.GITHUB_TOKEN?.trim();
  if (!token) {
    throw new CliError(
      'GITHUB_TOKEN is not set. Set it to a token that may write issues in the repository (in GitHub Actions: GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}).',
    );
  }
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

/** `--now` (for dry runs and tests), else the clock. */
function parseNow(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const now = new Date(value);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO date or time, e.g. 2026-11-20T10:00:00Z; got "${value}"`);
  return now;
}

/**
 * The repository's config, found the way the bot finds it (Probot's config plugin: the
 * repository, then the owner's `.github` repository); none → defaults. Invalid → CliError
 * naming each offending key.
 */
async function loadRepoConfig(octokit: Octokit, repo: RepoRef): Promise<Config> {
  const where = `${repo.owner}/${repo.repo}: .github/${CONFIG_FILE}`;
  let result: Awaited<ReturnType<Octokit['config']['get']>>;
  try {
    result = await octokit.config.get({ ...repo, path: `.github/${CONFIG_FILE}` });
  } catch (error) {
    throw new CliError(`cannot read ${where}: ${describeError(error)}`);
  }
  if (result.files.every((f) => f.config === null)) return defaultConfig();
  const checked = validateConfig(result.config, where);
  if (!checked.ok) throw new CliError(`invalid config:\n${checked.errors.join('\n')}`);
  return checked.config;
}

/** One line for an API failure: the HTTP status when there is one, and the cause. */
export function describeError(error: unknown): string {
  const status = statusOf(error);
  const cause = typeof error === 'object' && error !== null && 'cause' in error && error.cause ? ` (${errorMessage(error.cause)})` : '';
  return `${status === null ? '' : `HTTP ${status}: `}${errorMessage(error)}${cause}`;
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

/** Checks the shared options (--repo, --now, no stray arguments), then connects and reads the config. */
export async function openRepoSession(
  values: { repo?: string; now?: string },
  positionals: readonly string[],
  io: CliIo,
  makeOctokit: OctokitFactory,
): Promise<RepoSession> {
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const repo = parseRepo(values.repo);
  const now = parseNow(values.now);
  const octokit = makeOctokit(readToken(io), io);
  return { repo, now, octokit, config: await loadRepoConfig(octokit, repo) };
}
