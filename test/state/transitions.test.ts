import { FINAL_STATES, OPEN_STATES, STATES, isFinal, type State } from '../../src/state/states.js';
import { TRANSITIONS, decideTransition, renderTransitionTable, unavailableMessage, type Trigger } from '../../src/state/transitions.js';

// A Record forces this list to name every Trigger: adding one to the type breaks the build here.
const TRIGGER_SET: Record<Trigger, true> = {
  'form-complete': true,
  'form-incomplete': true,
  start: true,
  ask: true,
  verifying: true,
  complete: true,
  deny: true,
  duplicate: true,
  reopen: true,
  withdraw: true,
  'requester-replied': true,
  timeout: true,
};
const TRIGGERS = Object.keys(TRIGGER_SET) as Trigger[];
const FROMS: (State | null)[] = [null, ...STATES];
const EVENTS: Trigger[] = ['form-complete', 'form-incomplete', 'requester-replied', 'timeout'];

const allowedPairs = new Set(TRANSITIONS.flatMap((r) => r.from.map((f) => `${String(f)}|${r.trigger}`)));

describe('TRANSITIONS', () => {
  const cases = TRANSITIONS.flatMap((rule) => rule.from.map((from) => [from, rule.trigger, rule] as const));

  test.each(cases)('from %p, %s is allowed', (from, trigger, rule) => {
    const decision = decideTransition(from, trigger);
    expect(decision).toEqual({ ok: true, rule });
    if (decision.ok) expect(decision.rule.to).toBe(rule.to);
  });

  test('every trigger has exactly one rule and no rule repeats a from-state', () => {
    expect(TRANSITIONS.map((r) => r.trigger).sort()).toEqual([...TRIGGERS].sort());
    for (const rule of TRANSITIONS) expect(new Set(rule.from).size).toBe(rule.from.length);
  });

  test('closing follows the target state and reopening leaves the final states', () => {
    for (const rule of TRANSITIONS) {
      const expected = rule.to === 'completed' ? 'close-completed' : isFinal(rule.to) ? 'close-not-planned' : null;
      if (expected) expect([rule.trigger, rule.issue]).toEqual([rule.trigger, expected]);
      else expect(['none', 'reopen']).toContain(rule.issue);
      if (rule.issue === 'reopen') expect(rule.from.every((f) => f !== null && isFinal(f))).toBe(true);
    }
  });

  test('an open target from a final state needs a reopen, except form checks after a manual reopen', () => {
    for (const rule of TRANSITIONS) {
      const leavesFinal = rule.from.some((f) => f !== null && isFinal(f)) && !isFinal(rule.to);
      if (leavesFinal && rule.issue !== 'reopen') expect(['form-complete', 'form-incomplete']).toContain(rule.trigger);
    }
  });

  test('form checks only move to incomplete or triage, and never out of the maintainer states', () => {
    for (const trigger of ['form-complete', 'form-incomplete'] as const) {
      for (const from of ['awaiting-requester', 'verifying'] as const) expect(decideTransition(from, trigger).ok).toBe(false);
    }
    expect(decideTransition('incomplete', 'form-complete')).toMatchObject({ ok: true, rule: { to: 'triage' } });
    expect(decideTransition('triage', 'form-incomplete')).toMatchObject({ ok: true, rule: { to: 'incomplete' } });
    expect(decideTransition(null, 'form-incomplete')).toMatchObject({ ok: true, rule: { to: 'incomplete' } });
    expect(decideTransition('denied', 'form-complete')).toMatchObject({ ok: true, rule: { to: 'triage', issue: 'none' } });
  });

  test('the requester flow: start, reply, complete', () => {
    expect(decideTransition('triage', 'start')).toMatchObject({ ok: true, rule: { to: 'awaiting-requester' } });
    expect(decideTransition('awaiting-requester', 'requester-replied')).toMatchObject({ ok: true, rule: { to: 'verifying' } });
    expect(decideTransition('verifying', 'complete')).toMatchObject({
      ok: true,
      rule: { to: 'completed', issue: 'close-completed' },
    });
    expect(decideTransition('completed', 'reopen')).toMatchObject({ ok: true, rule: { to: 'triage', issue: 'reopen' } });
  });

  test('withdraw and timeout close as not planned into denied', () => {
    for (const from of OPEN_STATES) {
      expect(decideTransition(from, 'withdraw')).toMatchObject({ ok: true, rule: { to: 'denied', issue: 'close-not-planned' } });
    }
    expect(decideTransition('incomplete', 'timeout')).toMatchObject({ ok: true, rule: { to: 'denied' } });
    expect(decideTransition('triage', 'timeout').ok).toBe(false);
    expect(decideTransition('verifying', 'timeout').ok).toBe(false);
  });

  test('every open state can be denied or closed as a duplicate; no final state can', () => {
    for (const from of OPEN_STATES) {
      expect(decideTransition(from, 'deny').ok).toBe(true);
      expect(decideTransition(from, 'duplicate').ok).toBe(true);
    }
    for (const from of FINAL_STATES) {
      expect(decideTransition(from, 'deny').ok).toBe(false);
      expect(decideTransition(from, 'duplicate').ok).toBe(false);
    }
  });
});

