import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { DestinationStream } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { COMMANDS } from '../commands/registry.js';
import { defaultConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { AccountChecker } from '../github/account.js';
import { PypiClient } from '../evidence/pypi-client.js';
import { seedSandboxEvidence } from './evidence.js';
import { PypiStandIn } from '../standin/pypi/index.js';
import { CONFIG_PATH, loadConfig } from '../github/load.js';
import { createSafeLogger } from '../github/logging.js';
import type { Octokit } from '../github/octokit.js';
import { IssueRunner } from '../github/runner.js';
import { sweepRepository } from '../github/sweep.js';
import { createApp, type RegisteredApp } from '../index.js';
import { GitHubStandIn, HttpError, type CallRecord, type CloseReason, type WebhookDelivery } from '../standin/index.js';
import {
  missingRequired,
  readConfig,
  readForm,
  renderSubmittedBody,
  type Answers,
  type FormResult,
  type FormView,
  type LocatedError,
} from './form.js';
import { renderMarkdown } from './markdown.js';
import { issueDetail, issueSummary, labelChip, type ActivityEntry, type IssueDetail, type IssueSummary, type LabelChip } from './views.js';

/** A sandbox user: who acts in the page, and their role in the repository. */
export interface SandboxUser {
  login: string;
  role: 'requester' | 'admin' | 'maintain' | 'write' | 'triage' | 'read';
  note: string;
}

export interface SandboxOptions {
  /** The repository requests are opened in (default `pypi/support`). */
  repo?: string;
  /** Start of the sandbox clock (default: now). */
  now?: string | Date;
  /** Called with each line the bot logs at warn level or above (the console of `npm run sandbox`). */
  onLog?: (line: LogLine) => void;
}

export interface LogLine {
  /** When, on the sandbox clock (the time the page shows, not the machine's). */
  at: string;
  level: string;
  msg: string;
  /** The request the line is about, when the app named one. */
  issue?: number;
}

export interface FileView {
  path: string;
  text: string;
  /** The bot's errors for this text, located in it; empty when it is valid. */
  errors: LocatedError[];
  /** The form path has no file: the bot uses its bundled form. */
  bundled?: boolean;
}

export interface SandboxState {
  repo: string;
  now: string;
  botLogin: string;
  users: readonly SandboxUser[];
  issues: IssueSummary[];
  labels: LabelChip[];
  form: FormView | null;
  files: { config: FileView; form: FileView };
  activity: ActivityEntry[];
  /** The bot's `/recovery` commands, for the comment box. */
  commands: { usage: string; summary: string; who: string }[];
}

export class SandboxError extends Error {
  override name = 'SandboxError';
  constructor(
    readonly status: number,
    message: string,
    readonly details: LocatedError[] | string[] = [],
  ) {
    super(message);
  }
}

const DAY_MS = 86_400_000;
const MAX_DAYS = 365;
const MAX_ACTIVITY = 300;
const MAX_LOG = 400;
const MAX_CALLS = 5000;
const APP_ID = 4242;
const INSTALLATION_ID = 7;

/** The bundled form, as the project ships it (two levels above src/sandbox and lib/sandbox). */
const BUNDLED_FORM = new URL('../../.github/ISSUE_TEMPLATE/account-recovery.yml', import.meta.url);

export const STARTER_CONFIG = `# .github/recovery-triage.yml: every key is optional (docs/config.md lists them all).
# Change a text, a label or a timer, save, and open or edit a request to see the bot use it.
timers:
  # Days of silence before a reminder, then days after it before closing as not planned.
  incomplete:
    remindAfterDays: 7
    closeAfterDays: 7
  awaiting-requester:
    remindAfterDays: 7
    closeAfterDays: 7
# Public evidence for maintainers (docs/evidence.md), from the sandbox's own PyPI stand-in:
# open a request for the PyPI username \`requester-pypi\` to see it.
evidence:
  enabled: true
# What each request is about: the first kind whose rules match the reason wins, the rest get
# defaultKind. Try a reason like "I lost access to my e-mail", "our organization request is
# pending", "perdi meu autenticador" or "please help ASAP". A maintainer corrects a kind with
# /recovery kind <id>. Delete \`kinds\` and \`defaultKind\` to use the six default kinds.
kinds:
  - id: email
    label: "kind: e-mail"
    match:
      words: [lost access to my email, lost access to my e-mail, unverified email, perdi o acesso ao meu e-mail, 邮箱无法]
    nextSteps: "Please write to {supportContact} from the address you want on the account, and mention {issue}."
  - id: organization
    label: "kind: organization"
    match:
      patterns: ['organi[sz]ation\\b.{0,40}\\b(request|approv|pending)']
    action: redirect
    nextSteps: "Requests about organizations are answered elsewhere, so this issue is closed. Comment if you meant a personal account."
  - id: second-factor
    match:
      words: [2fa, authenticator, autenticador, security key, recovery code*, 验证器]
    nextSteps: "An admin will start a recovery: {platform} e-mails the address on the account; answer it from there."
defaultKind: second-factor
contacts:
  support: the support address
language:
  # The team's language; requests in another one get a \`language: xx\` label and a note.
  team: en
urgency:
  # Posted once to a request that asks for priority.
  text: "Requests are handled in the order they arrive; asking for priority does not change a request's place in the queue."
`;

/** The people of the sandbox repository, and their roles. */
export const SANDBOX_USERS: readonly SandboxUser[] = [
  { login: 'requester', role: 'requester', note: 'opens requests; no rights in the repository' },
  { login: 'alice', role: 'maintain', note: 'maintainer: may run /recovery commands' },
  { login: 'bob', role: 'triage', note: 'triager: may run /recovery commands (the default minimum)' },
  { login: 'mallory', role: 'read', note: 'anyone else: commands are refused' },
];

/** Octokit without retries or throttling: the stand-in has no rate limits worth waiting for. */
const SandboxOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { ...(options.retry as object), enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

/**
 * The platform's profile pages, as the account check sees them, without the network: every
 * username exists except those starting with `no-such-`.
 */
const sandboxProfiles: typeof fetch = async (input) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  const name = decodeURIComponent(url.replace(/\/+$/, '').split('/').pop() ?? '');
  return new Response(null, { status: name.toLowerCase().startsWith('no-such-') ? 404 : 200 });
};

const LEVELS: Record<number, string> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };

