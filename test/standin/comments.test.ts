import nock from 'nock';
import { MAX_BODY } from '../../src/standin/index.js';
import { REPO, owner, repo, startHarness, statusOf, type Harness } from './helpers.js';

let h: Harness;
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(async () => {
  h = await startHarness();
  h.standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
});
afterEach(async () => {
  expect(h.standIn.unexpected).toEqual([]);
  await h.standIn.close();
});

test('installation tokens act as <slug>[bot], and the app comments and label events carry performed_via_github_app', async () => {
  const { data } = await h.app.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'status' });
  expect(data.user).toMatchObject({ login: 'recovery-triage[bot]', type: 'Bot' });
  expect(data.performed_via_github_app).toMatchObject({ id: 123, slug: 'recovery-triage', name: 'recovery-triage' });
  expect(data.author_association).toBe('NONE');
  await h.app.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['x'] });
  const [event] = (await h.app.rest.issues.listEvents({ owner, repo, issue_number: 1 })).data;
  expect(event?.performed_via_github_app).toMatchObject({ slug: 'recovery-triage' });
  expect(event?.actor?.login).toBe('recovery-triage[bot]');
  expect(h.standIn.comments(REPO, 1)[0]).toMatchObject({ user: 'recovery-triage[bot]', userType: 'Bot', viaApp: true });
});

test('a user token acts as that user, without performed_via_github_app, with their association', async () => {
  h.standIn.setPermission(REPO, 'maint', 'maintain');
  const maint = h.user('maint');
  const { data } = await maint.rest.issues.createComment({ owner, repo, issue_number: 1, body: '/recovery verify' });
  expect(data.user?.login).toBe('maint');
  expect(data.performed_via_github_app).toBeNull();
  expect(data.author_association).toBe('COLLABORATOR');
  expect(h.standIn.countCalls({ login: 'maint' }).writes).toBe(1);
});

test('a reaction is 201 when new and 200 with the same reaction when the user already reacted so', async () => {
  const [created] = h.standIn.as('alice').comment(REPO, 1, 'question');
  const comment_id = created?.payload.comment.id as number;
  const first = await h.app.rest.reactions.createForIssueComment({ owner, repo, comment_id, content: 'eyes' });
  const second = await h.app.rest.reactions.createForIssueComment({ owner, repo, comment_id, content: 'eyes' });
  const other = await h.app.rest.reactions.createForIssueComment({ owner, repo, comment_id, content: '+1' });
  expect([first.status, second.status, other.status]).toEqual([201, 200, 201]);
  expect(second.data.id).toBe(first.data.id);
  expect(first.data.user?.login).toBe('recovery-triage[bot]');
  const listed = await h.app.rest.reactions.listForIssueComment({ owner, repo, comment_id });
  expect(listed.data.map((r) => r.content)).toEqual(['eyes', '+1']);
  const { data } = await h.app.rest.issues.getComment({ owner, repo, comment_id });
  expect(data.reactions).toMatchObject({ total_count: 2, eyes: 1, '+1': 1 });
  expect(h.standIn.comments(REPO, 1)[0]?.reactions).toEqual([
    { content: 'eyes', user: 'recovery-triage[bot]' },
    { content: '+1', user: 'recovery-triage[bot]' },
  ]);
  expect((await statusOf(h.app.rest.reactions.createForIssueComment({ owner, repo, comment_id, content: 'nope' as 'eyes' }))).status).toBe(
    422,
  );
});

test(`bodies over ${MAX_BODY} characters are 422 Body is too long, for comments and issues alike`, async () => {
  const limit = 'a'.repeat(MAX_BODY);
  const over = `${limit}a`;
  const comment = await statusOf(h.app.rest.issues.createComment({ owner, repo, issue_number: 1, body: over }));
  expect(comment.status).toBe(422);
  expect(comment.data).toMatchObject({ errors: [{ field: 'body', message: 'Body is too long (maximum is 65536 characters)' }] });
  expect((await statusOf(h.app.rest.issues.update({ owner, repo, issue_number: 1, body: over }))).status).toBe(422);
  expect((await statusOf(h.app.rest.issues.create({ owner, repo, title: 'T', body: over }))).status).toBe(422);
  const { data } = await h.app.rest.issues.createComment({ owner, repo, issue_number: 1, body: limit });
  expect((await statusOf(h.app.rest.issues.updateComment({ owner, repo, comment_id: data.id, body: over }))).status).toBe(422);
  expect(h.standIn.comments(REPO, 1).map((c) => c.body.length)).toEqual([MAX_BODY]);
  expect(h.standIn.issue(REPO, 1).body).toBe('B');
  expect(() => h.standIn.as('alice').comment(REPO, 1, over)).toThrow('Validation Failed');
});

test('comment ids are global and monotonic across issues and repositories', async () => {
  h.standIn.addRepo('pypi/other', { installationId: 2 });
  h.standIn.as('alice').openIssue('pypi/other', { title: 'T', body: 'B' });
  const a = await h.app.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'a' });
  const b = await h.app.rest.issues.createComment({ owner, repo: 'other', issue_number: 1, body: 'b' });
  const c = await h.app.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'c' });
  expect(b.data.id).toBeGreaterThan(a.data.id);
  expect(c.data.id).toBeGreaterThan(b.data.id);
  expect((await statusOf(h.app.rest.issues.getComment({ owner, repo, comment_id: b.data.id }))).status).toBe(404);
});
