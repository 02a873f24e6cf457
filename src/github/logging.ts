/**
 * Keeps request bodies, comments and secrets out of the server logs.
 *
 * Probot logs generously: `probot.receive` logs the whole event at debug level; a handler that
 * throws reaches @octokit/webhooks, which attaches the event (payload included) to the error
 * and to the AggregateError around it, and both Probot's error handler and the webhook
 * middleware log those errors whole; an Octokit RequestError carries the request (its body:
 * the comment the bot tried to post) and the response (GitHub's echo of it); and Probot's
 * request logging logs every request body at debug level. One failed delivery thus printed a
 * requester's text several times.
 *
 * `createSafeLogger` builds the pino logger Probot is given. Every object logged, at every
 * level, goes through `redactLogObject` first (pino's `formatters.log`, before serializers),
 * child bindings too, and every finished line through `redactText`. What is kept: issue and
 * comment numbers, delivery ids, event names and actions, repositories, logins, HTTP methods,
 * URLs, statuses, error types and messages. What goes: payloads (summarised), bodies, titles,
 * response data, headers, and anything shaped like a token or key.
 */
import { pino, type DestinationStream, type Level, type Logger, type LoggerOptions } from 'pino';

const REDACTED = '[redacted]';
/** Longest string kept in a log line; longer ones are cut (they are never ours to keep). */
const MAX_STRING = 2_000;
/** HTTP error messages quote GitHub's answer; enough for "Validation Failed" and the field. */
const MAX_HTTP_MESSAGE = 300;
const MAX_ARRAY = 50;
const MAX_KEYS = 100;
const MAX_DEPTH = 8;

/** Keys whose value is user text (issue and comment bodies, titles, request bodies). */
const TEXT_KEYS = new Set(['body', 'body_text', 'body_html', 'title', 'text', 'diff', 'patch']);
/** Keys whose value is a credential, whatever it looks like. */
const SECRET_KEY =
  /^(authorization|proxy-authorization|cookie|set-cookie|x-hub-signature(-256)?|.*(token|secret|password|passwd|private_?key|privatekey|credential|api_?key|jwt).*)$/i;

/**
 * Credentials found inside any string, replaced wherever they appear. No pattern matches a
 * quote or a backslash, so they also apply to a finished JSON line without breaking it.
 */
