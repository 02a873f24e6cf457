#!/usr/bin/env node
// `npm start` and the Docker image's command: runs the bot with Probot (docs/deploy.md).
//
// - Without GitHub App credentials it starts Probot's setup page, which registers the app from
//   app.yml and writes the credentials to .env (in production, NODE_ENV=production, it stops).
// - Webhooks are accepted at Probot's path (/api/github/webhooks, or WEBHOOK_PATH) and at `/`,
//   the webhook URL that registering from the manifest gives the app.
// - Logs go through the bot's redacting logger: no request bodies, comments or secrets.
// - WEBHOOK_PROXY_URL (development): webhooks arrive through that smee.io channel; smee-client is
//   a development dependency, and without it a message says so and the server runs unproxied.
import { existsSync, readdirSync } from 'node:fs';
import { run, Server } from 'probot';
import { createSafeLogger, probotLogStream } from '../lib/github/logging.js';
import { PerInstallationOctokit } from '../lib/github/throttle.js';
import app, { shutdown } from '../lib/index.js';
import { isLoopback, sandboxDecision, sandboxHandler } from '../lib/sandbox/index.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const env = process.env;
// Probot also takes the key from the one .pem file in the working directory.
const keyFile = readdirSync('.').some((name) => name.endsWith('.pem'));
const hasCredentials = Boolean(env.APP_ID && (env.PRIVATE_KEY || env.PRIVATE_KEY_PATH || keyFile));
const proxyUrl = env.WEBHOOK_PROXY_URL?.trim() || undefined;
const webhookPath = env.WEBHOOK_PATH || '/api/github/webhooks';

// The sandbox (docs/sandbox.md) at /sandbox: on without credentials, off with them unless SANDBOX=true.
const sandboxOn = sandboxDecision(env, { keyFile });
const sandbox = sandboxOn.enabled
  ? sandboxHandler({ hosts: isLoopback(env.HOST || 'localhost') ? 'loopback' : 'any', setupPageNotice: true })
  : null;
if (sandbox && !hasCredentials) {
  // Without credentials run() builds Probot's setup server itself: the sandbox goes in before its setup handler.
  const loadHandlerFactory = Server.prototype.loadHandlerFactory;
  Server.prototype.loadHandlerFactory = function (factory) {
    this.addHandler(sandbox);
    return loadHandlerFactory.call(this, factory);
  };
}

if (!hasCredentials && env.NODE_ENV === 'production') {
  console.error(
    [
      'recovery-triage: APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) must be set when NODE_ENV=production.',
      'Register the app first (see docs/deploy.md), then pass its credentials in the environment.',
    ].join('\n'),
  );
  process.exit(1);
}

if (!hasCredentials) {
  // Probot would otherwise create a smee.io channel on its own (network); WEBHOOK_PROXY_URL
  // names one instead.
  env.NO_SMEE_SETUP ??= 'true';
  const port = env.PORT ?? '3000';
  console.log(
    [
      'recovery-triage: no GitHub App credentials (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH) found.',
      `Open http://localhost:${port} to register the app on GitHub from app.yml; the credentials are saved to .env.`,
      proxyUrl
        ? `Its webhook URL will be the proxy channel ${proxyUrl} (WEBHOOK_PROXY_URL).`
        : 'Its webhook URL will be the address you open that page at, and GitHub cannot reach localhost: for development, create a channel at https://smee.io/new and set WEBHOOK_PROXY_URL to it (in .env) before registering.',
      ...(sandbox
        ? [
            `Meanwhile, watch the bot work in the sandbox: http://localhost:${port}/sandbox/ (an in-memory GitHub; nothing leaves this machine).`,
          ]
        : []),
      'Meanwhile you can check a request body locally:',
      '  npx recovery-triage check path/to/issue-body.md',
    ].join('\n'),
  );
}

/** smee-client's class, or null when it is not installed (production installs omit it). */
async function loadSmeeClient() {
  try {
    return (await import('smee-client')).SmeeClient;
  } catch (error) {
    if (error?.code === 'ERR_MODULE_NOT_FOUND') return null;
    throw error;
  }
}

const SmeeClient = proxyUrl && hasCredentials ? await loadSmeeClient() : null;
if (proxyUrl && hasCredentials && SmeeClient === null) {
  console.error(
    [
      `recovery-triage: WEBHOOK_PROXY_URL is set (${proxyUrl}), but smee-client is not installed, so webhooks are not proxied.`,
      'smee-client is a development dependency: `npm ci` installs it, `npm ci --omit=dev` and the Docker image do not.',
      'For development, run `npm ci` (or `npm install --no-save smee-client`); in production, unset WEBHOOK_PROXY_URL and let GitHub reach this server.',
    ].join('\n'),
  );
}

