import type { CheckResult } from '../checks/validate.js';
import type { ParsedCommand } from '../commands/grammar.js';
import type { BranchFact } from '../evidence/types.js';
import { commandsAre, runCommand } from '../commands/registry.js';
import { decideTransition } from '../state/transitions.js';
import { moveTo, recordStay } from './draft.js';
import { onFormChecked } from './form-event.js';
import type { ReactionContent } from './plan.js';
import type { Actor, Draft, TriageInput } from './request.js';

export interface CommentEvent {
  id: number;
  body: string;
  author: Actor;
  /** Commands to run: all of a new comment's, or only those an edit added. */
  commands: ParsedCommand[];
  /** Whether the comment was just created (an edit is not a reply). */
  created: boolean;
  /** Looked up only when there are commands to run. */
  isMaintainer: boolean;
  /** Identifies the reply this comment's commands owe (see replyMarker). */
  replyKey: string;
  /** Most commands one comment may run; the rest are answered with one line. */
  maxCommands: number;
  /** `/recovery branch` lookups made for this run. */
  branches?: ReadonlyMap<string, BranchFact>;
}

/**
 * Runs a comment's commands in order, each from the state the previous one left. A plain reply
 * from the requester while the bot waits for them moves the request to verifying.
 */
export function onComment(input: TriageInput, draft: Draft, check: CheckResult, comment: CommentEvent): Draft {
  const isAuthor = comment.author.login.toLowerCase() === input.request.author.toLowerCase();
  let next = draft;
  const messages: string[] = [];
  const reactions = new Set<ReactionContent>();
  // One reply per comment: each problem once, the list of commands once, after the problems.
  const problems = new Set<string>();
  let problemsAt = -1;
  let listCommands = false;
  let helped = false;

  const run = comment.commands.slice(0, comment.maxCommands);
  for (const command of run) {
    const outcome = runCommand(command, {
      state: next.state,
      actor: { login: comment.author.login, isMaintainer: comment.isMaintainer, isAuthor },
      config: input.config,
      issueNumber: input.request.number,
      requester: input.request.author,
      branches: comment.branches,
      evidence: next.data.evidence,
    });
    const event = `/recovery ${command.verb}`;
    switch (outcome.kind) {
      case 'transition': {
        // The history links the command's comment, which the status comment then points at.
        const cause = { ...comment.author, comment: comment.id };
        next =
          outcome.rule.to === next.state
            ? recordStay(next, cause, event, outcome.reason)
            : moveTo(next, outcome.rule.to, cause, event, outcome.reason, outcome.rule.issue, outcome.duplicateOf);
        // A reopened request lands in incomplete when its form no longer passes.
        if (outcome.rule.trigger === 'reopen') next = onFormChecked(next, check, 'recheck', comment.author);
        if (outcome.message) messages.push(addressed(outcome.message, input, isAuthor));
        // Starting verification claims an unclaimed request for whoever started it.
        if (outcome.trigger === 'start' && next.data.claimedBy === null && input.config.claims.assignOnStart) {
          next = claim(next, comment.author.login);
        }
        reactions.add('rocket');
        break;
      }
      case 'reply':
        // Canned replies speak to the requester; help speaks to whoever asked, in their role.
        messages.push(command.verb === 'reply' ? addressed(outcome.message, input, isAuthor) : outcome.message);
        // Help lists the commands already (those open to whoever asked).
        if (command.verb === 'help') helped = true;
        reactions.add('eyes');
        break;
      case 'recheck':
        next = onFormChecked(next, check, 'recheck', comment.author);
        reactions.add('rocket');
        break;
      case 'claim': {
        const claimed = claim(next, outcome.login);
        // A claim is a maintainer's action: the audit trail (and the dashboard) record it.
        next =
          claimed === next
            ? next
            : recordStay(claimed, comment.author, event, outcome.login === null ? 'unclaimed' : `claimed by ${outcome.login}`);
        reactions.add('eyes');
        break;
      }
      case 'kind': {
        const before = next.data.kind ?? null;
        if (before?.id !== outcome.id || before.by === null) {
          const from = before === null ? 'none' : before.id;
          next = { ...next, data: { ...next.data, kind: { id: outcome.id, by: comment.author.login, at: comment.author.at } } };
          next = recordStay(next, comment.author, event, `kind ${from} → ${outcome.id}`);
        }
        reactions.add('rocket');
        break;
      }
      case 'rejected':
        if (problemsAt < 0) problemsAt = messages.length;
        problems.add(outcome.problem ?? outcome.message);
        if (outcome.problem !== undefined) listCommands = true;
        reactions.add('confused');
        break;
    }
  }

  const ignored = comment.commands.length - run.length;
  if (ignored > 0) {
    if (problemsAt < 0) problemsAt = messages.length;
    problems.add(
      `Only the first ${run.length} commands of a comment are run; the other ${ignored} were ignored. Put each command you still need in a new comment.`,
    );
    reactions.add('confused');
  }
  if (problems.size > 0) {
    const list = listCommands && !helped ? [commandsAre(input.config)] : [];
    messages.splice(problemsAt, 0, `@${comment.author.login} ${[...problems, ...list].join('\n\n')}`);
  }

  if (comment.commands.length === 0 && comment.created && isAuthor) {
    const replied = decideTransition(next.state, 'requester-replied');
    if (replied.ok) next = moveTo(next, replied.rule.to, comment.author, 'requester replied', 'the requester commented');
  }

  if (next === draft && messages.length === 0 && reactions.size === 0) return draft;
  return {
    ...next,
    replies: messages.length > 0 ? [...next.replies, { key: comment.replyKey, body: messages.join('\n\n') }] : next.replies,
    reactions: [...next.reactions, ...[...reactions].map((content) => ({ commentId: comment.id, content }))],
  };
}

/** Messages meant for the requester mention them, unless they wrote the command themselves. */
function addressed(message: string, input: TriageInput, isAuthor: boolean): string {
  return isAuthor ? message : `@${input.request.author} ${message}`;
}

/** Claims the request for `login`, or gives it back (null): the assignee follows. */
function claim(draft: Draft, login: string | null): Draft {
  const previous = draft.data.claimedBy;
  if (previous === login) return draft;
  return {
    ...draft,
    data: { ...draft.data, claimedBy: login },
    assign: login === null ? draft.assign : [...draft.assign.filter((l) => l !== login), login],
    unassign: previous === null ? draft.unassign : [...draft.unassign.filter((l) => l !== previous), previous],
  };
}
