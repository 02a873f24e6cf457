import type { Config } from '../../config/schema.js';
import { takesNoArguments } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

/** The help text lists the registry, which holds this command, so the registry passes its renderer in. */
export function helpCommand(render: (config: Config) => string): CommandDefinition {
  const command: CommandDefinition = {
    verb: 'help',
    who: 'maintainer',
    usage: '/recovery help',
    summary: 'List the commands and how they move a request.',
    run(input) {
      return takesNoArguments(command, input) ?? { kind: 'reply', message: render(input.config) };
    },
  };
  return command;
}
