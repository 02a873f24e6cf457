import { withAccount } from '../checks/account.js';
import { checkRequest } from '../checks/validate.js';
import type { Config } from '../config/schema.js';
import type { FormTemplate } from '../form/schema.js';
import { applyPlan } from '../github/apply.js';
import { loadForm } from '../github/load.js';
import { labelNames, type Logger, type Octokit, type RepoRef } from '../github/octokit.js';
import { decideTimer, timedStates, timerOf, type TimerDecision, type TimerFacts } from '../timers/decide.js';
import { statusCommentIn } from '../comment/data.js';
import { timerFacts } from '../timers/facts.js';
import { startDraft } from '../triage/draft.js';
import { finish } from '../triage/finish.js';
import type { TriageInput } from '../triage/request.js';
import { onTimer } from '../triage/timer-event.js';
import { CliError, EXIT_FAILED, EXIT_OK, parseCommandArgs, type CliIo, type Command } from './command.js';
import { cliLogger, defaultOctokit, describeError, openRepoSession, type OctokitFactory } from './github-client.js';

const usage = `Usage: recovery-triage sweep --repo OWNER/NAME [--dry-run] [--now ISO]

Runs the timers of open requests that wait for the requester (by default
incomplete and awaiting-requester): after the configured days without a reply
the requester is reminded once, and after more days the request is closed as
not planned. Prints one line per request. Run it daily, e.g. from a scheduled
GitHub Actions workflow; running it twice does no harm.

Options:
  --repo OWNER/NAME  repository to sweep (required)
  --dry-run          print the decisions, write nothing
  --now ISO          take this time as now (default: the clock)
  -h, --help         show this help

Environment:
  GITHUB_TOKEN       token with issues: write and contents: read (required)

Exit status: 0 done, 1 some requests failed (see stderr), 2 usage, token,
config or form error.
`;

/** Who the audit trail names for timer moves. */
const TIMER_ACTOR = 'recovery-triage sweep';

/** The command, with the client factory tests replace. */
export function createSweepCommand(makeOctokit: OctokitFactory = defaultOctokit): Command {
  return {
    name: 'sweep',
    summary: 'Remind silent requesters and close requests that stay silent',
    usage,
    run: (args, io) => sweep(args, io, makeOctokit),
  };
}

export const sweepCommand = createSweepCommand();

interface Sweep {
  octokit: Octokit;
  repo: RepoRef;
  config: Config;
  template: FormTemplate;
  now: Date;
  dryRun: boolean;
  io: CliIo;
  log: Logger;
}

/** A request as the issue list returns it. */
interface ListedIssue {
  number: number;
  created_at: string;
  body?: string | null;
  user: { login: string } | null;
  labels: (string | { name?: string })[];
  pull_request?: unknown;
}

type Outcome = TimerDecision['action'] | 'skipped';

async function sweep(args: string[], io: CliIo, makeOctokit: OctokitFactory): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    repo: { type: 'string' },
    'dry-run': { type: 'boolean' },
    now: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout(usage);
    return EXIT_OK;
  }
  const { repo, now, octokit, config } = await openRepoSession(values, positionals, io, makeOctokit);
  const log = cliLogger(io);
  const template = await loadForm(octokit, repo, config.form, log).catch((error: unknown) => {
    throw new CliError(`cannot read the issue form ${config.form}: ${describeError(error)}`);
  });
  if (template === null) throw new CliError(`the issue form ${config.form} is invalid; nothing was swept`);
  const run: Sweep = { octokit, repo, config, template, now, dryRun: values['dry-run'] === true, io, log };

  const issues = await listTimedRequests(run).catch((error: unknown) => {
    throw new CliError(`cannot list requests: ${describeError(error)}`);
  });
  if (run.dryRun) io.stdout('Dry run: nothing is written.\n');
  const counts = new Map<Outcome | 'failed', number>();
  for (const issue of issues) {
    let outcome: Outcome | 'failed';
    try {
      outcome = await sweepOne(run, issue);
    } catch (error) {
      // One broken request must not keep the others from their timers.
      io.stderr(`#${issue.number}: failed: ${describeError(error)}\n`);
      outcome = 'failed';
    }
    counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  io.stdout(summary(issues.length, counts, run.dryRun));
  return counts.has('failed') ? EXIT_FAILED : EXIT_OK;
}

