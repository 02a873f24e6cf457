import { readFileSync } from 'node:fs';
import nock from 'nock';
import { GitHubStandIn, forProbot, type ProbotEvent, type WebhookDelivery } from '../../src/standin/index.js';
import { REPO, owner, repo, startHarness } from './helpers.js';

interface Example {
  action?: string;
  [key: string]: unknown;
}

const EXAMPLES = JSON.parse(
  readFileSync(new URL('../../node_modules/@octokit/webhooks-examples/api.github.com/index.json', import.meta.url), 'utf8'),
) as {
  name: string;
  examples: Example[];
}[];

/** Keys present in every example of this event and action (optional ones drop out). */
function commonKeys(name: string, action: string | undefined, pick: (example: Example) => unknown): string[] {
  const examples = (EXAMPLES.find((e) => e.name === name)?.examples ?? []).filter((e) => action === undefined || e.action === action);
  if (examples.length === 0) throw new Error(`No example for ${name}.${action}`);
  const keySets = examples.map((e) => Object.keys((pick(e) as object | null) ?? {}));
  return keySets.reduce((common, keys) => common.filter((key) => keys.includes(key)));
}

const IGNORED_TOP_LEVEL = ['organization', 'enterprise'];

/** Every key GitHub's examples always carry is present in ours, at the top and in each nested object. */
function expectShapeLikeExamples(delivery: WebhookDelivery): void {
  const payload = delivery.payload as unknown as Example;
  const action = typeof payload.action === 'string' ? payload.action : undefined;
  const top = commonKeys(delivery.name, action, (e) => e).filter((key) => !IGNORED_TOP_LEVEL.includes(key));
  expect(Object.keys(payload)).toEqual(expect.arrayContaining(top));
  for (const nested of ['issue', 'comment', 'label', 'sender', 'repository', 'assignee', 'changes', 'head_commit', 'pusher']) {
    if (!top.includes(nested) || payload[nested] === null) continue;
    const keys = commonKeys(delivery.name, action, (e) => e[nested]);
    expect({ [nested]: Object.keys(payload[nested] as object) }).toEqual({ [nested]: expect.arrayContaining(keys) });
  }
  const issue = payload.issue as { user?: object; labels?: object[] } | undefined;
  if (issue?.user)
    expect(Object.keys(issue.user)).toEqual(expect.arrayContaining(commonKeys(delivery.name, action, (e) => (e.issue as Example).user)));
}

function basics(delivery: WebhookDelivery, standIn: GitHubStandIn): void {
  expect(delivery.id).toMatch(/^[0-9a-f-]{36}$/);
  expect(delivery.payload.repository).toMatchObject({ name: 'support', full_name: REPO, owner: { login: 'pypi' }, default_branch: 'main' });
  expect(delivery.payload.installation.id).toBe(2);
  expect(standIn.outbox).toContain(delivery);
}

let standIn: GitHubStandIn;
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(() => {
  standIn = new GitHubStandIn({ now: '2026-11-20T10:00:00Z' });
  standIn.addRepo(REPO, { installationId: 2, labels: [{ name: 'account-recovery', color: '0e8a16', description: 'Form' }] });
});

