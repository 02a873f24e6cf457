import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PAGE_HTML } from './assets/page.js';
import type { Answers } from './form.js';
import { isLoopback, loopbackHostHeader, sameOriginWrite } from './safety.js';
import { Sandbox, SandboxError, type SandboxOptions } from './session.js';

export interface SandboxHandlerOptions extends SandboxOptions {
  /** Where the sandbox is served (default `/sandbox`): the page at `<basePath>/`, the API under `<basePath>/api/`. */
  basePath?: string;
  /**
   * `loopback` (default): requests must name a loopback host (`localhost`, `127.0.0.1`, `[::1]`),
   * which shuts out pages of other sites that point their own name at this machine. `any`: for a
   * sandbox deliberately served beyond loopback (`HOST`).
   */
  hosts?: 'loopback' | 'any';
  /**
   * Adds a line pointing to the sandbox at the top of Probot's setup page (`GET /probot`). Works
   * when this handler runs before Probot's setup handler: it then only amends that answer.
   */
  setupPageNotice?: boolean;
}

/** A request handler in Probot's `addHandler` form: true when it answered the request. */
export interface SandboxHandler {
  (req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** The sandbox behind the page, created on first use (or after a reset). */
  sandbox(): Promise<Sandbox>;
  close(): Promise<void>;
}

const MAX_BODY = 1_000_000;

/** The page's script and style sheet (src/sandbox/client/), read once. */
interface ClientAssets {
  js: string;
  css: string;
}

let assets: Promise<ClientAssets> | null = null;

/**
 * The build compiles src/sandbox/client/app.ts to lib/sandbox/client/app.js and copies the style
 * sheet beside it. Run from the sources (the tests), the script is compiled here, from the file
 * the type checker sees, with the TypeScript compiler of the development install.
 */
function clientAssets(): Promise<ClientAssets> {
  assets ??= (async () => {
    const css = await readFile(new URL('./client/style.css', import.meta.url), 'utf8');
    const built = new URL('./client/app.js', import.meta.url);
    if (existsSync(built)) return { js: await readFile(built, 'utf8'), css };
    const sourceFile = new URL('./client/app.ts', import.meta.url);
    // A build newer than the source (lib/ beside src/) is that source compiled.
    const beside = new URL('../../lib/sandbox/client/app.js', import.meta.url);
    if (existsSync(beside) && statSync(beside).mtimeMs >= statSync(sourceFile).mtimeMs) return { js: await readFile(beside, 'utf8'), css };
    const source = await readFile(sourceFile, 'utf8');
    const ts = (await import('typescript')).default;
    const js = ts.transpileModule(source, {
      compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ES2020 },
    }).outputText;
    return { js, css };
  })();
  assets.catch(() => (assets = null));
  return assets;
}

/** The page loads nothing from anywhere else, runs only its own script, and cannot be framed. */
const PAGE_SECURITY = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

function send(res: ServerResponse, status: number, type: string, body: string, headers: Record<string, string> = {}): true {
  res.writeHead(status, { ...PAGE_SECURITY, 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...headers });
  res.end(body);
  return true;
}

function json(res: ServerResponse, status: number, value: unknown): true {
  return send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new SandboxError(413, 'The request is too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') return resolve({});
      try {
        const value = JSON.parse(text) as unknown;
        if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not an object');
        resolve(value as Record<string, unknown>);
      } catch {
        reject(new SandboxError(400, 'The body is not a JSON object'));
      }
    });
    req.on('error', reject);
  });
}

function str(body: Record<string, unknown>, key: string, fallback?: string): string {
  const value = body[key];
  if (typeof value === 'string') return value;
  if (value === undefined && fallback !== undefined) return fallback;
  throw new SandboxError(400, `"${key}" must be a string`);
}

function answersOf(body: Record<string, unknown>): Answers {
  const raw = body.answers;
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new SandboxError(400, '"answers" must be an object');
  const answers: Answers = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === 'string') answers[key] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string')) answers[key] = value as string[];
    else throw new SandboxError(400, `answer "${key}" must be a string or a list of strings`);
  }
  return answers;
}

/**
 * The sandbox's page and JSON API as one request handler, for Probot's `addHandler` or a plain
 * `node:http` server: answers the requests under `basePath` and leaves every other one alone
 * (returns false). Its routes only touch the in-memory sandbox; none reaches GitHub.
 */
