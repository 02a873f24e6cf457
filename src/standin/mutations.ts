import { createHash } from 'node:crypto';
import { checkBody, checkLabel, checkTitle, HttpError, notFound, validationFailed } from './errors.js';
import { blobSha, type State } from './state.js';
import type {
  ActorRef,
  CloseReason,
  CommentRecord,
  EventRecord,
  IssueEventKind,
  IssueRecord,
  IssueState,
  LabelRecord,
  ReactionContent,
  ReactionRecord,
  RepoRecord,
  StateReason,
} from './types.js';
import {
  issueCommentDelivery,
  issuesDelivery,
  type IssueChanges,
  type IssueCommentDeliveryOf,
  type IssuesDelivery,
  type IssuesDeliveryOf,
} from './webhooks.js';

/**
 * Every write the stand-in knows, shared by the actor API and the REST routes. Each one takes
 * one timestamp from the clock, validates before it changes anything, and returns the webhook
 * deliveries GitHub would send for it.
 */

interface Write {
  state: State;
  actor: ActorRef;
  repo: RepoRecord;
  at: string;
}

function begin(state: State, actor: ActorRef, repo: RepoRecord): Write {
  return { state, actor, repo, at: state.clock.stamp() };
}

export interface IssueInput {
  title: string;
  body?: string | null;
  labels?: readonly string[];
  assignees?: readonly string[];
}

export interface IssuePatch {
  title?: string;
  body?: string | null;
  state?: IssueState;
  state_reason?: StateReason;
  labels?: readonly string[];
  assignees?: readonly string[];
}

export interface LabelInput {
  name: string;
  color?: string;
  description?: string | null;
}

export interface LabelPatch {
  new_name?: string;
  color?: string;
  description?: string | null;
}

// ---------------------------------------------------------------------------------------------
// Issues

export function createIssue(
  state: State,
  actor: ActorRef,
  repo: RepoRecord,
  input: IssueInput,
): { issue: IssueRecord; deliveries: IssuesDeliveryOf<'opened' | 'labeled' | 'assigned'>[] } {
  checkTitle(input.title);
  checkBody('Issue', input.body ?? null);
  (input.labels ?? []).forEach((name) => checkLabel(name));
  const w = begin(state, actor, repo);
  const issue: IssueRecord = {
    id: state.nextId('issue'),
    number: repo.nextIssueNumber++,
    title: input.title,
    body: input.body ?? null,
    author: actor.login,
    viaApp: actor.viaApp,
    state: 'open',
    stateReason: null,
    labelIds: [],
    assignees: [],
    createdAt: w.at,
    updatedAt: w.at,
    closedAt: null,
    closedBy: null,
    commentIds: [],
    events: [],
  };
  repo.issues.set(issue.number, issue);
  // Labels and assignees are part of the new issue: every payload, `opened` first, shows them all.
  const labels = (input.labels ?? []).map((name) => applyLabel(w, issue, name)).filter(isDelivery);
  const assignees = (input.assignees ?? []).map((login) => applyAssignee(w, issue, login)).filter(isDelivery);
  const deliveries: IssuesDeliveryOf<'opened' | 'labeled' | 'assigned'>[] = [
    issuesDelivery(state, repo, issue, actor.login, { action: 'opened' }),
    ...labels.map((label) => issuesDelivery(state, repo, issue, actor.login, { action: 'labeled', label })),
    ...assignees.map((assignee) => issuesDelivery(state, repo, issue, actor.login, { action: 'assigned', assignee })),
  ];
  return { issue, deliveries };
}

