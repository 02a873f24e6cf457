/**
 * What an operator's platform asks of the server besides webhooks:
 *
 *  - `GET /ping` (Probot's): liveness, the process answers.
 *  - `GET /ready`: readiness, the app can authenticate to GitHub as itself (`GET /app` with its
 *    JWT answers). A wrong APP_ID or PRIVATE_KEY fails it with 503 and says what to check; a
 *    load balancer or Kubernetes then keeps traffic away and the operator sees why.
 *  - `GET /metrics`: Prometheus text format (./metrics.ts); behind `METRICS_TOKEN` when set.
 *
 * Webhook deliveries are counted here too, by event and outcome, at the one place every
 * delivery passes (the webhooks' verify-and-receive).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import type { Probot } from 'probot';
import { countDelivery, metricsText, trackWork } from './metrics.js';
import { statusOf } from './octokit.js';

export interface Readiness {
  ready: boolean;
  /** The app's slug when ready. */
  app?: string;
  /** What is wrong and what to check, when not ready. */
  reason?: string;
  checkedAt: string;
}

export interface OperationsOptions {
  /** How long a passed check is trusted (default 60 s); a failed one is asked again after `failedTtlMs`. */
  okTtlMs?: number;
  failedTtlMs?: number;
  /** How long the check waits for GitHub (default 5 s). */
  timeoutMs?: number;
  /** `/metrics` needs `Authorization: Bearer <token>` when set (default: METRICS_TOKEN). */
  metricsToken?: string;
  /** `/metrics` served at all (default true; METRICS=false turns it off). */
  metrics?: boolean;
  now?: () => number;
}

/** Why `GET /app` with the app's JWT failed, in an operator's words. */
export function readinessReason(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message.split('\n')[0].slice(0, 200) : String(error).slice(0, 200);
  if (status === 401 || status === 403 || /pem|private key|json web token|asn1|decoder|key/i.test(message)) {
    return `GitHub does not accept the app's credentials (${status ?? 'no answer'}: ${message}). Check APP_ID (the app's numeric id) and PRIVATE_KEY or PRIVATE_KEY_PATH (a current private key of that app, PEM): GitHub → Settings → Developer settings → GitHub Apps → the app.`;
  }
  if (status === 404) return `GitHub does not know this app (404: ${message}). Check APP_ID, and GHE_HOST for GitHub Enterprise Server.`;
  if (status !== null) return `GitHub answered ${status} to GET /app (${message}); readiness is asked again shortly.`;
  return `Cannot reach GitHub to authenticate as the app (${message}). Check the network, proxies and GHE_HOST.`;
}

/** The readiness check: `GET /app` with the app's JWT, cached, never two at once. */
export class ReadinessCheck {
  private last: { result: Readiness; at: number } | null = null;
  private pending: Promise<Readiness> | null = null;
  private readonly now: () => number;

