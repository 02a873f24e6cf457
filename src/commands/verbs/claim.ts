import { requireOpen, takesNoArguments } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const claimCommand: CommandDefinition = {
  verb: 'claim',
  who: 'maintainer',
  usage: '/recovery claim',
  summary: 'Take the request: you are assigned, and the requester is told an admin is on it.',
  run(input) {
    return takesNoArguments(claimCommand, input) ?? requireOpen(claimCommand, input) ?? { kind: 'claim', login: input.actor.login };
  },
};

export const unclaimCommand: CommandDefinition = {
  verb: 'unclaim',
  who: 'maintainer',
  usage: '/recovery unclaim',
  summary: 'Give the request back to the queue: the assignee is removed.',
  run(input) {
    return takesNoArguments(unclaimCommand, input) ?? requireOpen(unclaimCommand, input) ?? { kind: 'claim', login: null };
  },
};
