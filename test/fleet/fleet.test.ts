import { jest } from '@jest/globals';
import nock from 'nock';
import { redisMissing } from '../helpers/redis.js';
import { prng } from '../helpers/prng.js';
import { emptyFigures, ensureBuilt, Fleet, sleep, type Figures, type FleetOptions } from './harness.js';
import { outcome, referenceRun, statusLifecycle, WORKLOAD, type Outcome } from './workload.js';

/**
 * The fleet suite (docs/fleet.md): the real pieces of a deployment run together against the
 * GitHub stand-in on loopback, with faults at seeded random points. In every run each request
 * must end as the sequential, fault-free run leaves it: one state label, one status comment
 * never deleted and re-created, no duplicate reply or history row, no request lost.
 *
 * FLEET_SEED picks the seed (printed), FLEET_ROUNDS runs each scenario more times (seeds
 * FLEET_SEED, FLEET_SEED+1, ...).
 */

const SEED = Number(process.env.FLEET_SEED ?? '16');
const ROUNDS = Math.max(1, Number(process.env.FLEET_ROUNDS ?? '1'));
const seeds = Array.from({ length: ROUNDS }, (_, i) => SEED + i);
const missing = redisMissing();
if (missing) console.warn(`Skipped the fleet scenarios with Redis: ${missing}.`);
export const withRedis = missing ? test.skip : test;

const figures: Figures = emptyFigures();
const scenarios = new Set<string>();
let reference: Outcome;

jest.setTimeout(90_000);

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  ensureBuilt();
  reference = await referenceRun();
}, 120_000);

afterAll(() => {
  nock.enableNetConnect();
  const line = [
    `fleet (seed ${SEED}, ${ROUNDS} round${ROUNDS === 1 ? '' : 's'}): ${figures.scenarios} scenarios, ${figures.runs} runs, ${figures.requests} requests`,
    `${figures.kills} kill -9, ${figures.sigterms} SIGTERM, ${figures.restarts} restarts, ${figures.redisRestarts} Redis restarts`,
    `${figures.deliveries} deliveries (${figures.failedDeliveries} failed), ${figures.redeliveries} redeliveries`,
    `${figures.actionRuns} Action runs (${figures.cancelledRuns} cancelled by concurrency), ${figures.sweeps} sweeps`,
    `${figures.converged}/${figures.requests} requests converged`,
  ].join('; ');
  console.log(line);
});

test('the sequential, fault-free run is well formed', () => {
  for (const issue of reference) {
    expect(issue.stateLabels).toHaveLength(1);
    expect(issue.statusComments).toBe(1);
    expect(issue.duplicateRows).toBe(0);
    expect(issue.duplicateReplies).toBe(0);
  }
  expect(reference.map((r) => r.stateLabels[0])).toEqual(['recovery: completed', 'recovery: verifying', 'recovery: verifying']);
});

type Chaos = (fleet: Fleet, at: { round: number; step: number }) => void;

/** Plays the workload: round by round, each step a short random pause after the last. */
async function play(fleet: Fleet, chaos: Chaos = () => undefined): Promise<void> {
  for (const [round, steps] of WORKLOAD.rounds.entries()) {
    for (const [step, act] of steps.entries()) {
      act(fleet.gh);
      chaos(fleet, { round, step });
      await sleep(20 + Math.floor(fleet.rng() * 120));
    }
  }
}

/** Runs one scenario: starts the fleet, plays, waits for it to settle, compares with the reference. */
async function scenario(
  name: string,
  seed: number,
  options: Omit<FleetOptions, 'seed'>,
  drive: (fleet: Fleet) => Promise<void>,
  settleMs = 45_000,
): Promise<Fleet> {
  scenarios.add(name);
  figures.scenarios = scenarios.size;
  figures.runs += 1;
  console.log(`fleet: ${name}, seed ${seed}`);
  const fleet = await Fleet.start({ seed, ...options });
  let failed = true;
  try {
    await drive(fleet);
    const matches = () => JSON.stringify(outcome(fleet.gh, WORKLOAD.issues)) === JSON.stringify(reference);
    await fleet.settle(matches, settleMs);
    const result = outcome(fleet.gh, WORKLOAD.issues);
    const lifecycle = statusLifecycle(fleet.gh, WORKLOAD.issues);
    figures.requests += result.length;
    figures.converged += result.filter(
      (r, i) => JSON.stringify(r) === JSON.stringify(reference[i]) && lifecycle[i].created === 1 && lifecycle[i].deleted === 0,
    ).length;
    addFigures(fleet.figures);
    expect(result).toEqual(reference);
    expect(lifecycle).toEqual(WORKLOAD.issues.map((number) => ({ number, created: 1, deleted: 0 })));
    expect(fleet.gh.unexpected).toEqual([]);
    failed = false;
    return fleet;
  } finally {
    if (failed) console.error(`fleet: ${name} failed (seed ${seed}); FLEET_SEED=${seed} reproduces it.\n${fleet.diagnostics()}`);
    await fleet.close();
  }
}

function addFigures(from: Figures): void {
  for (const key of [
    'kills',
    'sigterms',
    'restarts',
    'redisRestarts',
    'deliveries',
    'failedDeliveries',
    'redeliveries',
    'actionRuns',
    'cancelledRuns',
    'sweeps',
  ] as const)
    figures[key] += from[key];
}

/** Faults one after the other (a restart finishes before the next kill), while the workload goes on. */
function serial() {
  let chain: Promise<void> = Promise.resolve();
  return {
    then(fault: () => Promise<void>) {
      chain = chain.then(fault);
    },
    done: () => chain,
  };
}

/** `count` points in the workload (round, step), chosen by the seed. */
function points(seed: number, count: number): Set<string> {
  const rng = prng(seed * 7919);
  const all = WORKLOAD.rounds.flatMap((steps, round) => steps.map((_, step) => `${round}:${step}`));
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, all.length)) chosen.add(all[Math.floor(rng() * all.length)]);
  return chosen;
}

describe('one server process', () => {
  test.each(seeds)('fault-free, signed deliveries through the real server (seed %i)', async (seed) => {
    await scenario('one replica, fault-free', seed, { replicas: 1 }, (fleet) => play(fleet));
  });

  test.each(seeds)('kill -9 at random points, restarted; failed deliveries redelivered (seed %i)', async (seed) => {
    const at = points(seed, 2);
    await scenario('one replica, kill -9', seed, { replicas: 1 }, async (fleet) => {
      const faults = serial();
      await play(fleet, (f, { round, step }) => {
        if (!at.has(`${round}:${step}`)) return;
        faults.then(async () => {
          await sleep(Math.floor(f.rng() * 150));
          await f.stopReplica(0, 'SIGKILL');
          await sleep(Math.floor(f.rng() * 300));
          await f.restartReplica(0);
        });
      });
      await faults.done();
    });
  });
});
