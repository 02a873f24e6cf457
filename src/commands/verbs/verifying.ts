import { commandText } from '../../comment/texts.js';
import { takesNoArguments, transition } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const verifyingCommand: CommandDefinition = {
  verb: 'verifying',
  who: 'maintainer',
  usage: '/recovery verifying',
  summary: "Mark the requester's answer as received and being checked.",
  run(input) {
    return (
      takesNoArguments(verifyingCommand, input) ??
      transition(
        input,
        'verifying',
        `${input.actor.login} is checking the verification`,
        commandText(input, input.config.messages.commands.verifying),
      )
    );
  },
};
