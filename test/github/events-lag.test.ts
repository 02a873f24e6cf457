import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventCommand } from '../../src/cli/event.js';
import { createSweepCommand } from '../../src/cli/sweep.js';
import { decodeStatusData } from '../../src/comment/data.js';
import { LAG_WINDOW_MS } from '../../src/triage/reconcile.js';
import { fakeIo } from '../cli/fake-io.js';
import { TestOctokit } from '../helpers/probot.js';
import { formBody } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, REQUESTER, snapshot, startApp, type AppHarness } from '../helpers/app.js';

/**
 * GitHub's issue events listing can lag the issue's labels. A state label that is on the issue
 * but whose `labeled` event is not listed yet is never removed as unexplained: the run writes
 * nothing, says so, and the request is run again shortly; the label's own delivery is not
 * skipped as "already seen" meanwhile.
 */

let h: AppHarness;
beforeEach(async () => {
  h = await startApp({ app: { recheckDelayMs: 300 } });
});
afterEach(async () => {
  await h.close();
});

const removals = (label: string) =>
  h.gh.calls.filter((c) => c.method === 'DELETE' && decodeURIComponent(c.path).includes(`/labels/${label}`)).length;

test("a maintainer's label whose event is not listed yet is kept; the label's delivery and the recheck take it in", async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: triage']);
  h.gh.state.eventsLagMs = 60_000;
  // The maintainer moves the request while another run (the requester's comment) reads the issue.
  const labeled = h.gh.as(MAINTAINER).addLabels(REPO, 1, 'recovery: verifying');
  h.gh.resetCalls();
  await h.probot.receive(h.gh.as(REQUESTER).comment(REPO, 1, 'Any news?')[0] as never);
  expect(h.gh.countCalls().writes).toBe(0);
  expect(h.gh.issue(REPO, 1).labels).toContain('recovery: verifying');
  expect(h.logs.some((l) => l.msg.includes('events lag the issue'))).toBe(true);

  // The listing catches up; the label's own delivery is run, not skipped as seen.
  h.gh.state.eventsLagMs = 0;
  await h.probot.receive(labeled[0] as never);
  let s = snapshot(h.gh, 1);
  expect(s.stateLabels).toEqual(['recovery: verifying']);
  expect(decodeStatusData(s.status).history.at(-1)).toMatchObject({ actor: MAINTAINER, event: 'label set by hand', to: 'verifying' });
  await h.app.idle();
  s = snapshot(h.gh, 1);
  expect(s.stateLabels).toEqual(['recovery: verifying']);
  expect(removals('recovery: verifying')).toBe(0);
  const rows = decodeStatusData(s.status).history.map((e) => JSON.stringify(e));
  expect(new Set(rows).size).toBe(rows.length);
});

test('without a delivery for the label, the scheduled recheck takes it in once the listing catches up', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  h.gh.state.eventsLagMs = 60_000;
  h.gh.as(MAINTAINER).addLabels(REPO, 1, 'recovery: verifying'); // its delivery is lost
  await h.probot.receive(h.gh.as(REQUESTER).comment(REPO, 1, 'Any news?')[0] as never);
  expect(snapshot(h.gh, 1).stateLabels.sort()).toEqual(['recovery: triage', 'recovery: verifying']);
  h.gh.state.eventsLagMs = 0;
  await h.app.idle();
  const s = snapshot(h.gh, 1);
  expect(s.stateLabels).toEqual(['recovery: verifying']);
  expect(decodeStatusData(s.status).history.at(-1)).toMatchObject({ actor: MAINTAINER, to: 'verifying' });
});

test('a state label whose event never appears is undone once the issue has been quiet past the lag window', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  h.gh.state.eventsLagMs = 3_600_000;
  h.gh.as(MAINTAINER).addLabels(REPO, 1, 'recovery: verifying'); // its delivery is lost, its event never listed
  h.gh.clock.advance(LAG_WINDOW_MS + 60_000);
  h.gh.addToken('sweep-token', 'recovery-triage[bot]');
  const io = { ...fakeIo(), env: { GITHUB_TOKEN: 'sweep-token' } };
  const sweep = createSweepCommand((token) => new TestOctokit({ auth: { token }, baseUrl: h.gh.url }));
  expect(
    await sweep.run(
      ['--repo', REPO, '--bot-login', 'recovery-triage[bot]', '--now', new Date(h.gh.clock.now()).toISOString(), '--force-now'],
      io,
    ),
  ).toBe(0);
  expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: triage']);
});

test('Action mode: the `event` run looks again after the delay the run asks for, and then takes the label in', async () => {
  // The command runs on the wall clock, as in GitHub Actions: GitHub's times are the same.
  h.gh.clock.set(Date.now());
  await h.deliver(openRequest(h.gh, formBody()));
  h.gh.addToken('actions-token', 'recovery-triage[bot]');
  h.gh.state.eventsLagMs = 60_000;
  const [labeled] = h.gh.as(MAINTAINER).addLabels(REPO, 1, 'recovery: verifying');
  const path = join(mkdtempSync(join(tmpdir(), 'recovery-triage-lag-')), 'event.json');
  writeFileSync(path, JSON.stringify(labeled.payload));
  const io = {
    ...fakeIo(),
    env: { GITHUB_EVENT_NAME: 'issues', GITHUB_EVENT_PATH: path, GITHUB_REPOSITORY: REPO, GITHUB_TOKEN: 'actions-token' },
  };
  // The listing catches up while the first run waits to look again.
  const caughtUp = setTimeout(() => (h.gh.state.eventsLagMs = 0), 500);
  const command = createEventCommand((token) => new TestOctokit({ auth: { token }, baseUrl: h.gh.url }));
  const code = await command.run([], { ...io, env: { ...io.env, RECOVERY_TRIAGE_BOT_LOGIN: 'recovery-triage[bot]' } });
  clearTimeout(caughtUp);
  expect({ code, err: io.err() }).toEqual({ code: 0, err: '' });
  const s = snapshot(h.gh, 1);
  expect(s.stateLabels).toEqual(['recovery: verifying']);
  expect(decodeStatusData(s.status).history.at(-1)).toMatchObject({ actor: MAINTAINER, to: 'verifying' });
}, 20_000);

test("a label's event stamped a second after the issue's update (whole seconds) still explains the label", async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  const labeled = h.gh.as(MAINTAINER).addLabels(REPO, 1, 'recovery: verifying');
  // GitHub stamps the issue and the event separately, in whole seconds: the event can read one second later.
  const issue = h.gh.state.repo(REPO).issues.get(1);
  const event = issue?.events.at(-1);
  if (!issue || !event) throw new Error('no event');
  event.createdAt = new Date(Date.parse(issue.updatedAt) + 1000).toISOString().replace('.000Z', 'Z');
  await h.deliver(labeled);
  const s = snapshot(h.gh, 1);
  expect(s.stateLabels).toEqual(['recovery: verifying']);
  expect(decodeStatusData(s.status).history.at(-1)).toMatchObject({ actor: MAINTAINER, event: 'label set by hand', to: 'verifying' });
});
