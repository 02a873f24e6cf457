// Heap growth over many events: 20,000 `decide()` runs of the pure core, and 20,000 webhook
// deliveries through the real app (Probot, its Octokit, the bot's caches) against the GitHub
// stand-in, which runs in a worker thread so that this thread's heap is the app's alone.
// heapUsed is read after a full garbage collection.
import { generateKeyPairSync } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Worker } from 'node:worker_threads';
import { pino } from 'pino';
import { Probot, ProbotOctokit } from 'probot';
import { createApp } from '../lib/index.js';
import { benchBodies, formBody } from './bodies.js';
import { decideFully, firstObservation } from './core.js';
import { STATE_LABELS } from './fill.js';

setFlagsFromString('--expose-gc');
const gc = globalThis.gc ?? runInNewContext('gc');
const MiB = 2 ** 20;

export function heapUsed() {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

/** `total` decide() runs over varied first observations and follow-up comments; heap at checkpoints. */
export function decideHeap(total = 20_000, every = 5_000) {
  const bodies = benchBodies(400, 3);
  const samples = [];
  let kept = 0;
  for (let i = 0; i < total; i++) {
    if (i % every === 0) samples.push({ events: i, heap: heapUsed() });
    const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const comments =
      i % 3 === 0 ? [{ id: i + 10, author: 'alice', isBot: false, body: '/recovery start', createdAt: at, updatedAt: at }] : [];
    const decision = decideFully(firstObservation(i + 1, `requester-${i}`, bodies[i % bodies.length], at, comments), {
      queueAhead: i % 50,
      maintainers: ['alice'],
    });
    kept += decision.plan.addLabels.length;
  }
  samples.push({ events: total, heap: heapUsed() });
  return { samples, kept };
}

const TestOctokit = ProbotOctokit.defaults((options) => ({
  ...options,
  retry: { ...options.retry, enabled: false },
  throttle: { ...options.throttle, enabled: false },
}));

function startStandIn(workerData) {
  const worker = new Worker(new URL('./standin-worker.js', import.meta.url), { workerData });
  const pending = new Map();
  let next = 0;
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.on('message', (message) => {
      if (message.ready) {
        resolve({
          url: message.ready,
          ask: (op, args) =>
            new Promise((res, rej) => {
              const id = next++;
              pending.set(id, { res, rej });
              worker.postMessage({ id, op, args });
            }),
          stop: () => worker.terminate(),
        });
        return;
      }
      const waiting = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) waiting.rej(new Error(message.error));
      else waiting.res(message.result);
    });
  });
}

/**
 * `issues` requests, each taken through 20 deliveries: opened and labeled, an edit of the body,
 * a maintainer's `/recovery start`, the requester's reply and its redelivery, then seven rounds
 * of a requester's comment and an edit of it. `parallel` requests go on at once.
 */
export async function appHeap({ issues = 1000, parallel = 8, sampleEvery = 100 } = {}) {
  process.env.REDELIVER_INTERVAL_MINUTES = '0';
  const repos = ['pypi/support', 'pypi/warehouse'];
  const appId = 123;
  const gh = await startStandIn({
    now: '2026-11-20T10:00:00Z',
    appId,
    appSlug: 'recovery-triage',
    repos,
    labels: STATE_LABELS,
    maintainers: ['alice'],
  });
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  const probot = new Probot({ appId, privateKey, Octokit: TestOctokit, baseUrl: gh.url, log: pino({ level: 'silent' }) });
  let registered;
  await probot.load(createApp({ retryDelaysMs: [], deadlineMs: 60_000, onRegistered: (r) => (registered = r) }));
  const receive = async (deliveries) => {
    for (const d of deliveries) await probot.receive({ id: d.id, name: d.name, payload: d.payload });
  };
  const bodies = benchBodies(200, 5).filter((_, i) => i % 5 !== 4);
  let events = 0;
  const samples = [];
  const start = performance.now();

  async function lifecycle(i) {
    const repo = repos[i % repos.length];
    const login = `requester-${i}`;
    const body = bodies[i % bodies.length].replace(/`user-\d+`/, `\`user-${i}\``);
    const opened = await gh.ask('open', { repo, login, body });
    await receive(opened);
    const number = opened[0].payload.issue.number;
    const steps = [
      () => gh.ask('editBody', { repo, login, number, body: formBody({ username: `\`user-${i}\``, reason: 'Edited: lost the phone.' }) }),
      () => gh.ask('comment', { repo, login: 'alice', number, body: '/recovery start' }),
    ];
    let count = opened.length;
    for (const step of steps) {
      await receive(await step());
      count++;
    }
    const reply = await gh.ask('comment', { repo, login, number, body: 'I answered the e-mail.' });
    await receive(reply);
    await receive(reply);
    count += 2;
    for (let round = 0; round < 7; round++) {
      const [comment] = await gh.ask('comment', { repo, login, number, body: `Any news? (${round})` });
      await receive([comment]);
      await receive(await gh.ask('editComment', { repo, login, id: comment.payload.comment.id, body: `Any news? (${round}, edited)` }));
      count += 2;
    }
    return count;
  }

  let nextIssue = 0;
  let done = 0;
  const worker = async () => {
    while (nextIssue < issues) {
      const i = nextIssue++;
      const count = await lifecycle(i);
      events += count;
      done++;
      if (done % sampleEvery === 0) samples.push({ events, heap: heapUsed() });
    }
  };
  samples.push({ events: 0, heap: heapUsed() });
  await Promise.all(Array.from({ length: parallel }, worker));
  await registered.idle();
  const ms = performance.now() - start;
  samples.push({ events, heap: heapUsed() });
  const calls = await gh.ask('calls');
  const snapshot = (await Promise.all(repos.map((repo) => gh.ask('snapshot', { repo })))).flat();
  await gh.stop();
  return { events, ms, samples, calls, snapshot, MiB };
}