/** Open requests carrying a timed state's label: one listing per timed state, not every issue. */
async function listTimedRequests({ octokit, repo, config }: Sweep): Promise<ListedIssue[]> {
  const found = new Map<number, ListedIssue>();
  for (const state of timedStates(config)) {
    const listed = await octokit.paginate(octokit.rest.issues.listForRepo, {
      ...repo,
      state: 'open',
      labels: config.labels[state].name,
      per_page: 100,
    });
    for (const issue of listed) {
      // An issue with two timed labels is listed twice; the bot's request rules apply once.
      if (!issue.pull_request && hasLabel(issue, config.formLabel)) found.set(issue.number, issue);
    }
  }
  return [...found.values()].sort((a, b) => a.number - b.number);
}

async function sweepOne(run: Sweep, issue: ListedIssue): Promise<Outcome> {
  const { octokit, repo, config, template, io } = run;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issue.number, per_page: 100 });
  const author = issue.user?.login ?? 'ghost';
  const input: TriageInput = {
    config,
    template,
    request: {
      number: issue.number,
      author,
      open: true,
      labels: labelNames(issue.labels),
      body: issue.body ?? null,
      status: statusCommentIn(comments),
    },
  };
  const draft = startDraft(input);
  const timer = timerOf(config, draft.state);
  if (timer === null) {
    io.stdout(`#${issue.number} ${draft.state ?? '(no state)'}: skipped (no timer in this state)\n`);
    return 'skipped';
  }
  const events = await octokit.paginate(octokit.rest.issues.listEvents, { ...repo, issue_number: issue.number, per_page: 100 });
  const facts = timerFacts({
    comments,
    events,
    author,
    state: timer.state,
    labelName: config.labels[timer.state].name,
    data: draft.data,
    createdAt: new Date(issue.created_at),
  });
  const decision = decideTimer(timer.settings, facts, run.now);
  io.stdout(`${decisionLine(issue.number, timer.state, facts, decision)}\n`);
  if (decision.action === 'wait' || run.dryRun) return decision.action;

  const next = onTimer(
    input,
    draft,
    { step: decision.action, settings: timer.settings, since: decision.since.toISOString() },
    { login: TIMER_ACTOR, at: run.now.toISOString() },
  );
  // The account verdict stays part of the checks, so the status comment keeps its problems.
  const check = withAccount(checkRequest(template, input.request.body, config.username), next.data.account, config, template);
  const plan = finish(input, next, check);
  await applyPlan(octokit, repo, issue.number, plan, config, run.log);
  return decision.action;
}

/** e.g. `#12 incomplete: remind (label set 2026-11-01, no requester reply; due 2026-11-08 10:00 UTC)` */
function decisionLine(number: number, state: string, facts: TimerFacts, decision: TimerDecision): string {
  const details = [
    `label set ${day(facts.labelSetAt)}`,
    facts.requesterRepliedAt === null ? 'no requester reply' : `requester replied ${day(facts.requesterRepliedAt)}`,
    ...(decision.reminded === null ? [] : [`reminded ${day(decision.reminded)}`]),
  ].join(', ');
  const due =
    decision.dueAt === null ? 'closing is off' : `${decision.action === 'wait' ? `${decision.step} ` : ''}due ${minute(decision.dueAt)}`;
  return `#${number} ${state}: ${decision.action} (${details}; ${due})`;
}

function summary(total: number, counts: Map<Outcome | 'failed', number>, dryRun: boolean): string {
  const names: [Outcome | 'failed', string][] = dryRun
    ? [
        ['remind', 'to remind'],
        ['close', 'to close'],
        ['wait', 'waiting'],
        ['skipped', 'skipped'],
        ['failed', 'failed'],
      ]
    : [
        ['remind', 'reminded'],
        ['close', 'closed'],
        ['wait', 'waiting'],
        ['skipped', 'skipped'],
        ['failed', 'failed'],
      ];
  const parts = names.filter(([key]) => counts.has(key)).map(([key, name]) => `${counts.get(key)} ${name}`);
  return `${total} ${total === 1 ? 'request' : 'requests'} in timed states${parts.length > 0 ? `: ${parts.join(', ')}` : ''}.\n`;
}

function hasLabel(issue: ListedIssue, name: string): boolean {
  return labelNames(issue.labels).some((l) => l.toLowerCase() === name.toLowerCase());
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function minute(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
