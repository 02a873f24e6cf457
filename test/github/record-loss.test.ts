import { decodeStatusData, replyKeysIn } from '../../src/comment/data.js';
import { PermissionCache } from '../../src/github/run.js';
import { formBody } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, REQUESTER, snapshot, startApp, type AppHarness } from '../helpers/app.js';

/**
 * A maintainer deletes the status comment: the next run rebuilds the request from what GitHub
 * shows. The labels are the state, the bot's replies show which commands were answered, and old
 * commands and label events are never run again with today's rights.
 */

const CAROL = 'carol';
let h: AppHarness;
beforeEach(async () => {
  h = await startApp();
  h.gh.setPermission(REPO, CAROL, 'maintain');
});
afterEach(async () => {
  await h.close();
});

/** The maintainer leaves the team; the app's cached rights expire. */
function leaves(login: string): void {
  h.gh.setPermission(REPO, login, 'read');
  h.app.services.permissions = new PermissionCache();
}

function deleteStatus(): void {
  const status = h.gh.comments(REPO, 1).find((c) => c.user === 'recovery-triage[bot]' && c.body.includes('recovery-triage:status'));
  if (!status) throw new Error('no status comment');
  h.gh.as(MAINTAINER).deleteComment(REPO, status.id);
}

const labelWrites = () => h.gh.calls.filter((c) => c.route.includes('/labels')).length;

test('a label set by a maintainer who has since left stands when the status comment is deleted; the record says it was rebuilt', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  await h.deliver(h.gh.as(CAROL).addLabels(REPO, 1, 'recovery: verifying'));
  expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: verifying']);
  leaves(CAROL);
  deleteStatus();
  h.gh.resetCalls();
  await h.deliver(h.gh.as(REQUESTER).comment(REPO, 1, 'Any news?'));
  const s = snapshot(h.gh, 1);
  expect(s.stateLabels).toEqual(['recovery: verifying']);
  expect(s.statusComments).toBe(1);
  expect(labelWrites()).toBe(0);
  const history = decodeStatusData(s.status).history;
  expect(history).toEqual([expect.objectContaining({ event: 'record rebuilt', from: null, to: 'verifying', actor: 'recovery-triage' })]);
  // A second run on the same GitHub state writes nothing.
  h.gh.resetCalls();
  await h.deliver(h.gh.as(REQUESTER).comment(REPO, 1, 'Still waiting.'));
  expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: verifying']);
  expect(decodeStatusData(snapshot(h.gh, 1).status).history).toHaveLength(1);
  expect(labelWrites()).toBe(0);
});

test('answered commands are not run again; a comment made after the loss still runs; no reply is posted twice', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  await h.deliver(h.gh.as(CAROL).comment(REPO, 1, '/recovery start'));
  await h.deliver(h.gh.as(CAROL).comment(REPO, 1, '/recovery help'));
  expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: awaiting-requester']);
  const repliesBefore = snapshot(h.gh, 1).replies;
  expect(repliesBefore).toHaveLength(2);
  leaves(CAROL);
  deleteStatus();
  await h.deliver(h.gh.as(REQUESTER).comment(REPO, 1, 'I answered the e-mail.'));
  const s = snapshot(h.gh, 1);
  expect(s.stateLabels).toEqual(['recovery: verifying']);
  expect(s.statusComments).toBe(1);
  // No rejection of carol's old commands, no second answer to them.
  expect(s.replies).toEqual(repliesBefore);
  const keys = s.replies.flatMap((r) => replyKeysIn(r));
  expect(new Set(keys).size).toBe(keys.length);
  const history = decodeStatusData(s.status).history;
  expect(history.map((e) => [e.event, e.to])).toEqual([
    ['record rebuilt', 'awaiting-requester'],
    ['requester replied', 'verifying'],
  ]);
});

test('a request with no status comment and no state label yet is decided from scratch, as before', async () => {
  // The opening webhooks were lost; a later comment is the first the bot hears of it.
  openRequest(h.gh, formBody());
  await h.deliver(h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery start'));
  const s = snapshot(h.gh, 1);
  expect(s.stateLabels).toEqual(['recovery: awaiting-requester']);
  expect(decodeStatusData(s.status).history.map((e) => e.to)).toEqual(['triage', 'awaiting-requester']);
});

test('first sight is not a lost record: a request the bot never wrote on, already moved by a maintainer, is replayed in order', async () => {
  // The opening deliveries are lost; a maintainer sets a state label and runs a command before
  // the bot ever sees the request (an Action run that starts late, a sweep that gets there first).
  openRequest(h.gh, formBody());
  h.gh.as(CAROL).addLabels(REPO, 1, 'recovery: triage');
  await h.deliver(h.gh.as(CAROL).comment(REPO, 1, '/recovery start'));
  const s = snapshot(h.gh, 1);
  expect(s.stateLabels).toEqual(['recovery: awaiting-requester']);
  expect(s.statusComments).toBe(1);
  const events = decodeStatusData(s.status).history.map((h) => h.event);
  expect(events).not.toContain('record rebuilt');
  expect(decodeStatusData(s.status).history.at(-1)).toEqual(expect.objectContaining({ actor: CAROL, to: 'awaiting-requester' }));
});
