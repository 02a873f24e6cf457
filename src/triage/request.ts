import type { Config, LabelSpec } from '../config/schema.js';
import type { FormTemplate } from '../form/schema.js';
import type { StatusData } from '../comment/data.js';
import type { Reaction } from './plan.js';
import type { IssueAction } from '../state/transitions.js';
import type { State } from '../state/states.js';

/** What the core knows of one request: read live from GitHub at the start of a run. */
export interface RequestSnapshot {
  number: number;
  author: string;
  open: boolean;
  labels: string[];
  body: string | null;
  /** The bot's status comment, when it has one. */
  status: { id: number; body: string } | null;
  /** Who the issue is assigned to now. */
  assignees?: string[];
}

export interface TriageInput {
  config: Config;
  template: FormTemplate;
  request: RequestSnapshot;
}

/** A comment the bot owes, keyed by its cause so that it is posted exactly once. */
export interface Reply {
  key: string;
  body: string;
}

/** A run's decisions so far; `finish` turns it into a Plan. */
export interface Draft {
  state: State | null;
  data: StatusData;
  issue: IssueAction;
  replies: Reply[];
  reactions: Reaction[];
  /** Flag labels (not states) to add. */
  flags: string[];
  /** Redact secrets in the issue body / in these comments (done on their live text). */
  redactBody: boolean;
  redactComments: number[];
  /** Logins to assign / unassign (claims made in this run). */
  assign: string[];
  unassign: string[];
  /** Labels of kinds and languages that no longer apply (src/kinds), to take off. */
  unlabel?: string[];
  /** Name, colour and description of labels in `flags` that are not state or flag labels. */
  labelSpecs?: LabelSpec[];
}

/** Who did something and when (the time of the cause, so a rerun agrees). */
export interface Actor {
  login: string;
  at: string;
  /** The comment whose command this is: the history links to it. */
  comment?: number;
}
