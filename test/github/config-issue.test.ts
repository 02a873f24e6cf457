import nock from 'nock';
import { Probot } from 'probot';
import { CONFIG_ISSUE_MARKER, CONFIG_ISSUE_TITLE, renderConfigProblemIssue } from '../../src/config/problems.js';
import {
  appBotLogin,
  clearConfigProblem,
  CONFIG_ISSUE_LABEL,
  ConfigIssueCache,
  reportConfigProblem,
} from '../../src/github/config-issue.js';
import { API, APP_ID, PRIVATE_KEY, TestOctokit } from '../helpers/probot.js';

const repo = { owner: 'pypi', repo: 'support' };
const BOT = 'recovery-triage[bot]';
const ERRORS = ['pypi/support: .github/recovery-triage.yml: duplicates.closedWithinDays: must be at most 3650 days'];
const octokit = new TestOctokit({ auth: { token: 'test-token' } });

function logger() {
  const lines: { level: string; data: object; message: string }[] = [];
  return {
    lines,
    info: (data: object, message: string) => lines.push({ level: 'info', data, message }),
    error: (data: object, message: string) => lines.push({ level: 'error', data, message }),
  };
}

function issue(number: number, overrides: Record<string, unknown> = {}) {
  return {
    number,
    state: 'open',
    title: CONFIG_ISSUE_TITLE,
    body: renderConfigProblemIssue(ERRORS),
    user: { login: BOT, type: 'Bot' },
    ...overrides,
  };
}

/** The one listing the bot makes to find its issue: issues its login created. */
function listing(reply: unknown[]) {
  return nock(API)
    .get('/repos/pypi/support/issues')
    .query({ state: 'all', creator: BOT, sort: 'created', direction: 'asc', per_page: '100' })
    .reply(200, reply);
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});
afterAll(() => nock.enableNetConnect());

describe('reportConfigProblem', () => {
  test('opens one issue listing each error by key path, then writes nothing while nothing changes', async () => {
    const cache = new ConfigIssueCache();
    const log = logger();
    let created: Record<string, unknown> = {};
    listing([]);
    nock(API)
      .post('/repos/pypi/support/issues', (body: Record<string, unknown>) => {
        created = body;
        return true;
      })
      .reply(201, { number: 41 });
    expect(await reportConfigProblem(octokit, repo, ERRORS, log, { botLogin: BOT, cache })).toEqual({ action: 'created', number: 41 });
    expect(created).toEqual({
      title: 'recovery-triage: configuration error',
      body: renderConfigProblemIssue(ERRORS),
      labels: [CONFIG_ISSUE_LABEL],
    });
    expect(String(created.body)).toContain('duplicates.closedWithinDays\\: must be at most 3650 days');
    expect(String(created.body).startsWith(CONFIG_ISSUE_MARKER)).toBe(true);

    // The same errors again: no API call at all (nock would refuse one).
    expect(await reportConfigProblem(octokit, repo, ERRORS, log, { botLogin: BOT, cache })).toEqual({ action: 'unchanged', number: 41 });
    // Logs carry counts and numbers, not the text.
    expect(log.lines).toEqual([
      {
        level: 'info',
        data: { repo: 'pypi/support', issue: 41, errors: 1, action: 'created' },
        message: 'recovery-triage: config error issue created',
      },
    ]);
  });

  test('an open issue that already says it is left alone (one read, no write)', async () => {
    listing([issue(7)]);
    expect(await reportConfigProblem(octokit, repo, ERRORS, logger(), { botLogin: BOT, cache: new ConfigIssueCache() })).toEqual({
      action: 'unchanged',
      number: 7,
    });
  });

  test('new errors update the issue in place', async () => {
    const errors = [...ERRORS, 'pypi/support: .github/recovery-triage.yml: unknown key "typo"'];
    listing([issue(7)]);
    nock(API)
      .patch('/repos/pypi/support/issues/7', { title: CONFIG_ISSUE_TITLE, body: renderConfigProblemIssue(errors) })
      .reply(200, { number: 7 });
    expect(await reportConfigProblem(octokit, repo, errors, logger(), { botLogin: BOT, cache: new ConfigIssueCache() })).toEqual({
      action: 'updated',
      number: 7,
    });
  });

  test('a closed issue is reopened rather than a second one opened', async () => {
    listing([issue(3, { state: 'closed', body: `${CONFIG_ISSUE_MARKER}\n\nold text` })]);
    nock(API)
      .patch('/repos/pypi/support/issues/3', { title: CONFIG_ISSUE_TITLE, body: renderConfigProblemIssue(ERRORS), state: 'open' })
      .reply(200, { number: 3 });
    expect(await reportConfigProblem(octokit, repo, ERRORS, logger(), { botLogin: BOT, cache: new ConfigIssueCache() })).toEqual({
      action: 'reopened',
      number: 3,
    });
  });

  test('issues without the marker, by people, or by another app are never taken as ours', async () => {
    // The listing is by creator, but a look-alike is checked anyway: marker, bot, login.
    listing([
      issue(1, { body: 'recovery-triage: configuration error, says a person' }),
      issue(2, { user: { login: 'someone', type: 'User' } }),
      issue(4, { user: { login: 'other-app[bot]', type: 'Bot' } }),
      issue(5, { pull_request: {} }),
    ]);
    nock(API).post('/repos/pypi/support/issues').reply(201, { number: 9 });
    expect(await reportConfigProblem(octokit, repo, ERRORS, logger(), { botLogin: BOT, cache: new ConfigIssueCache() })).toEqual({
      action: 'created',
      number: 9,
    });
  });

  test('two issues opened by deliveries at once: the oldest is kept, the other closed', async () => {
    listing([issue(10), issue(11)]);
    nock(API).patch('/repos/pypi/support/issues/11', { state: 'closed', state_reason: 'not_planned' }).reply(200, { number: 11 });
    expect(await reportConfigProblem(octokit, repo, ERRORS, logger(), { botLogin: BOT, cache: new ConfigIssueCache() })).toEqual({
      action: 'unchanged',
      number: 10,
    });
  });

  test('without the bot login the issue is found by its label', async () => {
    nock(API)
      .get('/repos/pypi/support/issues')
      .query({ state: 'all', labels: CONFIG_ISSUE_LABEL, sort: 'created', direction: 'asc', per_page: '100' })
      .reply(200, [issue(7)]);
    expect(await reportConfigProblem(octokit, repo, ERRORS, logger(), { cache: new ConfigIssueCache() })).toEqual({
      action: 'unchanged',
      number: 7,
    });
  });

  test('an API failure is logged with its status only and returned, never thrown; nothing is cached', async () => {
    const cache = new ConfigIssueCache();
    const log = logger();
    nock(API).get('/repos/pypi/support/issues').query(true).reply(500, { message: 'secret-looking server text' });
    expect(await reportConfigProblem(octokit, repo, ERRORS, log, { botLogin: BOT, cache })).toEqual({
      action: 'failed',
      number: null,
      status: 500,
    });
    expect(log.lines).toEqual([
      {
        level: 'error',
        data: { repo: 'pypi/support', status: 500 },
        message: 'recovery-triage: cannot report the config error issue (HTTP 500)',
      },
    ]);
    expect(cache.size).toBe(0);
  });
});

