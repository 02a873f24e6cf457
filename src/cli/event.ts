import { readFile } from 'node:fs/promises';
import { validateConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { parseYaml } from '../form/yaml.js';
import { commandServices, reconcileIssue } from '../github/run.js';
import { sweepRepository } from '../github/sweep.js';
import { CliError, EXIT_FAILED, EXIT_OK, UsageError, parseCommandArgs, type CliIo, type Command } from './command.js';
import { cliLogger, defaultOctokit, describeError, type OctokitFactory } from './github-client.js';
import { cliIdentity } from './sweep.js';

const usage = `Usage: recovery-triage event [--config FILE] [--dry-run]

Handles the GitHub Actions event that started the workflow, the way the app
handles its webhook (Action mode: no server, no GitHub App):
  issues, issue_comment    reconcile that issue (labels, status comment,
                           replies, closes) from what GitHub shows now
  schedule,
  workflow_dispatch        sweep: timers, and requests whose events were lost

Options:
  --config FILE   use this config file instead of .github/recovery-triage.yml
  --dry-run       print what would change, write nothing
  -h, --help      show this help

Environment (set by GitHub Actions):
  GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY, GITHUB_TOKEN,
  GITHUB_API_URL (GitHub Enterprise Server)

Exit status: 0 done (or nothing to do), 1 the run failed (the next run or the
sweep finishes it), 2 usage, token, config or event error.
`;

export function createEventCommand(makeOctokit: OctokitFactory = defaultOctokit): Command {
  return {
    name: 'event',
    summary: 'Handle the GitHub Actions event that started the workflow (Action mode)',
    usage,
    run: (args, io) => handleEvent(args, io, makeOctokit),
  };
}

export const eventCommand = createEventCommand();

/** Runs after the first when the events listing lags the issue (each after the delay the run asks for). */
const EVENT_RECHECKS = 3;

interface EventPayload {
  action?: string;
  issue?: { number?: number; pull_request?: unknown };
  sender?: { login?: string };
}

async function readConfig(path: string): Promise<Config> {
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new CliError(`cannot read ${path}: ${describeError(error)}`);
  });
  const parsed = parseYaml(text, path);
  if (!parsed.ok) throw new CliError(`invalid config: ${parsed.error}`);
  const checked = validateConfig(parsed.value, path);
  if (!checked.ok) throw new CliError(`invalid config:\n${checked.errors.join('\n')}`);
  return checked.config;
}

async function handleEvent(args: string[], io: CliIo, makeOctokit: OctokitFactory): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    config: { type: 'string' },
    'dry-run': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout(usage);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const name = io.env.GITHUB_EVENT_NAME;
  const path = io.env.GITHUB_EVENT_PATH;
  const fullName = io.env.GITHUB_REPOSITORY ?? '';
  const token = io.env.GITHUB_TOKEN?.trim();
  if (!name || !path) throw new UsageError('GITHUB_EVENT_NAME and GITHUB_EVENT_PATH are not set: run this from a GitHub Actions workflow');
  const [owner, repoName] = fullName.split('/');
  if (!owner || !repoName) throw new UsageError(`GITHUB_REPOSITORY must be owner/name; got "${fullName}"`);
  if (!token) throw new CliError('GITHUB_TOKEN is not set: pass the workflow token (the action does this by default)');
  const payload = JSON.parse(await readFile(path, 'utf8')) as EventPayload;
  const repo = { owner, repo: repoName };
  const octokit = makeOctokit(token, io);
  const log = cliLogger(io);
  const dryRun = values['dry-run'] === true;
  const config = values.config ? await readConfig(values.config) : undefined;
  const identity = await cliIdentity(octokit, io, []);
  const services = commandServices(identity, { dryRun, clock: () => new Date(), config });
  if (dryRun) io.stdout('Dry run: nothing is written.\n');

  if (name === 'issues' || name === 'issue_comment') {
    const number = payload.issue?.number;
    if (typeof number !== 'number') throw new UsageError(`the ${name} event has no issue number`);
    if (payload.issue?.pull_request) {
      io.stdout(`#${number} is a pull request: nothing to do.\n`);
      return EXIT_OK;
    }
    const readEvents = name === 'issues' && ['labeled', 'unlabeled', 'closed', 'reopened'].includes(payload.action ?? '');
    try {
      let result = await reconcileIssue(octokit, { repo, number, readEvents }, services, log);
      // The events listing lagged the issue: nothing was decided; look again a few times.
      for (let again = 0; result.recheckAfterMs !== null && again < EVENT_RECHECKS; again++) {
        await new Promise((resolve) => setTimeout(resolve, result.recheckAfterMs ?? 0));
        result = await reconcileIssue(octokit, { repo, number, readEvents: true }, services, log);
      }
      io.stdout(`#${number}: ${result.outcome}${result.state ? ` (${result.state})` : ''}, ${result.writes} writes.\n`);
      return result.outcome === 'config-error' ? EXIT_FAILED : EXIT_OK;
    } catch (error) {
      io.stderr(`#${number}: failed: ${describeError(error)}. The next event on the issue or the sweep finishes it.\n`);
      return EXIT_FAILED;
    }
  }
  if (name === 'schedule' || name === 'workflow_dispatch') {
    const { loadConfig } = await import('../github/load.js');
    const loaded = config ? { ok: true as const, config } : await loadConfig(octokit, repo, services.files);
    if (!loaded.ok) throw new CliError(`invalid config:\n${loaded.errors.join('\n')}`);
    const report = await sweepRepository(
      octokit,
      repo,
      loaded.config,
      services,
      { now: new Date(), windowHours: 26, concurrency: 4, maxWrites: null },
      log,
    );
    const failed = report.lines.filter((l) => l.error !== null);
    for (const line of failed) io.stderr(`#${line.number}: failed: ${describeError(line.error)}\n`);
    io.stdout(`Swept ${report.candidates} requests; ${report.writes} writes${failed.length ? `; ${failed.length} failed` : ''}.\n`);
    return failed.length > 0 ? EXIT_FAILED : EXIT_OK;
  }
  io.stdout(`Event "${name}" is not one recovery-triage handles: nothing to do.\n`);
  return EXIT_OK;
}
