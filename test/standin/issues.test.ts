import nock from 'nock';
import { GitHubStandIn } from '../../src/standin/index.js';
import { REPO, owner, repo, startHarness, statusOf, type Harness } from './helpers.js';

let h: Harness;
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.standIn.unexpected).toEqual([]);
  await h.standIn.close();
});

function seed(count: number, labels: string[] = ['account-recovery']): void {
  for (let i = 1; i <= count; i++) h.standIn.as(`user${i}`).openIssue(REPO, { title: `Request ${i}`, body: `body ${i}`, labels });
}

describe('pagination', () => {
  test('octokit.paginate walks the Link headers through every page', async () => {
    seed(35);
    h.standIn.resetCalls();
    const issues = await h.app.paginate(h.app.rest.issues.listForRepo, { owner, repo, per_page: 10 });
    expect(issues.map((i) => i.number)).toEqual(Array.from({ length: 35 }, (_, i) => 35 - i));
    expect(h.standIn.countCalls({ route: 'GET /repos/{owner}/{repo}/issues' })).toEqual({ reads: 4, writes: 0, notModified: 0 });
  });

  test('per_page defaults to 30 and is capped at 100; Link names next and last pages', async () => {
    seed(120, []);
    const first = await h.app.rest.issues.listForRepo({ owner, repo });
    expect(first.data).toHaveLength(30);
    expect(first.headers.link).toContain('page=2>; rel="next"');
    expect(first.headers.link).toContain('page=4>; rel="last"');
    expect(first.headers.link).toContain(h.standIn.url);
    const capped = await h.app.rest.issues.listForRepo({ owner, repo, per_page: 500 });
    expect(capped.data).toHaveLength(100);
    const lastPage = await h.app.rest.issues.listForRepo({ owner, repo, per_page: 100, page: 2 });
    expect(lastPage.data).toHaveLength(20);
    expect(lastPage.headers.link).toContain('rel="prev"');
    expect(lastPage.headers.link).not.toContain('rel="next"');
  });
});

describe('listing filters', () => {
  test('state, labels (all of them, any case), since, creator, assignee, sort and direction', async () => {
    h.standIn.as('alice').openIssue(REPO, { title: 'A', body: '', labels: ['account-recovery', 'Sensitive'] });
    h.standIn.as('bob').openIssue(REPO, { title: 'B', body: '', labels: ['account-recovery'] });
    h.standIn.as('carol').openIssue(REPO, { title: 'C', body: '' });
    h.standIn.as('maintainer').close(REPO, 2, 'completed');
    h.standIn.clock.advance(3600_000);
    const since = h.standIn.clock.now();
    h.standIn.as('alice').comment(REPO, 3, 'bump');
    h.standIn.as('maintainer').assign(REPO, 1, 'helper');
    const numbers = async (params: Record<string, string | number>) =>
      (await h.app.request('GET /repos/{owner}/{repo}/issues', { owner, repo, ...params })).data.map((i: { number: number }) => i.number);
    expect(await numbers({})).toEqual([3, 1]);
    expect(await numbers({ state: 'closed' })).toEqual([2]);
    expect(await numbers({ state: 'all' })).toEqual([3, 2, 1]);
    expect(await numbers({ state: 'all', labels: 'ACCOUNT-RECOVERY' })).toEqual([2, 1]);
    expect(await numbers({ state: 'all', labels: 'account-recovery,sensitive' })).toEqual([1]);
    expect(await numbers({ state: 'all', since })).toEqual([3, 1]);
    expect(await numbers({ state: 'all', creator: 'bob' })).toEqual([2]);
    expect(await numbers({ assignee: 'helper' })).toEqual([1]);
    expect(await numbers({ assignee: 'none' })).toEqual([3]);
    expect(await numbers({ state: 'all', sort: 'updated', direction: 'asc' })).toEqual([2, 3, 1]);
    expect(await numbers({ state: 'all', sort: 'comments' })).toEqual([3, 2, 1]);
    expect((await statusOf(numbers({ state: 'merged' }))).status).toBe(422);
  });
});

