import { requireOpen, takesNoArguments } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const recheckCommand: CommandDefinition = {
  verb: 'recheck',
  who: 'requester-or-maintainer',
  usage: '/recovery recheck',
  summary: 'Check the form again, e.g. after editing the issue.',
  run(input) {
    return takesNoArguments(recheckCommand, input) ?? requireOpen(recheckCommand, input) ?? { kind: 'recheck' };
  },
};