  constructor(
    private readonly app: Probot,
    private readonly options: OperationsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  async check(force = false): Promise<Readiness> {
    const last = this.last;
    if (!force && last) {
      const ttl = last.result.ready ? (this.options.okTtlMs ?? 60_000) : (this.options.failedTtlMs ?? 5_000);
      if (this.now() - last.at < ttl) return last.result;
    }
    this.pending ??= this.ask().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async ask(): Promise<Readiness> {
    const checkedAt = new Date(this.now()).toISOString();
    let result: Readiness;
    try {
      const octokit = await this.app.auth();
      const { data } = await octokit.request('GET /app', { request: { signal: AbortSignal.timeout(this.options.timeoutMs ?? 5_000) } });
      result = { ready: true, app: (data as { slug?: string } | null)?.slug ?? undefined, checkedAt };
    } catch (error) {
      result = { ready: false, reason: readinessReason(error), checkedAt };
    }
    const was = this.last?.result;
    // Logged when it changes, not on every probe.
    if (!result.ready && (was === undefined || was.ready || was.reason !== result.reason))
      this.app.log.error({ ready: false }, `recovery-triage: not ready: ${result.reason}`);
    else if (result.ready && was !== undefined && !was.ready) this.app.log.info({ ready: true }, 'recovery-triage: ready again');
    this.last = { result, at: this.now() };
    return result;
  }
}

function pathOf(req: IncomingMessage): string {
  return (req.url ?? '').split('?')[0] ?? '';
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A handler for Probot's server (`addHandler`): `/ready` and `/metrics`; other requests pass by. */
export function operationsHandler(
  app: Probot,
  options: OperationsOptions = {},
): { handler: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>; readiness: ReadinessCheck } {
  const readiness = new ReadinessCheck(app, options);
  const token = options.metricsToken ?? (process.env.METRICS_TOKEN || undefined);
  const metricsOn = options.metrics ?? process.env.METRICS !== 'false';
  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const path = pathOf(req);
    if (path === '/ready') {
      const result = await readiness.check();
      res.writeHead(result.ready ? 200 : 503, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : `${JSON.stringify(result)}\n`);
      return true;
    }
    if (path === '/metrics' && metricsOn) {
      if (token !== undefined && !tokenMatches(req.headers.authorization, token)) {
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' }).end('METRICS_TOKEN required\n');
        return true;
      }
      const { contentType, body } = await metricsText();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    return false;
  };
  return { handler, readiness };
}

interface VerifyAndReceive {
  verifyAndReceive(event: { id: string; name: string; payload: string; signature: string }): Promise<void>;
}
const instrumented = new WeakSet<object>();

/** A delivery @octokit/webhooks refused before any handler: bad signature or unreadable JSON. */
function refused(error: unknown): boolean {
  const errors: unknown[] = error instanceof AggregateError ? error.errors : [error];
  return errors.some((e) => e instanceof Error && /signature does not match|^Invalid JSON$/i.test(e.message));
}

/**
 * Counts each webhook delivery the server answers, by event and outcome: `ok`, `failed` (a
 * handler threw: GitHub records a failed delivery) or `refused` (bad signature or payload).
 */
export function countDeliveries(app: Probot): void {
  const webhooks = (app as unknown as { webhooks?: VerifyAndReceive | null }).webhooks;
  if (!webhooks || typeof webhooks.verifyAndReceive !== 'function' || instrumented.has(webhooks)) return;
  instrumented.add(webhooks);
  const verifyAndReceive = webhooks.verifyAndReceive.bind(webhooks);
  webhooks.verifyAndReceive = async (event) => {
    try {
      await verifyAndReceive(event);
      countDelivery(event.name, 'ok');
    } catch (error) {
      countDelivery(event.name, refused(error) ? 'refused' : 'failed');
      throw error;
    }
  };
}

/**
 * Wires the operator's view into a loaded app: `/ready` and `/metrics` on the server (when there
 * is one), deliveries counted, the runner's work counted, and (outside tests, unless
 * READY_CHECK_AT_START=false) one readiness check at start, so a wrong key is in the log before the
 * first delivery fails.
 */
export function startOperations(
  app: Probot,
  registered: { runner: { size: number }; durable?: { pending(): Promise<number> } | null },
  addHandler?: (handler: (req: IncomingMessage, res: ServerResponse) => Promise<boolean>) => void,
  options: OperationsOptions = {},
): ReadinessCheck {
  const { handler, readiness } = operationsHandler(app, options);
  let served = false;
  try {
    addHandler?.(handler);
    served = addHandler !== undefined;
  } catch {
    // `probot.load` without a server (tests, Action mode) has nowhere to serve them.
  }
  countDeliveries(app);
  trackWork('runner', () => registered.runner.size);
  const durable = registered.durable;
  if (durable) trackWork('queue', () => durable.pending());
  const env = process.env;
  if (env.NODE_ENV !== 'test' && env.READY_CHECK_AT_START !== 'false' && served) void readiness.check();
  return readiness;
}
