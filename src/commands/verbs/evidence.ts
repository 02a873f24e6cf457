import { requireOpen, takesNoArguments } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const evidenceCommand: CommandDefinition = {
  verb: 'evidence',
  who: 'maintainer',
  usage: '/recovery evidence',
  summary: 'Gather the public evidence about the account again (PyPI projects, their repositories, owner ids).',
  run(input) {
    const refused = takesNoArguments(evidenceCommand, input) ?? requireOpen(evidenceCommand, input);
    if (refused) return refused;
    const { evidence } = input.config;
    if (!evidence.enabled || !evidence.show)
      return { kind: 'reply', message: 'Evidence gathering is off in this repository’s config (`evidence.enabled`, `evidence.show`).' };
    if (input.state === null || input.state === 'incomplete')
      return { kind: 'reply', message: 'The evidence is gathered once the form is complete and the request waits in triage.' };
    return { kind: 'reply', message: 'Gathered the evidence again: see “Evidence for maintainers” in the status comment.' };
  },
};
