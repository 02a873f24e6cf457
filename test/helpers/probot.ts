import { generateKeyPairSync } from 'node:crypto';
import nock from 'nock';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import app from '../../src/index.js';

// One real RSA key for the whole run: Probot signs a real JWT for the token exchange.
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});

export const PRIVATE_KEY = privateKey;
export const APP_ID = 123;
export const INSTALLATION_ID = 2;
export const API = 'https://api.github.com';

/**
 * Retries and throttling off, as a function: Probot 14 merges its own throttle options over an
 * object form, which would leave throttling on and make every write wait.
 */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { ...(options.retry as object), enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

export interface LogLine {
  level: string;
  msg: string;
  data: unknown;
}

/** A Probot instance with the app loaded and its log lines captured. */
export function createProbot(): { probot: Probot; logs: LogLine[] } {
  const logs: LogLine[] = [];
  const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: TestOctokit, log: captureLogger(logs) });
  void probot.load(app);
  return { probot, logs };
}

/** A real pino logger whose JSON lines are kept in memory for assertions. */
export function captureLogger(lines: LogLine[]): Probot['log'] {
  return pino(
    { level: 'trace', formatters: { level: (label) => ({ level: label }) } },
    {
      write(line: string) {
        const { level, msg, ...data } = JSON.parse(line) as { level: string; msg?: string };
        lines.push({ level, msg: msg ?? '', data });
      },
    },
  );
}

/** The installation token exchange every fresh Probot makes first. */
export function mockToken(): nock.Scope {
  return nock(API)
    .post(`/app/installations/${INSTALLATION_ID}/access_tokens`)
    .reply(200, { token: 'test-token', permissions: { issues: 'write', metadata: 'read', contents: 'read' } });
}

export interface ReadMocks {
  owner?: string;
  repo?: string;
  issue?: number;
  /** YAML text of .github/recovery-triage.yml; absent → 404 in the repo and the org's .github repo. */
  config?: string;
  /** YAML text of the repo's issue form; absent → 404 (bundled form used). */
  form?: string;
  /** Existing comments on the issue. */
  comments?: { id: number; body: string; user: { login: string; type: string } }[];
}

/** The reads the bot makes for any event on a request: config, form, comments. */
export function mockReads(options: ReadMocks = {}): nock.Scope {
  const { owner = 'pypi', repo = 'support' } = options;
  const scope = nock(API);
  const configPath = `/repos/${owner}/${repo}/contents/${encodeURIComponent('.github/recovery-triage.yml')}`;
  if (options.config !== undefined) {
    scope.get(configPath).reply(200, options.config, { 'content-type': 'text/plain; charset=utf-8' });
  } else {
    scope.get(configPath).reply(404, { message: 'Not Found' });
    scope.get(`/repos/${owner}/.github/contents/${encodeURIComponent('.github/recovery-triage.yml')}`).reply(404, { message: 'Not Found' });
  }
  return mockFormAndComments(scope, options);
}

/** Form and comment reads only (after the config was read). */
function mockFormAndComments(scope: nock.Scope, options: ReadMocks = {}): nock.Scope {
  const { owner = 'pypi', repo = 'support', issue = 1 } = options;
  const formPath = `/repos/${owner}/${repo}/contents/${encodeURIComponent('.github/ISSUE_TEMPLATE/account-recovery.yml')}`;
  if (options.form !== undefined) scope.get(formPath).reply(200, options.form, { 'content-type': 'text/plain; charset=utf-8' });
  else scope.get(formPath).reply(404, { message: 'Not Found' });
  scope
    .get(`/repos/${owner}/${repo}/issues/${issue}/comments`)
    .query({ per_page: '100' })
    .reply(200, options.comments ?? []);
  return scope;
}

export interface ListedRequest {
  number: number;
  state?: 'open' | 'closed';
  created_at?: string;
  closed_at?: string | null;
  body?: string;
  labels?: string[];
}

function listed(issue: ListedRequest) {
  return {
    number: issue.number,
    state: issue.state ?? 'open',
    created_at: issue.created_at ?? '2026-11-01T00:00:00Z',
    closed_at: issue.closed_at ?? null,
    body: issue.body ?? '',
    labels: (issue.labels ?? ['account-recovery']).map((name) => ({ name })),
  };
}

/**
 * The listing a request makes when it joins the queue: open requests, then requests closed
 * within the duplicate window (since = event time − window).
 */
export function mockQueue(options: { open?: ListedRequest[]; closed?: ListedRequest[]; since?: string } = {}): nock.Scope {
  const scope = nock(API)
    .get('/repos/pypi/support/issues')
    .query({ labels: 'account-recovery', per_page: '100', state: 'open' })
    .reply(200, (options.open ?? []).map(listed));
  scope
    .get('/repos/pypi/support/issues')
    .query((q) => q.state === 'closed' && q.labels === 'account-recovery' && (options.since === undefined || q.since === options.since))
    .reply(
      200,
      (options.closed ?? []).map((c) => listed({ state: 'closed', ...c })),
    );
  return scope;
}
