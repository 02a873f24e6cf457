import Bottleneck from 'bottleneck';
import nock from 'nock';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { installationOf, perInstallationThrottle, PerInstallationOctokit, withPerInstallationThrottle } from '../../src/github/throttle.js';
import { GitHubStandIn, type WebhookDelivery } from '../../src/standin/index.js';
import { APP_ID, PRIVATE_KEY } from '../helpers/probot.js';

/**
 * Probot's write throttling with throttling ON, through the client each event handler gets
 * (`context.octokit`), against the stand-in. The plugin's spacing is kept but made small
 * (`minTime` 150 ms instead of 1 s and 3 s), so a burst is quick to drain.
 */

const SPACING_MS = 150;
const BURST = 8;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
});

interface Groups {
  write: Bottleneck.Group;
  notifications: Bottleneck.Group;
  /** The throttle ids the write queue was split by. */
  keys: Set<string>;
}

function smallGroups(): Groups {
  const write = new Bottleneck.Group({ maxConcurrent: 1, minTime: SPACING_MS });
  const notifications = new Bottleneck.Group({ maxConcurrent: 1, minTime: SPACING_MS });
  const keys = new Set<string>();
  write.on('created', (_limiter: Bottleneck, key: string) => keys.add(key));
  return { write, notifications, keys };
}

/** Probot's own Octokit, with only the spacing made small: its queues shared as Probot 14 shares them. */
function stockOctokit(groups: Groups): typeof ProbotOctokit {
  return ProbotOctokit.defaults((options: Record<string, unknown>) => ({
    ...options,
    throttle: { ...(options.throttle as object), write: groups.write, notifications: groups.notifications },
  }));
}

interface Done {
  installation: number;
  ms: number;
}

/**
 * A burst of BURST new issues in installation 1's repository, then one in installation 2's,
 * delivered at once; each handler writes one comment through `context.octokit`. Returns when
 * each handler's write finished, in ms from the start.
 */
async function burst(Octokit: typeof ProbotOctokit): Promise<Done[]> {
  const gh = new GitHubStandIn({ now: '2026-11-20T10:00:00Z', appId: APP_ID, appSlug: 'recovery-triage' });
  gh.addRepo('busy/support', { installationId: 1 });
  gh.addRepo('quiet/support', { installationId: 2 });
  await gh.listen();
  try {
    const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, Octokit, baseUrl: gh.url, log: pino({ level: 'silent' }) });
    const done: Done[] = [];
    let start = 0;
    await probot.load((app) => {
      app.on('issues.opened', async (context) => {
        await context.octokit.rest.issues.createComment(context.issue({ body: 'Thanks, we are on it.' }));
        done.push({ installation: context.payload.installation?.id ?? 0, ms: performance.now() - start });
      });
    });
    const open = (repo: string, i: number) =>
      gh.as(`requester-${i}`).openIssue(repo, { title: `Request ${i}`, body: 'Help' })[0] as WebhookDelivery;
    // Tokens first, so the burst measures writes alone.
    await probot.auth(1);
    await probot.auth(2);
    const deliveries = [...Array.from({ length: BURST }, (_, i) => open('busy/support', i)), open('quiet/support', BURST)];
    start = performance.now();
    await Promise.all(deliveries.map((d) => probot.receive({ id: d.id, name: d.name, payload: d.payload } as never)));
    expect(gh.unexpected).toEqual([]);
    expect(gh.countCalls({ method: 'POST', route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments' }).writes).toBe(BURST + 1);
    return done;
  } finally {
    await gh.close();
  }
}

const quiet = (done: Done[]) => done.filter((d) => d.installation === 2).map((d) => d.ms)[0] ?? NaN;
const busyLast = (done: Done[]) => Math.max(...done.filter((d) => d.installation === 1).map((d) => d.ms));

test("the diagnosis: Probot 14's context.octokit spaces every installation's writes through one queue (id no-id)", async () => {
  const groups = smallGroups();
  const done = await burst(stockOctokit(groups));
  console.log(
    `stock: quiet installation's write after ${quiet(done).toFixed(0)} ms; busy burst drained after ${busyLast(done).toFixed(0)} ms`,
  );
  expect([...groups.keys]).toEqual(['no-id']);
  // The one write of the quiet installation waited behind most of the other's burst.
  expect(quiet(done)).toBeGreaterThanOrEqual((BURST - 2) * SPACING_MS);
}, 30_000);

test('per installation: a burst in one installation does not delay another; each keeps its own spacing', async () => {
  const groups = smallGroups();
  const done = await burst(withPerInstallationThrottle(ProbotOctokit, { write: groups.write, notifications: groups.notifications }));
  console.log(
    `per installation: quiet installation's write after ${quiet(done).toFixed(0)} ms; busy burst drained after ${busyLast(done).toFixed(0)} ms`,
  );
  expect([...groups.keys].sort()).toEqual(['1', '2']);
  expect(quiet(done)).toBeLessThan(3 * SPACING_MS);
  // The busy installation is still spaced: its writes take at least (BURST − 1) × minTime.
  expect(busyLast(done)).toBeGreaterThanOrEqual((BURST - 1) * SPACING_MS * 0.9);
  expect(quiet(done)).toBeLessThan(busyLast(done) / 3);
}, 30_000);

test('the option set: keyed as app.auth(id) keys it, throttling left off stays off, other clients untouched', () => {
  expect(installationOf({ auth: { installationId: 42, token: 'x' } })).toBe(42);
  expect(installationOf({ auth: { token: 'x' } })).toBeNull();
  expect(installationOf({})).toBeNull();
  const handlers = { onRateLimit: () => true, onSecondaryRateLimit: () => false };
  expect(perInstallationThrottle({ auth: { installationId: 7 }, throttle: handlers })).toEqual({
    auth: { installationId: 7 },
    throttle: { ...handlers, id: '7' },
  });
  expect(perInstallationThrottle({ auth: { installationId: 7 }, throttle: { enabled: false } }).throttle).toEqual({
    enabled: false,
    id: '7',
  });
  expect(perInstallationThrottle({ auth: { token: 't' }, throttle: handlers }).throttle).toEqual(handlers);
  expect(typeof PerInstallationOctokit).toBe('function');
});