const TOKEN_PATTERNS: [RegExp, string][] = [
  [/(?<![A-Za-z0-9_-])pypi-[A-Za-z0-9_-]{16,}/g, '[redacted: token]'],
  [/(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, '[redacted: token]'],
  [/(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, '[redacted: token]'],
  [/(?<![A-Za-z0-9])v1\.[0-9a-f]{40}(?![0-9a-f])/g, '[redacted: token]'],
  [/\b(bearer|token|basic)(\s+)(?=[A-Za-z0-9._~+/=-]*\d)[A-Za-z0-9._~+/=-]{12,}/gi, '$1$2[redacted]'],
  [/([?&](?:access_token|token|client_secret|code|jwt)=)[^&\s"'\\]+/gi, '$1[redacted]'],
  [/otpauth:\/\/[^\s"'\\]+/gi, '[redacted: otpauth URI]'],
  // A `/recovery branch` token in a request URL: its first 4 characters only (src/evidence/branch.ts).
  [/(\/branches\/[^/?#\s"'\\]{4})[^/?#\s"'\\]+/g, '$1…'],
];
/** A private key to its END line, or (cut off) to the end of the text. */
const PRIVATE_KEY =
  /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----|$)/g;
/** The same inside a JSON string: it stops before the closing quote (and never eats an escape). */
const PRIVATE_KEY_IN_JSON =
  /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:[^"\\]|\\[^"])*?(?:-----END (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----|(?="|\\"))/g;

/** `text` with every token, key or credential-looking run replaced; cut to a sane length. */
export function redactText(text: string, max = MAX_STRING): string {
  let out = text.replace(PRIVATE_KEY, '[redacted: private key]');
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  return out.length > max ? `${out.slice(0, max)}…[${out.length - max} more characters]` : out;
}

/** The same on a finished JSON log line: never cut, never breaks the JSON. */
export function redactJsonLine(line: string): string {
  let out = line.replace(PRIVATE_KEY_IN_JSON, '[redacted: private key]');
  for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** What a webhook payload may say in a log: numbers, names and ids, never text. */
export function summarizePayload(payload: unknown): Record<string, unknown> | string {
  if (typeof payload !== 'object' || payload === null) return REDACTED;
  const p = payload as Record<string, unknown>;
  const field = (o: unknown, key: string): unknown =>
    typeof o === 'object' && o !== null ? (o as Record<string, unknown>)[key] : undefined;
  const summary: Record<string, unknown> = {};
  const put = (key: string, value: unknown) => {
    if (typeof value === 'number' || (typeof value === 'string' && value.length <= 200))
      summary[key] = typeof value === 'string' ? redactText(value) : value;
  };
  put('action', p.action);
  put('issue', field(p.issue, 'number'));
  put('comment', field(p.comment, 'id'));
  put('label', field(p.label, 'name'));
  put('repository', field(p.repository, 'full_name'));
  put('sender', field(p.sender, 'login'));
  put('installation', field(p.installation, 'id'));
  summary.keys = Object.keys(p).length;
  return summary;
}

function isErrorLike(value: object): value is Error {
  if (value instanceof Error) return true;
  const v = value as Record<string, unknown>;
  return typeof v.message === 'string' && typeof v.stack === 'string';
}

/**
 * An error as a plain object: type, message, stack, status, the request's method and URL,
 * the response's status and request id, inner errors, and the event as a summary. Never the
 * request body or headers, nor the response data.
 */
function serializeError(error: Error, seen: WeakSet<object>, depth: number): Record<string, unknown> {
  const e = error as Error & Record<string, unknown>;
  const ctor = typeof e.constructor?.name === 'string' ? e.constructor.name : '';
  const type = ctor !== '' && ctor !== 'Object' ? ctor : typeof e.name === 'string' ? e.name : 'Error';
  // An HTTP error's message is built from the response, which may quote what was sent: short.
  const message = redactText(String(e.message ?? ''), 'status' in e ? MAX_HTTP_MESSAGE : MAX_STRING);
  const out: Record<string, unknown> = { type, message };
  if (typeof e.stack === 'string') {
    // The stack's first lines repeat the message: only the frames are kept, after ours.
    const frames = e.stack.split('\n').filter((line) => /^\s+at /.test(line));
    out.stack = redactText([`${type}: ${message}`, ...frames.slice(0, 30)].join('\n'), 6_000);
  }
  for (const key of ['name', 'status', 'code', 'errno', 'syscall', 'hostname', 'id'] as const) {
    const value = e[key];
    if (typeof value === 'number' || typeof value === 'string') out[key] = typeof value === 'string' ? redactText(value, 200) : value;
  }
  const request = e.request;
  if (typeof request === 'object' && request !== null) {
    const r = request as Record<string, unknown>;
    out.request = {
      method: typeof r.method === 'string' ? r.method : undefined,
      url: typeof r.url === 'string' ? redactText(r.url, 500) : undefined,
    };
  }
  const response = e.response;
  if (typeof response === 'object' && response !== null) {
    const r = response as Record<string, unknown>;
    const headers = (typeof r.headers === 'object' && r.headers !== null ? r.headers : {}) as Record<string, unknown>;
    out.response = {
      status: typeof r.status === 'number' ? r.status : undefined,
      url: typeof r.url === 'string' ? redactText(r.url, 500) : undefined,
      requestId: typeof headers['x-github-request-id'] === 'string' ? headers['x-github-request-id'] : undefined,
    };
  }
  if (e.event !== undefined) out.event = summarizeEvent(e.event);
  if (Array.isArray(e.errors)) out.errors = e.errors.slice(0, 10).map((inner) => walk(inner, seen, depth + 1, 'errors'));
  if (e.cause !== undefined) out.cause = walk(e.cause, seen, depth + 1, 'cause');
  return out;
}

function summarizeEvent(event: unknown): unknown {
  if (typeof event !== 'object' || event === null) return REDACTED;
  const e = event as Record<string, unknown>;
  return {
    id: typeof e.id === 'string' || typeof e.id === 'number' ? e.id : undefined,
    name: typeof e.name === 'string' ? e.name : undefined,
    payload: summarizePayload(e.payload),
  };
}

function walk(value: unknown, seen: WeakSet<object>, depth: number, key: string | null): unknown {
  if (key !== null) {
    if (SECRET_KEY.test(key)) return value === undefined || value === null ? value : REDACTED;
    if (TEXT_KEYS.has(key.toLowerCase())) {
      if (typeof value === 'string') return `[redacted: ${value.length} characters]`;
      return value === undefined || value === null ? value : REDACTED;
    }
    if (key === 'payload') return summarizePayload(value);
    if (key === 'event' && typeof value === 'object' && value !== null && 'payload' in value) return summarizeEvent(value);
    if (key === 'data' || key === 'response' || key === 'request' || key === 'headers') {
      // Octokit responses and requests, and anything shaped like them.
      if (typeof value === 'object' && value !== null && !isErrorLike(value)) return summarizeHttp(key, value as Record<string, unknown>);
    }
  }
  switch (typeof value) {
    case 'string':
      return redactText(value);
    case 'number':
    case 'boolean':
    case 'undefined':
      return value;
    case 'bigint':
      return value.toString();
    case 'symbol':
    case 'function':
      return undefined;
  }
  if (value === null) return null;
  const object = value as object;
  if (seen.has(object)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  seen.add(object);
  try {
    if (isErrorLike(object)) return serializeError(object, seen, depth);
    if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) return `[binary ${(object as ArrayBuffer).byteLength} bytes]`;
    if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
    if (Array.isArray(object)) {
      const items = object.slice(0, MAX_ARRAY).map((v) => walk(v, seen, depth + 1, null));
      if (object.length > MAX_ARRAY) items.push(`…${object.length - MAX_ARRAY} more`);
      return items;
    }
    const out: Record<string, unknown> = {};
    const keys = Object.keys(object);
    for (const k of keys.slice(0, MAX_KEYS)) {
      let v: unknown;
      try {
        v = (object as Record<string, unknown>)[k];
      } catch {
        v = '[unreadable]';
      }
      out[k] = walk(v, seen, depth + 1, k);
    }
    if (keys.length > MAX_KEYS) out['…'] = `${keys.length - MAX_KEYS} more keys`;
    return out;
  } finally {
    seen.delete(object);
  }
}

/** Requests and responses: method, URL and status, never their bodies, data or headers. */
function summarizeHttp(key: string, value: Record<string, unknown>): unknown {
  if (key === 'headers') {
    const id = value['x-github-request-id'];
    return typeof id === 'string' ? { 'x-github-request-id': id } : REDACTED;
  }
  if (key === 'data') return Array.isArray(value) ? `[redacted: ${value.length} items]` : REDACTED;
  const out: Record<string, unknown> = {};
  if (typeof value.method === 'string') out.method = value.method;
  if (typeof value.url === 'string') out.url = redactText(value.url, 500);
  if (typeof value.status === 'number') out.status = value.status;
  const headers = value.headers as Record<string, unknown> | undefined;
  if (typeof headers?.['x-github-request-id'] === 'string') out.requestId = headers['x-github-request-id'];
  if (typeof value.requestId === 'string') out.requestId = value.requestId;
  return Object.keys(out).length > 0 ? out : REDACTED;
}

/**
 * A copy of what is about to be logged, safe to write: payloads summarised, bodies and titles
 * replaced by their length, errors reduced to type, message, stack, status and where, tokens
 * and credential fields redacted. Pure; never throws; handles cycles, depth and size.
 */
export function redactLogObject(value: unknown): unknown {
  try {
    return walk(value, new WeakSet(), 0, null);
  } catch {
    return REDACTED;
  }
}

/** The merging object of a log call, redacted (kept an object, as pino requires). */
function redactRecord(object: Record<string, unknown>): Record<string, unknown> {
  const redacted = redactLogObject(object);
  return typeof redacted === 'object' && redacted !== null && !Array.isArray(redacted) ? (redacted as Record<string, unknown>) : {};
}

export interface SafeLoggerOptions {
  /** pino level; default `LOG_LEVEL` or info. */
  level?: Level | 'silent' | string;
  /** Where the JSON lines go (default stdout); see `probotLogStream` for Probot's pretty format. */
  stream?: DestinationStream;
  /** Other pino options (name, messageKey, base…); the safety options always win. */
  pino?: Omit<LoggerOptions, 'level' | 'formatters' | 'hooks' | 'serializers'>;
  /** Refused webhook signatures are logged once per this interval (default 10 minutes), the rest counted. */
  signatureLogIntervalMs?: number;
  now?: () => number;
}

/** The one line logged for refused webhook signatures, instead of two stack traces per delivery. */
export const SIGNATURE_REFUSED_MESSAGE =
  'recovery-triage: webhook deliveries are refused: their signature does not match WEBHOOK_SECRET. ' +
  "Check that WEBHOOK_SECRET is exactly the app's webhook secret (GitHub → Settings → Developer settings → GitHub Apps → the app → Webhook secret; " +
  'no quotes, spaces or line break around it) and restart. Refusals are counted in /metrics ' +
  '(recovery_triage_deliveries_total{outcome="refused"}); this line repeats at most once per interval, with the number refused meanwhile.';

/** Whether a log call is @octokit/webhooks reporting a delivery whose signature does not match. */
function signatureRefusal(args: unknown[]): { delivery?: string } | null {
  for (const arg of args) {
    if (typeof arg !== 'object' || arg === null) continue;
    const candidates: unknown[] = [arg, (arg as { err?: unknown }).err];
    for (const candidate of candidates) {
      if (typeof candidate !== 'object' || candidate === null) continue;
      const errors: unknown[] = candidate instanceof AggregateError ? [candidate, ...candidate.errors] : [candidate];
      if (!errors.some((e) => e instanceof Error && e.message.includes('signature does not match'))) continue;
      const id = errors.map((e) => (e as { event?: { id?: unknown } }).event?.id).find((v) => typeof v === 'string');
      return typeof id === 'string' ? { delivery: redactText(id, 100) } : {};
    }
  }
  return null;
}

/**
 * A finished JSON line with each key once: pino appends the bindings of every child, so Probot's
 * `name` bindings (probot, probot, event) would repeat a key, which strict log pipelines reject.
 * Later values win (a child's `name` carries its parents', see `safeChild`).
 */
export function uniqueKeys(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const end = line.endsWith('\n') ? '\n' : '';
    return `${JSON.stringify(JSON.parse(line))}${end}`;
  } catch {
    return line;
  }
}

/**
 * A pino logger for Probot (`run(app, { log })`, `new Probot({ log })`) that never writes a
 * body, comment text or secret: see the module comment.
 */
export function createSafeLogger(options: SafeLoggerOptions = {}): Logger {
  // Objects are redacted before serializers run; this catches errors logged in bindings.
  // Plain objects were made by redactLogObject already: only real errors are serialized here.
  const errorSerializer = (err: unknown) =>
    typeof err === 'object' && err !== null && Object.getPrototypeOf(err) !== Object.prototype && isErrorLike(err)
      ? redactLogObject(err)
      : err;
  const intervalMs = options.signatureLogIntervalMs ?? 600_000;
  const now = options.now ?? Date.now;
  const refusals = { loggedAt: Number.NEGATIVE_INFINITY, meanwhile: 0 };
  const logger = pino(
    {
      ...options.pino,
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      serializers: { err: errorSerializer, error: errorSerializer },
      formatters: {
        log: (object) => redactRecord(object),
        bindings: (bindings) => redactRecord(bindings),
      },
      hooks: {
        // Messages are ours, but Probot passes error messages through, and those may quote input.
        logMethod(args, method) {
          const refusal = signatureRefusal(args);
          if (refusal !== null) {
            // One line with what to check, not two stack traces per delivery.
            if (now() - refusals.loggedAt < intervalMs) {
              refusals.meanwhile += 1;
              return;
            }
            const meanwhile = refusals.meanwhile;
            refusals.loggedAt = now();
            refusals.meanwhile = 0;
            return method.apply(this, [{ ...refusal, check: 'WEBHOOK_SECRET', refusedMeanwhile: meanwhile }, SIGNATURE_REFUSED_MESSAGE]);
          }
          const safe = args.map((arg) => (typeof arg === 'string' ? redactText(arg) : arg));
          return method.apply(this, safe as Parameters<typeof method>);
        },
        // Last line of defence: whatever reached the line, no token survives it.
        streamWrite: (line) => redactJsonLine(uniqueKeys(line)),
      },
    },
    options.stream ?? pino.destination(1),
  );
  // pino applies `formatters.bindings` to the root only: child bindings are redacted here.
  // Children are created from their parent's prototype, so every descendant has this `child`.
  // A child's `name` carries its parent's (`probot:event`), since only the last one is kept.
  const child = logger.child;
  logger.child = function safeChild(this: Logger, bindings, childOptions) {
    const safe = redactRecord(bindings);
    const parent = (this.bindings() as { name?: unknown }).name ?? (this === logger ? options.pino?.name : undefined);
    if (typeof safe.name === 'string' && typeof parent === 'string' && parent !== '' && safe.name !== parent) {
      const path = parent.split(':');
      if (path[path.length - 1] !== safe.name) safe.name = `${parent}:${safe.name}`;
      else safe.name = parent;
    }
    return child.call(this, safe, childOptions);
  } as Logger['child'];
  return logger;
}

/**
 * Probot's own log format (pretty unless LOG_FORMAT=json; errors to Sentry with a DSN) as a
 * stream for `createSafeLogger`, from the @probot/pino package Probot itself uses; plain
 * stdout if it cannot be loaded. Lines reach it already redacted.
 */
export async function probotLogStream(
  options: { logFormat?: 'json' | 'pretty'; logLevelInString?: boolean; sentryDsn?: string } = {},
): Promise<DestinationStream> {
  try {
    const { getTransformStream } = (await import('@probot/pino' as string)) as {
      getTransformStream: (o: object) => Promise<NodeJS.ReadWriteStream>;
    };
    const transform = await getTransformStream(options);
    transform.pipe(pino.destination(1) as unknown as NodeJS.WritableStream);
    return transform as unknown as DestinationStream;
  } catch {
    return pino.destination(1);
  }
}
