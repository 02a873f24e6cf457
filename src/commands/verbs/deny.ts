import { blockQuote } from '../../comment/escape.js';
import { badArguments, transition } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const denyCommand: CommandDefinition = {
  verb: 'deny',
  who: 'maintainer',
  usage: '/recovery deny <reason>',
  summary: 'Close the request as not planned, giving the requester a reason.',
  run(input) {
    if (input.args === '') return badArguments(denyCommand, '`/recovery deny` needs a reason, which is shown to the requester.');
    const message = ['This request has been closed without action, for this reason:', blockQuote(input.args)].join('\n\n');
    return transition(input, 'deny', `${input.actor.login} denied the request: ${input.args}`, message);
  },
};