export function updateIssue(state: State, actor: ActorRef, repo: RepoRecord, issue: IssueRecord, patch: IssuePatch): IssuesDelivery[] {
  if (patch.title !== undefined) checkTitle(patch.title);
  if (patch.body !== undefined) checkBody('Issue', patch.body);
  (patch.labels ?? []).forEach((name) => checkLabel(name));
  const w = begin(state, actor, repo);
  const deliveries: (IssuesDelivery | null)[] = [edit(w, issue, patch)];
  if (patch.state === 'closed') deliveries.push(close(w, issue, patch.state_reason === 'not_planned' ? 'not_planned' : 'completed'));
  else if (patch.state === 'open') deliveries.push(reopen(w, issue));
  else if (patch.state_reason !== undefined && issue.state === 'closed') issue.stateReason = patch.state_reason;
  if (patch.labels) deliveries.push(...replaceLabels(w, issue, patch.labels));
  if (patch.assignees) deliveries.push(...replaceAssignees(w, issue, patch.assignees));
  return deliveries.filter(isDelivery);
}

/** Edits the title and/or body: one `edited` delivery with `changes`, none when nothing changed. */
export function editIssue(
  state: State,
  actor: ActorRef,
  repo: RepoRecord,
  issue: IssueRecord,
  patch: Pick<IssuePatch, 'title' | 'body'>,
): IssuesDeliveryOf<'edited'>[] {
  if (patch.title !== undefined) checkTitle(patch.title);
  if (patch.body !== undefined) checkBody('Issue', patch.body);
  return [edit(begin(state, actor, repo), issue, patch)].filter(isDelivery);
}

/** Closes the issue; on a closed issue only the reason changes, without a delivery. */
export function closeIssue(
  state: State,
  actor: ActorRef,
  repo: RepoRecord,
  issue: IssueRecord,
  reason: CloseReason,
): IssuesDeliveryOf<'closed'>[] {
  return [close(begin(state, actor, repo), issue, reason)].filter(isDelivery);
}

export function reopenIssue(state: State, actor: ActorRef, repo: RepoRecord, issue: IssueRecord): IssuesDeliveryOf<'reopened'>[] {
  return [reopen(begin(state, actor, repo), issue)].filter(isDelivery);
}

function edit(w: Write, issue: IssueRecord, patch: Pick<IssuePatch, 'title' | 'body'>): IssuesDeliveryOf<'edited'> | null {
  const changes: IssueChanges = {};
  if (patch.title !== undefined && patch.title !== issue.title) {
    changes.title = { from: issue.title };
    issue.title = patch.title;
  }
  if (patch.body !== undefined && patch.body !== issue.body) {
    changes.body = { from: issue.body ?? '' };
    issue.body = patch.body;
  }
  if (!changes.title && !changes.body) return null;
  issue.updatedAt = w.at;
  return issuesDelivery(w.state, w.repo, issue, w.actor.login, { action: 'edited', changes });
}

function close(w: Write, issue: IssueRecord, reason: CloseReason): IssuesDeliveryOf<'closed'> | null {
  if (issue.state === 'closed') {
    issue.stateReason = reason;
    return null;
  }
  Object.assign(issue, { state: 'closed', stateReason: reason, closedAt: w.at, closedBy: w.actor.login, updatedAt: w.at });
  record(w, issue, 'closed', { stateReason: reason });
  return issuesDelivery(w.state, w.repo, issue, w.actor.login, { action: 'closed' });
}

function reopen(w: Write, issue: IssueRecord): IssuesDeliveryOf<'reopened'> | null {
  if (issue.state === 'open') return null;
  Object.assign(issue, { state: 'open', stateReason: 'reopened', closedAt: null, closedBy: null, updatedAt: w.at });
  record(w, issue, 'reopened', { stateReason: 'reopened' });
  return issuesDelivery(w.state, w.repo, issue, w.actor.login, { action: 'reopened' });
}

function record(w: Write, issue: IssueRecord, event: IssueEventKind, extra: Partial<EventRecord> = {}): void {
  issue.events.push({ id: w.state.nextId('event'), event, actor: w.actor.login, viaApp: w.actor.viaApp, createdAt: w.at, ...extra });
}

function isDelivery<T>(delivery: T | null): delivery is T {
  return delivery !== null;
}

// ---------------------------------------------------------------------------------------------
// Labels on issues

