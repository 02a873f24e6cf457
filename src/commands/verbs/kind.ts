import { escapeInline } from '../../comment/escape.js';
import { KIND_ID } from '../../kinds/config.js';
import { badArguments } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

/** `/recovery kind <id>`: a maintainer corrects what the request is about; it sticks over later edits. */
export const kindCommand: CommandDefinition = {
  verb: 'kind',
  who: 'maintainer',
  usage: '/recovery kind <id>',
  summary: 'Correct the kind of the request (its label and next steps follow; later edits do not change it).',
  run(input) {
    const ids = input.config.kinds.map((k) => k.id);
    const list = ids.length === 0 ? 'No kinds are configured.' : `The kinds are: ${ids.map((id) => `\`${id}\``).join(', ')}.`;
    const id = input.args.trim().toLowerCase();
    if (id === '') return badArguments(kindCommand, `\`/recovery kind\` needs the id of a kind. ${list}`);
    if (!KIND_ID.test(id) || !ids.includes(id)) {
      return badArguments(kindCommand, `There is no kind "${escapeInline(input.args, 40)}". ${list}`);
    }
    return { kind: 'kind', id };
  },
};
