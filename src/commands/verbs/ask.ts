import { blockQuote } from '../../comment/escape.js';
import { badArguments, transition } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const askCommand: CommandDefinition = {
  verb: 'ask',
  who: 'maintainer',
  usage: '/recovery ask <question>',
  summary: 'Ask the requester a question and wait for the answer.',
  run(input) {
    if (input.args === '') return badArguments(askCommand, '`/recovery ask` needs the question to ask the requester.');
    const message = [
      'A maintainer needs more information about this request:',
      blockQuote(input.args),
      'Please answer in a comment here. Never post recovery codes, passwords, tokens or identity documents in this issue.',
    ].join('\n\n');
    return transition(input, 'ask', `${input.actor.login} asked: ${input.args}`, message);
  },
};
