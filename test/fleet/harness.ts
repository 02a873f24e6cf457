import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { GitHubStandIn, signAndSend, type WebhookDelivery } from '../../src/standin/index.js';
import { BYSTANDER, INSTALLATION, MAINTAINER, REPO } from '../helpers/app.js';
import { freePort } from '../helpers/port.js';
import { prng } from '../helpers/prng.js';

/**
 * The fleet harness: the real pieces of a deployment as separate processes around one GitHub
 * stand-in served over HTTP on loopback (docs/fleet.md).
 *
 * - Replicas: `node bin/start.js` (the real Probot server, the built lib/), pointed at the
 *   stand-in with Probot's GHE_HOST; optionally sharing a real redis-server (REDIS_URL).
 * - Hookshot: every delivery the stand-in emits for an event the app subscribes to (app.yml) is
 *   signed and POSTed to a live replica (a load balancer's choice), at least once, in no fixed
 *   order, and recorded with its answer in the app's delivery log (`GET /app/hook/deliveries`).
 *   A redelivery asked for with `POST /app/hook/deliveries/{id}/attempts` is sent again with its
 *   original payload. During an outage, or with no replica up, deliveries fail.
 * - Actions: Action-mode runs (`recovery-triage event`, as the example workflow runs it),
 *   scheduled by the example workflow's `on:` and `concurrency:` the way GitHub Actions does.
 * - The CLI sweep (`recovery-triage sweep`).
 * - One clock: every process sees the stand-in's time (test/fleet/preload.mjs), so a 20-minute
 *   outage takes milliseconds.
 */

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PRELOAD = new URL('./preload.mjs', import.meta.url).href;
export const SECRET = 'fleet-webhook-secret';
export const APP_ID = 123;
export const ACTIONS_LOGIN = 'github-actions[bot]';
const ACTIONS_TOKEN = 'ghs_fleet_actions_token';
/** Throttle spacing in the processes: 1 s between writes becomes 25 ms, 3 s between comments 75 ms. */
const SPACING_SCALE = '0.025';

const { privateKey: PRIVATE_KEY } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});

/** Every child process any fleet started and has not seen exit: killed at exit whatever happens. */
const living = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of living) child.kill('SIGKILL');
});

