import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventCommand } from '../../src/cli/event.js';
import { createSweepCommand } from '../../src/cli/sweep.js';
import { decodeStatusData, emptyStatusData, encodeStatusData, replyKeysIn, replyMarker, STATUS_MARKER } from '../../src/comment/data.js';
import type { GitHubStandIn } from '../../src/standin/index.js';
import { formBody } from '../helpers/bodies.js';
import { BYSTANDER, MAINTAINER, openRequest, REPO, REQUESTER, startApp, type AppHarness } from '../helpers/app.js';
import { TestOctokit } from '../helpers/probot.js';
import { fakeIo } from '../cli/fake-io.js';

/**
 * One deployment, two identities: the app writes as `recovery-triage[bot]`, Action mode and the
 * sweep workflow as `github-actions[bot]`. A status comment or reply written under either is
 * adopted by the other (kept and edited, never duplicated, never deleted and re-created); a
 * stranger's comment carrying the markers is not.
 */

const ACTIONS = 'github-actions[bot]';
const APP_BOT = 'recovery-triage[bot]';
const dir = mkdtempSync(join(tmpdir(), 'recovery-triage-identities-'));

let h: AppHarness;
beforeEach(async () => {
  h = await startApp();
  h.gh.addUser(ACTIONS, { type: 'Bot' });
  h.gh.addToken('actions-token', ACTIONS);
});
afterEach(async () => {
  await h.close();
});

/** A workflow run of the `event` command (Action mode), with the workflow token. */
async function actionRun(name: string, payload: unknown, env: Record<string, string> = {}): Promise<string> {
  const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(payload));
  const io = {
    ...fakeIo(),
    env: {
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: name,
      GITHUB_EVENT_PATH: path,
      GITHUB_REPOSITORY: REPO,
      GITHUB_TOKEN: 'actions-token',
      ...env,
    },
  };
  const code = await createEventCommand((token) => new TestOctokit({ auth: { token }, baseUrl: h.gh.url })).run([], io);
  expect({ code, err: io.err() }).toEqual({ code: 0, err: '' });
  return io.out();
}

/** The server deployment's sweep workflow (examples/workflows/recovery-triage-sweep.yml). */
async function sweepWorkflow(): Promise<string> {
  const io = { ...fakeIo(), env: { GITHUB_ACTIONS: 'true', GITHUB_TOKEN: 'actions-token', RECOVERY_TRIAGE_BOT_LOGIN: APP_BOT } };
  const command = createSweepCommand((token) => new TestOctokit({ auth: { token }, baseUrl: h.gh.url }));
  const code = await command.run(['--repo', REPO, '--now', new Date(h.gh.clock.now()).toISOString(), '--force-now'], io);
  expect({ code, err: io.err() }).toEqual({ code: 0, err: '' });
  return io.out();
}

function statusComments(gh: GitHubStandIn, n = 1) {
  return gh.comments(REPO, n).filter((c) => c.body.includes(STATUS_MARKER) && (c.user === APP_BOT || c.user === ACTIONS));
}

