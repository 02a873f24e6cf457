import { decodeStatusData } from '../../src/comment/data.js';
import { formBody, CODE_OF_CONDUCT } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, REQUESTER, snapshot, startApp, type AppHarness } from '../helpers/app.js';

let h: AppHarness;
beforeEach(async () => {
  h = await startApp();
});
afterEach(async () => {
  await h.close();
});

function calls() {
  return h.gh.calls.map((c) => c.route);
}

test('a request from opened to completed: one state label and one status comment at every step, exact calls', async () => {
  const { gh } = h;
  // Opened incomplete (e-mail for a username, one box unticked): opened + labeled at once.
  await h.deliverAtOnce(openRequest(gh, formBody({ username: 'me@example.com', unchecked: [CODE_OF_CONDUCT] })));
  let s = snapshot(gh, 1);
  expect(s.stateLabels).toEqual(['recovery: incomplete']);
  expect(s.statusComments).toBe(1);
  expect(s.status).toContain('Status: incomplete');
  expect(s.status).toContain('Code of Conduct');
  expect(s.status).not.toContain('me@example.com');
  expect(gh.unexpected).toEqual([]);

  // The requester fixes it by editing: triage, same comment, history grows.
  gh.resetCalls();
  await h.deliver(gh.as(REQUESTER).editBody(REPO, 1, formBody()));
  s = snapshot(gh, 1);
  expect(s.stateLabels).toEqual(['recovery: triage']);
  expect(s.statusComments).toBe(1);
  expect(s.status).toContain('your edit fixed the request');
  expect(decodeStatusData(s.status).history.map((e) => e.to)).toEqual(['incomplete', 'triage']);
  const writes = gh
    .callsTo()
    .filter((c) => c.method !== 'GET')
    .map((c) => c.route);
  // The new label goes on before the old one comes off; the status comment is written last.
  expect(writes).toEqual([
    'POST /repos/{owner}/{repo}/labels',
    'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
    'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}',
    'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}',
  ]);

  // A maintainer starts verification: label moves, a rocket, the verification message.
  await h.deliver(gh.as(MAINTAINER).comment(REPO, 1, '/recovery start'));
  s = snapshot(gh, 1);
  expect(s.stateLabels).toEqual(['recovery: awaiting-requester']);
  const start = s.comments.find((c) => c.body === '/recovery start');
  expect(start?.reactions.map((r) => r.content)).toEqual(['rocket']);
  expect(s.replies).toHaveLength(1);
  expect(s.replies[0]).toMatch(/^@requester An admin has started verifying/);

  // The requester replies: verifying.
  await h.deliver(gh.as(REQUESTER).comment(REPO, 1, 'I answered the e-mail.'));
  expect(snapshot(gh, 1).stateLabels).toEqual(['recovery: verifying']);

  // Complete: closed as completed.
  await h.deliver(gh.as(MAINTAINER).comment(REPO, 1, '/recovery complete'));
  s = snapshot(gh, 1);
  expect(s.stateLabels).toEqual(['recovery: completed']);
  expect(s.state).toBe('closed');
  expect(s.stateReason).toBe('completed');
  expect(s.statusComments).toBe(1);
  expect(decodeStatusData(s.status).history.map((e) => e.to)).toEqual([
    'incomplete',
    'triage',
    'awaiting-requester',
    'verifying',
    'completed',
  ]);
  expect(gh.unexpected).toEqual([]);
});

test('redelivering every event of a finished request writes nothing', async () => {
  const { gh } = h;
  const all = [
    ...openRequest(gh, formBody({ username: 'a b' })),
    ...gh.as(REQUESTER).editBody(REPO, 1, formBody()),
    ...gh.as(MAINTAINER).comment(REPO, 1, '/recovery start'),
    ...gh.as(REQUESTER).comment(REPO, 1, 'done'),
    ...gh.as(MAINTAINER).comment(REPO, 1, '/recovery deny not the owner'),
  ];
  await h.deliver(all);
  const before = snapshot(gh, 1);
  gh.resetCalls();
  await h.deliver(all);
  expect(gh.countCalls().writes).toBe(0);
  expect(snapshot(gh, 1)).toEqual(before);
  expect(calls().every((c) => c.startsWith('GET'))).toBe(true);
});

test('claim assigns the maintainer and tells the requester; unclaim gives it back; start claims an unclaimed request', async () => {
  const { gh } = h;
  await h.deliver(openRequest(gh));
  await h.deliver(gh.as('bob').comment(REPO, 1, '/recovery claim'));
  let issue = gh.issue(REPO, 1);
  expect(issue.assignees).toEqual(['bob']);
  expect(snapshot(gh, 1).status).toContain('An admin has taken your request');
  expect(decodeStatusData(snapshot(gh, 1).status).claimedBy).toBe('bob');
  await h.deliver(gh.as('bob').comment(REPO, 1, '/recovery unclaim'));
  expect(gh.issue(REPO, 1).assignees).toEqual([]);
  await h.deliver(gh.as(MAINTAINER).comment(REPO, 1, '/recovery start'));
  issue = gh.issue(REPO, 1);
  expect(issue.assignees).toEqual([MAINTAINER]);
  // A requester cannot claim.
  await h.deliver(gh.as(REQUESTER).comment(REPO, 1, '/recovery claim'));
  expect(gh.issue(REPO, 1).assignees).toEqual([MAINTAINER]);
  gh.resetCalls();
  await h.deliver(gh.as(MAINTAINER).comment(REPO, 1, '/recovery claim'));
  expect(gh.callsTo().filter((c) => c.route.includes('assignees'))).toEqual([]);
});

test('DRY_RUN: the app logs each plan and writes nothing (any write fails the test)', async () => {
  const dry = await startApp({ app: { dryRun: true } });
  try {
    const writes: string[] = [];
    dry.gh.setFaultHook((call) => {
      if (call.method !== 'GET' && !call.route.includes('access_tokens')) writes.push(call.route);
      return null;
    });
    await dry.deliver(openRequest(dry.gh, formBody({ username: 'me@example.com' })));
    await dry.deliver(dry.gh.as(MAINTAINER).comment(REPO, 1, '/recovery deny spam'));
    expect(writes).toEqual([]);
    expect(snapshot(dry.gh, 1).comments.filter((c) => c.user === 'recovery-triage[bot]')).toEqual([]);
    const planned = dry.logs.filter((l) => l.msg.includes('dry run, plan not applied'));
    expect(planned.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(planned)).toContain('close-not-planned');
    // The plan lines themselves carry no body text (the server's logger redacts Probot's own lines).
    expect(JSON.stringify(planned)).not.toContain('me@example.com');
  } finally {
    await dry.close();
  }
});