/**
 * One sandbox: the project's GitHub stand-in on loopback, with one repository and a few users,
 * and the real app (createApp: the same handlers, core and reconciliation) loaded in Probot
 * against it. People's actions go through the stand-in's actors; every webhook delivery the
 * stand-in would send (the bot's own writes included) is handed to Probot, and each action
 * returns once the bot has finished. Nothing here talks to GitHub.
 */
export class Sandbox {
  readonly gh: GitHubStandIn;
  readonly repo: string;
  readonly users = SANDBOX_USERS;
  readonly #probot: Probot;
  readonly #app: RegisteredApp;
  readonly #pending: WebhookDelivery[] = [];
  readonly #activity: ActivityEntry[] = [];
  readonly #log: LogLine[];
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;
  #pypi: PypiStandIn | null = null;

  private constructor(gh: GitHubStandIn, repo: string, probot: Probot, app: RegisteredApp, log: LogLine[]) {
    this.gh = gh;
    this.repo = repo;
    this.#probot = probot;
    this.#app = app;
    this.#log = log;
    gh.onWebhook((delivery) => this.#pending.push(delivery));
  }

  static async create(options: SandboxOptions = {}): Promise<Sandbox> {
    const repo = options.repo ?? 'pypi/support';
    const gh = new GitHubStandIn({ now: options.now ?? new Date(), appId: APP_ID, appSlug: 'recovery-triage', appName: 'recovery-triage' });
    gh.addRepo(repo, {
      installationId: INSTALLATION_ID,
      files: { [CONFIG_PATH]: STARTER_CONFIG, [defaultConfig().form]: readFileSync(BUNDLED_FORM, 'utf8') },
      labels: [{ name: defaultConfig().formLabel, color: '0075ca', description: 'Opened with the account-recovery form' }],
      permissions: Object.fromEntries(SANDBOX_USERS.filter((u) => u.role !== 'requester').map((u) => [u.login, u.role])),
    });
    await gh.listen(0, '127.0.0.1');
    // PyPI too, on loopback: the evidence section and `/recovery branch` work in the sandbox.
    const pypi = new PypiStandIn();
    await pypi.listen(0, '127.0.0.1');
    seedSandboxEvidence(gh, pypi);
    const log: LogLine[] = [];
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    const probot = new Probot({
      appId: APP_ID,
      privateKey,
      Octokit: SandboxOctokit,
      baseUrl: gh.url,
      log: createSafeLogger({ level: 'info', stream: logStream(log, options.onLog, () => new Date(gh.clock.nowMs()).toISOString()) }),
    });
    let registered: RegisteredApp | undefined;
    await probot.load(
      createApp({
        // Not the environment's REDIS_URL or DRY_RUN: the sandbox shares nothing with a real deployment.
        runner: new IssueRunner(),
        redisUrl: '',
        resyncMinutes: 0,
        redeliverMinutes: 0,
        dryRun: false,
        accounts: new AccountChecker(sandboxProfiles),
        pypi: new PypiClient(pypi.fetchFor('https://pypi.org')),
        clock: () => new Date(gh.clock.nowMs()),
        retryDelaysMs: [],
        deadlineMs: 60_000,
        onRegistered: (r) => (registered = r),
      }),
    );
    if (!registered) throw new Error('recovery-triage sandbox: the app did not register');
    const sandbox = new Sandbox(gh, repo, probot, registered, log);
    sandbox.#pypi = pypi;
    return sandbox;
  }

  get now(): string {
    return this.gh.clock.now();
  }

  // -------------------------------------------------------------------------------------------
  // Reading

  /** The config as the bot reads it now (the defaults while the file is invalid). */
  config(): Config {
    const text = this.gh.file(this.repo, CONFIG_PATH);
    if (text === undefined) return defaultConfig();
    const checked = readConfig(text, CONFIG_PATH);
    return checked.ok ? checked.config : defaultConfig();
  }

  formPath(): string {
    return this.config().form;
  }

  /** The repository's form (the bundled one when its file is missing). */
  form(): FormResult {
    const path = this.formPath();
    const text = this.gh.file(this.repo, path) ?? readFileSync(BUNDLED_FORM, 'utf8');
    return readForm(text, path);
  }

  state(): SandboxState {
    const config = this.config();
    const configText = this.gh.file(this.repo, CONFIG_PATH);
    const configCheck = configText === undefined ? null : readConfig(configText, CONFIG_PATH);
    const formPath = config.form;
    const formText = this.gh.file(this.repo, formPath);
    const form = this.form();
    return {
      repo: this.repo,
      now: this.now,
      botLogin: this.gh.botLogin,
      users: this.users,
      issues: this.gh
        .issues(this.repo)
        .map((issue) => issueSummary(this.gh, this.repo, issue, config))
        .sort((a, b) => b.number - a.number),
      labels: this.gh.labels(this.repo).map(labelChip),
      form: form.ok ? form.view : null,
      files: {
        config: { path: CONFIG_PATH, text: configText ?? '', errors: configCheck && !configCheck.ok ? configCheck.errors : [] },
        form: {
          path: formPath,
          text: formText ?? readFileSync(BUNDLED_FORM, 'utf8'),
          errors: form.ok ? [] : form.errors,
          bundled: formText === undefined,
        },
      },
      activity: this.#activity.slice(-50),
      commands: Object.values(COMMANDS).map((c) => ({ usage: c.usage, summary: c.summary, who: c.who })),
    };
  }

  issue(number: number): IssueDetail {
    this.#issueRecord(number);
    return issueDetail(this.gh, this.repo, number, this.config(), this.#activity);
  }

  log(): LogLine[] {
    return [...this.#log];
  }

  // -------------------------------------------------------------------------------------------
  // Acting, as people do on GitHub

  /** Submits the repository's form: the body GitHub would write from these answers. */
  openIssue(input: { as: string; title: string; answers: Answers; skipRequired?: boolean }): Promise<{ number: number; body: string }> {
    return this.#exclusive(`opened a request`, input.as, null, async () => {
      this.#user(input.as);
      const form = this.form();
      if (!form.ok) throw new SandboxError(409, 'The repository form is invalid: fix it under "Form & config" first', form.errors);
      const missing = input.skipRequired === true ? [] : missingRequired(form.view, input.answers);
      if (missing.length > 0) throw new SandboxError(422, 'GitHub does not submit the form while required fields are empty', missing);
      const title = input.title.trim();
      if (title === '') throw new SandboxError(422, 'An issue needs a title');
      const body = renderSubmittedBody(form.view, input.answers);
      const [opened] = this.#act(() => this.gh.as(input.as).openIssue(this.repo, { title, body, labels: form.view.labels }));
      const number = opened?.payload.issue.number ?? 0;
      return { result: { number, body }, issue: number };
    });
  }

  /** What the form would submit, without opening anything. */
  preview(answers: Answers): { body: string; html: string; missing: string[] } {
    const form = this.form();
    if (!form.ok) throw new SandboxError(409, 'The repository form is invalid', form.errors);
    const body = renderSubmittedBody(form.view, answers);
    // Rendered and sanitized as the issue page renders bodies.
    return { body, html: renderMarkdown(body), missing: missingRequired(form.view, answers) };
  }

  editBody(number: number, as: string, body: string): Promise<void> {
    return this.#exclusive('edited the body', as, number, async () => {
      this.#user(as);
      this.#issueRecord(number);
      this.#act(() => this.gh.as(as).editBody(this.repo, number, body));
      return { result: undefined, issue: number };
    });
  }

  comment(number: number, as: string, body: string): Promise<void> {
    return this.#exclusive('commented', as, number, async () => {
      this.#user(as);
      this.#issueRecord(number);
      if (body.trim() === '') throw new SandboxError(422, 'A comment cannot be empty');
      this.#act(() => this.gh.as(as).comment(this.repo, number, body));
      return { result: undefined, issue: number };
    });
  }

  addLabel(number: number, as: string, name: string): Promise<void> {
    return this.#exclusive(`added the label "${name}"`, as, number, async () => {
      this.#user(as);
      this.#issueRecord(number);
      if (name.trim() === '') throw new SandboxError(422, 'A label needs a name');
      this.#act(() => this.gh.as(as).addLabels(this.repo, number, [name.trim()]));
      return { result: undefined, issue: number };
    });
  }

  removeLabel(number: number, as: string, name: string): Promise<void> {
    return this.#exclusive(`removed the label "${name}"`, as, number, async () => {
      this.#user(as);
      this.#issueRecord(number);
      this.#act(() => this.gh.as(as).removeLabel(this.repo, number, name));
      return { result: undefined, issue: number };
    });
  }

  closeIssue(number: number, as: string, reason: CloseReason): Promise<void> {
    return this.#exclusive(`closed the issue as ${reason === 'not_planned' ? 'not planned' : 'completed'}`, as, number, async () => {
      this.#user(as);
      this.#issueRecord(number);
      this.#act(() => this.gh.as(as).close(this.repo, number, reason));
      return { result: undefined, issue: number };
    });
  }

  reopenIssue(number: number, as: string): Promise<void> {
    return this.#exclusive('reopened the issue', as, number, async () => {
      this.#user(as);
      this.#issueRecord(number);
      this.#act(() => this.gh.as(as).reopen(this.repo, number));
      return { result: undefined, issue: number };
    });
  }

  /**
   * Lets days pass as a daily sweep would see them: each day the clock moves on one day and the
   * sweep (reminders, closes, missed events) runs as it does in production, with the app's runner.
   */
  passDays(days: number): Promise<{ now: string; sweeps: { at: string; lines: string[] }[] }> {
    return this.#exclusive(`let ${days} ${days === 1 ? 'day' : 'days'} pass`, 'sandbox', null, async () => {
      if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
        throw new SandboxError(422, `Days must be a whole number from 1 to ${MAX_DAYS}`);
      const sweeps: { at: string; lines: string[] }[] = [];
      const octokit = (await this.#probot.auth(INSTALLATION_ID)) as unknown as Octokit;
      const [owner = '', name = ''] = this.repo.split('/');
      const repo = { owner, repo: name };
      for (let day = 0; day < days; day++) {
        this.gh.clock.advance(DAY_MS);
        const at = this.now;
        const loaded = await loadConfig(octokit, repo, this.#app.services.files);
        if (!loaded.ok) {
          sweeps.push({ at, lines: ['sweep skipped: the config is invalid'] });
          continue;
        }
        const report = await sweepRepository(
          octokit,
          repo,
          loaded.config,
          this.#app.services,
          { now: new Date(this.gh.clock.nowMs()), windowHours: 26, concurrency: 2, maxWrites: null, runner: this.#app.runner },
          this.#probot.log,
        );
        const lines = report.lines.flatMap((line) => {
          if (line.error !== null) return [`#${line.number}: failed: ${describe(line.error)}`];
          const result = line.result;
          if (result === null || result.outcome !== 'reconciled' || (result.writes === 0 && result.summary.length === 0)) return [];
          const did = result.summary.length > 0 ? result.summary.join(', ') : 'reconciled';
          return [`#${line.number} ${result.state ?? '(no state)'}: ${did}`];
        });
        if (lines.length > 0) sweeps.push({ at, lines });
        await this.#drain();
      }
      return {
        result: { now: this.now, sweeps },
        issue: null,
        notes: sweeps.flatMap((s) => s.lines.map((l) => `${s.at.slice(0, 10)} sweep: ${l}`)),
      };
    });
  }

  /**
   * Writes the config or the form to the repository as a maintainer's push (the bot drops what it
   * cached of them), after checking it with the bot's own validation. An invalid file is refused
   * unless `force` (to watch the bot report it); an empty config removes the file (defaults).
   */
  saveFile(
    kind: 'config' | 'form',
    text: string,
    options: { force?: boolean; dryRun?: boolean } = {},
  ): Promise<{ path: string; errors: LocatedError[]; saved: boolean }> {
    return this.#exclusive(`saved ${kind === 'config' ? 'the config' : 'the form'}`, 'alice', null, async () => {
      const path = kind === 'config' ? CONFIG_PATH : this.formPath();
      const empty = text.trim() === '';
      let errors: LocatedError[] = [];
      if (kind === 'config' && !empty) {
        const checked = readConfig(text, path);
        if (!checked.ok) errors = checked.errors;
      }
      if (kind === 'form') {
        if (empty) throw new SandboxError(422, 'The form cannot be empty (the bot would fall back to its bundled form)');
        const checked = readForm(text, path);
        if (!checked.ok) errors = checked.errors;
      }
      const save = options.dryRun !== true && (errors.length === 0 || options.force === true);
      if (save) {
        this.#act(() => [this.gh.pushFiles(this.repo, { [path]: empty ? null : text }, 'alice', `Update ${path}`)]);
      }
      return { result: { path, errors, saved: save }, issue: null, skipLog: !save };
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.catch(() => undefined);
    await this.#app.idle();
    await this.gh.close();
    await this.#pypi?.close();
  }

  // -------------------------------------------------------------------------------------------

  #user(login: string): SandboxUser {
    const user = this.users.find((u) => u.login === login);
    if (!user) throw new SandboxError(422, `Unknown sandbox user "${login}"`);
    return user;
  }

  #issueRecord(number: number): void {
    if (!Number.isInteger(number) || !this.gh.issues(this.repo).some((i) => i.number === number)) {
      throw new SandboxError(404, `No issue #${number} in the sandbox`);
    }
  }

  /** Runs an actor call, turning the stand-in's validation errors into answers for the page. */
  #act<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      if (error instanceof HttpError)
        throw new SandboxError(error.status === 404 ? 404 : 422, `GitHub would refuse this: ${error.message}`);
      throw error;
    }
  }

  /**
   * One action at a time: runs it, hands every webhook delivery it caused to the app, waits for
   * the bot to finish, and records what happened (the bot's API writes included).
   */
  #exclusive<T>(
    what: string,
    actor: string,
    issueHint: number | null,
    fn: () => Promise<{ result: T; issue: number | null; notes?: string[]; skipLog?: boolean }>,
  ): Promise<T> {
    const run = this.#queue.then(async () => {
      if (this.#closed) throw new SandboxError(410, 'This sandbox was reset');
      const callsBefore = this.gh.calls.length;
      const at = this.now;
      const outcome = await fn();
      await this.#drain();
      const calls = this.gh.calls.slice(callsBefore);
      if (outcome.skipLog !== true) {
        this.#record({
          at,
          actor,
          what,
          issue: outcome.issue ?? issueHint,
          notes: outcome.notes ?? [],
          bot: describeCalls(calls),
        });
      }
      if (this.gh.calls.length > MAX_CALLS) this.gh.calls.splice(0, this.gh.calls.length - MAX_CALLS);
      return outcome.result;
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #record(entry: ActivityEntry): void {
    this.#activity.push(entry);
    if (this.#activity.length > MAX_ACTIVITY) this.#activity.splice(0, this.#activity.length - MAX_ACTIVITY);
  }

  /** Delivers what the stand-in sent, as GitHub does, until the bot's own writes send nothing new. */
  async #drain(): Promise<void> {
    for (let round = 0; round < 25 && this.#pending.length > 0; round++) {
      const batch = this.#pending.splice(0);
      await Promise.allSettled(batch.map((d) => this.#probot.receive({ id: d.id, name: d.name, payload: d.payload } as never)));
      await this.#app.idle();
    }
    this.#pending.length = 0;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.message.split('\n')[0]?.slice(0, 200) ?? '') : String(error);
}

const WRITE_NAMES: [RegExp, string][] = [
  [/^POST \/repos\/\{owner\}\/\{repo\}\/labels$/, 'created a label'],
  [/^PATCH \/repos\/\{owner\}\/\{repo\}\/labels\/\{name\}$/, 'updated a label'],
  [/^POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/labels$/, 'added a label'],
  [/^PUT \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/labels$/, 'set the labels'],
  [/^DELETE \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/labels\/\{name\}$/, 'removed a label'],
  [/^POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/comments$/, 'commented'],
  [/^PATCH \/repos\/\{owner\}\/\{repo\}\/issues\/comments\/\{comment_id\}$/, 'edited a comment'],
  [/^DELETE \/repos\/\{owner\}\/\{repo\}\/issues\/comments\/\{comment_id\}$/, 'deleted a comment'],
  [/^POST \/repos\/\{owner\}\/\{repo\}\/issues\/comments\/\{comment_id\}\/reactions$/, 'reacted'],
  [/^PATCH \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}$/, 'updated the issue'],
  [/^POST \/repos\/\{owner\}\/\{repo\}\/issues$/, 'opened an issue'],
  [/^POST \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/assignees$/, 'assigned'],
  [/^DELETE \/repos\/\{owner\}\/\{repo\}\/issues\/\{issue_number\}\/assignees$/, 'unassigned'],
];

