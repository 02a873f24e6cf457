import {
  addAssignees,
  addLabels,
  addReaction,
  createComment,
  createIssue,
  deleteComment,
  removeAssignees,
  removeLabel,
  setIssueState,
  updateComment,
  updateIssue,
} from './mutations.js';
import type { State } from './state.js';
import type { ActorRef, CloseReason, ReactionContent, RepoRecord } from './types.js';
import type { IssueCommentDelivery, IssuesDelivery, WebhookDelivery } from './webhooks.js';

export interface ActorHost {
  readonly state: State;
  emit(deliveries: readonly WebhookDelivery[]): void;
}

export interface OpenIssueInput {
  title: string;
  body: string;
  labels?: readonly string[];
  assignees?: readonly string[];
}

function list(logins: string | readonly string[]): readonly string[] {
  return typeof logins === 'string' ? [logins] : logins;
}

/**
 * Someone acting on GitHub without the REST API (a person in the web UI, or the app when made
 * with `asApp()`). Each method changes the stand-in's state as that user and returns the
 * webhook deliveries GitHub would send for it, in order.
 */
export class Actor {
  constructor(
    private readonly host: ActorHost,
    readonly actor: ActorRef,
  ) {}

  get login(): string {
    return this.actor.login;
  }

  /** Opens an issue: the `opened` delivery, then one `labeled` per label (as issue forms do). */
  openIssue(repo: string, input: OpenIssueInput): IssuesDelivery[] {
    return this.#emit(createIssue(this.host.state, this.actor, this.#repo(repo), input).deliveries);
  }

  editBody(repo: string, number: number, body: string): IssuesDelivery[] {
    const r = this.#repo(repo);
    return this.#emit(updateIssue(this.host.state, this.actor, r, this.host.state.issue(r, number), { body }));
  }

  editTitle(repo: string, number: number, title: string): IssuesDelivery[] {
    const r = this.#repo(repo);
    return this.#emit(updateIssue(this.host.state, this.actor, r, this.host.state.issue(r, number), { title }));
  }

  comment(repo: string, number: number, body: string): IssueCommentDelivery[] {
    const r = this.#repo(repo);
    return this.#emit(createComment(this.host.state, this.actor, r, this.host.state.issue(r, number), body).deliveries);
  }

  editComment(repo: string, commentId: number, body: string): IssueCommentDelivery[] {
    const r = this.#repo(repo);
    return this.#emit(updateComment(this.host.state, this.actor, r, this.host.state.comment(r, commentId), body));
  }

  deleteComment(repo: string, commentId: number): IssueCommentDelivery[] {
    const r = this.#repo(repo);
    return this.#emit(deleteComment(this.host.state, this.actor, r, this.host.state.comment(r, commentId)));
  }

  /** Reacts to a comment (GitHub sends no webhook for reactions). */
  react(repo: string, commentId: number, content: ReactionContent): void {
    addReaction(this.host.state, this.actor, this.host.state.comment(this.#repo(repo), commentId), content);
  }

  addLabels(repo: string, number: number, names: string | readonly string[]): IssuesDelivery[] {
    const r = this.#repo(repo);
    return this.#emit(addLabels(this.host.state, this.actor, r, this.host.state.issue(r, number), list(names)));
  }

  removeLabel(repo: string, number: number, name: string): IssuesDelivery[] {
    const r = this.#repo(repo);
    return this.#emit(removeLabel(this.host.state, this.actor, r, this.host.state.issue(r, number), name));
  }

  close(repo: string, number: number, reason: CloseReason = 'completed'): IssuesDelivery[] {
    const r = this.#repo(repo);
    return this.#emit(setIssueState(this.host.state, this.actor, r, this.host.state.issue(r, number), 'closed', reason));
  }

  reopen(repo: string, number: number): IssuesDelivery[] {
    const r = this.#repo(repo);
    return this.#emit(setIssueState(this.host.state, this.actor, r, this.host.state.issue(r, number), 'open'));
  }

  assign(repo: string, number: number, logins: string | readonly string[]): IssuesDelivery[] {
    const r = this.#repo(repo);
    return this.#emit(addAssignees(this.host.state, this.actor, r, this.host.state.issue(r, number), list(logins)));
  }

  unassign(repo: string, number: number, logins: string | readonly string[]): IssuesDelivery[] {
    const r = this.#repo(repo);
    return this.#emit(removeAssignees(this.host.state, this.actor, r, this.host.state.issue(r, number), list(logins)));
  }

  #repo(fullName: string): RepoRecord {
    return this.host.state.repo(fullName);
  }

  #emit<T extends WebhookDelivery>(deliveries: T[]): T[] {
    this.host.emit(deliveries);
    return deliveries;
  }
}