let log = null;

/** The app, plus webhooks at `/`: the URL Probot's manifest registration gives the app. */
async function appWithRootWebhooks(probot, options) {
  log = probot.log;
  const result = await app(probot, options);
  if (sandbox) {
    options.addHandler(sandbox);
    probot.log.info(`recovery-triage: ${sandboxOn.reason}: /sandbox`);
  }
  if (webhookPath !== '/') {
    const atRoot = await probot.getNodeMiddleware({ path: '/' });
    options.addHandler((req, res) => (req.method === 'POST' && (req.url ?? '').split('?')[0] === '/' ? atRoot(req, res) : false));
  }
  return result;
}

// Probot's logger, in Probot's formats (LOG_FORMAT, LOG_LEVEL_IN_STRING, SENTRY_DSN), but one that
// never writes request bodies, comments or secrets (lib/github/logging.js).
const logFormat = env.LOG_FORMAT ? (env.LOG_FORMAT === 'pretty' ? 'pretty' : 'json') : env.NODE_ENV === 'production' ? 'json' : 'pretty';
const probotLog = createSafeLogger({
  level: env.LOG_LEVEL || 'info',
  stream: await probotLogStream({ logFormat, logLevelInString: env.LOG_LEVEL_IN_STRING === 'true', sentryDsn: env.SENTRY_DSN }),
  pino: { name: 'probot', messageKey: env.LOG_MESSAGE_KEY || 'msg' },
});

// The proxy is started below, with this package's smee-client; Probot's own start would fetch
// smee-client with npx when it is missing.
// REDIS_URL is the app's (durable work, per-issue lock, leases), not Probot's: given it, Probot
// keeps its write throttle (Bottleneck) in that Redis, and after Redis loses its data (a restart
// without persistence, a failover) every GitHub call of the process fails for good with
// `ERR SETTINGS_KEY_NOT_FOUND`. Each replica throttles its own writes per installation instead.
const probotEnv = { ...env, WEBHOOK_PROXY_URL: undefined, REDIS_URL: undefined };
// Writes are spaced per installation (GitHub's secondary limits are per installation), so a burst in
// one repository never delays another.
const server = await run(appWithRootWebhooks, { env: probotEnv, log: probotLog, Octokit: PerInstallationOctokit });

let proxy = null;
if (SmeeClient !== null && proxyUrl) {
  const smeeLog = log?.child({ name: 'smee' }) ?? console;
  proxy = new SmeeClient({ source: proxyUrl, target: `http://${server.host}:${server.port}${webhookPath}`, logger: smeeLog });
  proxy.start().catch((error) => smeeLog.error(`cannot connect to the webhook proxy ${proxyUrl}: ${error?.message ?? error}`));
}

// `docker stop` sends SIGTERM (and SIGKILL 10 s later); Probot handles only SIGINT. The server
// stops taking deliveries (GitHub records them as failed; the redelivery pass asks for them
// again), runs in flight finish or go back to the durable queue (REDIS_URL), then it exits,
// within SHUTDOWN_GRACE_SECONDS (default 8).
const graceSeconds = Number(env.SHUTDOWN_GRACE_SECONDS ?? '8');
const graceMs = (Number.isFinite(graceSeconds) && graceSeconds >= 0 ? graceSeconds : 8) * 1000;
process.once('SIGTERM', async () => {
  log?.info({ graceMs }, 'recovery-triage: SIGTERM; finishing the runs in flight');
  const stopped = Date.now();
  const bounded = (promise, ms) => Promise.race([promise, new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)).unref())]);
  await bounded(
    Promise.all([proxy?.stop(), sandbox?.close(), server.stop()]).catch(() => undefined),
    graceMs / 4,
  );
  const outcomes = await bounded(
    shutdown(Math.max(0, graceMs - (Date.now() - stopped) - 250)).catch(() => ['handed back']),
    graceMs - (Date.now() - stopped),
  );
  const outcome = Array.isArray(outcomes) && outcomes.every((o) => o === 'drained') ? 'drained' : 'handed back';
  log?.info({ outcome, ms: Date.now() - stopped }, `recovery-triage: stopped (${outcome})`);
  process.exit(0);
});
