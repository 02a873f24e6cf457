import { defaultConfig, validateConfig } from '../../src/config/load.js';
import { CONFIG_BOUNDS } from '../../src/config/schema.js';

const SOURCE = 'pypi/support: .github/recovery-triage.yml';

function errorsOf(raw: unknown): string[] {
  const result = validateConfig(raw, SOURCE);
  return result.ok ? [] : result.errors;
}

/** Sets `value` at a dotted path in an otherwise empty config. */
function at(path: string, value: unknown): Record<string, unknown> {
  const keys = path.split('.');
  const root: Record<string, unknown> = {};
  let node = root;
  for (const key of keys.slice(0, -1)) {
    const child: Record<string, unknown> = {};
    node[key] = child;
    node = child;
  }
  node[keys[keys.length - 1]] = value;
  return root;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const located = (path: string, message: string) => expect.stringMatching(new RegExp(`^${escape(`${SOURCE}: ${path}: `)}${message}`));

const NUMBERS: [path: string, min: number, max: number, minIncluded: boolean][] = [
  ['timers.incomplete.remindAfterDays', 0, 365, false],
  ['timers.incomplete.closeAfterDays', 0, 365, false],
  ['timers.awaiting-requester.remindAfterDays', 0, 365, false],
  ['timers.awaiting-requester.closeAfterDays', 0, 365, false],
  ['duplicates.closedWithinDays', 0, 3650, true],
  ['accountCheck.cacheMinutes', 0, 7 * 24 * 60, true],
  ['accountCheck.timeoutMs', 1, 60_000, true],
  ['username.maxLength', 1, CONFIG_BOUNDS.usernameMaxLength, true],
  ['limits.commandsPerComment', 1, 50, true],
  ['limits.replyLength', 1000, 60_000, true],
  ['limits.historyRows', 1, 100, true],
];

describe('every number has a range', () => {
  test.each(NUMBERS)('%s: the maximum passes, one over is a located error', (path, _min, max) => {
    expect(validateConfig(at(path, max)).ok).toBe(true);
    expect(errorsOf(at(path, max + 1))).toEqual([located(path, `must be at most ${max} \\w+$`)]);
  });

  test.each(NUMBERS)('%s: below the minimum is a located error', (path, min, _max, minIncluded) => {
    if (minIncluded) {
      expect(validateConfig(at(path, min)).ok).toBe(true);
      expect(errorsOf(at(path, min - 1))).toEqual([located(path, `must be at least ${min} \\w+$`)]);
    } else {
      expect(errorsOf(at(path, min))).toEqual([located(path, `must be more than ${min} \\w+$`)]);
    }
  });

  test.each(NUMBERS)('%s: not a finite number is a located error', (path) => {
    for (const value of ['7', Number.NaN, Number.POSITIVE_INFINITY, true]) {
      expect(errorsOf(at(path, value))).toEqual([located(path, 'must be')]);
    }
  });

  test('the repro: closedWithinDays 1000000000 and remindAfterDays 1e12 are refused, not accepted', () => {
    expect(errorsOf({ duplicates: { closedWithinDays: 1_000_000_000 } })).toEqual([
      `${SOURCE}: duplicates.closedWithinDays: must be at most 3650 days`,
    ]);
    expect(errorsOf({ timers: { incomplete: { remindAfterDays: 1e12 } } })).toEqual([
      `${SOURCE}: timers.incomplete.remindAfterDays: must be at most 365 days`,
    ]);
  });

  test('counts that must be whole numbers refuse fractions; day counts may be fractional', () => {
    expect(errorsOf({ limits: { commandsPerComment: 2.5 } })).toEqual([located('limits.commandsPerComment', 'must be a whole number')]);
    expect(validateConfig({ timers: { incomplete: { remindAfterDays: 0.5 } } }).ok).toBe(true);
  });

  test('null still turns a timer step off', () => {
    expect(validateConfig({ timers: { incomplete: { remindAfterDays: null, closeAfterDays: null } } }).ok).toBe(true);
  });
});

describe('limits', () => {
  test('safe defaults', () => {
    expect(defaultConfig().limits).toEqual({ commandsPerComment: 10, replyLength: 20_000, historyRows: 40 });
  });

  test('unknown limit keys are located errors', () => {
    expect(errorsOf({ limits: { comments: 3 } })).toEqual([`${SOURCE}: unknown key "limits.comments"`]);
  });
});

describe('label names', () => {
  test('the repro: two states sharing one label name are refused, whatever the case', () => {
    const errors = errorsOf({ labels: { verifying: { name: 'Recovery: Triage' } } });
    expect(errors).toEqual([`${SOURCE}: labels.verifying.name: is already the name of labels.triage.name; every label needs its own name`]);
  });

  test('a flag may not reuse a state label name', () => {
    expect(errorsOf({ flags: { 'sensitive-data': { name: 'recovery: denied' } } })).toEqual([
      located('flags.sensitive-data.name', 'is already the name of labels.denied.name'),
    ]);
  });

  test('the repro: a state label named like the form label is refused', () => {
    expect(errorsOf({ labels: { triage: { name: 'Account-Recovery' } } })).toEqual([
      located('labels.triage.name', 'must differ from formLabel'),
    ]);
    expect(errorsOf({ formLabel: 'recovery: incomplete' })).toEqual([located('labels.incomplete.name', 'must differ from formLabel')]);
  });

  test('renaming every label to distinct names is fine', () => {
    expect(validateConfig({ labels: { triage: { name: 'queue' }, verifying: { name: 'checking' } }, formLabel: 'recover' }).ok).toBe(true);
  });

  test('label names longer than GitHub allows are refused', () => {
    expect(errorsOf({ labels: { triage: { name: 'x'.repeat(51) } } })).toEqual([
      `${SOURCE}: labels.triage.name: must be at most 50 characters (GitHub's limit)`,
    ]);
    expect(errorsOf({ formLabel: '' })).toEqual([`${SOURCE}: formLabel: must not be empty`]);
  });
});

describe('errors are safe to post publicly', () => {
  test('a huge value is never echoed', () => {
    const huge = 'A'.repeat(100_000);
    for (const raw of [
      { formLabel: huge },
      { messages: { verificationStarted: huge } },
      { permissions: { minimum: huge } },
      { accountCheck: { urlTemplate: huge } },
      { labels: { triage: { color: huge } } },
      { duplicates: { closedWithinDays: huge } },
    ]) {
      const errors = errorsOf(raw);
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.length).toBeLessThan(400);
        expect(error).not.toContain('AAAAAAAAAA');
      }
    }
  });

  test('key names from the file are cut short and kept on one line', () => {
    const key = `evil\n- forged error line ${'k'.repeat(1000)}`;
    const errors = errorsOf({ [key]: 1, messages: { replies: { [key]: 'x' } } });
    expect(errors.length).toBeGreaterThan(0);
    for (const error of errors) {
      expect(error).not.toContain('\n');
      expect(error.length).toBeLessThan(400);
    }
  });

  test('hundreds of unknown keys are listed ten at a time', () => {
    const raw = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`typo${i}`, i]));
    const [error] = errorsOf(raw);
    expect(error).toMatch(/^pypi\/support: \.github\/recovery-triage\.yml: unknown key "typo0", .* and 290 more$/);
  });

  test('a reply name breaking the rule says which rule, and a name that could be misread is quoted', () => {
    expect(errorsOf({ messages: { replies: { 'Bad Name': 'x' } } })).toEqual([
      `${SOURCE}: messages.replies.Bad Name: reply names use a-z, 0-9 and -`,
    ]);
    expect(errorsOf({ messages: { replies: { 'a.b: c': 'x' } } })).toEqual([
      `${SOURCE}: messages.replies."a.b: c": reply names use a-z, 0-9 and -`,
    ]);
  });

  test('too many canned replies, or too long ones, are refused', () => {
    const replies = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`r${i}`, 'text']));
    expect(errorsOf({ messages: { replies } })).toEqual([located('messages.replies', 'at most 50 replies')]);
    expect(errorsOf({ messages: { replies: { a: 'x'.repeat(10_001) } } })).toEqual([
      located('messages.replies.a', 'must be at most 10000'),
    ]);
  });
});
