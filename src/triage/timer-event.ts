import { causeOf } from '../comment/data.js';
import { commentLink, daysText, fillTemplate, type PlaceholderValues, type TimerTextKey } from '../comment/texts.js';
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

/** The reminder of each waiting state (`messages.timers`): what the requester still has to do. */
const REMINDER: Partial<Record<State, TimerTextKey>> = {
  incomplete: 'remindIncomplete',
  'awaiting-requester': 'remindAwaitingRequester',
};

/**
 * Applies a due timer step: a reminder that mentions the requester and records `remindedAt`, or
 * closing as not planned through the `timeout` transition. A step that does not apply to the
 * draft's state leaves the draft as it is.
 */
export function onTimer(input: TriageInput, draft: Draft, event: TimerEvent, actor: Actor): Draft {
  const reminder = draft.state === null ? undefined : REMINDER[draft.state];
  if (reminder === undefined) return draft;
  // The mention is the bot's own: templates get the login as `{requester}`, escaped, never a mention.
  const mention = `@${input.request.author}`;
  const texts = input.config.messages.timers;
  const values: PlaceholderValues = {
    requester: input.request.author,
    issue: input.request.number,
    platform: input.config.username.platform,
    // The reminders link the status comment and the comment the requester is to answer.
    status: commentLink(input.request.status?.id),
    comment: commentLink(causeOf(draft.data, draft.state)?.comment),
  };

  if (event.step === 'remind') {
    const close = event.settings.closeAfterDays;
    const warning = close === null ? '' : fillTemplate(texts.closeWarning, { ...values, days: daysText(close) });
    const body = [mention, fillTemplate(texts[reminder], values), warning].filter((part) => part !== '').join(' ');
    return {
      ...draft,
      data: { ...draft.data, remindedAt: actor.at },
      replies: [...draft.replies, { key: `remind-${draft.state}-${event.since}`, body }],
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
        body: `${mention} ${fillTemplate(texts.closed, values)}`,
      },
    ],
  };
}
