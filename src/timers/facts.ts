import type { StatusData } from '../comment/data.js';
import type { State } from '../state/states.js';
import { parseTime, type TimerFacts } from './decide.js';

/** The fields of an issue comment the timer reads. */
export interface CommentRecord {
  id: number;
  body?: string | null;
  created_at: string;
  user: { login: string; type?: string } | null;
}

/** The fields of an issue event the timer reads. */
export interface EventRecord {
  event: string;
  created_at: string;
  label?: { name?: string | null } | null;
}

/** When the requester last commented. Bots never count, so the bot's own comments reset nothing. */
export function lastRequesterComment(comments: readonly CommentRecord[], author: string): Date | null {
  const wanted = author.toLowerCase();
  let last: Date | null = null;
  for (const c of comments) {
    if (c.user === null || c.user.type === 'Bot' || c.user.login.toLowerCase() !== wanted) continue;
    const at = parseTime(c.created_at);
    if (at !== null && (last === null || at > last)) last = at;
  }
  return last;
}

/**
 * When the state's label was last put on: the newest `labeled` event for it, else the bot's
 * record of entering the state, else the creation (a label set at opening).
 */
export function labelSetAt(events: readonly EventRecord[], labelName: string, state: State, data: StatusData, createdAt: Date): Date {
  const wanted = labelName.toLowerCase();
  let last: Date | null = null;
  for (const e of events) {
    if (e.event !== 'labeled' || e.label?.name?.toLowerCase() !== wanted) continue;
    const at = parseTime(e.created_at);
    if (at !== null && (last === null || at > last)) last = at;
  }
  // A command that keeps the state (a second `/recovery ask`) sets no label but is recorded.
  const entry = data.history.at(-1);
  const recorded = entry?.to === state ? parseTime(entry.at) : null;
  if (last !== null && recorded !== null) return recorded > last ? recorded : last;
  return last ?? recorded ?? createdAt;
}

/** Everything decideTimer needs, from what the GitHub API returns for one issue. */
export function timerFacts(input: {
  comments: readonly CommentRecord[];
  events: readonly EventRecord[];
  author: string;
  state: State;
  labelName: string;
  data: StatusData;
  createdAt: Date;
}): TimerFacts {
  return {
    labelSetAt: labelSetAt(input.events, input.labelName, input.state, input.data, input.createdAt),
    requesterRepliedAt: lastRequesterComment(input.comments, input.author),
    remindedAt: parseTime(input.data.remindedAt),
  };
}