describe('forbidden transitions', () => {
  const forbidden = FROMS.flatMap((from) =>
    TRIGGERS.filter((t) => !allowedPairs.has(`${String(from)}|${t}`)).map((trigger) => [from, trigger] as const),
  );

  test('there are forbidden pairs for every trigger', () => {
    expect(new Set(forbidden.map(([, t]) => t)).size).toBe(TRIGGERS.length);
  });

  test.each(forbidden)('from %p, %s is refused with the allowed states', (from, trigger) => {
    const decision = decideTransition(from, trigger);
    expect(decision.ok).toBe(false);
    if (decision.ok) return;
    const allowed = TRANSITIONS.filter((r) => r.trigger === trigger).flatMap((r) => r.from);
    const list = allowed.map((s) => s ?? '(no state)').join(', ');
    expect(decision.message).toContain(from === null ? 'has no state yet' : `is in state ${from};`);
    expect(decision.message.endsWith(`from ${list}.`)).toBe(true);
    if (!EVENTS.includes(trigger)) {
      expect(decision.message.startsWith(`\`/recovery ${trigger}\` cannot be used while the request`)).toBe(true);
    }
  });

  test('the message reads as the brief shows', () => {
    expect(decideTransition('incomplete', 'complete')).toEqual({
      ok: false,
      message:
        '`/recovery complete` cannot be used while the request is in state incomplete; it works from triage, awaiting-requester, verifying.',
    });
    expect(decideTransition('triage', 'requester-replied')).toEqual({
      ok: false,
      message: '"requester comments" does not apply while the request is in state triage; it applies from awaiting-requester.',
    });
  });

  test('unavailableMessage names the no-state case', () => {
    expect(unavailableMessage('reply', 'denied', [null, 'triage'])).toBe(
      '`/recovery reply` cannot be used while the request is in state denied; it works from (no state), triage.',
    );
    expect(decideTransition(null, 'start')).toMatchObject({ ok: false, message: expect.stringContaining('has no state yet') });
  });
});

describe('renderTransitionTable', () => {
  const table = renderTransitionTable();
  const lines = table.split('\n');

  test('has a header, a separator and one row per rule, in table order', () => {
    expect(lines[0]).toBe('| When | From | To | Issue |');
    expect(lines[1]).toBe('| --- | --- | --- | --- |');
    expect(lines).toHaveLength(TRANSITIONS.length + 2);
    for (const line of lines) expect(line.split('|')).toHaveLength(6);
  });

  test('rows name commands, events, states and issue actions', () => {
    expect(lines).toContain('| `/recovery complete` | `triage`, `awaiting-requester`, `verifying` | `completed` | close as completed |');
    expect(lines).toContain('| requester silent too long | `incomplete`, `awaiting-requester` | `denied` | close as not planned |');
    expect(lines).toContain('| form checks pass | (no state), `incomplete`, `completed`, `denied`, `duplicate` | `triage` | — |');
    expect(lines).toContain('| `/recovery reopen` | `completed`, `denied`, `duplicate` | `triage` | reopen |');
  });
});
