import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSweepCommand } from '../../src/cli/sweep.js';
import { decodeStatusData } from '../../src/comment/data.js';
import { formBody } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, snapshot, startApp, type AppHarness } from '../helpers/app.js';
import { TestOctokit } from '../helpers/probot.js';
import { fakeIo } from './fake-io.js';

const DAY = 86_400_000;
let h: AppHarness;

beforeEach(async () => {
  h = await startApp();
  h.gh.addToken('sweep-token', 'recovery-triage[bot]');
});
afterEach(async () => {
  await h.close();
});

async function sweep(args: string[] = []): Promise<{ code: number; out: string; err: string }> {
  const command = createSweepCommand((token) => new TestOctokit({ auth: { token }, baseUrl: h.gh.url }));
  const io = { ...fakeIo(), env: { GITHUB_TOKEN: 'sweep-token' } };
  const now = new Date(h.gh.clock.now()).toISOString();
  const code = await command.run(['--repo', REPO, '--bot-login', 'recovery-triage[bot]', '--now', now, '--force-now', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

test('a silent requester is reminded once, then the request is closed as not planned; a second run writes nothing', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  await h.deliver(h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery ask Which projects?'));
  h.gh.clock.advance(8 * DAY);
  let run = await sweep();
  expect(run.code).toBe(0);
  expect(run.out).toContain('#1 awaiting-requester: timer: remind');
  expect(snapshot(h.gh, 1).replies.at(-1)).toMatch(/^@requester A reminder:/);
  h.gh.clock.advance(8 * DAY);
  run = await sweep();
  expect(run.out).toContain('#1 denied: timer: close');
  const s = snapshot(h.gh, 1);
  expect(s.state).toBe('closed');
  expect(s.stateReason).toBe('not_planned');
  expect(s.stateLabels).toEqual(['recovery: denied']);
  h.gh.resetCalls();
  await sweep();
  expect(h.gh.countCalls().writes).toBe(0);
});

test('--dry-run prints the decisions and writes nothing; --now alone is refused', async () => {
  await h.deliver(openRequest(h.gh, formBody({ username: 'a b' })));
  h.gh.clock.advance(8 * DAY);
  h.gh.resetCalls();
  const run = await sweep(['--dry-run']);
  expect(run.out).toContain('Dry run: nothing is written.');
  expect(run.out).toContain('#1 incomplete: timer: remind');
  expect(h.gh.countCalls().writes).toBe(0);
  const io = { ...fakeIo(), env: { GITHUB_TOKEN: 'sweep-token' } };
  const refused = await createSweepCommand(() => new TestOctokit({ auth: { token: 'x' }, baseUrl: h.gh.url }))
    .run(['--repo', REPO, '--now', '2026-12-01T00:00:00Z'], io)
    .catch((e: Error) => e);
  expect(String(refused)).toContain('--dry-run');
});

test('the safety net: a lost command delivery and a close that failed half-way are finished by the sweep', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  // The maintainer's command is never delivered.
  h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery start');
  await h.deliver(openRequest(h.gh, formBody({ username: 'second-user' })));
  // The deny of #2 fails when closing: the label moved, the issue stays open.
  h.gh.inject({ method: 'PATCH', route: 'PATCH /repos/{owner}/{repo}/issues/{issue_number}', kind: 'status', status: 502 });
  await expect(h.deliver(h.gh.as(MAINTAINER).comment(REPO, 2, '/recovery deny not the owner'))).rejects.toThrow();
  expect(snapshot(h.gh, 2).state).toBe('open');
  const run = await sweep();
  expect(run.code).toBe(0);
  expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: awaiting-requester']);
  const second = snapshot(h.gh, 2);
  expect(second.state).toBe('closed');
  expect(second.stateLabels).toEqual(['recovery: denied']);
  expect(second.replies).toHaveLength(1);
});

test('an edit that leaves the form incomplete restarts its timer; exempt labels are never reminded', async () => {
  await h.deliver(openRequest(h.gh, formBody({ username: 'a b' })));
  await h.deliver(openRequest(h.gh, formBody({ username: 'c d' })));
  h.gh.clock.advance(5 * DAY);
  // #1: the requester edits but the form still fails.
  await h.deliver(h.gh.as('requester').editBody(REPO, 1, formBody({ username: 'still wrong' })));
  h.gh.clock.advance(3 * DAY);
  let run = await sweep();
  // 8 days since opening, 3 since the edit: #1 waits, #2 is reminded.
  expect(run.out).not.toContain('#1 incomplete: timer');
  expect(run.out).toContain('#2 incomplete: timer: remind');
  // An exempt label stops the timers of #1 for good.
  h.gh.setFile(REPO, '.github/recovery-triage.yml', 'timers:\n  exemptLabels: [on-hold]\n');
  h.gh.as(MAINTAINER).addLabels(REPO, 1, 'on-hold');
  h.gh.clock.advance(30 * DAY);
  run = await sweep();
  expect(run.out).not.toContain('#1 incomplete: timer');
  expect(snapshot(h.gh, 1).replies).toEqual([]);
});

test('--refresh-queue updates the positions that moved, and only those', async () => {
  for (const name of ['one-user', 'two-user', 'three-user']) await h.deliver(openRequest(h.gh, formBody({ username: name })));
  const ahead = (n: number) => decodeStatusData(snapshot(h.gh, n).status).queueAhead;
  // The search-based count at intake (the stand-in indexes at once): 0, 1, 2.
  expect([ahead(1), ahead(2), ahead(3)]).toEqual([0, 1, 2]);
  // #1 is handled: #2 and #3 move up.
  await h.deliver(h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery start'));
  h.gh.resetCalls();
  const run = await sweep(['--refresh-queue']);
  expect(run.code).toBe(0);
  expect([ahead(2), ahead(3)]).toEqual([0, 1]);
  const patched = h.gh.callsTo().filter((c) => c.route === 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}');
  expect(patched).toHaveLength(2);
  h.gh.resetCalls();
  await sweep(['--refresh-queue']);
  expect(h.gh.countCalls().writes).toBe(0);
});

test('--dashboard keeps one "Account recovery queue" issue: planned in a dry run, created once, then unchanged', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  let run = await sweep(['--dashboard', '--dry-run']);
  expect(run.out).toContain('Dashboard: would create a new issue');
  run = await sweep(['--dashboard']);
  expect(run.out).toMatch(/Dashboard #2: created/);
  h.gh.resetCalls();
  run = await sweep(['--dashboard']);
  expect(run.out).toMatch(/Dashboard #2: unchanged/);
  expect(h.gh.countCalls().writes).toBe(0);
  expect(h.gh.issues(REPO).filter((i) => i.title === 'Account recovery queue')).toHaveLength(1);
});

test('--state: a request whose listing shows nothing changed since a run found nothing to do is not read again', async () => {
  const state = join(mkdtempSync(join(tmpdir(), 'sweep-state-')), 'state.json');
  for (const name of ['one-user', 'two-user', 'three-user']) await h.deliver(openRequest(h.gh, formBody({ username: name })));
  // The webhooks did everything: the first sweep finds nothing to do and remembers it.
  let run = await sweep(['--state', state]);
  expect(run.code).toBe(0);
  expect(JSON.parse(readFileSync(state, 'utf8')).seen).toEqual({
    '1': h.gh.issue(REPO, 1).updated_at,
    '2': h.gh.issue(REPO, 2).updated_at,
    '3': h.gh.issue(REPO, 3).updated_at,
  });
  h.gh.resetCalls();
  run = await sweep(['--state', state]);
  expect(run.out).toContain('3 unchanged since a sweep found nothing to do there');
  // Only the listings: no request's comments are read.
  expect(h.gh.calls.filter((c) => c.route.includes('/comments'))).toEqual([]);
  // A request changed since (a comment whose delivery was lost) is read and reconciled again.
  h.gh.as(MAINTAINER).comment(REPO, 2, '/recovery start');
  run = await sweep(['--state', state]);
  expect(run.out).toContain('2 unchanged');
  expect(snapshot(h.gh, 2).stateLabels).toEqual(['recovery: awaiting-requester']);
  // A damaged state file is started afresh.
  writeFileSync(state, '{"version":1,"repo":"someone/else","seen":{}}');
  run = await sweep(['--state', state]);
  expect(run.err).toContain('not a sweep state file for pypi/support');
});
