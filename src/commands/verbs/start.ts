import { commandText } from '../../comment/texts.js';
import { takesNoArguments, transition } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const startCommand: CommandDefinition = {
  verb: 'start',
  who: 'maintainer',
  usage: '/recovery start',
  summary: 'Start verifying that the requester owns the account (through a channel already linked to it) and wait for them.',
  run(input) {
    return (
      takesNoArguments(startCommand, input) ??
      transition(input, 'start', `${input.actor.login} started verification`, commandText(input, input.config.messages.verificationStarted))
    );
  },
};
