import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventCommand } from '../../src/cli/event.js';
import { decodeStatusData } from '../../src/comment/data.js';
import type { GitHubStandIn, WebhookDelivery } from '../../src/standin/index.js';
import { formBody } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, REQUESTER, snapshot, startApp, type AppHarness } from '../helpers/app.js';
import { TestOctokit } from '../helpers/probot.js';
import { fakeIo } from './fake-io.js';

const DAY = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'recovery-triage-event-'));

/** The same script of people's actions, run against a fresh stand-in. */
const SCRIPT: ((gh: GitHubStandIn) => WebhookDelivery[])[] = [
  (gh) => openRequest(gh, formBody({ username: 'me@example.com' })),
  (gh) => gh.as(REQUESTER).editBody(REPO, 1, formBody()),
  (gh) => gh.as(MAINTAINER).comment(REPO, 1, '/recovery start'),
];

let h: AppHarness;
beforeEach(async () => {
  h = await startApp();
  // In Actions the workflow token acts as github-actions[bot]; here it maps to the app's bot so snapshots compare.
  h.gh.addToken('actions-token', 'recovery-triage[bot]');
});
afterEach(async () => {
  await h.close();
});

async function runEvent(name: string, payload: unknown): Promise<{ code: number; out: string; err: string }> {
  const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(payload));
  const io = {
    ...fakeIo(),
    env: {
      GITHUB_EVENT_NAME: name,
      GITHUB_EVENT_PATH: path,
      GITHUB_REPOSITORY: REPO,
      GITHUB_TOKEN: 'actions-token',
      RECOVERY_TRIAGE_BOT_LOGIN: 'recovery-triage[bot]',
    },
  };
  const command = createEventCommand((token) => new TestOctokit({ auth: { token }, baseUrl: h.gh.url }));
  const code = await command.run([], io);
  return { code, out: io.out(), err: io.err() };
}

function comparable(gh: GitHubStandIn) {
  const s = snapshot(gh, 1);
  return {
    stateLabels: s.stateLabels,
    statusComments: s.statusComments,
    history: decodeStatusData(s.status).history.map((e) => `${e.from}→${e.to}`),
    replies: s.replies.length,
    reactions: s.comments.map((c) => c.reactions.map((r) => r.content)),
  };
}

test('issues.opened, issues.edited and issue_comment.created through `event` give the labels and comments the app gives', async () => {
  // The app's result on its own stand-in.
  const app = await startApp();
  try {
    for (const step of SCRIPT) await app.deliver(step(app.gh));
    // The same actions here, each handled by `event` (the workflow run of its first delivery).
    for (const step of SCRIPT) {
      const [first] = step(h.gh);
      const run = await runEvent(first.name, first.payload);
      expect(run.err).toBe('');
      expect(run.code).toBe(0);
    }
    expect(comparable(h.gh)).toEqual(comparable(app.gh));
    expect(comparable(h.gh).stateLabels).toEqual(['recovery: awaiting-requester']);
  } finally {
    await app.close();
  }
});

test('a schedule event sweeps: a silent requester is reminded', async () => {
  // The request was handled 9 days before the wall clock, which the sweep in `event` uses.
  h.gh.clock.set(new Date(Date.now() - 9 * DAY).toISOString());
  for (const step of SCRIPT) await h.deliver(step(h.gh));
  const run = await runEvent('schedule', { schedule: '0 6 * * *' });
  expect(run.code).toBe(0);
  expect(run.out).toContain('Swept 1 requests');
  expect(snapshot(h.gh, 1).replies.at(-1)).toMatch(/^@requester A reminder:/);
});

test('an event it does not handle, a pull request, and a missing environment', async () => {
  expect((await runEvent('push', { ref: 'refs/heads/main' })).out).toContain('nothing to do');
  expect((await runEvent('issues', { action: 'opened', issue: { number: 5, pull_request: {} } })).out).toContain('pull request');
  const command = createEventCommand();
  await expect(command.run([], { ...fakeIo(), env: {} })).rejects.toThrow('GITHUB_EVENT_NAME');
});
