import { STATUS_MARKER } from '../comment/data.js';
import type { Config } from '../config/schema.js';
import { statesFromLabels } from '../state/labels.js';
import type { GitHubStandIn, IssueView, LabelView, ReactionContent, StateReason } from '../standin/index.js';
import { renderMarkdown } from './markdown.js';

/** A label as GitHub draws it: its colour, and black or white text, whichever reads better on it. */
export interface LabelChip {
  name: string;
  color: string;
  textColor: string;
  description: string | null;
}

/** Something that happened in the sandbox: a person's action (or days passing) and what the bot did. */
export interface ActivityEntry {
  at: string;
  actor: string;
  what: string;
  issue: number | null;
  /** Sweep results and the like. */
  notes: string[];
  bot: { did: string[]; reads: number; writes: number };
}

export interface IssueSummary {
  number: number;
  title: string;
  state: 'open' | 'closed';
  stateReason: StateReason;
  author: string;
  labels: LabelChip[];
  /** The request's state, from its state label (null: none, or more than one). */
  request: string | null;
  comments: number;
  updatedAt: string;
}

export interface ReactionView {
  content: ReactionContent;
  emoji: string;
  count: number;
  users: string[];
}

export type TimelineItem =
  | {
      kind: 'comment';
      id: number;
      author: string;
      bot: boolean;
      /** The bot's status comment. */
      status: boolean;
      createdAt: string;
      edited: boolean;
      html: string;
      reactions: ReactionView[];
    }
  | {
      kind: 'event';
      id: number;
      event: string;
      actor: string;
      bot: boolean;
      createdAt: string;
      label: LabelChip | null;
      stateReason: StateReason | null;
      assignee: string | null;
    };

export interface IssueDetail extends IssueSummary {
  body: string;
  bodyHtml: string;
  createdAt: string;
  closedAt: string | null;
  closedBy: string | null;
  assignees: string[];
  timeline: TimelineItem[];
  activity: ActivityEntry[];
}

const EMOJI: Record<ReactionContent, string> = {
  '+1': '👍',
  '-1': '👎',
  laugh: '😄',
  hooray: '🎉',
  confused: '😕',
  heart: '❤️',
  rocket: '🚀',
  eyes: '👀',
};

/** Black text on light colours, white on dark (relative luminance, as GitHub roughly does). */
export function textColorFor(hex: string): string {
  const match = /^#?([0-9a-f]{6})$/i.exec(hex);
  if (!match) return '#000000';
  const value = parseInt(match[1] as string, 16);
  const channel = (shift: number) => {
    const c = ((value >> shift) & 0xff) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const luminance = 0.2126 * channel(16) + 0.7152 * channel(8) + 0.0722 * channel(0);
  return luminance > 0.4 ? '#000000' : '#ffffff';
}

export function labelChip(label: LabelView | { name: string; color: string; description?: string | null }): LabelChip {
  const color = /^[0-9a-f]{6}$/i.test(label.color) ? label.color.toLowerCase() : 'ededed';
  return { name: label.name, color, textColor: textColorFor(color), description: label.description ?? null };
}

function chips(gh: GitHubStandIn, repo: string, names: readonly string[]): LabelChip[] {
  const known = new Map(gh.labels(repo).map((l) => [l.name.toLowerCase(), l]));
  return names.map((name) => labelChip(known.get(name.toLowerCase()) ?? { name, color: 'ededed' }));
}

function requestState(labels: readonly string[], config: Config): string | null {
  if (!labels.some((l) => l.toLowerCase() === config.formLabel.toLowerCase())) return null;
  const states = statesFromLabels(labels, config);
  return states.length === 1 ? (states[0] ?? null) : null;
}

function isBot(gh: GitHubStandIn, login: string): boolean {
  return login.toLowerCase() === gh.botLogin.toLowerCase() || login.endsWith('[bot]');
}

export function issueSummary(gh: GitHubStandIn, repo: string, issue: IssueView, config: Config): IssueSummary {
  return {
    number: issue.number,
    title: issue.title,
    state: issue.state,
    stateReason: issue.state_reason,
    author: issue.user,
    labels: chips(gh, repo, issue.labels),
    request: requestState(issue.labels, config),
    comments: issue.comments.length,
    updatedAt: issue.updated_at,
  };
}

/** Everything the issue page shows, in GitHub's order: the body, then comments and events by time. */
export function issueDetail(
  gh: GitHubStandIn,
  repo: string,
  number: number,
  config: Config,
  activity: readonly ActivityEntry[],
): IssueDetail {
  const issue = gh.issue(repo, number);
  const comments: TimelineItem[] = issue.comments.map((c) => {
    const reactions = new Map<ReactionContent, string[]>();
    for (const r of c.reactions) reactions.set(r.content, [...(reactions.get(r.content) ?? []), r.user]);
    return {
      kind: 'comment',
      id: c.id,
      author: c.user,
      bot: c.userType === 'Bot' || isBot(gh, c.user),
      status: isBot(gh, c.user) && c.body.includes(STATUS_MARKER),
      createdAt: c.created_at,
      edited: c.updated_at !== c.created_at,
      html: renderMarkdown(c.body),
      reactions: [...reactions].map(([content, users]) => ({ content, emoji: EMOJI[content], count: users.length, users })),
    };
  });
  const events: TimelineItem[] = gh.events(repo, number).map((e) => ({
    kind: 'event',
    id: e.id,
    event: e.event,
    actor: e.actor,
    bot: isBot(gh, e.actor),
    createdAt: e.created_at,
    label: e.label ? labelChip(e.label) : null,
    stateReason: e.state_reason ?? null,
    assignee: e.assignee ?? null,
  }));
  // Stand-in timestamps grow with every write, so time orders them; at equal times events go first.
  const timeline = [...comments, ...events].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || (a.kind === b.kind ? a.id - b.id : a.kind === 'event' ? -1 : 1),
  );
  return {
    ...issueSummary(gh, repo, issue, config),
    body: issue.body ?? '',
    bodyHtml: renderMarkdown(issue.body ?? ''),
    createdAt: issue.created_at,
    closedAt: issue.closed_at,
    closedBy: issue.closed_by,
    assignees: issue.assignees,
    timeline,
    activity: activity.filter((a) => a.issue === number || (a.issue === null && a.notes.some((n) => n.includes(`#${number} `)))),
  };
}
