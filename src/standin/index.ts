/**
 * An in-memory GitHub for tests, load tests and the sandbox.
 *
 *     const gh = new GitHubStandIn({ now: '2026-11-20T10:00:00Z', appId: 123 });
 *     gh.addRepo('pypi/support', { installationId: 2, files: { '.github/recovery-triage.yml': '…' } });
 *     await gh.listen(); // gh.url → http://127.0.0.1:PORT, the baseUrl for Octokit or Probot
 *     const [opened, labeled] = gh.as('alice').openIssue('pypi/support', { title, body, labels: ['account-recovery'] });
 *     await probot.receive(opened); // forProbot(d) for closed/issue_comment; or gh.deliverTo(webhookUrl, secret, d)
 *     gh.issue('pypi/support', 1).labels; gh.countCalls({ installationId: 2 }); gh.unexpected; // assertions
 *     gh.inject({ route: 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments', kind: 'after-write' });
 *     gh.state.eventsLagMs = 30_000; // the issue events listing lags the issue by 30 s of the clock
 *     await gh.close();
 */
export { GitHubStandIn, type RepoOptions, type StandInOptions, type WebhookListener } from './store.js';
export { Actor, type OpenIssueInput } from './actor.js';
export { Clock, isoSeconds } from './clock.js';
export { forProbot, type ProbotEvent } from './probot.js';
export { signAndSend, signature, deliveryHeaders, type DeliveryToSend, type SendOptions, type SendResult } from './deliver.js';
export { HttpError, MAX_BODY, MAX_LABEL_NAME } from './errors.js';
export type { CallCounts, CallFilter, CallRecord } from './accounting.js';
export type { Fault, FaultCall, FaultHook, FaultKind, FaultRule, InjectedFault } from './faults.js';
export type { HookDelivery, HookDeliveryInput, RedeliveryRequest } from './hooks.js';
export type { UnexpectedCall } from './server.js';
export type { CommentView, EventView, IssueView, LabelView } from './views.js';
export type {
  IssueCommentDelivery,
  IssueCommentDeliveryOf,
  IssueCommentPayload,
  IssueDelivery,
  IssuesDelivery,
  IssuesDeliveryOf,
  IssuesPayload,
  PushDelivery,
  PushPayload,
  WebhookDelivery,
} from './webhooks.js';
export type * from './types.js';
