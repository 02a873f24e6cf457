import { takesNoArguments } from '../outcome.js';
import type { CommandDefinition, CommandInput } from '../types.js';

/**
 * `/recovery help` answers whoever asks, in their role: the requester (or anyone else) gets
 * the few commands they can use, maintainers every command. The text lists the registry, which
 * holds this command, so the registry passes its renderer in.
 */
export function helpCommand(render: (input: CommandInput) => string): CommandDefinition {
  const command: CommandDefinition = {
    verb: 'help',
    who: 'anyone',
    usage: '/recovery help',
    summary: 'List the commands you can use; maintainers get every command and how a request moves.',
    run(input) {
      return takesNoArguments(command, input) ?? { kind: 'reply', message: render(input) };
    },
  };
  return command;
}