/** The bot's API calls during an action, as a short list of what it did (writes) and how much it read. */
export function describeCalls(calls: readonly CallRecord[]): { did: string[]; reads: number; writes: number } {
  const did: string[] = [];
  let reads = 0;
  let writes = 0;
  for (const call of calls) {
    if (call.route.includes(' /app/')) continue;
    if (call.method === 'GET' || call.method === 'HEAD') {
      reads++;
      continue;
    }
    writes++;
    const name = WRITE_NAMES.find(([pattern]) => pattern.test(call.route))?.[1] ?? call.route;
    did.push(call.status >= 400 ? `${name} (failed: ${call.status})` : name);
  }
  return { did, reads, writes };
}

/** Probot's log lines, kept for the page (already redacted by the safe logger). */
function logStream(lines: LogLine[], onLog: SandboxOptions['onLog'], now: () => string): DestinationStream {
  return {
    write(text: string) {
      for (const raw of text.split('\n')) {
        if (raw.trim() === '') continue;
        let entry: LogLine;
        try {
          const parsed = JSON.parse(raw) as { level?: number; msg?: string; issue?: unknown };
          entry = {
            at: now(),
            level: LEVELS[parsed.level ?? 30] ?? 'info',
            msg: parsed.msg ?? '',
            ...(typeof parsed.issue === 'number' && Number.isSafeInteger(parsed.issue) && parsed.issue > 0 ? { issue: parsed.issue } : {}),
          };
        } catch {
          entry = { at: now(), level: 'info', msg: raw };
        }
        lines.push(entry);
        if (lines.length > MAX_LOG) lines.splice(0, lines.length - MAX_LOG);
        if (onLog && (entry.level === 'warn' || entry.level === 'error' || entry.level === 'fatal')) onLog(entry);
      }
    },
  };
}
