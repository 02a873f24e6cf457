import type { State } from '../state/states.js';
import { decideTransition } from '../state/transitions.js';
import type { TimerSettings } from '../timers/decide.js';
import { moveTo } from './draft.js';
import type { Actor, Draft, TriageInput } from './request.js';

/** A timer step that fell due for a request. */
export interface TimerEvent {
  step: 'remind' | 'close';
  settings: TimerSettings;
  /** Start of the requester's silence (ISO). */
  since: string;
}

/** What the requester still has to do, by waiting state. */
const STILL_NEEDED: Partial<Record<State, string>> = {
  incomplete:
    'this request is still incomplete. Please **edit the issue** and fix what the status comment above lists; I check it again after every edit.',
  'awaiting-requester': 'an admin is waiting for your answer. Please reply to their last comment above with a comment here.',
};

/**
 * Applies a due timer step: a reminder that mentions the requester and records `remindedAt`, or
 * closing as not planned through the `timeout` transition. A step that does not apply to the
 * draft's state leaves the draft as it is.
 */
export function onTimer(input: TriageInput, draft: Draft, event: TimerEvent, actor: Actor): Draft {
  const needed = draft.state === null ? undefined : STILL_NEEDED[draft.state];
  if (needed === undefined) return draft;
  const mention = `@${input.request.author}`;

  if (event.step === 'remind') {
    const close = event.settings.closeAfterDays;
    const warning = close === null ? '' : ` If there is no reply in the next ${days(close)}, this request will be closed.`;
    return {
      ...draft,
      data: { ...draft.data, remindedAt: actor.at },
      replies: [...draft.replies, { key: `remind-${draft.state}-${event.since}`, body: `${mention} A reminder: ${needed}${warning}` }],
    };
  }

  const timeout = decideTransition(draft.state, 'timeout');
  if (!timeout.ok) return draft;
  const moved = moveTo(
    draft,
    timeout.rule.to,
    actor,
    'timer',
    `no reply from the requester since ${event.since.slice(0, 10)}`,
    timeout.rule.issue,
  );
  return {
    ...moved,
    replies: [
      ...moved.replies,
      {
        key: `close-${draft.state}-${event.since}`,
        body: `${mention} This request has been closed because there was no reply for a while. If you still need help, comment here and a maintainer can reopen it (\`/recovery reopen\`), or open a new request.`,
      },
    ],
  };
}

function days(n: number): string {
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}
