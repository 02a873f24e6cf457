import { startHarness, owner, repo, REPO, type Harness } from './helpers.js';

/** Knobs the fleet suite uses (test/fleet): the events listing's lag, GHES's /api/v3 root, redeliveries. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.standIn.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('with eventsLagMs, a new event shows on the issue at once but in the events listing only after the lag', async () => {
  h.standIn.as('requester').openIssue(REPO, { title: 't', body: 'b', labels: ['account-recovery'] });
  h.standIn.eventsLagMs = 150;
  // Events that existed when the lag was set are listed at once.
  const before = await h.app.rest.issues.listEvents({ owner, repo, issue_number: 1 });
  expect(before.data.map((e) => e.event)).toEqual(['labeled']);
  h.standIn.as('alice').addLabels(REPO, 1, 'recovery: verifying');
  const issue = await h.app.rest.issues.get({ owner, repo, issue_number: 1 });
  expect(issue.data.labels.map((l) => (typeof l === 'string' ? l : l.name))).toContain('recovery: verifying');
  const lagging = await h.app.rest.issues.listEvents({ owner, repo, issue_number: 1 });
  expect(lagging.data.map((e) => e.event)).toEqual(['labeled']);
  await sleep(200);
  const caughtUp = await h.app.rest.issues.listEvents({ owner, repo, issue_number: 1 });
  expect(caughtUp.data.map((e) => (e as { label?: { name: string } }).label?.name)).toEqual(['account-recovery', 'recovery: verifying']);
  h.standIn.eventsLagMs = 0;
  expect(() => (h.standIn.eventsLagMs = -1)).toThrow('eventsLagMs');
});

test('the API is also served under /api/v3, the root GitHub Enterprise Server (and Probot with GHE_HOST) uses', async () => {
  h.standIn.as('requester').openIssue(REPO, { title: 't', body: 'b' });
  const token = h.standIn.installationToken(2);
  const response = await fetch(`${h.standIn.url}/api/v3/repos/${REPO}/issues/1`, { headers: { authorization: `token ${token}` } });
  expect(response.status).toBe(200);
  expect(((await response.json()) as { number: number }).number).toBe(1);
  expect(h.standIn.unexpected).toEqual([]);
});

test('onRedelivery tells a listener about each redelivery asked for', () => {
  const delivery = h.standIn.recordDelivery({ guid: 'g-1', event: 'issues', action: 'opened', status_code: 0 });
  const heard: string[] = [];
  const stop = h.standIn.onRedelivery((request) => heard.push(request.guid));
  h.standIn.requestRedelivery(delivery.id);
  stop();
  h.standIn.requestRedelivery(delivery.id);
  expect(heard).toEqual(['g-1']);
  expect(h.standIn.redeliveryRequests).toHaveLength(2);
});
