import { escapeInline } from '../../comment/escape.js';
import { commandText } from '../../comment/texts.js';
import { badArguments, requireOpen } from '../outcome.js';
import type { CommandDefinition } from '../types.js';

export const replyCommand: CommandDefinition = {
  verb: 'reply',
  who: 'maintainer',
  usage: '/recovery reply <name>',
  summary: 'Post one of the configured replies; the state does not change.',
  run(input) {
    const replies = input.config.messages.replies;
    const name = input.args.toLowerCase();
    if (!Object.hasOwn(replies, name)) {
      const known = Object.keys(replies);
      const choice = known.length === 0 ? 'No replies are configured.' : `Configured replies: ${known.map((n) => `\`${n}\``).join(', ')}.`;
      const given = input.args === '' ? 'needs a reply name' : `has no reply called "${escapeInline(input.args, 40)}"`;
      return badArguments(replyCommand, `\`/recovery reply\` ${given}. ${choice}`);
    }
    return requireOpen(replyCommand, input) ?? { kind: 'reply', message: commandText(input, replies[name]) };
  },
};
