import { escapeInline } from '../comment/escape.js';
import type { Config } from '../config/schema.js';
import { renderTransitionTable } from '../state/transitions.js';
import type { ParsedCommand } from './grammar.js';
import type { Actor, CommandDefinition, CommandInput, CommandOutcome, Role } from './types.js';
import { askCommand } from './verbs/ask.js';
import { branchCommand } from './verbs/branch.js';
import { claimCommand, unclaimCommand } from './verbs/claim.js';
import { completeCommand } from './verbs/complete.js';
import { denyCommand } from './verbs/deny.js';
import { duplicateCommand } from './verbs/duplicate.js';
import { evidenceCommand } from './verbs/evidence.js';
import { helpCommand } from './verbs/help.js';
import { kindCommand } from './verbs/kind.js';
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
  helpCommand((input) => helpText(input.config, roleOf(input.actor))),
  withdrawCommand,
  recheckCommand,
  evidenceCommand,
  branchCommand,
  kindCommand,
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
    return { kind: 'rejected', reason: 'unknown-verb', message: `${problem}\n\n${commandsAre(input.config)}`, problem };
  }
  const definition = COMMANDS[command.verb];
  const role = roleOf(input.actor);
  if (role !== 'maintainer' && definition.who !== 'anyone' && (definition.who === 'maintainer' || role === 'other')) {
    const rights = `people with ${input.config.permissions.minimum} rights`;
    const who = definition.who === 'maintainer' ? `Only ${rights}` : `Only the author of the request or ${rights}`;
    return { kind: 'rejected', reason: 'not-allowed', message: `${who} can use \`/recovery ${definition.verb}\`.` };
  }
  const outcome = definition.run({ ...input, args: command.args });
  // Whoever mistyped one command may be looking for another: list them all.
  if (outcome.kind === 'rejected' && outcome.reason === 'bad-arguments') {
    return { ...outcome, message: `${outcome.message}\n\n${commandsAre(input.config)}`, problem: outcome.message };
  }
  return outcome;
}

/** The list of every command, introduced: what a rejected command's reply ends with. */
export function commandsAre(config: Config): string {
  return `The commands are:\n\n${commandList(config)}`;
}

/**
 * Markdown help for whoever asked. Maintainers: every command, the configured replies and the
 * state table, collapsed in `<details>` so that the public thread stays short. The requester and
 * anyone else: the few commands open to them, in a few lines.
 */
export function helpText(config: Config, role: Role = 'maintainer'): string {
  if (role !== 'maintainer') return publicHelp(config, role);
  const replies = Object.keys(config.messages.replies);
  return [
    `<details><summary>Commands for maintainers (people with ${config.permissions.minimum} rights)</summary>`,
    '**Commands** (one per line, in a comment on the request):',
    commandList(config),
    replies.length === 0
      ? 'No replies are configured for `/recovery reply`.'
      : `Replies for \`/recovery reply\`: ${replies.map((name) => `\`${name}\``).join(', ')}.`,
    '**How a request moves:**',
    renderTransitionTable(),
    '</details>',
  ].join('\n\n');
}

/** The commands someone without maintainer rights may use: the requester's, then help. */
export function publicCommands(): CommandDefinition[] {
  return [...DEFINITIONS.filter((c) => c.who === 'requester-or-maintainer'), ...DEFINITIONS.filter((c) => c.who === 'anyone')];
}

function publicHelp(config: Config, role: Exclude<Role, 'maintainer'>): string {
  const lines = publicCommands().map((command) => {
    if (command.who === 'anyone') return `- \`${command.usage}\`: show this list again.`;
    const who = role === 'other' ? ' (only the person who opened the request)' : '';
    return `- \`${command.usage}\`${who}: ${command.summary}`;
  });
  return [
    role === 'requester'
      ? 'You can use these commands on your request, one per line in a comment:'
      : 'These commands are open to the person who opened this request, one per line in a comment:',
    lines.join('\n'),
    `To answer an admin, just comment; everything else is done by people with ${config.permissions.minimum} rights on this repository.`,
  ].join('\n\n');
}

function commandList(config: Config): string {
  const maintainers = `people with ${config.permissions.minimum} rights`;
  return DEFINITIONS.map((command) => {
    const who = command.who === 'maintainer' ? maintainers : command.who === 'anyone' ? 'anyone' : `the requester or ${maintainers}`;
    return `- \`${command.usage}\`: ${command.summary} (${who})`;
  }).join('\n');
}
