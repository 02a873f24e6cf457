import { HttpError, notFound } from '../errors.js';
import { appJson, userByLogin } from '../json.js';
import type { InstallationRecord } from '../types.js';
import { page, reply, type RequestContext, type Reply, type RouteTable } from './context.js';

const PERMISSIONS = { contents: 'read', issues: 'write', metadata: 'read' } as const;

export function appInstallationJson(ctx: RequestContext, installation: InstallationRecord) {
  const { app } = ctx.state;
  return {
    id: installation.id,
    account: userByLogin(ctx.state, installation.account),
    repository_selection: 'selected',
    access_tokens_url: `https://api.github.com/app/installations/${installation.id}/access_tokens`,
    repositories_url: 'https://api.github.com/installation/repositories',
    html_url: `https://github.com/settings/installations/${installation.id}`,
    app_id: app.id,
    app_slug: app.slug,
    target_id: ctx.state.user(installation.account).id,
    target_type: ctx.state.user(installation.account).type,
    permissions: PERMISSIONS,
    events: ['issues', 'issue_comment', 'push'],
    created_at: installation.createdAt,
    updated_at: installation.createdAt,
    single_file_name: null,
    suspended_by: null,
    suspended_at: null,
  };
}

function installationOf(ctx: RequestContext): InstallationRecord {
  const installation = ctx.state.installations.get(Number(ctx.params.installation_id));
  if (!installation) throw notFound();
  return installation;
}

function getApp(ctx: RequestContext): Reply {
  return reply(appJson(ctx.state));
}

function listInstallations(ctx: RequestContext): Reply {
  return page(ctx, [...ctx.state.installations.values()], (installation) => appInstallationJson(ctx, installation));
}

function getInstallation(ctx: RequestContext): Reply {
  return reply(appInstallationJson(ctx, installationOf(ctx)));
}

/** Mints an installation token; requests made with it act as `<slug>[bot]`. */
function createToken(ctx: RequestContext): Reply {
  const installation = installationOf(ctx);
  const { token, expiresAt } = ctx.backend.mintInstallationToken(installation.id);
  return reply({ token, expires_at: expiresAt, permissions: PERMISSIONS, repository_selection: 'selected' }, 201);
}

/**
 * Newest first, `per_page` (default 30, at most 100) at a time, paged as GitHub pages it: by an
 * opaque `cursor` named in the Link header's `rel="next"` (no `page`, no `last`).
 */
function listDeliveries(ctx: RequestContext): Reply {
  const perPage = Math.min(Math.max(1, Number(ctx.query.get('per_page')) || 30), 100);
  const newestFirst = [...ctx.backend.hookDeliveries].reverse();
  const cursor = ctx.query.get('cursor');
  let start = 0;
  if (cursor !== null && cursor !== '') {
    const match = /^v1_(\d+)$/.exec(cursor);
    if (!match) throw new HttpError(422, `Invalid value for parameter 'cursor': ${cursor}`);
    const after = Number(match[1]);
    start = newestFirst.findIndex((d) => d.id < after);
    if (start < 0) start = newestFirst.length;
  }
  const items = newestFirst.slice(start, start + perPage);
  const headers: Record<string, string> = {};
  if (start + perPage < newestFirst.length && items.length > 0) {
    const query = new URLSearchParams(ctx.query);
    query.set('per_page', String(perPage));
    query.set('cursor', `v1_${items[items.length - 1].id}`);
    headers.link = `<${ctx.origin}${ctx.pathname}?${query.toString()}>; rel="next"`;
  }
  return reply(items, 200, headers);
}

function deliveryOf(ctx: RequestContext) {
  const delivery = ctx.backend.hookDeliveries.find((d) => d.id === Number(ctx.params.delivery_id));
  if (!delivery) throw notFound();
  return delivery;
}

function getDelivery(ctx: RequestContext): Reply {
  const delivery = deliveryOf(ctx);
  return reply({ ...delivery, url: '', request: { headers: {}, payload: null }, response: { headers: {}, payload: null } });
}

function redeliver(ctx: RequestContext): Reply {
  ctx.backend.requestRedelivery(deliveryOf(ctx).id);
  return reply({}, 202);
}

export const appRoutes: RouteTable = [
  ['GET /app', { auth: 'app', handle: getApp }],
  ['GET /app/installations', { auth: 'app', handle: listInstallations }],
  ['GET /app/installations/{installation_id}', { auth: 'app', handle: getInstallation }],
  ['POST /app/installations/{installation_id}/access_tokens', { auth: 'app', handle: createToken }],
  ['GET /app/hook/deliveries', { auth: 'app', handle: listDeliveries }],
  ['GET /app/hook/deliveries/{delivery_id}', { auth: 'app', handle: getDelivery }],
  ['POST /app/hook/deliveries/{delivery_id}/attempts', { auth: 'app', handle: redeliver }],
];
