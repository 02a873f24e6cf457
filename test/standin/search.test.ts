import nock from 'nock';
import { REPO, owner, repo, startHarness, statusOf, type Harness } from './helpers.js';

let h: Harness;
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(async () => {
  h = await startHarness();
  const as = (login: string) => h.standIn.as(login);
  h.standIn.clock.set('2026-11-01T00:00:00Z');
  as('alice').openIssue(REPO, { title: 'Lost my 2FA device', body: 'My TOTP app is gone', labels: ['account-recovery'] });
  h.standIn.clock.set('2026-11-10T12:00:00Z');
  as('bob').openIssue(REPO, {
    title: 'Recovery codes',
    body: 'I lost the recovery codes',
    labels: ['account-recovery', 'recovery: waiting on user'],
  });
  h.standIn.clock.set('2026-11-15T00:00:00Z');
  as('carol').openIssue(REPO, { title: 'Typo in docs', body: 'A typo', labels: ['docs'] });
  as('dave').openIssue(REPO, { title: 'Email change', body: 'old EMAIL unreachable', labels: ['account-recovery'] });
  as('maint').close(REPO, 4, 'completed');
  h.standIn.addRepo('pypi/other', { installationId: 2 });
  as('erin').openIssue('pypi/other', { title: 'Elsewhere', body: 'totp', labels: ['account-recovery'] });
});
afterEach(async () => {
  expect(h.standIn.unexpected).toEqual([]);
  await h.standIn.close();
});

async function search(q: string, extra: { per_page?: number; page?: number } = {}): Promise<number[]> {
  const { data } = await h.app.rest.search.issuesAndPullRequests({ q, ...extra });
  expect(data.incomplete_results).toBe(false);
  return data.items.map((i) => i.number);
}

test('qualifiers: repo, is:issue, state, labels (AND, quoted, negated), dates and free words', async () => {
  expect(await search(`repo:${REPO} is:issue`)).toEqual([4, 3, 2, 1]);
  expect(await search(`repo:${REPO} is:issue is:open`)).toEqual([3, 2, 1]);
  expect(await search(`repo:${REPO} state:closed`)).toEqual([4]);
  expect(await search(`repo:${REPO} is:closed`)).toEqual([4]);
  expect(await search(`repo:${REPO} is:open label:"account-recovery"`)).toEqual([2, 1]);
  expect(await search(`repo:${REPO} label:account-recovery label:"recovery: waiting on user"`)).toEqual([2]);
  expect(await search(`repo:${REPO} is:open label:account-recovery -label:"recovery: waiting on user"`)).toEqual([1]);
  expect(await search(`repo:${REPO} created:<2026-11-10T12:00:00Z`)).toEqual([1]);
  expect(await search(`repo:${REPO} created:<=2026-11-10T12:00:00Z`)).toEqual([2, 1]);
  expect(await search(`repo:${REPO} created:>=2026-11-15`)).toEqual([4, 3]);
  expect(await search(`repo:${REPO} totp`)).toEqual([1]);
  expect(await search(`repo:${REPO} email`)).toEqual([4]);
  expect(await search(`repo:${REPO} "recovery codes" lost`)).toEqual([2]);
  expect(await search(`label:account-recovery totp`)).toEqual([1, 1]);
  expect(await search(`repo:${REPO} is:pr`)).toEqual([]);
});

test('results are paginated with a total count', async () => {
  const first = await h.app.rest.search.issuesAndPullRequests({ q: `repo:${REPO}`, per_page: 3 });
  expect(first.data.total_count).toBe(4);
  expect(first.data.items).toHaveLength(3);
  const all = await h.app.paginate(h.app.rest.search.issuesAndPullRequests, { q: `repo:${REPO}`, per_page: 3 });
  expect(all.map((i) => i.number)).toEqual([4, 3, 2, 1]);
});

test('an empty query or an unknown repository is 422', async () => {
  expect((await statusOf(search(''))).status).toBe(422);
  expect((await statusOf(search('repo:nobody/nothing'))).status).toBe(422);
});

test('search has its own budget of 30 a minute: the 31st is 403 with remaining 0 and retry-after, core is untouched', async () => {
  h.standIn.resetCalls();
  for (let i = 0; i < 29; i++) await search(`repo:${REPO}`);
  const last = await h.app.rest.search.issuesAndPullRequests({ q: `repo:${REPO}` });
  expect(last.headers['x-ratelimit-resource']).toBe('search');
  expect(last.headers['x-ratelimit-remaining']).toBe('0');
  const refused = await statusOf(search(`repo:${REPO}`));
  expect(refused.status).toBe(403);
  expect(refused.headers['x-ratelimit-remaining']).toBe('0');
  expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
  expect(refused.data).toMatchObject({ message: expect.stringContaining('rate limit exceeded') });
  const core = await h.app.rest.issues.get({ owner, repo, issue_number: 1 });
  expect(core.headers['x-ratelimit-resource']).toBe('core');
  expect(core.headers['x-ratelimit-limit']).toBe('5000');
  h.standIn.clock.advance(60_000);
  expect(await search(`repo:${REPO} is:closed`)).toEqual([4]);
});
