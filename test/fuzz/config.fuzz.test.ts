import fc from 'fast-check';
import { GITHUB_BODY_LIMIT } from '../../src/comment/limits.js';
import { defaultConfig, validateConfig } from '../../src/config/load.js';
import { renderConfigProblemIssue } from '../../src/config/problems.js';
import { CONFIG_BOUNDS } from '../../src/config/schema.js';

// `npm test`: a fixed seed and a small budget. `npm run fuzz`: FUZZ_RUNS cases, a fresh seed
// (printed) unless FUZZ_SEED pins one.
const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS ? Date.now() : 20261120;
const TIMEOUT = Math.max(60_000, RUNS * 50);
let cases = 0;
afterAll(() => console.log(`config fuzz: ${cases} generated cases (seed ${SEED}, ${RUNS} runs per property)`));

const SOURCE = 'acme/support: .github/recovery-triage.yml';

/** Every key path the schema knows, so that random values land where they are checked. */
const PATHS = [
  'formLabel',
  'form',
  'username.field',
  'username.platform',
  'username.allowedCharacters',
  'username.alphanumericEnds',
  'username.maxLength',
  'username.profileUrlPrefixes',
  ...['incomplete', 'triage', 'awaiting-requester', 'verifying', 'completed', 'denied', 'duplicate'].flatMap((s) =>
    ['name', 'color', 'description'].map((k) => `labels.${s}.${k}`),
  ),
  ...['sensitive-data', 'possible-duplicate'].flatMap((f) => ['name', 'color', 'description'].map((k) => `flags.${f}.${k}`)),
  'permissions.minimum',
  'messages.verificationStarted',
  'messages.replies',
  'sensitiveData.secrets',
  'sensitiveData.personalData',
  'sensitiveData.disabled',
  'accountCheck.urlTemplate',
  'accountCheck.cacheMinutes',
  'accountCheck.timeoutMs',
  'duplicates.action',
  'duplicates.closedWithinDays',
  ...['incomplete', 'awaiting-requester'].flatMap((s) => ['remindAfterDays', 'closeAfterDays'].map((k) => `timers.${s}.${k}`)),
  'limits.commandsPerComment',
  'limits.replyLength',
  'limits.historyRows',
  'claims.assignOnStart',
  'timers.exemptLabels',
  'messages.status.triage',
  'messages.commands.ask',
  'messages.timers.reminder',
];

const hostileKey = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ maxLength: 20, unit: 'binary' }),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'typo', 'x'.repeat(5000), 'a\nb: forged', '@everyone'),
);

/** Values of every shape, with the edge cases of this schema weighted in. */
const value = fc.oneof(
  { arbitrary: fc.anything({ maxDepth: 2, key: hostileKey }), weight: 3 },
  {
    arbitrary: fc.constantFrom(
      0,
      -1,
      1,
      0.5,
      7,
      365,
      366,
      3650,
      3651,
      1e9,
      1e12,
      Number.MAX_SAFE_INTEGER,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -0,
      null,
      '',
      ' ',
      'recovery: triage',
      'RECOVERY: TRIAGE',
      'account-recovery',
      '00ff00',
      '#00ff00',
      'triage',
      'owner',
      'https://pypi.org/user/{username}/',
      'A'.repeat(100_000),
    ),
    weight: 3,
  },
  { arbitrary: fc.integer(), weight: 1 },
  { arbitrary: fc.double(), weight: 1 },
  { arbitrary: fc.string({ maxLength: 80, unit: 'binary' }), weight: 1 },
);

function setPath(root: Record<string, unknown>, path: string, v: unknown): void {
  const keys = path.split('.');
  let node = root;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = v;
}

/** A config built from random values at known paths, plus stray keys. */
const configLike = fc
  .tuple(fc.array(fc.tuple(fc.constantFrom(...PATHS), value), { maxLength: 12 }), fc.dictionary(hostileKey, value, { maxKeys: 3 }))
  .map(([entries, stray]) => {
    const root: Record<string, unknown> = {};
    for (const [path, v] of entries) setPath(root, path, v);
    return Object.assign(root, stray);
  });

/** A key path: plain segments, or JSON-quoted ones where a plain one could be misread. */
const SEGMENT = String.raw`(?:[^.:"\s](?:[^.:"\n]*[^.:"\s])?|"(?:[^"\\\n]|\\.)*")`;
const LOCATED = new RegExp(
  `^${SOURCE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ` +
    String.raw`(unknown key "[^\n]*"( and \d+ more)?|\(top level\): .+|${SEGMENT}(\.${SEGMENT})*: .+)$`,
);

function checkResult(raw: unknown): void {
  cases++;
  const result = validateConfig(raw, SOURCE);
  if (result.ok) {
    const config = result.config;
    // What passes keeps every bound and gives a config that validates again, unchanged.
    expect(validateConfig(config, SOURCE)).toEqual({ ok: true, config });
    expect(config.duplicates.closedWithinDays).toBeLessThanOrEqual(CONFIG_BOUNDS.closedWithinDays);
    expect(config.limits.commandsPerComment).toBeLessThanOrEqual(CONFIG_BOUNDS.commandsPerComment.max);
    expect(config.limits.replyLength).toBeLessThanOrEqual(CONFIG_BOUNDS.replyLength.max);
    expect(config.limits.historyRows).toBeLessThanOrEqual(CONFIG_BOUNDS.historyRows.max);
    const names = [...Object.values(config.labels), ...Object.values(config.flags)].map((l) => l.name.trim().toLowerCase());
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain(config.formLabel.trim().toLowerCase());
    return;
  }
  expect(result.errors.length).toBeGreaterThan(0);
  for (const error of result.errors) {
    // Located, on one line, short enough to post: no value is echoed at length.
    expect(error).toMatch(LOCATED);
    expect(error.length).toBeLessThan(600);
  }
  expect(renderConfigProblemIssue(result.errors).length).toBeLessThan(GITHUB_BODY_LIMIT);
}

describe('validateConfig under random input', () => {
  test(
    'never throws: any value gives a valid config or located, short, one-line errors',
    () => {
      fc.assert(
        fc.property(fc.anything({ maxDepth: 3, key: hostileKey }), (raw) => checkResult(raw)),
        { numRuns: RUNS, seed: SEED },
      );
    },
    TIMEOUT,
  );

  test(
    'configs with random values at every known key: same guarantees, and what passes is within bounds',
    () => {
      fc.assert(
        fc.property(configLike, (raw) => checkResult(raw)),
        { numRuns: RUNS, seed: SEED + 1 },
      );
    },
    TIMEOUT,
  );

  test(
    'random label names: duplicates (in any case) and the form label are always refused',
    () => {
      const name = fc.constantFrom('a', 'A', 'b', 'account-recovery', 'Account-Recovery', 'recovery: triage', 'queue');
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.constantFrom(...PATHS.filter((p) => p.endsWith('.name'))), name), { maxLength: 6 }), (entries) => {
          const raw: Record<string, unknown> = {};
          for (const [path, v] of entries) setPath(raw, path, v);
          checkResult(raw);
        }),
        { numRuns: RUNS, seed: SEED + 2 },
      );
    },
    TIMEOUT,
  );

  test('the defaults themselves pass', () => {
    cases++;
    expect(validateConfig(defaultConfig()).ok).toBe(true);
  });
});
