import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallRecord } from './accounting.js';
import { badRequest, HttpError, notFound } from './errors.js';
import type { Fault, FaultCall, FaultPlan } from './faults.js';
import type { RateLimits, Resource } from './limits.js';
import { Router } from './router.js';
import type { Auth, Backend, Identity, Reply, RequestContext, RouteSpec } from './routes/context.js';
import { ROUTES } from './routes/index.js';

/** A request that reached no route, or made the stand-in itself fail. */
export interface UnexpectedCall {
  method: string;
  path: string;
  at: string;
  reason: string;
}

/** What the HTTP layer needs of the stand-in. */
export interface ServerHost extends Backend {
  authenticate(authorization: string | undefined): Identity;
  readonly faults: FaultPlan;
  readonly limits: RateLimits;
  recordCall(call: CallRecord): void;
  recordUnexpected(call: UnexpectedCall): void;
}

const router = new Router<RouteSpec>(ROUTES);

const SECONDARY =
  'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID ';

function requestId(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(text: string): unknown {
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('Problems parsing JSON');
  }
}

function authorize(auth: Auth, identity: Identity): void {
  if (auth === 'any' || identity.kind === auth) return;
  if (auth === 'app') throw new HttpError(401, 'A JSON web token could not be decoded');
  if (auth === 'installation') {
    throw new HttpError(403, 'You must authenticate with an installation access token in order to list repositories for an installation.');
  }
  if (identity.kind === 'app') throw new HttpError(403, 'Resource not accessible by integration');
}

function callerKey(identity: Identity): string {
  if (identity.kind === 'installation') return `installation:${identity.installationId}`;
  return identity.kind === 'user' ? `user:${identity.login.toLowerCase()}` : 'app';
}

function rateLimited(host: ServerHost, identity: Identity, headers: Record<string, string>): HttpError {
  const who =
    identity.kind === 'installation'
      ? `installation ID ${identity.installationId}`
      : identity.kind === 'user'
        ? `user ID ${host.state.user(identity.login).id}`
        : `app ID ${host.state.app.id}`;
  return new HttpError(403, `API rate limit exceeded for ${who}.`, undefined, headers);
}

function faultError(fault: Extract<Fault, { kind: 'status' }>, id: string): HttpError {
  if (fault.status === 403) return new HttpError(403, `${SECONDARY}${id}.`, undefined, { 'retry-after': '1' });
  return new HttpError(fault.status, fault.status === 500 ? 'Server Error' : fault.status === 502 ? 'Bad Gateway' : 'Service Unavailable');
}

function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body?: string;
}

/** Turns a handler's reply into an answer, with the ETag and 304 handling of GET requests. */
function answer(req: IncomingMessage, result: Reply): Answer {
  const headers: Record<string, string> = { ...result.headers };
  if (result.status === 204) return { status: 204, headers };
  const body = result.text ?? JSON.stringify(result.json ?? null);
  headers['content-type'] = result.contentType ?? 'application/json; charset=utf-8';
  if ((req.method === 'GET' || req.method === 'HEAD') && result.status === 200) {
    const etag = result.etag ?? `W/"${createHash('sha1').update(body).digest('hex')}"`;
    headers.etag = etag;
    if (etagMatches(req.headers['if-none-match'], etag)) return { status: 304, headers: { etag } };
  }
  return { status: result.status, headers, body };
}

function errorAnswer(error: HttpError): Answer {
  return {
    status: error.status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...error.headers },
    body: JSON.stringify(error.toBody()),
  };
}

/** The HTTP front of the stand-in: routes, auth, faults, rate limits, accounting. */
export class StandInServer {
  readonly #server: Server;
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #host: ServerHost;

  private constructor(host: ServerHost) {
    this.#host = host;
    this.#server = createServer((req, res) => void this.#handle(req, res));
  }

  static async start(host: ServerHost, port: number, hostname: string): Promise<StandInServer> {
    const server = new StandInServer(host);
    await new Promise<void>((resolve, reject) => {
      server.#server.once('error', reject);
      server.#server.listen(port, hostname, () => resolve());
    });
    return server;
  }

