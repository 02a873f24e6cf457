import { notFound } from '../errors.js';
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

/** Newest first; `per_page` and `page` (GitHub's `cursor` is simplified to pages). */
function listDeliveries(ctx: RequestContext): Reply {
  return page(ctx, [...ctx.backend.hookDeliveries].reverse(), (delivery) => delivery);
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
