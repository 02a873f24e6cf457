import type { Probot } from 'probot';
import type { WebhookDelivery } from './webhooks.js';

/** The event type `probot.receive` takes. */
export type ProbotEvent = Parameters<Probot['receive']>[0];

/**
 * A delivery typed as Probot's event. The actors' `opened`, `edited`, `labeled`, `unlabeled`,
 * `assigned`, `unassigned`, `reopened` and `push` deliveries are assignable as they are;
 * `issues.closed` and `issue_comment.*` are not, because @octokit/openapi-webhooks-types types some of their nested
 * fields as `Record<string, never>` (e.g. `issue.assignees`), which no real payload satisfies.
 */
export function forProbot(delivery: WebhookDelivery): ProbotEvent {
  return delivery as unknown as ProbotEvent;
}
