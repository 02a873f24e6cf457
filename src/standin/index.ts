export { GitHubStandIn, type RepoOptions, type StandInOptions, type WebhookListener } from './store.js';
export { Actor, type OpenIssueInput } from './actor.js';
export { Clock, isoSeconds } from './clock.js';
export { signAndSend, signature, deliveryHeaders, type DeliveryToSend, type SendOptions, type SendResult } from './deliver.js';
export { HttpError, MAX_BODY, MAX_LABEL_NAME } from './errors.js';
export type { CallCounts, CallFilter, CallRecord } from './accounting.js';
export type { Fault, FaultCall, FaultHook, FaultKind, FaultRule, InjectedFault } from './faults.js';
export type { HookDelivery, HookDeliveryInput, RedeliveryRequest } from './hooks.js';
export type { UnexpectedCall } from './server.js';
export type { CommentView, EventView, IssueView, LabelView } from './views.js';
export type {
  IssueCommentDelivery,
  IssueCommentPayload,
  IssueDelivery,
  IssuesDelivery,
  IssuesPayload,
  PushDelivery,
  PushPayload,
  WebhookDelivery,
} from './webhooks.js';
export type * from './types.js';
