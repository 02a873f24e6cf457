import { commandText } from '../../comment/texts.js';
import { takesNoArguments, transition } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const completeCommand: CommandDefinition = {
  verb: 'complete',
  who: 'maintainer',
  usage: '/recovery complete',
  summary: 'Close the request as completed: access was restored.',
  run(input) {
    return (
      takesNoArguments(completeCommand, input) ??
      transition(
        input,
        'complete',
        `${input.actor.login} completed the request`,
        commandText(input, input.config.messages.commands.complete),
      )
    );
  },
};
