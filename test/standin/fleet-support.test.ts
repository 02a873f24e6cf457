import { startHarness, REPO, type Harness } from './helpers.js';

/** What the fleet suite (test/fleet) needs of the stand-in: GHES's /api/v3 root, redeliveries it can send. */

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.standIn.close();
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