describe('actor deliveries', () => {
  test('openIssue sends opened, then one labeled per label, every payload showing the whole new issue', () => {
    const deliveries = standIn
      .as('alice')
      .openIssue(REPO, { title: 'Locked out', body: 'help', labels: ['account-recovery', 'new-label'] });
    expect(deliveries.map((d) => [d.name, d.payload.action, d.payload.label?.name])).toEqual([
      ['issues', 'opened', undefined],
      ['issues', 'labeled', 'account-recovery'],
      ['issues', 'labeled', 'new-label'],
    ]);
    for (const d of deliveries) {
      basics(d, standIn);
      expectShapeLikeExamples(d);
      expect(d.payload.issue.labels.map((l) => l.name)).toEqual(['account-recovery', 'new-label']);
      expect(d.payload.sender).toMatchObject({ login: 'alice', type: 'User' });
    }
    const [opened] = deliveries;
    expect(opened?.payload.issue).toMatchObject({
      number: 1,
      title: 'Locked out',
      body: 'help',
      state: 'open',
      state_reason: null,
      user: { login: 'alice', type: 'User' },
      created_at: '2026-11-20T10:00:00Z',
      closed_at: null,
      html_url: 'https://github.com/pypi/support/issues/1',
      author_association: 'NONE',
      performed_via_github_app: null,
    });
    expect(deliveries[1]?.payload.label).toMatchObject({ name: 'account-recovery', color: '0e8a16', description: 'Form' });
    expect(deliveries[2]?.payload.label).toMatchObject({ name: 'new-label', color: 'ededed' });
  });

  test('editBody and editTitle send edited with changes.*.from', () => {
    standIn.as('alice').openIssue(REPO, { title: 'T1', body: 'B1' });
    const [body] = standIn.as('alice').editBody(REPO, 1, 'B2');
    const [title] = standIn.as('alice').editTitle(REPO, 1, 'T2');
    expect(body?.payload).toMatchObject({ action: 'edited', changes: { body: { from: 'B1' } }, issue: { body: 'B2', title: 'T1' } });
    expect(title?.payload).toMatchObject({ action: 'edited', changes: { title: { from: 'T1' } }, issue: { title: 'T2' } });
    expectShapeLikeExamples(title as WebhookDelivery);
    expect(body?.payload.changes?.title).toBeUndefined();
    expectShapeLikeExamples(body as WebhookDelivery);
    expect(standIn.as('alice').editBody(REPO, 1, 'B2')).toEqual([]);
  });

  test('comment, editComment and deleteComment send issue_comment created, edited (changes.body.from), deleted', () => {
    standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
    const [created] = standIn.as('bob').comment(REPO, 1, 'first');
    const id = created?.payload.comment.id as number;
    const [edited] = standIn.as('bob').editComment(REPO, id, 'second');
    const [deleted] = standIn.as('carol').deleteComment(REPO, id);
    expect(created?.payload).toMatchObject({
      action: 'created',
      comment: { body: 'first', user: { login: 'bob' } },
      issue: { comments: 1 },
    });
    expect(edited?.payload).toMatchObject({ action: 'edited', changes: { body: { from: 'first' } }, comment: { id, body: 'second' } });
    expect(deleted?.payload).toMatchObject({
      action: 'deleted',
      comment: { id, body: 'second' },
      issue: { comments: 0 },
      sender: { login: 'carol' },
    });
    for (const d of [created, edited, deleted] as WebhookDelivery[]) {
      basics(d, standIn);
      expectShapeLikeExamples(d);
    }
    expect(created?.payload.comment.html_url).toBe(`https://github.com/pypi/support/issues/1#issuecomment-${id}`);
    expect(standIn.comments(REPO, 1)).toEqual([]);
  });

  test('addLabels sends one labeled each (none for a label already there); removeLabel sends unlabeled', () => {
    standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B', labels: ['account-recovery'] });
    const added = standIn.as('maintainer').addLabels(REPO, 1, ['ACCOUNT-RECOVERY', 'x', 'y']);
    expect(added.map((d) => d.payload.label?.name)).toEqual(['x', 'y']);
    added.forEach(expectShapeLikeExamples);
    const [removed] = standIn.as('maintainer').removeLabel(REPO, 1, 'X');
    expect(removed?.payload).toMatchObject({ action: 'unlabeled', label: { name: 'x' } });
    expect(removed?.payload.issue.labels.map((l) => l.name)).toEqual(['account-recovery', 'y']);
    expectShapeLikeExamples(removed as WebhookDelivery);
    expect(() => standIn.as('maintainer').removeLabel(REPO, 1, 'x')).toThrow('Label does not exist');
  });

  test('close with a reason, reopen, assign and unassign', () => {
    standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
    const [closed] = standIn.as('maintainer').close(REPO, 1, 'not_planned');
    expect(closed?.payload).toMatchObject({
      action: 'closed',
      issue: { state: 'closed', state_reason: 'not_planned', closed_at: '2026-11-20T10:00:01Z' },
    });
    expect(standIn.as('maintainer').close(REPO, 1)).toEqual([]);
    const [reopened] = standIn.as('maintainer').reopen(REPO, 1);
    expect(reopened?.payload).toMatchObject({ action: 'reopened', issue: { state: 'open', state_reason: 'reopened', closed_at: null } });
    expectShapeLikeExamples(reopened as WebhookDelivery);
    const [assigned] = standIn.as('maintainer').assign(REPO, 1, 'helper');
    expect(assigned?.payload).toMatchObject({
      action: 'assigned',
      assignee: { login: 'helper' },
      issue: { assignee: { login: 'helper' } },
    });
    expectShapeLikeExamples(assigned as WebhookDelivery);
    const [unassigned] = standIn.as('maintainer').unassign(REPO, 1, ['helper']);
    expect(unassigned?.payload).toMatchObject({ action: 'unassigned', assignee: { login: 'helper' }, issue: { assignees: [] } });
    expectShapeLikeExamples(unassigned as WebhookDelivery);
    // GitHub's examples have no issues.closed; its issue carries what the opened one does, closed.
    expect(Object.keys(closed?.payload.issue ?? {})).toEqual(Object.keys(reopened?.payload.issue ?? {}));
    expect(standIn.events(REPO, 1).map((e) => [e.event, e.actor, e.state_reason ?? e.assignee ?? null])).toEqual([
      ['closed', 'maintainer', 'not_planned'],
      ['reopened', 'maintainer', 'reopened'],
      ['assigned', 'maintainer', 'helper'],
      ['unassigned', 'maintainer', 'helper'],
    ]);
    expect(standIn.issue(REPO, 1)).toMatchObject({ state: 'open', state_reason: 'reopened', closed_by: null, assignees: [] });
  });

  test('the app as an actor is the [bot] user and its comments carry performed_via_github_app', () => {
    standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
    const [created] = standIn.asApp().comment(REPO, 1, 'status');
    expect(created?.payload.sender).toMatchObject({ login: 'recovery-triage[bot]', type: 'Bot' });
    expect(created?.payload.comment.performed_via_github_app).toMatchObject({ id: 1, slug: 'recovery-triage', name: 'recovery-triage' });
  });

  test('pushFiles returns a push delivery for one commit on refs/heads/main', () => {
    standIn.setFile(REPO, '.github/old.yml', 'old');
    standIn.setFile(REPO, '.github/gone.yml', 'gone');
    const push = standIn.pushFiles(
      REPO,
      { '.github/recovery-triage.yml': 'a: 1', '.github/old.yml': 'new', '.github/gone.yml': null },
      'maintainer',
    );
    expect(push.name).toBe('push');
    expect(push.payload).toMatchObject({
      ref: 'refs/heads/main',
      created: false,
      deleted: false,
      pusher: { name: 'maintainer' },
      sender: { login: 'maintainer' },
      installation: { id: 2 },
    });
    expect(push.payload.commits).toHaveLength(1);
    expect(push.payload.commits[0]).toMatchObject({
      id: push.payload.after,
      added: ['.github/recovery-triage.yml'],
      modified: ['.github/old.yml'],
      removed: ['.github/gone.yml'],
    });
    expect(push.payload.before).not.toBe(push.payload.after);
    expect(standIn.pushFiles(REPO, { 'x.txt': 'x' }, 'maintainer').payload.before).toBe(push.payload.after);
    expectShapeLikeExamples(push);
    expect(standIn.file(REPO, '.github/old.yml')).toBe('new');
    expect(standIn.file(REPO, '.github/gone.yml')).toBeUndefined();
  });
});