/** Adds labels (creating unknown ones with colour ededed, as GitHub does); one `labeled` each. */
export function addLabels(
  state: State,
  actor: ActorRef,
  repo: RepoRecord,
  issue: IssueRecord,
  names: readonly string[],
): IssuesDeliveryOf<'labeled'>[] {
  names.forEach((name) => checkLabel(name));
  const w = begin(state, actor, repo);
  return names.map((name) => attachLabel(w, issue, name)).filter(isDelivery);
}

export function setLabels(
  state: State,
  actor: ActorRef,
  repo: RepoRecord,
  issue: IssueRecord,
  names: readonly string[],
): IssuesDeliveryOf<'labeled' | 'unlabeled'>[] {
  names.forEach((name) => checkLabel(name));
  return replaceLabels(begin(state, actor, repo), issue, names);
}

/** Removes a label from the issue; 404 `Label does not exist` when it is not on it. */
export function removeLabel(
  state: State,
  actor: ActorRef,
  repo: RepoRecord,
  issue: IssueRecord,
  name: string,
): IssuesDeliveryOf<'unlabeled'>[] {
  const label = state.label(repo, name);
  if (!label || !issue.labelIds.includes(label.id)) throw notFound('Label does not exist');
  return [detachLabel(begin(state, actor, repo), issue, label)];
}

function ensureLabel(w: Write, name: string): LabelRecord {
  const known = w.state.label(w.repo, name);
  if (known) return known;
  const label: LabelRecord = { id: w.state.nextId('label'), name, color: 'ededed', description: null, default: false };
  w.repo.labels.set(name.toLowerCase(), label);
  return label;
}

/** Puts the label on the issue and records the event; null when it was already there. */
function applyLabel(w: Write, issue: IssueRecord, name: string): LabelRecord | null {
  const label = ensureLabel(w, name);
  if (issue.labelIds.includes(label.id)) return null;
  issue.labelIds.push(label.id);
  issue.updatedAt = w.at;
  record(w, issue, 'labeled', { label: { name: label.name, color: label.color } });
  return label;
}

function attachLabel(w: Write, issue: IssueRecord, name: string): IssuesDeliveryOf<'labeled'> | null {
  const label = applyLabel(w, issue, name);
  return label && issuesDelivery(w.state, w.repo, issue, w.actor.login, { action: 'labeled', label });
}

function detachLabel(w: Write, issue: IssueRecord, label: LabelRecord): IssuesDeliveryOf<'unlabeled'> {
  issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
  issue.updatedAt = w.at;
  record(w, issue, 'unlabeled', { label: { name: label.name, color: label.color } });
  return issuesDelivery(w.state, w.repo, issue, w.actor.login, { action: 'unlabeled', label });
}

function replaceLabels(w: Write, issue: IssueRecord, names: readonly string[]): IssuesDeliveryOf<'labeled' | 'unlabeled'>[] {
  const wanted = new Set(names.map((name) => name.toLowerCase()));
  const removed = w.state.issueLabels(w.repo, issue).filter((label) => !wanted.has(label.name.toLowerCase()));
  return [...removed.map((label) => detachLabel(w, issue, label)), ...names.map((name) => attachLabel(w, issue, name))].filter(isDelivery);
}

// ---------------------------------------------------------------------------------------------
// Assignees

export function addAssignees(
  state: State,
  actor: ActorRef,
  repo: RepoRecord,
  issue: IssueRecord,
  logins: readonly string[],
): IssuesDeliveryOf<'assigned'>[] {
  const w = begin(state, actor, repo);
  return logins.map((login) => attachAssignee(w, issue, login)).filter(isDelivery);
}

export function removeAssignees(
  state: State,
  actor: ActorRef,
  repo: RepoRecord,
  issue: IssueRecord,
  logins: readonly string[],
): IssuesDeliveryOf<'unassigned'>[] {
  const w = begin(state, actor, repo);
  return logins.map((login) => detachAssignee(w, issue, login)).filter(isDelivery);
}

