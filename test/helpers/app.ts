import nock from 'nock';
import { Probot } from 'probot';
import { createApp, type AppOptions, type RegisteredApp } from '../../src/index.js';
import { GitHubStandIn, type StandInOptions, type WebhookDelivery } from '../../src/standin/index.js';
import { formBody } from './bodies.js';
import { APP_ID, captureLogger, PRIVATE_KEY, TestOctokit, type LogLine } from './probot.js';

export const REPO = 'pypi/support';
export const INSTALLATION = 2;
export const REQUESTER = 'requester';
export const MAINTAINER = 'alice';
export const BYSTANDER = 'mallory';

export interface AppHarness {
  gh: GitHubStandIn;
  probot: Probot;
  app: RegisteredApp;
  logs: LogLine[];
  /** Delivers each webhook through Probot, one after the other, and waits for the runs. */
  deliver(deliveries: readonly WebhookDelivery[]): Promise<void>;
  /** Delivers all at once (as GitHub does for a form's opened + labeled). */
  deliverAtOnce(deliveries: readonly WebhookDelivery[]): Promise<PromiseSettledResult<void>[]>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  standIn?: StandInOptions;
  app?: AppOptions;
  files?: Record<string, string>;
  /** Create the state labels up front (a repository that already has them). */
  labels?: boolean;
}

/**
 * The real app (real Probot, real handlers) against the in-memory GitHub stand-in on loopback.
 * Nothing leaves the machine: nock refuses every connection but loopback.
 */
export async function startApp(options: HarnessOptions = {}): Promise<AppHarness> {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const gh = new GitHubStandIn({ now: '2026-11-20T10:00:00Z', appId: APP_ID, appSlug: 'recovery-triage', ...options.standIn });
  gh.addRepo(REPO, {
    installationId: INSTALLATION,
    files: options.files,
    permissions: { [MAINTAINER]: 'maintain', bob: 'triage', [BYSTANDER]: 'read' },
    labels: options.labels ? STATE_LABELS.map((name) => ({ name, color: 'ededed' })) : [],
  });
  await gh.listen();
  const logs: LogLine[] = [];
  const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: TestOctokit, baseUrl: gh.url, log: captureLogger(logs) });
  let registered: RegisteredApp | undefined;
  await probot.load(
    createApp({
      retryDelaysMs: [],
      deadlineMs: 60_000,
      clock: () => new Date(gh.clock.now()),
      ...options.app,
      onRegistered: (r) => (registered = r),
    }),
  );
  if (!registered) throw new Error('app not registered');
  const app = registered;
  const receive = (d: WebhookDelivery) => probot.receive({ id: d.id, name: d.name, payload: d.payload } as never);
  return {
    gh,
    probot,
    app,
    logs,
    async deliver(deliveries) {
      for (const d of deliveries) await receive(d);
      await app.idle();
    },
    async deliverAtOnce(deliveries) {
      const settled = await Promise.allSettled(deliveries.map(receive));
      await app.idle();
      return settled as PromiseSettledResult<void>[];
    },
    async close() {
      await app.idle();
      await gh.close();
      nock.cleanAll();
      nock.enableNetConnect();
    },
  };
}

export const STATE_LABELS = [
  'recovery: incomplete',
  'recovery: triage',
  'recovery: awaiting-requester',
  'recovery: verifying',
  'recovery: completed',
  'recovery: denied',
  'recovery: duplicate',
];

/** A request opened through the form (opened + labeled), as the requester. */
export function openRequest(gh: GitHubStandIn, body = formBody(), login = REQUESTER): WebhookDelivery[] {
  return gh.as(login).openIssue(REPO, { title: 'Account recovery request', body, labels: ['account-recovery'] });
}

/** What a person sees of a request: labels, open or closed, the bot's comments. */
export function snapshot(gh: GitHubStandIn, number: number) {
  const issue = gh.issue(REPO, number);
  const comments = gh.comments(REPO, number);
  const bot = comments.filter((c) => c.user === 'recovery-triage[bot]');
  const status = bot.filter((c) => c.body.includes('<!-- recovery-triage:status -->'));
  return {
    state: issue.state,
    stateReason: issue.state_reason,
    labels: [...issue.labels].sort(),
    stateLabels: issue.labels.filter((l) => l.startsWith('recovery: ') && STATE_LABELS.includes(l)),
    statusComments: status.length,
    status: status[0]?.body ?? null,
    replies: bot.filter((c) => !c.body.includes('<!-- recovery-triage:status -->')).map((c) => c.body),
    comments,
  };
}
