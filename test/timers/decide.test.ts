import { defaultConfig, validateConfig } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { decideTimer, parseTime, timedStates, timerOf, type TimerFacts, type TimerSettings } from '../../src/timers/decide.js';

const DEFAULTS: TimerSettings = { remindAfterDays: 7, closeAfterDays: 7 };
const LABEL_SET = new Date('2026-11-01T10:00:00Z');

function at(iso: string): Date {
  return new Date(iso);
}

function facts(overrides: Partial<TimerFacts> = {}): TimerFacts {
  return { labelSetAt: LABEL_SET, requesterRepliedAt: null, remindedAt: null, ...overrides };
}

function configWith(timers: unknown): Config {
  const result = validateConfig({ timers });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  return result.config;
}

describe('decideTimer with the default 7 + 7 days', () => {
  test('waits until 7 days after the label was set, then reminds', () => {
    const early = decideTimer(DEFAULTS, facts(), at('2026-11-08T09:59:59Z'));
    expect(early).toEqual({ action: 'wait', step: 'remind', dueAt: at('2026-11-08T10:00:00Z'), since: LABEL_SET, reminded: null });
    expect(decideTimer(DEFAULTS, facts(), at('2026-11-08T10:00:00Z')).action).toBe('remind');
  });

  test('reminds only once: after the reminder it waits for the close 7 days later', () => {
    const remindedAt = at('2026-11-08T12:00:00Z');
    const after = decideTimer(DEFAULTS, facts({ remindedAt }), at('2026-11-08T12:00:01Z'));
    expect(after).toEqual({ action: 'wait', step: 'close', dueAt: at('2026-11-15T12:00:00Z'), since: LABEL_SET, reminded: remindedAt });
    expect(decideTimer(DEFAULTS, facts({ remindedAt }), at('2026-11-15T11:59:00Z')).action).toBe('wait');
    expect(decideTimer(DEFAULTS, facts({ remindedAt }), at('2026-11-15T12:00:00Z')).action).toBe('close');
  });

  test('a request the sweep did not see for a month is reminded first, never closed without warning', () => {
    const decision = decideTimer(DEFAULTS, facts(), at('2026-12-01T10:00:00Z'));
    expect(decision.action).toBe('remind');
    expect(decision.dueAt).toEqual(at('2026-11-08T10:00:00Z'));
  });

  test('a requester reply after the reminder resets both steps', () => {
    const replied = at('2026-11-10T08:00:00Z');
    const decision = decideTimer(
      DEFAULTS,
      facts({ remindedAt: at('2026-11-08T12:00:00Z'), requesterRepliedAt: replied }),
      at('2026-11-16T10:00:00Z'),
    );
    // Without the reply this would be a close; the old reminder no longer counts.
    expect(decision).toEqual({ action: 'wait', step: 'remind', dueAt: at('2026-11-17T08:00:00Z'), since: replied, reminded: null });
  });

  test('a requester reply from before the label was set does not move the start', () => {
    const decision = decideTimer(DEFAULTS, facts({ requesterRepliedAt: at('2026-10-20T00:00:00Z') }), at('2026-11-08T10:00:00Z'));
    expect(decision.since).toEqual(LABEL_SET);
    expect(decision.action).toBe('remind');
  });

  test('a reminder from an earlier spell in the state (before the label was set again) does not count', () => {
    const decision = decideTimer(DEFAULTS, facts({ remindedAt: at('2026-10-25T00:00:00Z') }), at('2026-11-09T00:00:00Z'));
    expect(decision.action).toBe('remind');
    expect(decision.reminded).toBeNull();
  });
});

describe('decideTimer with steps turned off', () => {
  test('remindAfterDays null: closed closeAfterDays after the start, with no reminder', () => {
    const settings: TimerSettings = { remindAfterDays: null, closeAfterDays: 10 };
    expect(decideTimer(settings, facts(), at('2026-11-08T10:00:00Z'))).toEqual({
      action: 'wait',
      step: 'close',
      dueAt: at('2026-11-11T10:00:00Z'),
      since: LABEL_SET,
      reminded: null,
    });
    expect(decideTimer(settings, facts(), at('2026-11-11T10:00:00Z')).action).toBe('close');
    const replied = at('2026-11-05T10:00:00Z');
    expect(decideTimer(settings, facts({ requesterRepliedAt: replied }), at('2026-11-11T10:00:00Z')).action).toBe('wait');
  });

  test('closeAfterDays null: one reminder, then the request waits for ever', () => {
    const settings: TimerSettings = { remindAfterDays: 7, closeAfterDays: null };
    expect(decideTimer(settings, facts(), at('2026-11-08T10:00:00Z')).action).toBe('remind');
    const later = decideTimer(settings, facts({ remindedAt: at('2026-11-08T10:00:00Z') }), at('2027-06-01T00:00:00Z'));
    expect(later).toEqual({ action: 'wait', step: null, dueAt: null, since: LABEL_SET, reminded: at('2026-11-08T10:00:00Z') });
  });

  test('fractional days are honoured', () => {
    const settings: TimerSettings = { remindAfterDays: 0.5, closeAfterDays: 0.25 };
    expect(decideTimer(settings, facts(), at('2026-11-01T22:00:00Z')).action).toBe('remind');
    expect(decideTimer(settings, facts({ remindedAt: at('2026-11-01T22:00:00Z') }), at('2026-11-02T04:00:00Z')).action).toBe('close');
  });
});

describe('which states have timers', () => {
  test('by default incomplete and awaiting-requester', () => {
    const config = defaultConfig();
    expect(timedStates(config)).toEqual(['incomplete', 'awaiting-requester']);
    expect(timerOf(config, 'awaiting-requester')).toEqual({ state: 'awaiting-requester', settings: DEFAULTS });
    expect(timerOf(config, 'triage')).toBeNull();
    expect(timerOf(config, null)).toBeNull();
  });

  test('a state with both steps off has no timer', () => {
    const config = configWith({ incomplete: { remindAfterDays: null, closeAfterDays: null } });
    expect(timedStates(config)).toEqual(['awaiting-requester']);
    expect(timerOf(config, 'incomplete')).toBeNull();
  });
});

test('parseTime reads ISO times and gives null for missing or unreadable ones', () => {
  expect(parseTime('2026-11-01T10:00:00Z')).toEqual(LABEL_SET);
  expect(parseTime(null)).toBeNull();
  expect(parseTime('')).toBeNull();
  expect(parseTime('last tuesday')).toBeNull();
});