/** Assigns the user and records the event; null when already assigned. */
function applyAssignee(w: Write, issue: IssueRecord, login: string): string | null {
  const user = w.state.user(login);
  if (issue.assignees.some((a) => a.toLowerCase() === login.toLowerCase())) return null;
  issue.assignees.push(user.login);
  issue.updatedAt = w.at;
  record(w, issue, 'assigned', { assignee: user.login });
  return user.login;
}

function attachAssignee(w: Write, issue: IssueRecord, login: string): IssuesDeliveryOf<'assigned'> | null {
  const assignee = applyAssignee(w, issue, login);
  return assignee === null ? null : issuesDelivery(w.state, w.repo, issue, w.actor.login, { action: 'assigned', assignee });
}

function detachAssignee(w: Write, issue: IssueRecord, login: string): IssuesDeliveryOf<'unassigned'> | null {
  const present = issue.assignees.find((a) => a.toLowerCase() === login.toLowerCase());
  if (present === undefined) return null;
  issue.assignees = issue.assignees.filter((a) => a !== present);
  issue.updatedAt = w.at;
  record(w, issue, 'unassigned', { assignee: present });
  return issuesDelivery(w.state, w.repo, issue, w.actor.login, { action: 'unassigned', assignee: present });
}

function replaceAssignees(w: Write, issue: IssueRecord, logins: readonly string[]): IssuesDeliveryOf<'assigned' | 'unassigned'>[] {
  const wanted = new Set(logins.map((login) => login.toLowerCase()));
  const gone = issue.assignees.filter((a) => !wanted.has(a.toLowerCase()));
  return [...gone.map((login) => detachAssignee(w, issue, login)), ...logins.map((login) => attachAssignee(w, issue, login))].filter(
    isDelivery,
  );
}

// ---------------------------------------------------------------------------------------------
// Comments and reactions

export function createComment(
  state: State,
  actor: ActorRef,
  repo: RepoRecord,
  issue: IssueRecord,
  body: string,
): { comment: CommentRecord; deliveries: IssueCommentDeliveryOf<'created'>[] } {
  checkBody('IssueComment', body);
  if (body.trim() === '') throw validationFailed({ resource: 'IssueComment', code: 'missing_field', field: 'body' });
  const w = begin(state, actor, repo);
  const comment: CommentRecord = {
    id: state.nextId('comment'),
    repo: repo.fullName,
    issueNumber: issue.number,
    body,
    author: actor.login,
    viaApp: actor.viaApp,
    createdAt: w.at,
    updatedAt: w.at,
    reactions: [],
  };
  state.comments.set(comment.id, comment);
  issue.commentIds.push(comment.id);
  issue.updatedAt = w.at;
  return { comment, deliveries: [issueCommentDelivery(state, repo, issue, comment, actor.login, { action: 'created' })] };
}

export function updateComment(
  state: State,
  actor: ActorRef,
  repo: RepoRecord,
  comment: CommentRecord,
  body: string,
): IssueCommentDeliveryOf<'edited'>[] {
  checkBody('IssueComment', body);
  const w = begin(state, actor, repo);
  const from = comment.body;
  if (from === body) return [];
  comment.body = body;
  comment.updatedAt = w.at;
  const issue = state.issue(repo, comment.issueNumber);
  return [issueCommentDelivery(state, repo, issue, comment, actor.login, { action: 'edited', from })];
}

export function deleteComment(
  state: State,
  actor: ActorRef,
  repo: RepoRecord,
  comment: CommentRecord,
): IssueCommentDeliveryOf<'deleted'>[] {
  begin(state, actor, repo);
  const issue = state.issue(repo, comment.issueNumber);
  state.comments.delete(comment.id);
  issue.commentIds = issue.commentIds.filter((id) => id !== comment.id);
  return [issueCommentDelivery(state, repo, issue, comment, actor.login, { action: 'deleted' })];
}

