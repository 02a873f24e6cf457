import { commandText } from '../../comment/texts.js';
import { takesNoArguments, transition } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const withdrawCommand: CommandDefinition = {
  verb: 'withdraw',
  // Maintainers may withdraw for a requester who asked through another channel.
  who: 'requester-or-maintainer',
  usage: '/recovery withdraw',
  summary: 'Withdraw the request and close it (for example, you regained access yourself).',
  run(input) {
    return (
      takesNoArguments(withdrawCommand, input) ??
      transition(
        input,
        'withdraw',
        `${input.actor.login} withdrew the request`,
        commandText(input, input.config.messages.commands.withdraw),
      )
    );
  },
};
