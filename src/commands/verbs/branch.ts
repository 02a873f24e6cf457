import { branchKey, branchReply, parseBranchArgs } from '../../evidence/branch.js';
import { badArguments } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const branchCommand: CommandDefinition = {
  verb: 'branch',
  who: 'maintainer',
  usage: '/recovery branch OWNER/REPO TOKEN',
  summary:
    'Whether a branch named TOKEN exists now in that public repository, its head commit time, and whether the repository is in the evidence table (only the first 4 characters of the token are shown or kept).',
  run(input) {
    const args = parseBranchArgs(input.args);
    if ('problem' in args) return badArguments(branchCommand, args.problem);
    return { kind: 'reply', message: branchReply(args, input.branches?.get(branchKey(args)), input.evidence ?? null) };
  },
};
