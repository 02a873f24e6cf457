import type { Duplicates } from '../checks/duplicates.js';
import { fillTemplate } from '../comment/texts.js';
import type { Config } from '../config/schema.js';
import { moveTo } from './draft.js';
import type { Actor, Draft } from './request.js';

/**
 * A request joining the queue learns its place and whether it repeats another request. An
 * open duplicate is flagged for maintainers, or closes this newer request when configured so.
 */
export function onJoinedQueue(
  draft: Draft,
  queueAhead: number,
  duplicates: Duplicates,
  config: Config,
  author: string,
  actor: Actor,
): Draft {
  const notes: string[] = [];
  const original = duplicates.original;
  const links = listed(duplicates.open.map((n) => `#${n}`));
  if (original !== null && config.duplicates.action === 'close') {
    const closed = moveTo(
      draft,
      'duplicate',
      actor,
      'duplicate check',
      `same account as open request #${original}`,
      'close-not-planned',
      original,
    );
    return {
      ...closed,
      replies: [
        ...closed.replies,
        {
          key: `duplicate-${original}`,
          body: `@${author} ${fillTemplate(config.messages.duplicateClosed, { requester: author, platform: config.username.platform, original })}`,
        },
      ],
    };
  }
  if (duplicates.open.length > 0 && config.duplicates.action === 'flag') {
    notes.push(
      `Possible duplicate: ${links} ${duplicates.open.length === 1 ? 'is an open request' : 'are open requests'} for the same account.`,
    );
  }
  if (duplicates.closed.length > 0 && config.duplicates.action !== 'off') {
    const list = listed(duplicates.closed.map((c) => `#${c.number} (closed ${c.closedAt.slice(0, 10)})`));
    notes.push(`Earlier requests for the same account: ${list}.`);
  }
  const flagged = duplicates.open.length > 0 && config.duplicates.action === 'flag';
  return {
    ...draft,
    flags: flagged ? [...draft.flags, config.flags['possible-duplicate'].name] : draft.flags,
    data: { ...draft.data, queueAhead, notes },
  };
}

/** At most ten entries, so a much re-filed account cannot blow up the status comment. */
function listed(items: readonly string[]): string {
  const shown = items.slice(0, 10).join(', ');
  return items.length > 10 ? `${shown} and ${items.length - 10} more` : shown;
}
