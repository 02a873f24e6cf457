import type { Config } from '../config/schema.js';
import type { BranchFact, EvidenceRecord } from '../evidence/types.js';
import type { State } from '../state/states.js';
import type { Trigger, TransitionRule } from '../state/transitions.js';

export type Role = 'maintainer' | 'requester' | 'other';

export interface Actor {
  login: string;
  isMaintainer: boolean;
  /** The actor opened the request. */
  isAuthor: boolean;
}

export interface CommandInput {
  args: string;
  state: State | null;
  actor: Actor;
  config: Config;
  issueNumber: number;
  /** Login of whoever opened the request: the `{requester}` of message templates. */
  requester?: string;
  /** `/recovery branch` lookups the shell made for this run, by branchKey. */
  branches?: ReadonlyMap<string, BranchFact>;
  /** The evidence as last gathered, if any. */
  evidence?: EvidenceRecord | null;
}

export type CommandOutcome =
  | {
      kind: 'transition';
      trigger: Trigger;
      rule: TransitionRule;
      /** Plain text for the audit trail; user text in it is not escaped. */
      reason: string;
      /** Markdown for the requester, user text escaped; the caller adds the mention. */
      message: string | null;
      duplicateOf?: number;
    }
  | { kind: 'reply'; message: string }
  | { kind: 'recheck' }
  /** Claim (a login) or unclaim (null) the request. */
  | { kind: 'claim'; login: string | null }
  /** Set the request's kind (`/recovery kind`): sticky in the record. */
  | { kind: 'kind'; id: string }
  | {
      kind: 'rejected';
      reason: 'unknown-verb' | 'bad-arguments' | 'not-allowed' | 'invalid-transition';
      message: string;
      /**
       * The problem alone, when `message` ends with the list of commands (a mistyped command):
       * a comment with several problems lists the commands once, after all of them.
       */
      problem?: string;
    };

export interface CommandDefinition {
  verb: string;
  /** `anyone`: every commenter (the command itself answers each role differently). */
  who: 'maintainer' | 'requester-or-maintainer' | 'anyone';
  /** How to type it, without backticks, e.g. `/recovery ask <question>`. */
  usage: string;
  summary: string;
  run(input: CommandInput): CommandOutcome;
}
