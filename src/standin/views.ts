import type { State } from './state.js';
import type {
  CommentRecord,
  EventRecord,
  IssueRecord,
  IssueState,
  LabelRecord,
  ReactionContent,
  RepoRecord,
  StateReason,
  UserType,
} from './types.js';

/** Plain, read-only views of the stand-in's state for assertions. */

export interface CommentView {
  id: number;
  body: string;
  user: string;
  userType: UserType;
  viaApp: boolean;
  created_at: string;
  updated_at: string;
  reactions: { content: ReactionContent; user: string }[];
}

export interface IssueView {
  number: number;
  title: string;
  body: string | null;
  user: string;
  viaApp: boolean;
  state: IssueState;
  state_reason: StateReason;
  labels: string[];
  assignees: string[];
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: string | null;
  comments: CommentView[];
}

export interface LabelView {
  name: string;
  color: string;
  description: string | null;
}

export interface EventView {
  id: number;
  event: EventRecord['event'];
  actor: string;
  viaApp: boolean;
  created_at: string;
  label?: { name: string; color: string };
  assignee?: string;
  state_reason?: StateReason;
}

export function commentView(state: State, comment: CommentRecord): CommentView {
  return {
    id: comment.id,
    body: comment.body,
    user: comment.author,
    userType: state.user(comment.author).type,
    viaApp: comment.viaApp,
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    reactions: comment.reactions.map((r) => ({ content: r.content, user: r.user })),
  };
}

export function issueView(state: State, repo: RepoRecord, issue: IssueRecord): IssueView {
  return {
    number: issue.number,
    title: issue.title,
    body: issue.body,
    user: issue.author,
    viaApp: issue.viaApp,
    state: issue.state,
    state_reason: issue.stateReason,
    labels: state.issueLabels(repo, issue).map((label) => label.name),
    assignees: [...issue.assignees],
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    closed_by: issue.closedBy,
    comments: state.issueComments(issue).map((comment) => commentView(state, comment)),
  };
}

export function labelView(label: LabelRecord): LabelView {
  return { name: label.name, color: label.color, description: label.description };
}

export function eventView(event: EventRecord): EventView {
  return {
    id: event.id,
    event: event.event,
    actor: event.actor,
    viaApp: event.viaApp,
    created_at: event.createdAt,
    ...(event.label ? { label: { ...event.label } } : {}),
    ...(event.assignee !== undefined ? { assignee: event.assignee } : {}),
    ...(event.stateReason !== undefined ? { state_reason: event.stateReason } : {}),
  };
}