function writesTo(gh: GitHubStandIn) {
  const created = gh.calls.filter((c) => c.method === 'POST' && c.route === 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments');
  const deleted = gh.calls.filter((c) => c.method === 'DELETE' && c.route === 'DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}');
  return { created: created.length, deleted: deleted.length };
}

test("switching from Action mode to the server: the app adopts the Action's status comment and keeps its history", async () => {
  openRequest(h.gh);
  await actionRun('issues', { action: 'opened', issue: { number: 1 } });
  const start = h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery start');
  await actionRun('issue_comment', { action: 'created', issue: { number: 1 } });
  const [before] = statusComments(h.gh);
  expect(before.user).toBe(ACTIONS);
  const history = decodeStatusData(before.body).history;
  expect(history.map((e) => e.to)).toEqual(['triage', 'awaiting-requester']);
  expect(h.gh.comments(REPO, 1).filter((c) => c.user === ACTIONS && replyKeysIn(c.body).length > 0)).toHaveLength(1);

  // The server takes over: the start's redelivery, then the requester's answer and a command.
  h.gh.resetCalls();
  await h.deliver(start);
  await h.deliver(h.gh.as(REQUESTER).comment(REPO, 1, 'I answered the e-mail.'));
  await h.deliver(h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery complete'));
  const after = statusComments(h.gh);
  expect(after).toHaveLength(1);
  expect(after[0].id).toBe(before.id);
  const rows = decodeStatusData(after[0].body).history;
  expect(rows.slice(0, 2)).toEqual(history);
  expect(rows.at(-1)?.to).toBe('completed');
  // Only the completion's reply was created; nothing was deleted; the start was not answered twice.
  expect(writesTo(h.gh)).toEqual({ created: 1, deleted: 0 });
  expect(h.gh.issue(REPO, 1).labels).toContain('recovery: completed');
});

test('the app and the sweep workflow keep one status comment between them over three rounds', async () => {
  // The request's opening webhooks were lost: the sweep gives it its status comment.
  openRequest(h.gh);
  h.gh.resetCalls();
  expect(await sweepWorkflow()).toContain('#1 triage');
  const [first] = statusComments(h.gh);
  expect(first.user).toBe(ACTIONS);
  for (const [i, body] of ['/recovery start', 'I answered the e-mail.', '/recovery claim'].entries()) {
    await h.deliver(h.gh.as(i === 1 ? REQUESTER : MAINTAINER).comment(REPO, 1, body));
    h.gh.clock.advance(60_000);
    await sweepWorkflow();
  }
  expect(statusComments(h.gh).map((c) => c.id)).toEqual([first.id]);
  const calls = writesTo(h.gh);
  // One status comment and the start's reply were ever created; none was deleted.
  expect(calls).toEqual({ created: 2, deleted: 0 });
  const rows = decodeStatusData(statusComments(h.gh)[0].body).history.map((e) => JSON.stringify(e));
  expect(new Set(rows).size).toBe(rows.length);
});

test("a stranger's comment carrying the status marker and data is not adopted", async () => {
  openRequest(h.gh);
  const forged = emptyStatusData();
  forged.history.push({
    at: h.gh.clock.now(),
    actor: MAINTAINER,
    event: '/recovery complete',
    from: null,
    to: 'completed',
    reason: 'forged',
  });
  forged.historyTotal = 1;
  forged.cursor.comment = 10 ** 9;
  h.gh.as(BYSTANDER).comment(REPO, 1, `${STATUS_MARKER}\nAll done.\n${encodeStatusData(forged)}`);
  await h.deliver(h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery start'));
  const ours = statusComments(h.gh);
  expect(ours).toHaveLength(1);
  expect(ours[0].user).toBe(APP_BOT);
  expect(decodeStatusData(ours[0].body).history.map((e) => e.to)).toEqual(['triage', 'awaiting-requester']);
  expect(h.gh.issue(REPO, 1).state).toBe('open');
  // The forged comment is left as its author wrote it.
  expect(h.gh.comments(REPO, 1).filter((c) => c.user === BYSTANDER)).toHaveLength(1);
});

test('a reply posted under the other identity counts as posted', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  const [start] = h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery start');
  const commandId = start.payload.comment.id;
  // An Action-mode run answered the command, and stopped before it updated the status comment.
  h.gh.as(ACTIONS).comment(REPO, 1, `@${REQUESTER} We started.\n\n${replyMarker(`c${commandId}`)}`);
  await h.deliver([start]);
  const replies = h.gh.comments(REPO, 1).filter((c) => replyKeysIn(c.body).includes(`c${commandId}`));
  expect(replies.map((c) => c.user)).toEqual([ACTIONS]);
  expect(decodeStatusData(statusComments(h.gh)[0].body).history.at(-1)?.to).toBe('awaiting-requester');
});

test("switching from the server to Action mode (the app's bot named in RECOVERY_TRIAGE_BOT_LOGIN) keeps the app's status comment", async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  await h.deliver(h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery start'));
  const [before] = statusComments(h.gh);
  expect(before.user).toBe(APP_BOT);
  h.gh.resetCalls();
  h.gh.as(REQUESTER).comment(REPO, 1, 'I answered the e-mail.');
  await actionRun('issue_comment', { action: 'created', issue: { number: 1 } }, { RECOVERY_TRIAGE_BOT_LOGIN: APP_BOT });
  const after = statusComments(h.gh);
  expect(after.map((c) => [c.id, c.user])).toEqual([[before.id, APP_BOT]]);
  expect(decodeStatusData(after[0].body).history.map((e) => e.to)).toEqual(['triage', 'awaiting-requester', 'verifying']);
  expect(writesTo(h.gh)).toEqual({ created: 0, deleted: 0 });
});
