import { commandText } from '../../comment/texts.js';
import { badArguments, transition } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const denyCommand: CommandDefinition = {
  verb: 'deny',
  who: 'maintainer',
  usage: '/recovery deny <reason>',
  summary: 'Close the request as not planned, giving the requester a reason.',
  run(input) {
    if (input.args === '') return badArguments(denyCommand, '`/recovery deny` needs a reason, which is shown to the requester.');
    // The reason is quoted, escaped, where the template (messages.commands.deny) puts {reason}.
    const message = commandText(input, input.config.messages.commands.deny, { reason: input.args });
    return transition(input, 'deny', `${input.actor.login} denied the request: ${input.args}`, message);
  },
};