export function sandboxHandler(options: SandboxHandlerOptions = {}): SandboxHandler {
  const base = (options.basePath ?? '/sandbox').replace(/\/+$/, '');
  const hosts = options.hosts ?? 'loopback';
  let current: Promise<Sandbox> | null = null;
  const sandbox = () => (current ??= Sandbox.create(options));

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<true> {
    const method = (req.method ?? 'GET').toUpperCase();
    if (method === 'GET' || method === 'HEAD') {
      if (path === '') return send(res, 302, 'text/plain; charset=utf-8', `Found. Redirecting to ${base}/`, { location: `${base}/` });
      if (path === '/') return send(res, 200, 'text/html; charset=utf-8', PAGE_HTML);
      if (path === '/app.js') return send(res, 200, 'text/javascript; charset=utf-8', (await clientAssets()).js);
      if (path === '/style.css') return send(res, 200, 'text/css; charset=utf-8', (await clientAssets()).css);
      const sb = await sandbox();
      if (path === '/api/state') return json(res, 200, sb.state());
      if (path === '/api/log') return json(res, 200, { lines: sb.log() });
      const issue = /^\/api\/issues\/(\d{1,9})$/.exec(path);
      if (issue) return json(res, 200, sb.issue(Number(issue[1])));
      throw new SandboxError(404, 'No such sandbox route');
    }
    if (method !== 'POST') throw new SandboxError(405, 'Method not allowed');
    const refused = sameOriginWrite(req.headers);
    if (refused !== null) throw new SandboxError(403, `Refused: ${refused}`);
    const body = await readJson(req);
    if (path === '/api/reset') {
      const old = current;
      current = null;
      await (await old?.catch(() => null))?.close();
      return json(res, 200, (await sandbox()).state());
    }
    const sb = await sandbox();
    if (path === '/api/preview') return json(res, 200, sb.preview(answersOf(body)));
    if (path === '/api/issues') {
      const opened = await sb.openIssue({
        as: str(body, 'as'),
        title: str(body, 'title'),
        answers: answersOf(body),
        skipRequired: body.skipRequired === true,
      });
      return json(res, 201, opened);
    }
    if (path === '/api/time') {
      const days = body.days;
      if (typeof days !== 'number') throw new SandboxError(400, '"days" must be a number');
      return json(res, 200, await sb.passDays(days));
    }
    if (path === '/api/files') {
      const kind = body.kind;
      if (kind !== 'config' && kind !== 'form') throw new SandboxError(400, '"kind" must be "config" or "form"');
      const saved = await sb.saveFile(kind, str(body, 'text'), { force: body.force === true, dryRun: body.dryRun === true });
      return json(res, saved.errors.length > 0 && !saved.saved ? 422 : 200, saved);
    }
    const action = /^\/api\/issues\/(\d{1,9})\/(edit|comments|labels|state)$/.exec(path);
    if (!action) throw new SandboxError(404, 'No such sandbox route');
    const number = Number(action[1]);
    const as = str(body, 'as');
    switch (action[2]) {
      case 'edit':
        await sb.editBody(number, as, str(body, 'body'));
        break;
      case 'comments':
        await sb.comment(number, as, str(body, 'body'));
        break;
      case 'labels':
        if (typeof body.add === 'string') await sb.addLabel(number, as, body.add);
        else if (typeof body.remove === 'string') await sb.removeLabel(number, as, body.remove);
        else throw new SandboxError(400, 'Give "add" or "remove" with a label name');
        break;
      case 'state':
        if (body.state === 'closed') await sb.closeIssue(number, as, body.reason === 'not_planned' ? 'not_planned' : 'completed');
        else if (body.state === 'open') await sb.reopenIssue(number, as);
        else throw new SandboxError(400, '"state" must be "open" or "closed"');
        break;
    }
    return json(res, 200, sb.issue(number));
  }

  const handler = (async (req: IncomingMessage, res: ServerResponse): Promise<boolean> => {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    if (options.setupPageNotice === true && url.pathname === '/probot' && req.method === 'GET') {
      amendSetupPage(res, base);
      return false;
    }
    if (url.pathname !== base && !url.pathname.startsWith(`${base}/`)) return false;
    try {
      if (hosts === 'loopback' && !loopbackHostHeader(req.headers.host)) {
        throw new SandboxError(403, 'The sandbox answers only requests addressed to localhost (Host header)');
      }
      return await route(req, res, url.pathname.slice(base.length));
    } catch (error) {
      if (res.headersSent) {
        res.end();
        return true;
      }
      if (error instanceof SandboxError) return json(res, error.status, { error: error.message, details: error.details });
      const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
      return json(res, 500, { error: `Sandbox failure: ${message}` });
    }
  }) as SandboxHandler;
  handler.sandbox = sandbox;
  handler.close = async () => {
    const old = current;
    current = null;
    await (await old?.catch(() => null))?.close();
  };
  return handler;
}

/** Makes Probot's setup page, written next by Probot's own handler, point to the sandbox. */
function amendSetupPage(res: ServerResponse, base: string): void {
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const notice =
    `<div class="flash flash-full text-center" data-sandbox-notice>` +
    `Try the bot before you register it: <a href="${base}/">the sandbox</a> runs it against an in-memory GitHub on this machine.</div>`;
  res.end = ((...args: unknown[]) => {
    const [chunk] = args;
    if (typeof chunk === 'string' && !res.hasHeader('content-length') && /<body[^>]*>/.test(chunk)) {
      args[0] = chunk.replace(/<body[^>]*>/, (open) => `${open}${notice}`);
    }
    return end(...args);
  }) as ServerResponse['end'];
}

export interface StartOptions extends SandboxHandlerOptions {
  /** Default 3000; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1 (loopback). Another host is served with `hosts: 'any'`. */
  host?: string;
}

export interface RunningSandbox {
  url: string;
  server: Server;
  handler: SandboxHandler;
  close(): Promise<void>;
}

/**
 * `npm run sandbox`: a small HTTP server with the sandbox at `/sandbox/` (and `/` sending there),
 * on loopback unless a host is given.
 */
export async function startSandbox(options: StartOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const handler = sandboxHandler({ ...options, hosts: options.hosts ?? (isLoopback(host) ? 'loopback' : 'any') });
  const base = (options.basePath ?? '/sandbox').replace(/\/+$/, '');
  const server = createServer((req, res) => {
    void (async () => {
      if (await handler(req, res)) return;
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
        send(res, 302, 'text/plain; charset=utf-8', `Found. Redirecting to ${base}/`, { location: `${base}/` });
        return;
      }
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 3000, host, () => resolve());
  });
  const { address, port, family } = server.address() as AddressInfo;
  const shown = isLoopback(address) ? (family === 'IPv6' ? `[${address}]` : address) : address;
  return {
    url: `http://${shown}:${port}${base}/`,
    server,
    handler,
    async close() {
      await handler.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
