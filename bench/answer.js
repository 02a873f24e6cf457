// Answer time under a burst: deliveries signed and sent over HTTP to the real Probot server with
// the app, 20 in flight at a time (10 requests opened at once: opened + labeled each), against
// the GitHub stand-in answering every call after a GitHub-like latency. With REDIS_URL-style
// durable work (a real redis-server, BullMQ) a delivery is answered once its run is recorded
// there; without Redis it is answered when its run ends (or at the 8 s deadline).
import { formBody } from './bodies.js';
import { spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { Probot, ProbotOctokit, Server } from 'probot';
import { createApp } from '../lib/index.js';
import { GitHubStandIn, signAndSend } from '../lib/standin/index.js';

const SECRET = 'bench-secret';
const APP_ID = 1;
const REPO = 'pypi/support';
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});
const BenchOctokit = ProbotOctokit.defaults((options) => ({
  ...options,
  retry: { ...options.retry, enabled: false },
  throttle: { ...options.throttle, enabled: false },
}));

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** A real redis-server on loopback, or null when none is installed. */
async function startRedis() {
  if (spawnSync('redis-server', ['--version']).error) return null;
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('redis-server did not start')), 10_000);
    child.stdout.on('data', (chunk) => {
      if (chunk.toString().includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return { url: `redis://127.0.0.1:${port}`, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
}

const body = (n) => formBody({ username: `\`user-${n}\``, reason: 'I lost the phone that held my authenticator app.' });

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/**
 * `rounds` bursts of `inFlight` deliveries; every call to the stand-in answered after `latencyMs`.
 * The first `warmup` bursts (the process's first deliveries: its installation token, the app's
 * identity and the config are read once, the Redis scripts loaded) are reported apart.
 * Returns the answer times (ms) and whether every request ended right.
 */
export async function measureAnswers({ redisUrl = '', rounds = 10, inFlight = 20, latencyMs = 100, warmup = 1 } = {}) {
  const gh = new GitHubStandIn({
    now: '2026-11-20T10:00:00Z',
    appId: APP_ID,
    appSlug: 'recovery-triage',
    rateLimit: { core: 1e9, search: 1e9 },
  });
  gh.addRepo(REPO, { installationId: 2 });
  await gh.listen();
  gh.inject({ kind: 'latency', ms: latencyMs, probability: 1 });
  const log = pino({ level: 'silent' });
  let registered = null;
  const server = new Server({
    Probot: Probot.defaults({ appId: APP_ID, privateKey, secret: SECRET, Octokit: BenchOctokit, log, baseUrl: gh.url }),
    host: '127.0.0.1',
    port: await freePort(),
    log,
  });
  await server.load(
    createApp({
      redisUrl,
      resyncMinutes: 0,
      redeliverMinutes: 0,
      durable: redisUrl ? { url: redisUrl, queue: `bench-${Date.now()}` } : undefined,
      onRegistered: (r) => (registered = r),
    }),
  );
  const http = await server.start();
  const url = `http://127.0.0.1:${http.address().port}/api/github/webhooks`;
  const answers = [];
  const warm = [];
  let failed = 0;
  const started = performance.now();
  let n = 0;
  try {
    for (let round = 0; round < warmup + rounds; round++) {
      const deliveries = [];
      while (deliveries.length < inFlight)
        deliveries.push(
          ...gh.as(`requester-${n}`).openIssue(REPO, { title: 'Account recovery request', body: body(n++), labels: ['account-recovery'] }),
        );
      await Promise.all(
        deliveries.slice(0, inFlight).map(async (d) => {
          const t = performance.now();
          const result = await signAndSend(url, SECRET, d);
          (round < warmup ? warm : answers).push(performance.now() - t);
          if (result.status < 200 || result.status >= 300) failed++;
        }),
      );
    }
    const answeredMs = performance.now() - started;
    await registered?.idle();
    const drainedMs = performance.now() - started;
    const issues = gh.issues(REPO);
    const right = issues.filter(
      (i) =>
        i.labels.includes('recovery: triage') &&
        gh.comments(REPO, i.number).filter((c) => c.body.includes('<!-- recovery-triage:status -->')).length === 1,
    ).length;
    answers.sort((a, b) => a - b);
    return {
      deliveries: answers.length,
      failed,
      p50: percentile(answers, 50),
      p99: percentile(answers, 99),
      max: answers.at(-1),
      warmupMax: warm.length > 0 ? Math.max(...warm) : null,
      answeredMs,
      drainedMs,
      requests: issues.length,
      right,
    };
  } finally {
    await registered?.shutdown(5000);
    await server.stop();
    await gh.close();
  }
}

export async function answerBench() {
  const redis = await startRedis();
  try {
    const durable = redis ? await measureAnswers({ redisUrl: redis.url }) : null;
    const inProcess = await measureAnswers({ rounds: 3 });
    return { durable, inProcess, redisMissing: redis === null };
  } finally {
    await redis?.stop();
  }
}
