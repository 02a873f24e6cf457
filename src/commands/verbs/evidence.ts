import { takesNoArguments } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const evidenceCommand: CommandDefinition = {
  verb: 'evidence',
  who: 'maintainer',
  usage: '/recovery evidence',
  summary: 'Gather the public evidence about the account again (PyPI projects, their repositories, owner ids).',
  run(input) {
    const refused = takesNoArguments(evidenceCommand, input);
    if (refused) return refused;
    if (!input.config.evidence.enabled)
      return { kind: 'reply', message: 'Evidence gathering is off in this repository’s config (`evidence.enabled`).' };
    return { kind: 'reply', message: 'Gathered the evidence again: see “Evidence for maintainers” in the status comment.' };
  },
};