/** Builds lib/ (what the processes run) when it is missing or older than src/. */
export function ensureBuilt(): void {
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, entry) => {
      const path = join(dir, entry.name);
      return Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
    }, 0);
  let built = 0;
  try {
    built = statSync(join(ROOT, 'lib/index.js')).mtimeMs;
  } catch {
    built = 0;
  }
  if (built >= newest(join(ROOT, 'src'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

export interface Figures {
  scenarios: number;
  runs: number;
  requests: number;
  kills: number;
  sigterms: number;
  restarts: number;
  redisRestarts: number;
  deliveries: number;
  failedDeliveries: number;
  redeliveries: number;
  actionRuns: number;
  cancelledRuns: number;
  sweeps: number;
  converged: number;
}

export function emptyFigures(): Figures {
  return {
    scenarios: 0,
    runs: 0,
    requests: 0,
    kills: 0,
    sigterms: 0,
    restarts: 0,
    redisRestarts: 0,
    deliveries: 0,
    failedDeliveries: 0,
    redeliveries: 0,
    actionRuns: 0,
    cancelledRuns: 0,
    sweeps: 0,
    converged: 0,
  };
}

/** A child process with its output kept (last lines) for the failure message. */
class Proc {
  readonly output: string[] = [];
  readonly exited: Promise<number | null>;
  exitCode: number | null | undefined = undefined;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    living.add(child);
    const keep = (chunk: Buffer) => {
      // Probot's access log (one line per delivery) is left out: the app's own lines tell more.
      for (const line of chunk.toString().split('\n'))
        if (line.trim() && !/"name":"(probot:)?http"/.test(line)) this.output.push(line.slice(0, 400));
      if (this.output.length > 300) this.output.splice(0, this.output.length - 300);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        living.delete(child);
        this.exitCode = code ?? (signal ? -1 : null);
        resolve(code);
      }),
    );
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  waitFor(text: string, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no "${text}" within ${timeoutMs} ms:\n${this.tail()}`)), timeoutMs);
      const check = () => {
        if (this.output.some((line) => line.includes(text))) {
          clearTimeout(timer);
          resolve();
          return true;
        }
        return false;
      };
      if (check()) return;
      const onData = () => {
        if (check()) {
          this.child.stdout?.off('data', onData);
          this.child.stderr?.off('data', onData);
        }
      };
      this.child.stdout?.on('data', onData);
      this.child.stderr?.on('data', onData);
      void this.exited.then(() => {
        clearTimeout(timer);
        if (!check()) reject(new Error(`${this.name} exited before "${text}":\n${this.tail()}`));
      });
    });
  }

  tail(lines = 40): string {
    return this.output.slice(-lines).join('\n');
  }
}

export interface Replica {
  index: number;
  proc: Proc;
  url: string;
  ready: boolean;
}

interface RedisProc {
  port: number;
  url: string;
  proc: Proc;
}

export interface FleetOptions {
  seed: number;
  /** Start a redis-server; servers and CLI sweeps get REDIS_URL. */
  redis?: boolean;
  /** Server processes (0: Action mode, no server). */
  replicas?: number;
  /** Action-mode runs for issue events (the example workflow). */
  actions?: boolean;
  /** Extra environment for the servers. */
  env?: Record<string, string>;
  files?: Record<string, string>;
}

/** The example workflow's triggers and concurrency, read from examples/workflows/recovery-triage.yml. */
export interface Workflow {
  on: Record<string, string[] | null>;
  group: string;
  cancelInProgress: boolean;
  queueMax: boolean;
}

export function readWorkflow(path = join(ROOT, 'examples/workflows/recovery-triage.yml')): Workflow {
  const doc = parseYaml(readFileSync(path, 'utf8')) as {
    on: Record<string, { types?: string[] } | null>;
    concurrency?: { group: string; 'cancel-in-progress'?: boolean | string; queue?: string };
  };
  const on: Record<string, string[] | null> = {};
  for (const [name, value] of Object.entries(doc.on)) on[name] = value?.types ?? null;
  const concurrency = doc.concurrency ?? { group: '${{ github.run_id }}' };
  return {
    on,
    group: concurrency.group,
    cancelInProgress: String(concurrency['cancel-in-progress'] ?? 'false') === 'true',
    queueMax: concurrency.queue === 'max',
  };
}

/**
 * A concurrency group's name for a run: `${{ … }}` expressions over `github.event.*`,
 * `github.repository`, `github.workflow`, `github.run_id`, with `||` and quoted literals.
 */
export function groupName(template: string, github: Record<string, unknown>): string {
  const lookup = (path: string): unknown =>
    path
      .split('.')
      .slice(1)
      .reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), github);
  return template.replace(/\$\{\{(.*?)\}\}/g, (_m, expression: string) => {
    for (const part of expression.split('||').map((p) => p.trim())) {
      const literal = /^'(.*)'$/.exec(part);
      const value = literal ? literal[1] : part.startsWith('github.') ? lookup(part) : undefined;
      if (value !== undefined && value !== null && value !== '' && value !== false) return String(value);
    }
    return '';
  });
}

interface ActionRun {
  id: number;
  event: string;
  payload: unknown;
  group: string;
  state: 'pending' | 'running' | 'done' | 'cancelled';
}

export class Fleet {
  readonly gh: GitHubStandIn;
  readonly rng: () => number;
  readonly replicas: Replica[] = [];
  readonly figures = emptyFigures();
  readonly dir: string;
  readonly workflow: Workflow;
  redis: RedisProc | null = null;
  /** While true, every delivery fails (GitHub cannot reach the app). */
  outage = false;
  /** Whether the example workflow is installed: issue events start Action-mode runs. */
  actions: boolean;
  readonly #clockFile: string;
  #offsetMs = 0;
  readonly #tick: NodeJS.Timeout;
  readonly #inflight = new Set<Promise<unknown>>();
  readonly #procs: Proc[] = [];
  readonly #runs: ActionRun[] = [];
  readonly #groups = new Map<string, { running: ActionRun | null; pending: ActionRun[] }>();
  #nextRun = 1;
  #closed = false;
  readonly #unsubscribe: (() => void)[] = [];
  readonly #subscribed: Set<string>;

  private constructor(
    readonly options: FleetOptions,
    gh: GitHubStandIn,
  ) {
    this.gh = gh;
    this.rng = prng(options.seed);
    this.actions = options.actions ?? false;
    this.dir = mkdtempSync(join(tmpdir(), 'recovery-triage-fleet-'));
    this.#clockFile = join(this.dir, 'clock-offset');
    writeFileSync(this.#clockFile, '0');
    this.workflow = readWorkflow();
    const appYml = parseYaml(readFileSync(join(ROOT, 'app.yml'), 'utf8')) as { default_events?: string[] };
    this.#subscribed = new Set(appYml.default_events ?? []);
    // The stand-in's clock never falls behind the processes' clock.
    this.#tick = setInterval(() => this.#syncClock(), 50);
    this.#unsubscribe.push(gh.onWebhook((d) => this.#onWebhook(d)));
    this.#unsubscribe.push(gh.onRedelivery((request) => this.#onRedelivery(request.guid)));
  }

  static async start(options: FleetOptions): Promise<Fleet> {
    const gh = new GitHubStandIn({ appId: APP_ID, appSlug: 'recovery-triage', seed: options.seed });
    gh.addRepo(REPO, {
      installationId: INSTALLATION,
      files: options.files,
      permissions: { [MAINTAINER]: 'maintain', bob: 'triage', [BYSTANDER]: 'read' },
    });
    gh.addUser(ACTIONS_LOGIN, { type: 'Bot' });
    gh.addToken(ACTIONS_TOKEN, ACTIONS_LOGIN);
    await gh.listen();
    const fleet = new Fleet(options, gh);
    try {
      if (options.redis) await fleet.startRedis();
      await Promise.all(Array.from({ length: options.replicas ?? 0 }, (_, i) => fleet.startReplica(i)));
    } catch (error) {
      await fleet.close();
      throw error;
    }
    return fleet;
  }

  // ---------------------------------------------------------------------------------------------
  // Time

  #syncClock(): void {
    const target = Date.now() + this.#offsetMs;
    if (this.gh.clock.nowMs() < target) this.gh.clock.set(target);
  }

  /** Moves every clock (the stand-in's and the processes') on by `ms`. */
  advance(ms: number): void {
    this.#offsetMs += ms;
    // Written aside and renamed: a process never reads a half-written offset.
    writeFileSync(`${this.#clockFile}.next`, String(this.#offsetMs));
    renameSync(`${this.#clockFile}.next`, this.#clockFile);
    this.#syncClock();
  }

  now(): number {
    return Date.now() + this.#offsetMs;
  }

  // ---------------------------------------------------------------------------------------------
  // Processes

  #env(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
    return {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TZ: 'UTC',
      FLEET_CLOCK_FILE: this.#clockFile,
      FLEET_SPACING_SCALE: SPACING_SCALE,
      ...(this.redis ? { REDIS_URL: this.redis.url } : {}),
      ...extra,
    };
  }

  #spawn(name: string, args: string[], env: NodeJS.ProcessEnv): Proc {
    const child = spawn(process.execPath, ['--import', PRELOAD, ...args], { cwd: this.dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const proc = new Proc(name, child);
    this.#procs.push(proc);
    return proc;
  }

  async startReplica(index: number): Promise<Replica> {
    const port = await freePort();
    const proc = this.#spawn(
      `replica ${index}`,
      [join(ROOT, 'bin/start.js')],
      this.#env({
        APP_ID: String(APP_ID),
        PRIVATE_KEY,
        WEBHOOK_SECRET: SECRET,
        GHE_HOST: new URL(this.gh.url).host,
        GHE_PROTOCOL: 'http',
        HOST: '127.0.0.1',
        PORT: String(port),
        LOG_LEVEL: process.env.FLEET_LOG_LEVEL ?? 'info',
        LOG_FORMAT: 'json',
        NODE_ENV: 'development',
        // The periodic jobs at test speed: redelivery passes every 1.2 s, resync passes every 3 s
        // (FLEET_RESYNC_MINUTES); a durable job whose replica died is taken up again after 5 s
        // (30 s in production).
        REDELIVER_INTERVAL_MINUTES: '0.02',
        RESYNC_INTERVAL_MINUTES: process.env.FLEET_RESYNC_MINUTES ?? '0.05',
        WORK_LOCK_SECONDS: '5',
        ...this.options.env,
      }),
    );
    const replica: Replica = { index, proc, url: `http://127.0.0.1:${port}/api/github/webhooks`, ready: false };
    this.replicas[index] = replica;
    await proc.waitFor(`Listening on http://127.0.0.1:${port}`, 20_000);
    replica.ready = true;
    return replica;
  }

  /** kill -9 (or SIGTERM) a replica; a SIGTERM must end it within `boundMs`. */
  async stopReplica(index: number, signal: 'SIGKILL' | 'SIGTERM', boundMs = 15_000): Promise<{ ms: number; code: number | null }> {
    const replica = this.replicas[index];
    if (!replica || !replica.proc.alive) return { ms: 0, code: null };
    const started = Date.now();
    if (signal === 'SIGKILL') this.figures.kills += 1;
    else this.figures.sigterms += 1;
    replica.proc.child.kill(signal);
    const timer = new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), boundMs).unref());
    const ended = await Promise.race([replica.proc.exited, timer]);
    replica.ready = false;
    if (ended === 'late') {
      replica.proc.child.kill('SIGKILL');
      await replica.proc.exited;
      throw new Error(`replica ${index} did not exit within ${boundMs} ms of ${signal}:\n${replica.proc.tail()}`);
    }
    // SIGTERM drains (or hands back) the runs in flight and exits cleanly within the bound.
    if (signal === 'SIGTERM' && ended !== 0)
      throw new Error(`replica ${index} exited with ${ended} after SIGTERM:\n${replica.proc.tail()}`);
    return { ms: Date.now() - started, code: ended };
  }

  async restartReplica(index: number): Promise<void> {
    this.figures.restarts += 1;
    await this.startReplica(index);
  }

  liveReplicas(): Replica[] {
    return this.replicas.filter((r) => r && r.ready && r.proc.alive);
  }

  // ---------------------------------------------------------------------------------------------
  // Redis

  async startRedis(port?: number): Promise<void> {
    const chosen = port ?? (await freePort());
    const child = spawn('redis-server', ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      cwd: this.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const proc = new Proc('redis-server', child);
    this.#procs.push(proc);
    await proc.waitFor('Ready to accept connections', 10_000);
    this.redis = { port: chosen, url: `redis://127.0.0.1:${chosen}`, proc };
  }

  /** Stops redis-server (its data is gone: no persistence) and starts it again on the same port after `downMs`. */
  async restartRedis(downMs: number): Promise<void> {
    const redis = this.redis;
    if (!redis) throw new Error('no redis-server in this fleet');
    this.figures.redisRestarts += 1;
    redis.proc.child.kill('SIGKILL');
    await redis.proc.exited;
    await sleep(downMs);
    await this.startRedis(redis.port);
  }

  // ---------------------------------------------------------------------------------------------
  // Hookshot: GitHub's webhook deliveries

  #onWebhook(delivery: WebhookDelivery): void {
    if (this.#closed) return;
    // Once a server was started (the app is installed), GitHub sends it every subscribed event.
    if (this.replicas.length > 0 && this.#subscribed.has(delivery.name)) {
      // GitHub sends soon, concurrently, in no fixed order.
      this.#track(sleep(Math.floor(this.rng() * 40)).then(() => this.send(delivery)));
    }
    if (this.actions) this.#onActionsEvent(delivery);
  }

  #onRedelivery(guid: string): void {
    const original = this.gh.outbox.find((d) => d.id === guid);
    if (!original || this.#closed) return;
    this.figures.redeliveries += 1;
    this.#track(sleep(Math.floor(this.rng() * 40)).then(() => this.send(original, true)));
  }

  #track<T>(promise: Promise<T>): void {
    this.#inflight.add(promise);
    void promise.finally(() => this.#inflight.delete(promise)).catch(() => undefined);
  }

  /** Signs and POSTs one delivery to a live replica (10 s, as GitHub waits), and logs it as GitHub does. */
  async send(delivery: WebhookDelivery, redelivery = false): Promise<number> {
    const live = this.liveReplicas();
    const target = this.outage || live.length === 0 ? null : live[Math.floor(this.rng() * live.length)];
    const result = target
      ? await signAndSend(target.url, SECRET, delivery, { appId: APP_ID, timeoutMs: 10_000 })
      : { status: 0, ms: 1, body: 'unreachable' };
    if (this.#closed) return result.status;
    this.figures.deliveries += 1;
    if (result.status < 200 || result.status >= 300) this.figures.failedDeliveries += 1;
    const { payload } = delivery;
    this.gh.recordDelivery({
      guid: delivery.id,
      event: delivery.name,
      action: 'action' in payload ? payload.action : null,
      status_code: result.status,
      installationId: payload.installation.id,
      repositoryId: payload.repository.id,
      redelivery,
      duration: result.ms / 1000,
    });
    return result.status;
  }

  // ---------------------------------------------------------------------------------------------
  // GitHub Actions

  #onActionsEvent(delivery: WebhookDelivery): void {
    const types = this.workflow.on[delivery.name];
    if (types === undefined) return;
    const payload = delivery.payload as {
      action?: string;
      sender?: { login?: string };
      issue?: { number?: number; pull_request?: unknown };
    };
    if (types !== null && !types.includes(payload.action ?? '')) return;
    // Events made with the workflow's own GITHUB_TOKEN start no workflow run.
    if (payload.sender?.login === ACTIONS_LOGIN) return;
    if (payload.issue?.pull_request) return;
    this.dispatch(delivery.name, payload);
  }

  /** A workflow run for an event (`schedule` for the daily sweep), queued by its concurrency group. */
  dispatch(event: string, payload: unknown): void {
    const id = this.#nextRun++;
    const group = groupName(this.workflow.group, { event: payload, repository: REPO, workflow: 'recovery-triage', run_id: id });
    const run: ActionRun = { id, event, payload, group, state: 'pending' };
    this.#runs.push(run);
    let lane = this.#groups.get(group);
    if (!lane) this.#groups.set(group, (lane = { running: null, pending: [] }));
    if (this.workflow.cancelInProgress && lane.running) {
      // Not modelled beyond bookkeeping: the example workflows never cancel in progress.
      throw new Error('cancel-in-progress: true is not modelled by the fleet harness');
    }
    if (!this.workflow.queueMax) {
      // One pending run per group: a newer one cancels the older.
      for (const old of lane.pending.splice(0)) {
        old.state = 'cancelled';
        this.figures.cancelledRuns += 1;
      }
    } else if (lane.pending.length >= 100) {
      run.state = 'cancelled';
      this.figures.cancelledRuns += 1;
      return;
    }
    lane.pending.push(run);
    this.#pump(group);
  }

  #pump(group: string): void {
    const lane = this.#groups.get(group);
    if (!lane || lane.running || lane.pending.length === 0 || this.#closed) return;
    const run = lane.pending.shift() as ActionRun;
    lane.running = run;
    run.state = 'running';
    const done = (async () => {
      // Runs start 10–30 s after their event (scaled down by 1000 here).
      await sleep(10 + Math.floor(this.rng() * 20));
      if (!this.#closed) await this.#runAction(run);
    })().finally(() => {
      run.state = 'done';
      lane.running = null;
      this.#pump(group);
    });
    this.#track(done);
  }

  async #runAction(run: ActionRun): Promise<number | null> {
    this.figures.actionRuns += 1;
    const eventPath = join(this.dir, `event-${run.id}.json`);
    writeFileSync(eventPath, JSON.stringify(run.payload));
    const proc = this.#spawn(
      `action run ${run.id} (${run.event}, group ${run.group})`,
      [join(ROOT, 'bin/recovery-triage.js'), 'event'],
      this.#env({
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: run.event,
        GITHUB_EVENT_PATH: eventPath,
        GITHUB_REPOSITORY: REPO,
        GITHUB_TOKEN: ACTIONS_TOKEN,
        GITHUB_API_URL: this.gh.url,
        ...(this.replicas.length > 0 ? { RECOVERY_TRIAGE_BOT_LOGIN: 'recovery-triage[bot]' } : {}),
      }),
    );
    return proc.exited;
  }

  // ---------------------------------------------------------------------------------------------
  // The CLI sweep

  /**
   * `recovery-triage sweep`: as the app (its installation token, `--bot-login recovery-triage[bot]`),
   * or as the documented sweep workflow does (`github-actions[bot]`).
   */
  async sweep(as: 'app' | 'actions' = 'app'): Promise<{ code: number | null; output: string }> {
    this.figures.sweeps += 1;
    const env =
      as === 'app'
        ? { GITHUB_TOKEN: this.gh.installationToken(INSTALLATION), GITHUB_API_URL: this.gh.url }
        : {
            GITHUB_TOKEN: ACTIONS_TOKEN,
            GITHUB_API_URL: this.gh.url,
            GITHUB_ACTIONS: 'true',
            RECOVERY_TRIAGE_BOT_LOGIN: 'recovery-triage[bot]',
          };
    const proc = this.#spawn(
      `sweep (${as})`,
      [join(ROOT, 'bin/recovery-triage.js'), 'sweep', '--repo', REPO, ...(as === 'app' ? ['--bot-login', 'recovery-triage[bot]'] : [])],
      this.#env(env),
    );
    const code = await proc.exited;
    return { code, output: proc.tail(20) };
  }

  // ---------------------------------------------------------------------------------------------
  // Waiting

  /** Resolves once nothing is in flight here and the stand-in saw no write for `quietMs`. */
  async quiet(quietMs = 600, timeoutMs = 60_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.#inflight.size > 0) {
        await Promise.race([Promise.allSettled([...this.#inflight]), sleep(200)]);
        continue;
      }
      const lastWrite = this.#lastWriteMs();
      if (Date.now() - lastWrite >= quietMs) return true;
      await sleep(Math.min(200, quietMs));
    }
    return false;
  }

  #writes = 0;
  #writeSeenAt = Date.now();
  #lastWriteMs(): number {
    const writes = this.gh.calls.filter((c) => c.method !== 'GET' && c.method !== 'HEAD').length;
    if (writes !== this.#writes) {
      this.#writes = writes;
      this.#writeSeenAt = Date.now();
    }
    return this.#writeSeenAt;
  }

  /**
   * Waits until `done()` holds after a quiet spell, then one more quiet spell (nothing may change
   * afterwards). Gives up at the timeout, or once nothing was written for `giveUpMs` while it does
   * not hold (longer than a crashed replica's per-issue lock lives, 30 s, plus the durable queue's
   * backoff). Resolves with whether it held.
   */
  async settle(done: () => boolean, options: { timeoutMs?: number; quietMs?: number; giveUpMs?: number } = {}): Promise<boolean> {
    const { timeoutMs = 110_000, quietMs = 800, giveUpMs = 70_000 } = options;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      await this.quiet(quietMs, Math.max(1, deadline - Date.now()));
      if (done()) {
        await this.quiet(quietMs, Math.max(1, deadline - Date.now()));
        return done();
      }
      if (this.#inflight.size === 0 && Date.now() - this.#lastWriteMs() >= giveUpMs) return false;
      await sleep(300);
    }
    return done();
  }

  /** The last lines of every process, for a failure message. */
  diagnostics(): string {
    return this.#procs
      .filter((p) => p.output.length > 0)
      .map((p) => `--- ${p.name} (exit ${p.exitCode ?? 'running'})\n${p.tail(40)}`)
      .join('\n');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#tick);
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    for (const proc of this.#procs) if (proc.alive) proc.child.kill('SIGKILL');
    await Promise.all(this.#procs.map((p) => p.exited));
    await Promise.allSettled([...this.#inflight]);
    await this.gh.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
