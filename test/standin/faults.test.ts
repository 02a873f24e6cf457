import nock from 'nock';
import { REPO, owner, repo, startHarness, statusOf, type Harness } from './helpers.js';

let h: Harness;
const COMMENTS = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const ISSUE = 'GET /repos/{owner}/{repo}/issues/{issue_number}';
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(async () => {
  h = await startHarness();
  h.standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
  h.standIn.resetCalls();
});
afterEach(async () => {
  await h.standIn.close();
});

const comment = (body = 'hi') => h.app.rest.issues.createComment({ owner, repo, issue_number: 1, body });
const getIssue = () => h.app.rest.issues.get({ owner, repo, issue_number: 1 });

describe('status faults', () => {
  test.each([500, 502, 503] as const)('%i answers that status, once by default, and writes nothing', async (status) => {
    const fault = h.standIn.inject({ route: COMMENTS, kind: 'status', status });
    const failed = await statusOf(comment('first'));
    expect(failed.status).toBe(status);
    expect(failed.data).toMatchObject({ message: expect.any(String) });
    expect(h.standIn.comments(REPO, 1)).toEqual([]);
    expect((await comment('second')).status).toBe(201);
    expect(h.standIn.comments(REPO, 1).map((c) => c.body)).toEqual(['second']);
    expect([fault.fired, fault.remaining]).toEqual([1, 0]);
    expect(h.standIn.calls.map((c) => [c.status, c.fault])).toEqual([
      [status, 'status'],
      [201, undefined],
    ]);
  });

  test('403 is a secondary rate limit with retry-after: 1', async () => {
    h.standIn.inject({ method: 'POST', kind: 'status', status: 403 });
    const failed = await statusOf(comment());
    expect(failed.status).toBe(403);
    expect(failed.headers['retry-after']).toBe('1');
    expect(failed.data).toMatchObject({ message: expect.stringMatching(/^You have exceeded a secondary rate limit/) });
  });

  test('times, method and route (with or without the method) select what fails', async () => {
    const reads = h.standIn.inject({ route: '/repos/{owner}/{repo}/issues/{issue_number}', kind: 'status', status: 500, times: 2 });
    h.standIn.inject({ method: 'PATCH', route: /issues\/\{issue_number\}$/, kind: 'status', status: 503 });
    expect((await statusOf(getIssue())).status).toBe(500);
    expect((await statusOf(getIssue())).status).toBe(500);
    expect((await getIssue()).status).toBe(200);
    expect((await statusOf(h.app.rest.issues.update({ owner, repo, issue_number: 1, title: 'x' }))).status).toBe(503);
    expect((await comment()).status).toBe(201);
    expect(reads.fired).toBe(2);
    h.standIn.clearFaults();
    expect((await h.app.rest.issues.update({ owner, repo, issue_number: 1, title: 'x' })).status).toBe(200);
  });
});

test('after-write performs the write, then answers 502', async () => {
  h.standIn.inject({ route: COMMENTS, kind: 'after-write' });
  expect((await statusOf(comment('landed'))).status).toBe(502);
  expect(h.standIn.comments(REPO, 1).map((c) => c.body)).toEqual(['landed']);
  expect(h.standIn.outbox.at(-1)).toMatchObject({ name: 'issue_comment', payload: { action: 'created' } });
  expect(h.standIn.calls[0]).toMatchObject({ route: COMMENTS, status: 502, fault: 'after-write' });
  expect(h.standIn.countCalls()).toEqual({ reads: 0, writes: 1, notModified: 0 });
});

test('timeout holds the request, then drops the connection without writing', async () => {
  h.standIn.inject({ route: COMMENTS, kind: 'timeout', ms: 150 });
  const started = Date.now();
  const failed = await statusOf(comment());
  expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  // Octokit reports a dropped connection as a 500 RequestError without a response.
  expect(failed.status).toBe(500);
  expect(failed.data).toBeUndefined();
  expect(h.standIn.comments(REPO, 1)).toEqual([]);
  expect(h.standIn.calls).toEqual([expect.objectContaining({ route: COMMENTS, status: 0, fault: 'timeout' })]);
  expect((await comment()).status).toBe(201);
});

test('latency delays the answer and changes nothing else', async () => {
  h.standIn.inject({ route: ISSUE, kind: 'latency', ms: 120 });
  const started = Date.now();
  const { data } = await getIssue();
  expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  expect(data.number).toBe(1);
  expect(h.standIn.calls[0]).toMatchObject({ status: 200, fault: 'latency' });
});