test('deliveries type-check as the events probot.receive takes (forProbot for the mistyped ones)', () => {
  const alice = standIn.as('alice');
  const [opened, labeled] = alice.openIssue(REPO, { title: 'T', body: 'B', labels: ['x'] });
  const [closed] = alice.close(REPO, 1);
  const [comment] = alice.comment(REPO, 1, 'c');
  // Compile-time checks: these assignments are what a test writes for probot.receive.
  const events: ProbotEvent[] = [
    opened!,
    labeled!,
    ...alice.editBody(REPO, 1, 'B2'),
    ...alice.reopen(REPO, 1),
    ...alice.assign(REPO, 1, 'helper'),
    standIn.pushFiles(REPO, { a: 'a' }, 'alice'),
    forProbot(closed!),
    forProbot(comment!),
  ];
  expect(events.map((e) => `${e.name}.${'action' in e.payload ? e.payload.action : 'push'}`)).toEqual([
    'issues.opened',
    'issues.labeled',
    'issues.edited',
    'issues.reopened',
    'issues.assigned',
    'push.push',
    'issues.closed',
    'issue_comment.created',
  ]);
});

describe('clock', () => {
  test('each write takes the current time and moves the clock on by one second', () => {
    const first = standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B', labels: ['a', 'b'] });
    const [comment] = standIn.as('bob').comment(REPO, 1, 'c');
    expect(first.map((d) => d.payload.issue.created_at)).toEqual(Array(3).fill('2026-11-20T10:00:00Z'));
    expect(comment?.payload.comment.created_at).toBe('2026-11-20T10:00:01Z');
    expect(standIn.clock.now()).toBe('2026-11-20T10:00:02Z');
    standIn.clock.advance(7 * 86_400_000);
    standIn.as('bob').comment(REPO, 1, 'later');
    expect(standIn.comments(REPO, 1)[1]?.created_at).toBe('2026-11-27T10:00:02Z');
    standIn.clock.set('2027-01-01T00:00:00.999Z');
    expect(standIn.clock.now()).toBe('2027-01-01T00:00:00Z');
    expect(() => standIn.clock.advance(-1)).toThrow();
  });

  test('autoAdvanceMs: 0 freezes time', () => {
    const frozen = new GitHubStandIn({ now: '2026-01-01T00:00:00Z', autoAdvanceMs: 0 });
    frozen.addRepo(REPO);
    frozen.as('a').openIssue(REPO, { title: 'T', body: 'B' });
    frozen.as('a').comment(REPO, 1, 'c');
    expect(frozen.issue(REPO, 1).comments[0]?.created_at).toBe('2026-01-01T00:00:00Z');
    expect(frozen.clock.now()).toBe('2026-01-01T00:00:00Z');
  });
});

describe('REST writes send the webhooks GitHub would', () => {
  test('the app labelling, commenting and closing through the API lands in the outbox and onWebhook', async () => {
    const h = await startHarness();
    try {
      h.standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
      const seen: string[] = [];
      const stop = h.standIn.onWebhook((d) => seen.push(`${d.name}.${'action' in d.payload ? d.payload.action : ''}`));
      await h.app.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['recovery: triage'] });
      await h.app.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'hi' });
      await h.app.rest.issues.update({ owner, repo, issue_number: 1, state: 'closed', state_reason: 'completed' });
      stop();
      await h.app.rest.issues.update({ owner, repo, issue_number: 1, state: 'open' });
      expect(seen).toEqual(['issues.labeled', 'issue_comment.created', 'issues.closed']);
      const labeled = h.standIn.outbox.find((d) => d.name === 'issues' && d.payload.action === 'labeled');
      expect(labeled?.payload.sender).toMatchObject({ login: 'recovery-triage[bot]', type: 'Bot' });
      expect(h.standIn.outbox.at(-1)?.payload).toMatchObject({ action: 'reopened' });
    } finally {
      await h.standIn.close();
    }
  });
});
