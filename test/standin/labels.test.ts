import nock from 'nock';
import { REPO, owner, repo, startHarness, statusOf, type Harness } from './helpers.js';

let h: Harness;
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(async () => {
  h = await startHarness();
  h.standIn.addLabel(REPO, 'account-recovery', { color: '0e8a16' });
  h.standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
});
afterEach(async () => {
  expect(h.standIn.unexpected).toEqual([]);
  await h.standIn.close();
});

test('adding labels creates unknown ones with colour ededed, reuses known ones in any case, and answers all the issue labels', async () => {
  const { data } = await h.app.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['ACCOUNT-RECOVERY', 'recovery: triage'] });
  expect(data.map((l) => [l.name, l.color])).toEqual([
    ['account-recovery', '0e8a16'],
    ['recovery: triage', 'ededed'],
  ]);
  expect(h.standIn.labels(REPO).map((l) => l.name)).toEqual(['account-recovery', 'recovery: triage']);
  const again = await h.app.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['recovery: triage'] });
  expect(again.data).toHaveLength(2);
  expect(h.standIn.events(REPO, 1).filter((e) => e.event === 'labeled')).toHaveLength(2);
});

test('creating a label that exists in any case is 422 already_exists', async () => {
  const created = await h.app.rest.issues.createLabel({ owner, repo, name: 'needs info', color: 'fbca04', description: 'Waiting' });
  expect(created.status).toBe(201);
  expect(created.data).toMatchObject({ name: 'needs info', color: 'fbca04', description: 'Waiting', default: false });
  const failure = await statusOf(h.app.rest.issues.createLabel({ owner, repo, name: 'Needs Info', color: 'ffffff' }));
  expect(failure.status).toBe(422);
  expect(failure.data).toMatchObject({
    message: 'Validation Failed',
    errors: [{ resource: 'Label', code: 'already_exists', field: 'name' }],
    documentation_url: expect.stringContaining('docs.github.com'),
  });
});

test('label names over 50 characters and bad colours are 422', async () => {
  const long = 'x'.repeat(51);
  expect((await statusOf(h.app.rest.issues.createLabel({ owner, repo, name: long }))).status).toBe(422);
  expect((await statusOf(h.app.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: [long] }))).status).toBe(422);
  expect((await statusOf(h.app.rest.issues.createLabel({ owner, repo, name: 'ok', color: 'red' }))).status).toBe(422);
  expect(h.standIn.issue(REPO, 1).labels).toEqual([]);
  expect((await h.app.rest.issues.createLabel({ owner, repo, name: 'y'.repeat(50) })).status).toBe(201);
});

test('removing a label that is not on the issue is 404 Label does not exist; removing one that is answers the rest', async () => {
  const absent = await statusOf(h.app.rest.issues.removeLabel({ owner, repo, issue_number: 1, name: 'account-recovery' }));
  expect(absent.status).toBe(404);
  expect(absent.data).toMatchObject({ message: 'Label does not exist' });
  await h.app.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['account-recovery', 'area/ui'] });
  const { data } = await h.app.rest.issues.removeLabel({ owner, repo, issue_number: 1, name: 'area/ui' });
  expect(data.map((l) => l.name)).toEqual(['account-recovery']);
  expect(h.standIn.events(REPO, 1).at(-1)).toMatchObject({ event: 'unlabeled', label: { name: 'area/ui' }, viaApp: true });
});

test('get, rename and delete repository labels by (encoded, case-insensitive) name', async () => {
  await h.app.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['recovery: waiting on user'] });
  const got = await h.app.rest.issues.getLabel({ owner, repo, name: 'Recovery: Waiting On User' });
  expect(got.data.name).toBe('recovery: waiting on user');
  await h.app.rest.issues.updateLabel({ owner, repo, name: 'recovery: waiting on user', new_name: 'recovery: waiting', color: '#c5def5' });
  expect(h.standIn.issue(REPO, 1).labels).toEqual(['recovery: waiting']);
  expect((await statusOf(h.app.rest.issues.getLabel({ owner, repo, name: 'recovery: waiting on user' }))).status).toBe(404);
  await h.app.rest.issues.deleteLabel({ owner, repo, name: 'recovery: waiting' });
  expect(h.standIn.issue(REPO, 1).labels).toEqual([]);
});

test('PUT replaces the labels and DELETE clears them, with events for each change', async () => {
  await h.app.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['a', 'b'] });
  const { data } = await h.app.rest.issues.setLabels({ owner, repo, issue_number: 1, labels: ['b', 'c'] });
  expect(data.map((l) => l.name)).toEqual(['b', 'c']);
  await h.app.rest.issues.removeAllLabels({ owner, repo, issue_number: 1 });
  expect(h.standIn.issue(REPO, 1).labels).toEqual([]);
  expect(h.standIn.events(REPO, 1).map((e) => `${e.event}:${e.label?.name}`)).toEqual([
    'labeled:a',
    'labeled:b',
    'unlabeled:a',
    'labeled:c',
    'unlabeled:b',
    'unlabeled:c',
  ]);
});

test('repository labels are paginated', async () => {
  for (let i = 0; i < 40; i++) h.standIn.addLabel(REPO, `label-${i}`);
  const labels = await h.app.paginate(h.app.rest.issues.listLabelsForRepo, { owner, repo, per_page: 15 });
  expect(labels).toHaveLength(41);
  expect(h.standIn.countCalls({ route: '/repos/{owner}/{repo}/labels' }).reads).toBe(3);
});
