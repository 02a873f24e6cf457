import type { IncomingHttpHeaders } from 'node:http';
import { HttpError, notFound } from '../errors.js';
import type { HookDelivery, RedeliveryRequest } from '../hooks.js';
import type { Resource } from '../limits.js';
import type { Params } from '../router.js';
import type { State } from '../state.js';
import type { ActorRef, CommentRecord, IssueRecord, RepoRecord } from '../types.js';
import type { WebhookDelivery } from '../webhooks.js';

/** Who is calling: the app (JWT), an installation (its token) or a user (a token added with addToken). */
export type Identity = { kind: 'app' } | { kind: 'installation'; installationId: number } | { kind: 'user'; login: string };

/** What the routes need of the stand-in beyond its state. */
export interface Backend {
  readonly state: State;
  emit(deliveries: readonly WebhookDelivery[]): void;
  mintInstallationToken(installationId: number): { token: string; expiresAt: string };
  readonly hookDeliveries: readonly HookDelivery[];
  requestRedelivery(deliveryId: number): RedeliveryRequest;
}

export interface RequestContext {
  backend: Backend;
  state: State;
  identity: Identity;
  params: Params;
  query: URLSearchParams;
  body: unknown;
  headers: IncomingHttpHeaders;
  /** `http://host:port` as the client addressed this server, for Link headers. */
  origin: string;
  pathname: string;
}

export interface Reply {
  status: number;
  json?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
  /** Overrides the computed ETag of a GET answer. */
  etag?: string;
}

export type Handler = (ctx: RequestContext) => Reply;

/** `app`: JWT only; `installation`: installation tokens only; `repo`: installation or user tokens; `any`: anyone. */
export type Auth = 'app' | 'installation' | 'repo' | 'any';

export interface RouteSpec {
  auth: Auth;
  resource?: Resource;
  handle: Handler;
}

export type RouteTable = readonly (readonly [string, RouteSpec])[];

export function reply(json: unknown, status = 200, headers?: Record<string, string>): Reply {
  return { status, json, ...(headers ? { headers } : {}) };
}

export const noContent: Reply = { status: 204 };

// ---------------------------------------------------------------------------------------------
// Resolving the addressed resources

export function actorOf(ctx: RequestContext): ActorRef {
  const { identity } = ctx;
  if (identity.kind === 'installation') return { login: ctx.state.botLogin, viaApp: true };
  if (identity.kind === 'user') return { login: identity.login, viaApp: false };
  throw new HttpError(403, 'Resource not accessible by integration');
}

/** The addressed repository; 404 when it does not exist or the installation cannot see it. */
export function repoOf(ctx: RequestContext): RepoRecord {
  const repo = ctx.state.findRepo(`${ctx.params.owner}/${ctx.params.repo}`);
  if (!repo) throw notFound();
  if (ctx.identity.kind === 'installation' && !ctx.state.installed(ctx.identity.installationId, repo)) throw notFound();
  return repo;
}

export function issueOf(ctx: RequestContext, repo: RepoRecord): IssueRecord {
  return ctx.state.issue(repo, Number(ctx.params.issue_number));
}

export function commentOf(ctx: RequestContext, repo: RepoRecord): CommentRecord {
  return ctx.state.comment(repo, Number(ctx.params.comment_id));
}

// ---------------------------------------------------------------------------------------------
// Reading JSON bodies

function invalid(field: string, expected: string): HttpError {
  return new HttpError(422, `Invalid request.\n\n"${field}" ${expected}.`);
}

export function bodyObject(ctx: RequestContext): Record<string, unknown> {
  const { body } = ctx;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

export function optionalString(ctx: RequestContext, field: string): string | undefined {
  const value = bodyObject(ctx)[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(field, 'is not a string');
  return value;
}

export function requiredString(ctx: RequestContext, field: string, resource: string): string {
  const value = optionalString(ctx, field);
  if (value === undefined) throw new HttpError(422, 'Validation Failed', [{ resource, code: 'missing_field', field }]);
  return value;
}

export function nullableString(ctx: RequestContext, field: string): string | null | undefined {
  return bodyObject(ctx)[field] === null ? null : optionalString(ctx, field);
}

/** A list of names: strings, or objects with a `name` (labels), as GitHub accepts both. */
export function nameList(ctx: RequestContext, field: string): string[] | undefined {
  const value = Array.isArray(ctx.body) ? ctx.body : bodyObject(ctx)[field];
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw invalid(field, 'is not an array');
  return value.map((item: unknown) => {
    if (typeof item === 'string') return item;
    if (item !== null && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string')
      return (item as { name: string }).name;
    throw invalid(field, 'must list names');
  });
}

// ---------------------------------------------------------------------------------------------
// Query strings and pagination

export function queryEnum<T extends string>(ctx: RequestContext, name: string, allowed: readonly T[], fallback: T): T {
  const value = ctx.query.get(name);
  if (value === null || value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new HttpError(422, `Invalid value for parameter '${name}': ${value}`);
  return value as T;
}

export function querySince(ctx: RequestContext): number | undefined {
  const since = ctx.query.get('since');
  if (since === null || since === '') return undefined;
  const ms = Date.parse(since);
  if (!Number.isFinite(ms)) throw new HttpError(422, `Invalid value for parameter 'since': ${since}`);
  return ms;
}

function positive(ctx: RequestContext, name: string, fallback: number): number {
  const value = Number(ctx.query.get(name) ?? fallback);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

/** One page of `items` (`per_page` default 30, max 100; `page` from 1) with GitHub's Link header. */
export function paginate<T>(ctx: RequestContext, items: readonly T[]): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(positive(ctx, 'per_page', 30), 100);
  const page = positive(ctx, 'page', 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const query = new URLSearchParams(ctx.query);
    query.set('page', String(n));
    if (ctx.query.has('per_page')) query.set('per_page', String(perPage));
    return `<${ctx.origin}${ctx.pathname}?${query.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1) links.push(link(Math.min(page - 1, last), 'prev'));
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'));
  return { items: items.slice((page - 1) * perPage, page * perPage), headers: links.length > 0 ? { link: links.join(', ') } : {} };
}

/** A paginated JSON array answer. */
export function page<T, R>(ctx: RequestContext, items: readonly T[], render: (item: T) => R): Reply {
  const { items: slice, headers } = paginate(ctx, items);
  return reply(slice.map(render), 200, headers);
}
