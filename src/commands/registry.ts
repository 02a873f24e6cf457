import { escapeInline } from '../comment/escape.js';
import type { Config } from '../config/schema.js';
import { renderTransitionTable } from '../state/transitions.js';
import type { ParsedCommand } from './grammar.js';
import type { Actor, CommandDefinition, CommandInput, CommandOutcome, Role } from './types.js';
import { askCommand } from './verbs/ask.js';
import { claimCommand, unclaimCommand } from './verbs/claim.js';
import { completeCommand } from './verbs/complete.js';
import { denyCommand } from './verbs/deny.js';
import { duplicateCommand } from './verbs/duplicate.js';
import { helpCommand } from './verbs/help.js';
import { recheckCommand } from './verbs/recheck.js';
import { reopenCommand } from './verbs/reopen.js';
import { replyCommand } from './verbs/reply.js';
import { startCommand } from './verbs/start.js';
import { verifyingCommand } from './verbs/verifying.js';
import { withdrawCommand } from './verbs/withdraw.js';

export type { Actor, CommandDefinition, CommandInput, CommandOutcome, Role } from './types.js';

const DEFINITIONS: readonly CommandDefinition[] = [
  startCommand,
  askCommand,
  claimCommand,
  unclaimCommand,
  verifyingCommand,
  completeCommand,
  denyCommand,
  duplicateCommand,
  reopenCommand,
  replyCommand,
  helpCommand(helpText),
  withdrawCommand,
  recheckCommand,
];

export const COMMANDS: Readonly<Record<string, CommandDefinition>> = Object.fromEntries(
  DEFINITIONS.map((command) => [command.verb, command]),
);

export function roleOf(actor: Actor): Role {
  if (actor.isMaintainer) return 'maintainer';
  return actor.isAuthor ? 'requester' : 'other';
}

export function runCommand(command: ParsedCommand, input: Omit<CommandInput, 'args'>): CommandOutcome {
  // hasOwn, not `in`: a verb such as `constructor` must not reach Object.prototype.
  if (!Object.hasOwn(COMMANDS, command.verb)) {
    const problem =
      command.verb === ''
        ? '`/recovery` needs a command name.'
        : `There is no \`/recovery\` command called "${escapeInline(command.verb, 40)}".`;
    return { kind: 'rejected', reason: 'unknown-verb', message: `${problem} The commands are:\n\n${commandList(input.config)}` };
  }
  const definition = COMMANDS[command.verb];
  const role = roleOf(input.actor);
  if (role !== 'maintainer' && (definition.who === 'maintainer' || role === 'other')) {
    const rights = `people with ${input.config.permissions.minimum} rights`;
    const who = definition.who === 'maintainer' ? `Only ${rights}` : `Only the author of the request or ${rights}`;
    return { kind: 'rejected', reason: 'not-allowed', message: `${who} can use \`/recovery ${definition.verb}\`.` };
  }
  const outcome = definition.run({ ...input, args: command.args });
  // Whoever mistyped one command may be looking for another: list them all.
  if (outcome.kind === 'rejected' && outcome.reason === 'bad-arguments') {
    return { ...outcome, message: `${outcome.message}\n\nThe commands are:\n\n${commandList(input.config)}` };
  }
  return outcome;
}

/** Markdown help: the commands, the configured replies and the state table. */
export function helpText(config: Config): string {
  const replies = Object.keys(config.messages.replies);
  return [
    '**Commands** (one per line, in a comment on the request):',
    commandList(config),
    replies.length === 0
      ? 'No replies are configured for `/recovery reply`.'
      : `Replies for \`/recovery reply\`: ${replies.map((name) => `\`${name}\``).join(', ')}.`,
    '**How a request moves:**',
    renderTransitionTable(),
  ].join('\n\n');
}

function commandList(config: Config): string {
  const maintainers = `people with ${config.permissions.minimum} rights`;
  return DEFINITIONS.map((command) => {
    const who = command.who === 'maintainer' ? maintainers : `the requester or ${maintainers}`;
    return `- \`${command.usage}\`: ${command.summary} (${who})`;
  }).join('\n');
}
