import { ProbotOctokit } from 'probot';

/**
 * Write spacing per installation, not per process.
 *
 * Probot's Octokit carries @octokit/plugin-throttling, whose queues are Bottleneck groups shared
 * by every client in the process (writes 1 s apart, comments and other notifying writes 3 s
 * apart, searches 2 s apart), each group split by the client's throttle `id`. Probot 14 sets
 * that id to the installation only in `app.auth(installationId)`; the client each event handler
 * gets (`context.octokit`, made by octokit-auth-probot from the app client's options) keeps the
 * plugin's default id `no-id`. So every installation's writes wait in one queue: a burst of
 * requests in one repository delays every other installation, and a delivery waits for the
 * writes of others before it can be answered.
 *
 * GitHub's secondary rate limits are per installation (each has its own token), so this keys
 * the throttle by the client's installation: each installation keeps the plugin's spacing for
 * itself, and a burst in one never delays another. The keys are the same as `app.auth(id)`'s,
 * so both kinds of client of one installation share its queues. The groups stay in the process
 * even with `REDIS_URL` (bin/start.js does not give it to Probot): Bottleneck's Redis groups
 * fail for good once Redis loses their keys, so each replica spaces its own writes.
 */

/** Bottleneck groups to use instead of the plugin's process-wide ones (tests: a small `minTime`). */
export interface ThrottleGroups {
  write?: unknown;
  notifications?: unknown;
  search?: unknown;
  global?: unknown;
}

type Options = Record<string, unknown>;

/** The installation an Octokit is constructed for, from its auth options; null for app or token clients. */
export function installationOf(options: Options): number | null {
  const auth = options.auth;
  if (typeof auth !== 'object' || auth === null || !('installationId' in auth)) return null;
  const id = Number((auth as { installationId: unknown }).installationId);
  return Number.isInteger(id) && id > 0 ? id : null;
}

/**
 * The constructor options with the throttle keyed by the installation (as Probot's own
 * `app.auth(id)` keys it: the id as a string). Throttling left off stays off; a client without
 * an installation keeps its id.
 */
export function perInstallationThrottle(options: Options, groups: ThrottleGroups = {}): Options {
  const throttle = (options.throttle ?? {}) as Options;
  const installation = installationOf(options);
  const defined = Object.fromEntries(Object.entries(groups).filter(([, group]) => group !== undefined));
  return {
    ...options,
    throttle: {
      ...throttle,
      ...defined,
      ...(installation === null ? {} : { id: String(installation) }),
    },
  };
}

/** An Octokit class (Probot's by default) whose clients space their writes per installation. */
export function withPerInstallationThrottle(Base: typeof ProbotOctokit = ProbotOctokit, groups: ThrottleGroups = {}): typeof ProbotOctokit {
  return Base.defaults((options: Options) => perInstallationThrottle(options, groups));
}

/** Probot's Octokit with the throttle keyed per installation: pass it as Probot's `Octokit`. */
export const PerInstallationOctokit: typeof ProbotOctokit = withPerInstallationThrottle();
