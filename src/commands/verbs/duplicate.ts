import { escapeInline } from '../../comment/escape.js';
import { commandText } from '../../comment/texts.js';
import { badArguments, transition } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const duplicateCommand: CommandDefinition = {
  verb: 'duplicate',
  who: 'maintainer',
  usage: '/recovery duplicate #<issue number>',
  summary: 'Close the request as a duplicate of another one, linking it.',
  run(input) {
    const match = /^#([1-9][0-9]*)$/.exec(input.args);
    const original = match ? Number(match[1]) : NaN;
    if (!Number.isSafeInteger(original)) {
      const given = input.args === '' ? 'nothing' : `"${escapeInline(input.args, 40)}"`;
      return badArguments(duplicateCommand, `\`/recovery duplicate\` needs exactly one issue reference such as \`#123\`, not ${given}.`);
    }
    if (original === input.issueNumber) return badArguments(duplicateCommand, 'A request cannot be a duplicate of itself.');
    return transition(
      input,
      'duplicate',
      `${input.actor.login} closed the request as a duplicate of #${original}`,
      commandText(input, input.config.messages.commands.duplicate, { original }),
      original,
    );
  },
};
