import { commandText } from '../../comment/texts.js';
import { takesNoArguments, transition } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const reopenCommand: CommandDefinition = {
  verb: 'reopen',
  who: 'maintainer',
  usage: '/recovery reopen',
  summary: 'Reopen a closed request; its form is checked again.',
  run(input) {
    return (
      takesNoArguments(reopenCommand, input) ??
      transition(input, 'reopen', `${input.actor.login} reopened the request`, commandText(input, input.config.messages.commands.reopen))
    );
  },
};
