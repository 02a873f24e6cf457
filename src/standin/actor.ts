import {
  addAssignees,
  addLabels,
  addReaction,
  createComment,
  createIssue,
  deleteComment,
  closeIssue,
  editIssue,
  removeAssignees,
  removeLabel,
  reopenIssue,
  updateComment,
} from './mutations.js';
import type { State } from './state.js';
import type { ActorRef, CloseReason, CommentRecord, IssueRecord, ReactionContent, RepoRecord } from './types.js';
import type { IssueCommentDeliveryOf, IssuesDeliveryOf, WebhookDelivery } from './webhooks.js';

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
  openIssue(repo: string, input: OpenIssueInput): IssuesDeliveryOf<'opened' | 'labeled' | 'assigned'>[] {
    return this.#emit(createIssue(this.host.state, this.actor, this.#repo(repo), input).deliveries);
  }

  editBody(repo: string, number: number, body: string): IssuesDeliveryOf<'edited'>[] {
    const [r, issue] = this.#issue(repo, number);
    return this.#emit(editIssue(this.host.state, this.actor, r, issue, { body }));
  }

  editTitle(repo: string, number: number, title: string): IssuesDeliveryOf<'edited'>[] {
    const [r, issue] = this.#issue(repo, number);
    return this.#emit(editIssue(this.host.state, this.actor, r, issue, { title }));
  }

  comment(repo: string, number: number, body: string): IssueCommentDeliveryOf<'created'>[] {
    const [r, issue] = this.#issue(repo, number);
    return this.#emit(createComment(this.host.state, this.actor, r, issue, body).deliveries);
  }

  editComment(repo: string, commentId: number, body: string): IssueCommentDeliveryOf<'edited'>[] {
    const [r, comment] = this.#comment(repo, commentId);
    return this.#emit(updateComment(this.host.state, this.actor, r, comment, body));
  }

  deleteComment(repo: string, commentId: number): IssueCommentDeliveryOf<'deleted'>[] {
    const [r, comment] = this.#comment(repo, commentId);
    return this.#emit(deleteComment(this.host.state, this.actor, r, comment));
  }

  /** Reacts to a comment (GitHub sends no webhook for reactions). */
  react(repo: string, commentId: number, content: ReactionContent): void {
    addReaction(this.host.state, this.actor, this.#comment(repo, commentId)[1], content);
  }

  addLabels(repo: string, number: number, names: string | readonly string[]): IssuesDeliveryOf<'labeled'>[] {
    const [r, issue] = this.#issue(repo, number);
    return this.#emit(addLabels(this.host.state, this.actor, r, issue, list(names)));
  }

  removeLabel(repo: string, number: number, name: string): IssuesDeliveryOf<'unlabeled'>[] {
    const [r, issue] = this.#issue(repo, number);
    return this.#emit(removeLabel(this.host.state, this.actor, r, issue, name));
  }

  close(repo: string, number: number, reason: CloseReason = 'completed'): IssuesDeliveryOf<'closed'>[] {
    const [r, issue] = this.#issue(repo, number);
    return this.#emit(closeIssue(this.host.state, this.actor, r, issue, reason));
  }

  reopen(repo: string, number: number): IssuesDeliveryOf<'reopened'>[] {
    const [r, issue] = this.#issue(repo, number);
    return this.#emit(reopenIssue(this.host.state, this.actor, r, issue));
  }

  assign(repo: string, number: number, logins: string | readonly string[]): IssuesDeliveryOf<'assigned'>[] {
    const [r, issue] = this.#issue(repo, number);
    return this.#emit(addAssignees(this.host.state, this.actor, r, issue, list(logins)));
  }

  unassign(repo: string, number: number, logins: string | readonly string[]): IssuesDeliveryOf<'unassigned'>[] {
    const [r, issue] = this.#issue(repo, number);
    return this.#emit(removeAssignees(this.host.state, this.actor, r, issue, list(logins)));
  }

  #repo(fullName: string): RepoRecord {
    return this.host.state.repo(fullName);
  }

  #issue(repo: string, number: number): [RepoRecord, IssueRecord] {
    const r = this.#repo(repo);
    const issue = r.issues.get(number);
    if (!issue) throw new Error(`No issue #${number} in ${r.fullName}`);
    return [r, issue];
  }

  #comment(repo: string, commentId: number): [RepoRecord, CommentRecord] {
    const r = this.#repo(repo);
    const comment = this.host.state.comments.get(commentId);
    if (!comment || comment.repo !== r.fullName) throw new Error(`No comment ${commentId} in ${r.fullName}`);
    return [r, comment];
  }

  #emit<T extends WebhookDelivery>(deliveries: T[]): T[] {
    this.host.emit(deliveries);
    return deliveries;
  }
}