  get url(): string {
    const { address, port, family } = this.#server.address() as AddressInfo;
    return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}`;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) => this.#server.close((error) => (error ? reject(error) : resolve())));
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        resolve();
      }, ms);
      this.#timers.add(timer);
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const host = this.#host;
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://stand-in');
    // GitHub Enterprise Server's API root (Probot's GHE_HOST): `/api/v3/...` is served as `/...`.
    if (url.pathname.startsWith('/api/v3/')) url.pathname = url.pathname.slice('/api/v3'.length);
    const matched = router.match(method === 'HEAD' ? 'GET' : method, url.pathname);
    const route = matched ? `${method} ${matched.route.template}` : `${method} ${url.pathname}`;
    const call: CallRecord = { method, route, path: `${url.pathname}${url.search}`, status: 0, at: host.state.clock.now() };
    const id = requestId();
    let result: Answer | null;
    try {
      const text = await readBody(req);
      if (!matched) {
        host.recordUnexpected({ method, path: call.path, at: call.at, reason: 'no such route' });
        throw notFound();
      }
      result = await this.#run(req, res, { call, id, url, text, spec: matched.route.value, params: matched.params });
    } catch (error) {
      result = this.#failure(error, call);
    }
    if (result) {
      result.headers['x-github-request-id'] = id;
      result.headers['x-github-media-type'] = 'github.v3; format=json';
      res.writeHead(result.status, result.headers);
      res.end(method === 'HEAD' ? undefined : result.body);
      call.status = result.status;
    }
    host.recordCall(call);
  }

  #failure(error: unknown, call: CallRecord): Answer {
    if (error instanceof HttpError) return errorAnswer(error);
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    this.#host.recordUnexpected({ method: call.method, path: call.path, at: call.at, reason });
    return errorAnswer(new HttpError(500, `Stand-in failure: ${error instanceof Error ? error.message : String(error)}`));
  }

  /** Authenticates, applies faults and rate limits, runs the handler; null when the socket was dropped. */
  async #run(req: IncomingMessage, res: ServerResponse, request: PendingRequest): Promise<Answer | null> {
    const host = this.#host;
    const { call, spec } = request;
    const identity = identify(host, call, req.headers.authorization);
    authorize(spec.auth, identity);
    const body = parseBody(request.text);
    const fault = host.faults.decide(faultCall(call));
    if (fault) call.fault = fault.kind;
    if (fault?.kind === 'latency') await this.#sleep(fault.ms);
    if (fault?.kind === 'timeout') {
      await this.#sleep(fault.ms ?? 0);
      res.socket?.destroy();
      return null;
    }
    if (fault?.kind === 'status') throw faultError(fault, request.id);
    const resource: Resource = spec.resource ?? 'core';
    const charge = host.limits.charge(callerKey(identity), resource);
    if (!charge.allowed) throw rateLimited(host, identity, charge.headers);
    const ctx: RequestContext = {
      backend: host,
      state: host.state,
      identity,
      params: request.params,
      query: request.url.searchParams,
      body,
      headers: req.headers,
      origin: `http://${req.headers.host ?? 'localhost'}`,
      pathname: request.url.pathname,
    };
    let result: Answer;
    try {
      result = answer(req, spec.handle(ctx));
    } catch (error) {
      throw error instanceof HttpError ? withHeaders(error, charge.headers) : error;
    }
    if (fault?.kind === 'after-write') return errorAnswer(new HttpError(502, 'Server Error'));
    if (result.status === 304) host.limits.refund(callerKey(identity), resource);
    Object.assign(result.headers, charge.headers);
    return result;
  }
}

interface PendingRequest {
  call: CallRecord;
  id: string;
  url: URL;
  text: string;
  spec: RouteSpec;
  params: Record<string, string>;
}

/** Authenticates the request and notes who made it on the call record. */
function identify(host: ServerHost, call: CallRecord, authorization: string | undefined): Identity {
  const identity = host.authenticate(authorization);
  if (identity.kind === 'installation') Object.assign(call, { installationId: identity.installationId, login: host.state.botLogin });
  if (identity.kind === 'user') call.login = identity.login;
  return identity;
}

function faultCall(call: CallRecord): FaultCall {
  return {
    method: call.method,
    route: call.route,
    path: call.path,
    ...(call.installationId !== undefined ? { installationId: call.installationId } : {}),
    ...(call.login !== undefined ? { login: call.login } : {}),
  };
}

function withHeaders(error: HttpError, headers: Record<string, string>): HttpError {
  return new HttpError(error.status, error.message, error.errors, { ...headers, ...error.headers });
}
