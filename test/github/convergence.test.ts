import { decodeStatusData, replyKeysIn } from '../../src/comment/data.js';
import { prng } from '../helpers/prng.js';
import type { FaultCall, GitHubStandIn, WebhookDelivery } from '../../src/standin/index.js';
import { formBody, CODE_OF_CONDUCT } from '../helpers/bodies.js';
import { BYSTANDER, MAINTAINER, openRequest, REPO, REQUESTER, snapshot, startApp, type AppHarness } from '../helpers/app.js';

/**
 * The convergence suite: scenario scripts replayed as GitHub really delivers them, against the
 * in-memory GitHub. In every replay the request must end as in the sequential, fault-free run:
 * one state label, open or closed to match, exactly one status comment without duplicate
 * history rows, every owed reply posted once.
 *  (a) deliveries concurrent, in random interleavings (some held back until later steps);
 *  (b) every delivery redelivered late, with its original payload, in random order;
 *  (c) 20% of API calls failing (500, 502, 403 secondary rate limit, timeouts, failures after the
 *      write landed), each failed delivery redelivered until it succeeds.
 */

type Step = (gh: GitHubStandIn) => WebhookDelivery[];

interface Scenario {
  name: string;
  issues: number[];
  files?: Record<string, string>;
  steps: Step[];
}

const TOKEN = 'pypi-AgEIcHlwaS5vcmcCJDEyMzQ1Njc4LTEyMzQtMTIzNC0xMjM0LTEyMzQ1Njc4OTBhYgACKlszLCJhYmMiXQAABiD0123456789abcdefABCDEF';
const commentId = (gh: GitHubStandIn, n: number, body: string) => gh.comments(REPO, n).find((c) => c.body === body)?.id ?? 0;

const SCENARIOS: Scenario[] = [
  {
    name: 'incomplete, fixed by an edit, started, answered, completed',
    issues: [1],
    steps: [
      (gh) => openRequest(gh, formBody({ username: 'me@example.com', unchecked: [CODE_OF_CONDUCT] })),
      (gh) => gh.as(REQUESTER).editBody(REPO, 1, formBody()),
      (gh) => gh.as(MAINTAINER).comment(REPO, 1, '/recovery start'),
      (gh) => gh.as(REQUESTER).comment(REPO, 1, 'I answered the e-mail from my primary address.'),
      (gh) => gh.as(MAINTAINER).comment(REPO, 1, '/recovery complete'),
    ],
  },
  {
    name: 'a secret in a comment, a question, a reply, a denial',
    issues: [1],
    steps: [
      (gh) => openRequest(gh),
      (gh) => gh.as(REQUESTER).comment(REPO, 1, `Here is my token: ${TOKEN}`),
      (gh) => gh.as(MAINTAINER).comment(REPO, 1, '/recovery ask Which projects do you maintain?'),
      (gh) => gh.as(REQUESTER).comment(REPO, 1, 'Only one, requests-extra.'),
      (gh) => gh.as(MAINTAINER).comment(REPO, 1, '/recovery deny We could not verify ownership.'),
    ],
  },
  {
    name: 'labels, closes and reopens by hand, a bystander undone',
    issues: [1],
    steps: [
      (gh) => openRequest(gh),
      (gh) => gh.as(MAINTAINER).addLabels(REPO, 1, 'recovery: verifying'),
      (gh) => gh.as(BYSTANDER).addLabels(REPO, 1, 'recovery: completed'),
      (gh) => gh.as(BYSTANDER).comment(REPO, 1, '/recovery complete'),
      (gh) => gh.as(MAINTAINER).close(REPO, 1, 'not_planned'),
      (gh) => gh.as(MAINTAINER).reopen(REPO, 1),
    ],
  },
  {
    name: 'a comment edited to add a command, a withdrawal',
    issues: [1],
    steps: [
      (gh) => openRequest(gh),
      (gh) => gh.as(MAINTAINER).comment(REPO, 1, 'Looking at this now.'),
      (gh) => gh.as(MAINTAINER).editComment(REPO, commentId(gh, 1, 'Looking at this now.'), 'Looking at this now.\n/recovery start'),
      (gh) => gh.as(REQUESTER).comment(REPO, 1, '/recovery withdraw'),
    ],
  },
  {
    name: 'the same account twice: the newer request is closed as a duplicate of the older',
    issues: [1, 2],
    files: { '.github/recovery-triage.yml': 'duplicates:\n  action: close\n' },
    steps: [(gh) => openRequest(gh), (gh) => openRequest(gh), (gh) => gh.as(MAINTAINER).comment(REPO, 1, '/recovery start')],
  },
];