describe('issues', () => {
  test('create, get and patch through the API as the app', async () => {
    const created = await h.app.rest.issues.create({ owner, repo, title: 'From the app', body: 'text', labels: ['x'] });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({
      number: 1,
      user: { login: 'recovery-triage[bot]', type: 'Bot' },
      labels: [{ name: 'x', color: 'ededed' }],
    });
    expect(created.data.performed_via_github_app).toMatchObject({ id: 123, slug: 'recovery-triage' });
    const patched = await h.app.rest.issues.update({ owner, repo, issue_number: 1, title: 'Renamed', body: null, assignees: ['helper'] });
    expect(patched.data).toMatchObject({ title: 'Renamed', body: null, assignees: [{ login: 'helper' }] });
    const got = await h.app.rest.issues.get({ owner, repo, issue_number: 1 });
    expect(got.data).toMatchObject({ title: 'Renamed', closed_by: null, state: 'open' });
    expect((await statusOf(h.app.rest.issues.get({ owner, repo, issue_number: 99 }))).status).toBe(404);
    expect((await statusOf(h.app.rest.issues.create({ owner, repo, title: '' }))).status).toBe(422);
  });

  test('closing and reopening by PATCH records events, closed_by and closed_at', async () => {
    h.standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
    const closed = await h.app.rest.issues.update({ owner, repo, issue_number: 1, state: 'closed', state_reason: 'not_planned' });
    expect(closed.data).toMatchObject({ state: 'closed', state_reason: 'not_planned', closed_by: { login: 'recovery-triage[bot]' } });
    expect(closed.data.closed_at).toBe('2026-11-20T10:00:01Z');
    await h.app.rest.issues.update({ owner, repo, issue_number: 1, state: 'open', state_reason: 'reopened' });
    const events = await h.app.paginate(h.app.rest.issues.listEvents, { owner, repo, issue_number: 1 });
    expect(events.map((e) => [e.event, e.actor?.login, (e as { state_reason?: string }).state_reason])).toEqual([
      ['closed', 'recovery-triage[bot]', 'not_planned'],
      ['reopened', 'recovery-triage[bot]', 'reopened'],
    ]);
    expect(events[0]?.performed_via_github_app).toMatchObject({ slug: 'recovery-triage' });
    expect(h.standIn.issue(REPO, 1)).toMatchObject({ state: 'open', state_reason: 'reopened', closed_at: null, closed_by: null });
  });

  test('assignees are added and removed through their own routes', async () => {
    h.standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
    const added = await h.app.rest.issues.addAssignees({ owner, repo, issue_number: 1, assignees: ['helper', 'other'] });
    expect(added.status).toBe(201);
    expect(added.data.assignees?.map((a) => a.login)).toEqual(['helper', 'other']);
    const removed = await h.app.rest.issues.removeAssignees({ owner, repo, issue_number: 1, assignees: ['helper'] });
    expect(removed.data.assignees?.map((a) => a.login)).toEqual(['other']);
  });

  test('events are paginated in ascending order and the timeline interleaves comments', async () => {
    h.standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
    for (let i = 0; i < 12; i++) h.standIn.as('m').addLabels(REPO, 1, [`l${i}`]);
    h.standIn.as('alice').comment(REPO, 1, 'a comment');
    h.standIn.as('m').close(REPO, 1);
    const events = await h.app.paginate(h.app.rest.issues.listEvents, { owner, repo, issue_number: 1, per_page: 5 });
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort((a, b) => a - b));
    expect(events).toHaveLength(13);
    const timeline = await h.app.paginate(h.app.rest.issues.listEventsForTimeline, { owner, repo, issue_number: 1 });
    expect(timeline.map((e) => e.event).slice(-2)).toEqual(['commented', 'closed']);
  });

  test('an installation only sees its own repositories', async () => {
    h.standIn.addRepo('other/private', { installationId: 9 });
    h.standIn.as('x').openIssue('other/private', { title: 'T', body: 'B' });
    expect((await statusOf(h.app.rest.issues.get({ owner: 'other', repo: 'private', issue_number: 1 }))).status).toBe(404);
    const user = h.user('someone');
    expect((await user.rest.issues.get({ owner: 'other', repo: 'private', issue_number: 1 })).data.number).toBe(1);
  });
});

describe('comments', () => {
  test('listed ascending by id, paginated, with since', async () => {
    h.standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
    for (let i = 0; i < 7; i++) h.standIn.as('alice').comment(REPO, 1, `c${i}`);
    const since = h.standIn.clock.now();
    h.standIn.as('bob').comment(REPO, 1, 'late');
    const all = await h.app.paginate(h.app.rest.issues.listComments, { owner, repo, issue_number: 1, per_page: 3 });
    expect(all.map((c) => c.body)).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'late']);
    const recent = await h.app.rest.issues.listComments({ owner, repo, issue_number: 1, since });
    expect(recent.data.map((c) => c.body)).toEqual(['late']);
    expect((await h.app.rest.issues.get({ owner, repo, issue_number: 1 })).data.comments).toBe(8);
  });

  test('get, update and delete one comment', async () => {
    h.standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
    const { data } = await h.app.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'one' });
    await h.app.rest.issues.updateComment({ owner, repo, comment_id: data.id, body: 'two' });
    expect((await h.app.rest.issues.getComment({ owner, repo, comment_id: data.id })).data.body).toBe('two');
    const deleted = await h.app.rest.issues.deleteComment({ owner, repo, comment_id: data.id });
    expect(deleted.status).toBe(204);
    expect((await statusOf(h.app.rest.issues.getComment({ owner, repo, comment_id: data.id }))).status).toBe(404);
    expect(h.standIn.outbox.filter((d) => d.name === 'issue_comment').map((d) => d.payload.action)).toEqual([
      'created',
      'edited',
      'deleted',
    ]);
  });
});

test('the inspection API reads back what the API wrote', async () => {
  const standIn = new GitHubStandIn({ now: '2026-01-01T00:00:00Z' });
  standIn.addRepo(REPO);
  standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B', labels: ['a'] });
  const [c] = standIn.as('bob').comment(REPO, 1, 'hello');
  standIn.as('alice').react(REPO, c?.payload.comment.id as number, 'heart');
  expect(standIn.issue(REPO, 1)).toMatchObject({
    number: 1,
    user: 'alice',
    labels: ['a'],
    comments: [{ body: 'hello', user: 'bob', userType: 'User', viaApp: false, reactions: [{ content: 'heart', user: 'alice' }] }],
  });
  expect(standIn.labels(REPO)).toEqual([{ name: 'a', color: 'ededed', description: null }]);
  expect(() => standIn.issue(REPO, 2)).toThrow('No issue #2');
  expect(() => standIn.issue('no/repo', 1)).toThrow('Unknown repository');
});
