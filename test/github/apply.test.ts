import { replyKeysIn, replyMarker } from '../../src/comment/data.js';
import { formBody } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, REQUESTER, snapshot, startApp, type AppHarness } from '../helpers/app.js';

/**
 * Replies are checked against the issue right before they are posted: one bounded read of the
 * comments changed since the run read the issue, and a reply whose key another writer of this
 * deployment has posted meanwhile is not posted again. Runs that post no reply do not read.
 */

const ACTIONS = 'github-actions[bot]';
const COMMENTS = 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments';
let h: AppHarness;
beforeEach(async () => {
  h = await startApp();
  h.gh.addUser(ACTIONS, { type: 'Bot' });
});
afterEach(async () => {
  await h.close();
});

test('a reply another writer posted after the run read the issue is not posted twice', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  const [start] = h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery start');
  const key = `c${start.payload.comment.id}`;
  // Between this run's read and its replies (its first write is the label), an Action-mode run
  // of the same comment posts the answer.
  let raced = false;
  h.gh.setFaultHook((call) => {
    if (!raced && call.method === 'POST' && call.route.endsWith('/labels')) {
      raced = true;
      h.gh.as(ACTIONS).comment(REPO, 1, `@${REQUESTER} We started.\n\n${replyMarker(key)}`);
    }
    return null;
  });
  h.gh.resetCalls();
  await h.deliver([start]);
  expect(raced).toBe(true);
  const answers = h.gh.comments(REPO, 1).filter((c) => replyKeysIn(c.body).includes(key));
  expect(answers.map((c) => c.user)).toEqual([ACTIONS]);
  // The check was one read of the comments changed since the issue as the run read it.
  const checks = h.gh.calls.filter((c) => c.route === COMMENTS && /[?&]since=/.test(c.path));
  expect(checks).toHaveLength(1);
  expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: awaiting-requester']);
});

test('a run that posts no reply makes no extra read; one that does makes exactly one', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  await h.deliver(h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery start'));
  h.gh.resetCalls();
  await h.deliver(h.gh.as(REQUESTER).comment(REPO, 1, 'I answered the e-mail.'));
  expect(h.gh.calls.filter((c) => c.route === COMMENTS && /[?&]since=/.test(c.path))).toHaveLength(0);
  h.gh.resetCalls();
  await h.deliver(h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery help'));
  expect(h.gh.calls.filter((c) => c.route === COMMENTS && /[?&]since=/.test(c.path))).toHaveLength(1);
  expect(snapshot(h.gh, 1).replies).toHaveLength(2);
});
