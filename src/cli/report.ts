import { DEFAULT_BOT_LOGIN, loadDashboard } from '../github/dashboard.js';
import { labelNames } from '../github/octokit.js';
import { buildQueueReport, type QueueRequest } from '../queue/report.js';
import { renderQueueTable } from '../queue/render.js';
import { CliError, EXIT_OK, UsageError, parseCommandArgs, type CliIo, type Command } from './command.js';
import { defaultOctokit, describeError, openRepoSession, type OctokitFactory } from './github-client.js';

const usage = `Usage: recovery-triage report --repo OWNER/NAME [--all] [--json] [--now ISO]
       recovery-triage report --repo OWNER/NAME --markdown [--bot-login LOGIN] [--now ISO]

Summarises the queue of recovery requests (issues with the form label): how
many are in each state, the oldest one, and the median age per state and
overall. Ages are days since the issue was opened.

With --markdown it prints the queue dashboard instead (the text of the
"Account recovery queue" issue that \`sweep --dashboard\` keeps): open requests
per state and the oldest waiting, requests opened and closed, the median and
90th percentile time to the first maintainer action and to completion over
the last 30 and 90 days, open requests per assignee, and Mermaid charts of the
last 26 weeks. Cost: one listing of the requests changed in those weeks, one
of the open requests not changed since (usually one page), and one read of
comments per open request and per request closed in the last 90 days.
Definitions: docs/dashboard.md.

Options:
  --repo OWNER/NAME  repository to report on (required)
  --all              include closed requests (default: open ones only)
  --json             print one JSON object instead of a table
  --markdown         print the dashboard as Markdown
  --bot-login LOGIN  whose comments are the bot's status comments (repeatable;
                     default: recovery-triage[bot], and github-actions[bot] in
                     GitHub Actions; RECOVERY_TRIAGE_BOT_LOGIN adds more)
  --now ISO          take this time as now (default: the clock)
  -h, --help         show this help

Environment:
  GITHUB_TOKEN       token with issues: read and contents: read (required;
                     report writes nothing, so no write access is needed)

Exit status: 0 done, 2 usage, token, config or API error.
`;

export function createReportCommand(makeOctokit: OctokitFactory = defaultOctokit): Command {
  return {
    name: 'report',
    summary: 'Print the request queue: count, oldest and median age per state, or the Markdown dashboard',
    usage,
    run: (args, io) => report(args, io, makeOctokit),
  };
}

export const reportCommand = createReportCommand();

async function report(args: string[], io: CliIo, makeOctokit: OctokitFactory): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    repo: { type: 'string' },
    all: { type: 'boolean' },
    json: { type: 'boolean' },
    markdown: { type: 'boolean' },
    'bot-login': { type: 'string', multiple: true },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout(usage);
    return EXIT_OK;
  }
  if (values.markdown === true && (values.json === true || values.all === true)) {
    throw new UsageError('--markdown prints the dashboard, which covers open and closed requests: leave out --json and --all');
  }
  if (values.markdown !== true && values['bot-login'] !== undefined) throw new UsageError('--bot-login goes with --markdown');
  const { repo, now, octokit, config } = await openRepoSession(values, positionals, io, makeOctokit);
  if (values.markdown === true) {
    const botLogins = dashboardBotLogins(values['bot-login'] ?? [], io);
    const { markdown } = await loadDashboard(octokit, repo, config, now, { botLogins }).catch((error: unknown) => {
      throw new CliError(`cannot read requests: ${describeError(error)}`);
    });
    io.stdout(markdown);
    return EXIT_OK;
  }
  const scope = values.all === true ? 'all' : 'open';

  const issues = await octokit
    .paginate(octokit.rest.issues.listForRepo, { ...repo, state: scope, labels: config.formLabel, per_page: 100 })
    .catch((error: unknown) => {
      throw new CliError(`cannot list requests: ${describeError(error)}`);
    });
  const requests: QueueRequest[] = issues
    .filter((i) => !i.pull_request)
    .map((i) => ({
      number: i.number,
      createdAt: i.created_at,
      open: i.state === 'open',
      labels: labelNames(i.labels),
    }));

  const result = buildQueueReport(requests, config, now, { repo: `${repo.owner}/${repo.repo}`, scope });
  io.stdout(values.json === true ? `${JSON.stringify(result, null, 2)}\n` : renderQueueTable(result));
  return EXIT_OK;
}

/**
 * Whose comments are status comments: the logins given and RECOVERY_TRIAGE_BOT_LOGIN; with none,
 * recovery-triage[bot] (and github-actions[bot] in GitHub Actions, the app's Action mode).
 */
export function dashboardBotLogins(given: readonly string[], io: CliIo): string[] {
  const logins = [...given, ...(io.env.RECOVERY_TRIAGE_BOT_LOGIN ?? '').split(',')].map((s) => s.trim()).filter(Boolean);
  if (logins.length > 0) return logins;
  return io.env.GITHUB_ACTIONS === 'true' ? [DEFAULT_BOT_LOGIN, 'github-actions[bot]'] : [DEFAULT_BOT_LOGIN];
}
