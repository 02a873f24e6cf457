import type { ApplicationFunctionOptions, Probot } from 'probot';
import { registerHandlers, type AppOptions, type RegisteredApp } from './github/handlers.js';
import { loginList } from './github/observe.js';
import { startRedeliveryJob } from './github/redeliver.js';
import { IssueRunner, RedisLock } from './github/runner.js';
import { startOperations } from './github/operations.js';

export type { AppOptions, RegisteredApp } from './github/handlers.js';

/**
 * The Probot app: webhooks name issues, each run reconciles one issue with what GitHub shows.
 * From the environment: `DRY_RUN=true` logs plans and writes nothing; `REDIS_URL` makes the
 * per-issue lock shared by every replica; `REDELIVER_INTERVAL_MINUTES` (default 5, 0 = off)
 * sets how often failed deliveries are asked for again; `RECOVERY_TRIAGE_BOT_LOGIN` names further
 * logins of this deployment whose status comments are adopted (the app's bot and
 * `github-actions[bot]` always are).
 */
export function createApp(
  options: AppOptions & { onRegistered?: (registered: RegisteredApp) => void } = {},
): (app: Probot, appOptions?: Partial<ApplicationFunctionOptions>) => Promise<void> {
  return async (app, appOptions) => {
    const env = process.env;
    let runner = options.runner;
    if (!runner && env.REDIS_URL) {
      const { Redis } = await import('ioredis');
      const redis = new Redis(env.REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 3 });
      runner = new IssueRunner({ lock: new RedisLock(redis) });
      app.log.info('recovery-triage: per-issue lock shared through Redis');
    }
    const registered = registerHandlers(app, {
      dryRun: env.DRY_RUN === 'true',
      trustedLogins: loginList(env.RECOVERY_TRIAGE_BOT_LOGIN),
      ...options,
      runner,
    });
    if (registered.services.dryRun) app.log.info('recovery-triage: DRY_RUN=true, plans are logged and nothing is written');
    const minutes = Number(env.REDELIVER_INTERVAL_MINUTES ?? '5');
    if (env.NODE_ENV !== 'test' && Number.isFinite(minutes) && minutes > 0) startRedeliveryJob(app, { intervalMs: minutes * 60_000 });
    startOperations(app, registered, appOptions?.addHandler);
    options.onRegistered?.(registered);
  };
}

export default createApp();
