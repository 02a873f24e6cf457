import { labelNames } from '../github/octokit.js';
import { buildQueueReport, type QueueRequest } from '../queue/report.js';
import { renderQueueTable } from '../queue/render.js';
import { CliError, EXIT_OK, parseCommandArgs, type CliIo, type Command } from './command.js';
import { defaultOctokit, describeError, openRepoSession, type OctokitFactory } from './github-client.js';

const usage = `Usage: recovery-triage report --repo OWNER/NAME [--all] [--json] [--now ISO]

Summarises the queue of recovery requests (issues with the form label): how
many are in each state, the oldest one, and the median age per state and
overall. Ages are days since the issue was opened.

Options:
  --repo OWNER/NAME  repository to report on (required)
  --all              include closed requests (default: open ones only)
  --json             print one JSON object instead of a table
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
    summary: 'Print the request queue: count, oldest and median age per state',
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
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout(usage);
    return EXIT_OK;
  }
  const { repo, now, octokit, config } = await openRepoSession(values, positionals, io, makeOctokit);
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
