import { takesNoArguments, transition } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const startCommand: CommandDefinition = {
  verb: 'start',
  who: 'maintainer',
  usage: '/recovery start',
  summary: 'Start verification (e.g. the e-mail to the account address) and wait for the requester.',
  run(input) {
    return (
      takesNoArguments(startCommand, input) ??
      transition(input, 'start', `${input.actor.login} started verification`, input.config.messages.verificationStarted)
    );
  },
};
