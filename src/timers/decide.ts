import type { Config } from '../config/schema.js';
import type { State } from '../state/states.js';

/** States that have a timer in the config: the ones where the bot waits for the requester. */
export type TimedState = Exclude<keyof Config['timers'], 'exemptLabels'>;
const TIMED: readonly TimedState[] = ['incomplete', 'awaiting-requester'];
export type TimerSettings = Config['timers'][TimedState];

export type TimerAction = 'wait' | 'remind' | 'close';

/** What the timer knows of one request. */
export interface TimerFacts {
  /** When the current state label was last set. */
  labelSetAt: Date;
  /** When the requester last commented, if ever. */
  requesterRepliedAt: Date | null;
  /** `remindedAt` from the status data. */
  remindedAt: Date | null;
}

export interface TimerDecision {
  action: TimerAction;
  /** The step that is due now (remind, close) or comes next (wait); null when none will come. */
  step: 'remind' | 'close' | null;
  /** When `step` is or was due; null when no step will come. */
  dueAt: Date | null;
  /** Start of the requester's silence: the later of the label set and their last comment. */
  since: Date;
  /** The reminder that counts: one sent after `since`, else null. */
  reminded: Date | null;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Timed states with at least one step turned on, in config order. */
export function timedStates(config: Config): TimedState[] {
  return TIMED.filter((s) => {
    const t = config.timers[s];
    return t.remindAfterDays !== null || t.closeAfterDays !== null;
  });
}

/** The timer of `state`, or null when the state has none (or all its steps are off). */
export function timerOf(config: Config, state: State | null): { state: TimedState; settings: TimerSettings } | null {
  const timed = timedStates(config).find((s) => s === state);
  return timed === undefined ? null : { state: timed, settings: config.timers[timed] };
}

/**
 * Decides whether a waiting request gets a reminder, is closed, or waits. The clock starts at the
 * later of the label set and the requester's last comment (never the issue's `updated_at`, which
 * the bot's own writes move). A reminder from before that start does not count, so a reply
 * resets both steps. A request is only closed after its reminder when reminders are on.
 */
export function decideTimer(settings: TimerSettings, facts: TimerFacts, now: Date): TimerDecision {
  const since =
    facts.requesterRepliedAt !== null && facts.requesterRepliedAt > facts.labelSetAt ? facts.requesterRepliedAt : facts.labelSetAt;
  const reminded = facts.remindedAt !== null && facts.remindedAt > since ? facts.remindedAt : null;
  const base = { since, reminded };

  if (settings.remindAfterDays !== null && reminded === null) {
    return due('remind', addDays(since, settings.remindAfterDays), now, base);
  }
  if (settings.closeAfterDays === null) return { action: 'wait', step: null, dueAt: null, ...base };
  return due('close', addDays(reminded ?? since, settings.closeAfterDays), now, base);
}

function due(step: 'remind' | 'close', dueAt: Date, now: Date, base: Pick<TimerDecision, 'since' | 'reminded'>): TimerDecision {
  return { action: now >= dueAt ? step : 'wait', step, dueAt, ...base };
}

/** A time from GitHub or the status data; null when absent or unreadable. */
export function parseTime(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