test('probabilistic faults are reproducible with a seed', async () => {
  const run = async (seed: number) => {
    h.standIn.clearFaults();
    h.standIn.seed(seed);
    h.standIn.inject({ route: ISSUE, kind: 'status', status: 503, probability: 0.5 });
    const statuses: number[] = [];
    for (let i = 0; i < 24; i++)
      statuses.push(
        await getIssue().then(
          (r) => r.status,
          (e: { status: number }) => e.status,
        ),
      );
    return statuses;
  };
  const first = await run(42);
  expect(await run(42)).toEqual(first);
  expect(first).toContain(503);
  expect(first).toContain(200);
  expect(await run(7)).not.toEqual(first);
});

test('a fault hook decides per call', async () => {
  let writes = 0;
  h.standIn.setFaultHook((call) => (call.method !== 'GET' && ++writes % 2 === 1 ? { kind: 'status', status: 502 } : null));
  expect((await statusOf(comment('a'))).status).toBe(502);
  expect((await comment('b')).status).toBe(201);
  expect((await statusOf(comment('c'))).status).toBe(502);
  expect((await getIssue()).status).toBe(200);
  h.standIn.setFaultHook(null);
  expect((await comment('d')).status).toBe(201);
  expect(h.standIn.comments(REPO, 1).map((c) => c.body)).toEqual(['b', 'd']);
});

describe('call accounting', () => {
  test('counts reads and writes by route, installation and predicate, and resets', async () => {
    await getIssue();
    await getIssue();
    await comment();
    await h.app.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['x'] });
    await h.user('maint').rest.issues.get({ owner, repo, issue_number: 1 });
    expect(h.standIn.countCalls()).toEqual({ reads: 3, writes: 2, notModified: 0 });
    expect(h.standIn.countCalls({ installationId: 2 })).toEqual({ reads: 2, writes: 2, notModified: 0 });
    expect(h.standIn.countCalls({ route: ISSUE })).toEqual({ reads: 3, writes: 0, notModified: 0 });
    expect(h.standIn.countCalls({ method: 'POST', route: /labels$/ }).writes).toBe(1);
    expect(h.standIn.countCalls((c) => c.login === 'maint').reads).toBe(1);
    expect(h.standIn.calls[2]).toEqual({
      method: 'POST',
      route: COMMENTS,
      path: '/repos/pypi/support/issues/1/comments',
      status: 201,
      installationId: 2,
      login: 'recovery-triage[bot]',
      at: expect.stringMatching(/^2026-11-20T10:00:\d\dZ$/),
    });
    h.standIn.resetCalls();
    expect(h.standIn.countCalls()).toEqual({ reads: 0, writes: 0, notModified: 0 });
  });

  test('the core budget per caller runs out with a 403 naming the installation; 304 answers are free', async () => {
    const limited = await startHarness({ rateLimit: { core: 3 } });
    try {
      limited.standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
      const get = (headers: Record<string, string> = {}) => limited.app.rest.issues.get({ owner, repo, issue_number: 1, headers });
      const first = await get();
      expect(first.headers['x-ratelimit-remaining']).toBe('2');
      expect((await statusOf(get({ 'if-none-match': first.headers.etag as string }))).status).toBe(304);
      await get();
      await get();
      const refused = await statusOf(get());
      expect(refused.status).toBe(403);
      expect(refused.data).toMatchObject({ message: 'API rate limit exceeded for installation ID 2.' });
      expect(refused.headers['x-ratelimit-remaining']).toBe('0');
      expect((await limited.user('someone').rest.issues.get({ owner, repo, issue_number: 1 })).status).toBe(200);
      limited.standIn.clock.advance(3_600_000);
      expect((await get()).status).toBe(200);
    } finally {
      await limited.standIn.close();
    }
  });

  test('an unknown route is 404 and recorded as unexpected', async () => {
    const failed = await statusOf(h.app.request('GET /repos/{owner}/{repo}/pulls', { owner, repo }));
    expect(failed.status).toBe(404);
    expect(h.standIn.unexpected).toEqual([
      expect.objectContaining({ method: 'GET', path: '/repos/pypi/support/pulls', reason: 'no such route' }),
    ]);
    expect(h.standIn.calls[0]).toMatchObject({ route: 'GET /repos/pypi/support/pulls', status: 404 });
  });
});