function shuffle<T>(items: T[], rng: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** What must agree between replays. */
function outcome(h: AppHarness, issues: number[]) {
  return issues.map((n) => {
    const s = snapshot(h.gh, n);
    const data = decodeStatusData(s.status);
    const rows = data.history.map((e) => JSON.stringify(e));
    // Comment ids differ between replays (the bot's comments take ids too): name people's comments by their order.
    const people = s.comments.filter((c) => c.user !== 'recovery-triage[bot]').map((c) => c.id);
    const replyKeys = s.replies
      .flatMap((r) => replyKeysIn(r))
      // A command added by an edit has its own key, or the comment's when the bot first saw it edited.
      .map((k) => k.replace(/^c(\d+)(?:-[0-9a-f]+)?$/, (_m, id: string) => `comment${people.indexOf(Number(id))}`))
      .sort();
    return {
      number: n,
      open: s.state === 'open',
      stateReason: s.state === 'open' ? null : s.stateReason,
      stateLabels: s.stateLabels,
      labels: s.labels,
      statusComments: s.statusComments,
      lastState: data.history.at(-1)?.to ?? null,
      duplicateRows: rows.length - new Set(rows).size,
      replyKeys,
      reactions: s.comments
        .filter((c) => c.user !== 'recovery-triage[bot]')
        .map((c) => [...new Set(c.reactions.map((r) => r.content))].sort()),
    };
  });
}

async function sequential(scenario: Scenario) {
  const h = await startApp({ files: scenario.files });
  const all: WebhookDelivery[] = [];
  try {
    for (const step of scenario.steps) {
      const deliveries = step(h.gh);
      all.push(...deliveries);
      await h.deliver(deliveries);
    }
    return { result: outcome(h, scenario.issues), all, h };
  } finally {
    await h.close();
  }
}

async function interleaved(scenario: Scenario, seed: number) {
  const rng = prng(seed);
  const h = await startApp({ files: scenario.files });
  try {
    const pool: WebhookDelivery[] = [];
    const inflight: Promise<unknown>[] = [];
    const dispatch = (d: WebhookDelivery) => inflight.push(h.probot.receive({ id: d.id, name: d.name, payload: d.payload } as never));
    for (const step of scenario.steps) {
      pool.push(...step(h.gh));
      while (pool.length > 0 && rng() < 0.6) dispatch(pool.splice(Math.floor(rng() * pool.length), 1)[0]);
      if (rng() < 0.5) await new Promise((r) => setTimeout(r, Math.floor(rng() * 15)));
    }
    for (const d of shuffle(pool, rng)) dispatch(d);
    const settled = await Promise.allSettled(inflight);
    await h.app.idle();
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
    return outcome(h, scenario.issues);
  } finally {
    await h.close();
  }
}

async function lateRedeliveries(scenario: Scenario, seed: number) {
  const rng = prng(seed);
  const h = await startApp({ files: scenario.files });
  try {
    const all: WebhookDelivery[] = [];
    for (const step of scenario.steps) {
      const deliveries = step(h.gh);
      all.push(...deliveries);
      await h.deliver(deliveries);
    }
    const before = outcome(h, scenario.issues);
    h.gh.resetCalls();
    // Every delivery again, with its original payload, late and in random order.
    for (const d of shuffle(all, rng)) await h.deliver([d]);
    expect(h.gh.countCalls().writes).toBe(0);
    expect(outcome(h, scenario.issues)).toEqual(before);
    return before;
  } finally {
    await h.close();
  }
}

const FAULTS = ['500', '502', 'secondary', 'timeout', 'after-write'] as const;

async function withFaults(scenario: Scenario, seed: number) {
  const rng = prng(seed);
  const h = await startApp({ files: scenario.files });
  let failures = 0;
  try {
    h.gh.setFaultHook((call: FaultCall) => {
      if (call.route.includes('access_tokens') || rng() >= 0.2) return null;
      const kind = FAULTS[Math.floor(rng() * FAULTS.length)];
      if (kind === '500' || kind === '502') return { kind: 'status', status: Number(kind) as 500 | 502 };
      if (kind === 'secondary') return { kind: 'status', status: 403 };
      if (kind === 'timeout') return { kind: 'timeout', ms: 20 };
      return call.method === 'GET' ? { kind: 'status', status: 502 } : { kind: 'after-write' };
    });
    for (const step of scenario.steps) {
      for (const d of step(h.gh)) {
        // GitHub does not redeliver by itself: here the failed delivery is asked for again until it succeeds.
        for (let attempt = 0; ; attempt++) {
          try {
            await h.probot.receive({ id: d.id, name: d.name, payload: d.payload } as never);
            break;
          } catch {
            failures += 1;
            if (attempt > 50) throw new Error('a delivery never succeeded');
          }
        }
        await h.app.idle();
      }
    }
    h.gh.setFaultHook(null);
    return { result: outcome(h, scenario.issues), failures };
  } finally {
    await h.close();
  }
}

const REPLAYS = Number(process.env.CONVERGENCE_REPLAYS ?? '4');
const figures = { scenarios: 0, replays: 0, converged: 0, failedDeliveries: 0 };

describe.each(SCENARIOS)('$name', (scenario) => {
  let baseline: ReturnType<typeof outcome>;

  beforeAll(async () => {
    baseline = (await sequential(scenario)).result;
    figures.scenarios += 1;
  });

  test('the sequential, fault-free run is well formed', () => {
    for (const issue of baseline) {
      expect(issue.stateLabels).toHaveLength(1);
      expect(issue.statusComments).toBe(1);
      expect(issue.duplicateRows).toBe(0);
      expect(issue.open).toBe(!['recovery: completed', 'recovery: denied', 'recovery: duplicate'].includes(issue.stateLabels[0]));
    }
  });

  test.each(Array.from({ length: REPLAYS }, (_, i) => i + 1))('concurrent interleaving, seed %i', async (seed) => {
    figures.replays += 1;
    expect(await interleaved(scenario, seed)).toEqual(baseline);
    figures.converged += 1;
  });

  test('every delivery redelivered late with its original payload: nothing written, nothing changed', async () => {
    figures.replays += 1;
    expect(await lateRedeliveries(scenario, 7)).toEqual(baseline);
    figures.converged += 1;
  });

  test.each(Array.from({ length: REPLAYS }, (_, i) => i + 11))(
    '20%% of API calls failing, redelivered until success, seed %i',
    async (seed) => {
      figures.replays += 1;
      const { result, failures } = await withFaults(scenario, seed);
      figures.failedDeliveries += failures;
      expect(result).toEqual(baseline);
      figures.converged += 1;
    },
  );
});

afterAll(() => {
  console.log(
    `convergence: ${figures.scenarios} scenarios × ${figures.replays / Math.max(1, figures.scenarios)} replays = ${figures.replays} replays, ${figures.converged} converged (${figures.failedDeliveries} failed deliveries redelivered)`,
  );
});