/** Adds a reaction; the same user and content twice is one reaction (`created: false`). */
export function addReaction(
  state: State,
  actor: ActorRef,
  comment: CommentRecord,
  content: ReactionContent,
): { reaction: ReactionRecord; created: boolean } {
  const existing = comment.reactions.find((r) => r.content === content && r.user.toLowerCase() === actor.login.toLowerCase());
  if (existing) return { reaction: existing, created: false };
  const reaction: ReactionRecord = { id: state.nextId('reaction'), content, user: actor.login, createdAt: state.clock.stamp() };
  comment.reactions.push(reaction);
  return { reaction, created: true };
}

export function deleteReaction(comment: CommentRecord, reactionId: number): void {
  if (!comment.reactions.some((r) => r.id === reactionId)) throw notFound();
  comment.reactions = comment.reactions.filter((r) => r.id !== reactionId);
}

// ---------------------------------------------------------------------------------------------
// Repository labels (GitHub sends `label` webhooks for these; the stand-in does not)

/** `at` defaults to a clock stamp; setup passes `clock.now()` so it does not move time. */
export function createLabel(state: State, repo: RepoRecord, input: LabelInput, at?: string): LabelRecord {
  checkLabel(input.name, input.color, input.description);
  if (state.label(repo, input.name)) throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
  const label: LabelRecord = {
    id: state.nextId('label'),
    name: input.name,
    color: (input.color ?? 'ededed').toLowerCase(),
    description: input.description ?? null,
    default: false,
  };
  repo.labels.set(label.name.toLowerCase(), label);
  if (at === undefined) state.clock.stamp();
  return label;
}

export function updateLabel(state: State, repo: RepoRecord, label: LabelRecord, patch: LabelPatch): LabelRecord {
  const name = patch.new_name ?? label.name;
  checkLabel(name, patch.color, patch.description);
  const clash = state.label(repo, name);
  if (clash && clash.id !== label.id) throw validationFailed({ resource: 'Label', code: 'already_exists', field: 'name' });
  repo.labels.delete(label.name.toLowerCase());
  label.name = name;
  if (patch.color !== undefined) label.color = patch.color.toLowerCase();
  if (patch.description !== undefined) label.description = patch.description;
  repo.labels.set(name.toLowerCase(), label);
  state.clock.stamp();
  return label;
}

/** Deletes a repository label; GitHub takes it off every issue too. */
export function deleteLabel(state: State, repo: RepoRecord, label: LabelRecord): void {
  repo.labels.delete(label.name.toLowerCase());
  for (const issue of repo.issues.values()) issue.labelIds = issue.labelIds.filter((id) => id !== label.id);
  state.clock.stamp();
}

// ---------------------------------------------------------------------------------------------
// Files

export interface FileChanges {
  before: string;
  after: string;
  at: string;
  added: string[];
  modified: string[];
  removed: string[];
}

/** Writes files on the default branch as one commit; `null` removes a file. Setup passes `at` to keep time still. */
export function writeFiles(
  state: State,
  repo: RepoRecord,
  files: Readonly<Record<string, string | null>>,
  at = state.clock.stamp(),
): FileChanges {
  const changes: FileChanges = { before: repo.headSha, after: '', at, added: [], modified: [], removed: [] };
  for (const [rawPath, text] of Object.entries(files)) {
    const path = rawPath.replace(/^\/+/, '');
    const existing = repo.files.get(path);
    if (text === null) {
      if (!existing) throw new HttpError(422, `Cannot remove ${path}: no such file`);
      repo.files.delete(path);
      changes.removed.push(path);
      continue;
    }
    (existing ? changes.modified : changes.added).push(path);
    repo.files.set(path, { text, sha: blobSha(text) });
  }
  changes.after = createHash('sha1')
    .update(`${changes.before}\n${at}\n${JSON.stringify(files)}`)
    .digest('hex');
  repo.headSha = changes.after;
  repo.pushedAt = at;
  return changes;
}