describe('clearConfigProblem', () => {
  test('no issue open: one read, then a cheap no-op while the cache lasts', async () => {
    let now = 0;
    const cache = new ConfigIssueCache({ noIssueTtlMs: 60_000 });
    const options = { botLogin: BOT, cache, now: () => now };
    listing([issue(3, { state: 'closed' })]);
    expect(await clearConfigProblem(octokit, repo, logger(), options)).toEqual({ action: 'none', number: null });
    // Cached: no call (nock refuses any).
    expect(await clearConfigProblem(octokit, repo, logger(), options)).toEqual({ action: 'none', number: null });
    now += 60_001;
    listing([]);
    expect(await clearConfigProblem(octokit, repo, logger(), options)).toEqual({ action: 'none', number: null });
  });

  test('an open issue is closed with a comment once the config is valid again', async () => {
    const cache = new ConfigIssueCache();
    const log = logger();
    listing([issue(7)]);
    let comment = '';
    nock(API)
      .post('/repos/pypi/support/issues/7/comments', (body: { body: string }) => {
        comment = body.body;
        return true;
      })
      .reply(201, { id: 1 })
      .patch('/repos/pypi/support/issues/7', { state: 'closed', state_reason: 'completed' })
      .reply(200, { number: 7 });
    expect(await clearConfigProblem(octokit, repo, log, { botLogin: BOT, cache })).toEqual({ action: 'closed', number: 7 });
    expect(comment).toContain('The configuration is valid again');
    // Now known to be closed: no further call.
    expect(await clearConfigProblem(octokit, repo, log, { botLogin: BOT, cache })).toEqual({ action: 'none', number: null });
  });

  test('after a report, a valid config closes the reported issue without listing issues again', async () => {
    const cache = new ConfigIssueCache();
    listing([]);
    nock(API).post('/repos/pypi/support/issues').reply(201, { number: 12 });
    await reportConfigProblem(octokit, repo, ERRORS, logger(), { botLogin: BOT, cache });
    nock(API)
      .post('/repos/pypi/support/issues/12/comments')
      .reply(201, { id: 1 })
      .patch('/repos/pypi/support/issues/12', { state: 'closed', state_reason: 'completed' })
      .reply(200, { number: 12 });
    expect(await clearConfigProblem(octokit, repo, logger(), { botLogin: BOT, cache })).toEqual({ action: 'closed', number: 12 });
  });

  test('a failure is returned, not thrown', async () => {
    nock(API).get('/repos/pypi/support/issues').query(true).reply(502, {});
    expect(await clearConfigProblem(octokit, repo, logger(), { botLogin: BOT, cache: new ConfigIssueCache() })).toEqual({
      action: 'failed',
      number: null,
      status: 502,
    });
  });
});

describe('ConfigIssueCache', () => {
  test('is bounded', () => {
    const cache = new ConfigIssueCache({ maxEntries: 10 });
    for (let i = 0; i < 1000; i++) cache.remember(`r${i}`, { number: null, open: false, body: null }, 0);
    expect(cache.size).toBe(10);
    expect(cache.get('r999', 0)).not.toBeNull();
    expect(cache.get('r0', 0)).toBeNull();
  });
});

describe('appBotLogin', () => {
  test('asks GET /app once per Probot and gives <slug>[bot]', async () => {
    const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: TestOctokit });
    nock(API).get('/app').once().reply(200, { id: APP_ID, slug: 'recovery-triage' });
    expect(await appBotLogin(probot)).toBe(BOT);
    expect(await appBotLogin(probot)).toBe(BOT);
  });

  test('null when it cannot be asked (and asked again next time)', async () => {
    const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit: TestOctokit });
    nock(API).get('/app').reply(500, {});
    expect(await appBotLogin(probot)).toBeNull();
    nock(API).get('/app').reply(200, { slug: 'recovery-triage' });
    expect(await appBotLogin(probot)).toBe(BOT);
  });
});
