import { decodeStatusData } from '../../src/comment/data.js';
import { formBody } from '../helpers/bodies.js';
import { BYSTANDER, MAINTAINER, openRequest, REPO, snapshot, startApp, type AppHarness } from '../helpers/app.js';

let h: AppHarness;
afterEach(async () => {
  await h.close();
});

test('1,000 `/recovery start` lines from anyone: the refusal once and one line about the rest, in one bounded reply', async () => {
  h = await startApp();
  await h.deliver(openRequest(h.gh));
  await h.deliver(h.gh.as(BYSTANDER).comment(REPO, 1, Array(1000).fill('/recovery start').join('\n')));
  const s = snapshot(h.gh, 1);
  expect(s.replies).toHaveLength(1);
  expect(s.replies[0].length).toBeLessThan(20_000);
  // Ten commands ran, all refused the same way: one reply says it once, with one mention.
  expect(s.replies[0].match(/Only people with triage rights/g)).toHaveLength(1);
  expect(s.replies[0].match(/@mallory/g)).toHaveLength(1);
  expect(s.replies[0]).toContain('the other 990 were ignored');
  expect(s.stateLabels).toEqual(['recovery: triage']);
  expect(h.gh.unexpected).toEqual([]);
});

test("a maintainer's 1,000 `/recovery ask` lines: the state moves, the status comment and the reply stay under GitHub's limit", async () => {
  h = await startApp();
  await h.deliver(openRequest(h.gh));
  // As long as GitHub accepts in one comment: 1,000 lines of 60 characters.
  const question = `Which projects? ${'x'.repeat(30)}`;
  await h.deliver(h.gh.as(MAINTAINER).comment(REPO, 1, Array(1000).fill(`/recovery ask ${question}`).join('\n')));
  const s = snapshot(h.gh, 1);
  expect(s.stateLabels).toEqual(['recovery: awaiting-requester']);
  expect(s.status?.length ?? 0).toBeLessThan(65_536);
  expect(s.replies).toHaveLength(1);
  expect(s.replies[0].length).toBeLessThan(21_000);
  expect(decodeStatusData(s.status).history.at(-1)?.to).toBe('awaiting-requester');
  // A redelivery repeats nothing.
  h.gh.resetCalls();
  await h.deliver([{ ...h.gh.outbox.filter((d) => d.name === 'issue_comment').at(-1)! }]);
  expect(h.gh.countCalls().writes).toBe(0);
});

test('an invalid config is shown to maintainers in one config-error issue, never on the request; fixed, the issue is closed', async () => {
  h = await startApp({
    files: {
      '.github/recovery-triage.yml': 'duplicates:\n  closedWithinDays: 1000000000\nlabels:\n  triage:\n    name: account-recovery\n',
    },
  });
  await h.deliver(openRequest(h.gh, formBody()));
  const issues = h.gh.issues(REPO);
  const configIssue = issues.find((i) => i.title === 'recovery-triage: configuration error');
  expect(configIssue?.state).toBe('open');
  expect(configIssue?.body).toContain('duplicates.closedWithinDays');
  expect(configIssue?.body).toContain('labels.triage.name');
  expect(snapshot(h.gh, 1).comments).toEqual([]);
  // A second event writes nothing more.
  h.gh.resetCalls();
  await h.deliver(h.gh.as('requester').comment(REPO, 1, 'hello?'));
  expect(h.gh.countCalls().writes).toBe(0);
  // Fixed: the next event closes the config issue and triages the request.
  h.gh.setFile(REPO, '.github/recovery-triage.yml', 'duplicates:\n  closedWithinDays: 90\n');
  h.app.services.files.invalidate({ owner: 'pypi', repo: 'support' });
  await h.deliver(h.gh.as('requester').comment(REPO, 1, 'still there?'));
  expect(h.gh.issue(REPO, configIssue!.number).state).toBe('closed');
  expect(snapshot(h.gh, 1).stateLabels).toEqual(['recovery: triage']);
});
