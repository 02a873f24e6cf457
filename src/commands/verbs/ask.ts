import { commandText } from '../../comment/texts.js';
import { badArguments, transition } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const askCommand: CommandDefinition = {
  verb: 'ask',
  who: 'maintainer',
  usage: '/recovery ask <question>',
  summary: 'Ask the requester a question and wait for the answer.',
  run(input) {
    if (input.args === '') return badArguments(askCommand, '`/recovery ask` needs the question to ask the requester.');
    // The question is quoted, escaped, where the template (messages.commands.ask) puts {question}.
    const message = commandText(input, input.config.messages.commands.ask, { question: input.args });
    return transition(input, 'ask', `${input.actor.login} asked: ${input.args}`, message);
  },
};
