import fc from 'fast-check';
import { emptyStatusData, historyEntry, type StatusData } from '../../src/comment/data.js';
import { capReply, githubLength, GITHUB_BODY_LIMIT, STATUS_COMMENT_MAX } from '../../src/comment/limits.js';
import { renderStatusComment, type StatusView } from '../../src/comment/render.js';
import { defaultConfig } from '../../src/config/load.js';
import { STATES, type State } from '../../src/state/states.js';

// `npm test`: a fixed seed and a small budget. `npm run fuzz`: FUZZ_RUNS cases, a fresh seed
// (printed) unless FUZZ_SEED pins one.
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS ? Date.now() : 20261120;
const TIMEOUT = Math.max(60_000, RUNS * 100);
let cases = 0;
afterAll(() => console.log(`render fuzz: ${cases} generated cases (seed ${SEED}, ${RUNS} runs per property)`));

const config = defaultConfig();
const DATA_BLOCK = /\n\n<!-- recovery-triage:data [A-Za-z0-9+/=]+ -->$/;

/** Text a requester or a hostile maintainer could write: random, plus every trick that links or pings. */
const userText = fc
  .array(
    fc.oneof(
      { arbitrary: fc.string({ maxLength: 40, unit: 'binary' }), weight: 3 },
      {
        arbitrary: fc.constantFrom(
          '@admin',
          '@pypi/admins',
          'ping @everyone now',
          'me@example.com',
          '&#64;admin',
          '&commat;x',
          '<img src=x onerror=alert(1)>',
          '</details>',
          '<!-- ',
          ' -->',
          '<https://evil.example>',
          'https://evil.example/x',
          'HTTP://EVIL.EXAMPLE',
          'www.evil.example',
          'mailto:x@y.z',
          '[click](javascript:alert(1))',
          '![i](https://x/y.png)',
          '[ref]: https://evil.example',
          '#12',
          'GH-12',
          '```',
          '~~~',
          '\n',
          '\r\n',
          '| a | b |',
          '\u2060',
          '\u0000',
          '😀',
          '\ud800',
          'x'.repeat(5000),
        ),
        weight: 2,
      },
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

const state = fc.constantFrom<State | null>(null, ...STATES);

const entry = fc
  .record({ at: userText, actor: userText, event: userText, from: state, to: fc.constantFrom(...STATES), reason: userText })
  .map((e) => historyEntry(e));

const view: fc.Arbitrary<StatusView> = fc
  .record({
    state,
    problems: fc.array(
      fc.record({ field: fc.string({ maxLength: 10 }), code: fc.constantFrom('missing', 'invalid' as const), message: userText }),
      { maxLength: 30 },
    ),
    history: fc.oneof(fc.array(entry, { maxLength: 10 }), fc.array(entry, { minLength: 90, maxLength: 140 })),
    historyTotal: fc.nat({ max: 100_000 }),
    notes: fc.array(userText, { maxLength: 25 }),
    queueAhead: fc.option(fc.nat({ max: 10_000 }), { nil: null }),
    canonical: fc.option(userText, { nil: null }),
    warnings: fc.array(fc.nat({ max: 400 }), { maxLength: 6 }),
    historyRows: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  })
  .map((r) => {
    const data: StatusData = {
      ...emptyStatusData(),
      history: r.history,
      notes: r.notes,
      queueAhead: r.queueAhead,
      account:
        r.canonical === null ? null : { username: 'someone', verdict: 'renamed', canonical: r.canonical, at: '2026-11-20T10:00:00Z' },
    };
    (data as { historyTotal?: number }).historyTotal = r.historyTotal;
    return {
      state: r.state,
      problems: r.problems,
      data,
      labelOf: (s: State) => config.labels[s].name,
      // Warnings are the bot's own markdown; their number and length vary.
      sensitiveWarnings: r.warnings.map((lines) =>
        ['> [!CAUTION]', ...Array.from({ length: lines }, () => '> Revoke the token now.')].join('\n'),
      ),
      historyRows: r.historyRows,
    };
  });

/** The visible part: everything before the data block, with the bot's own tags taken out. */
function visible(body: string): string {
  return body
    .replace(DATA_BLOCK, '')
    .replace(/^<!-- recovery-triage:status -->/, '')
    .replace(/<\/?(details|summary)>/g, '');
}

describe('renderStatusComment under random input', () => {
  test(
    'never throws, stays under the limit, keeps the data block whole and echoes no mention, link or HTML',
    () => {
      fc.assert(
        fc.property(view, (v) => {
          cases++;
          const body = renderStatusComment(v);
          expect(githubLength(body)).toBeLessThanOrEqual(STATUS_COMMENT_MAX);
          expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT);
          expect(body.startsWith('<!-- recovery-triage:status -->\n\n')).toBe(true);
          expect(body).toMatch(DATA_BLOCK);
          const text = visible(body);
          // No @-mention: every @ is followed by an invisible word joiner (or is not before a name).
          expect(text).not.toMatch(/@[A-Za-z0-9]/);
          // No link: schemes are broken before their colon, www. before its dot.
          expect(text).not.toMatch(/\b(https?|ftp|mailto):/i);
          expect(text).not.toMatch(/\bwww\./i);
          expect(text).not.toMatch(/(?<!\\)\]\(/);
          expect(text).not.toMatch(/(?<!\\)\]:/);
          // No HTML: no tag, comment or entity from user text survives.
          expect(text).not.toMatch(/(?<!\\)<[A-Za-z/!?]/);
          expect(text).not.toMatch(/&(?!amp;|lt;|gt;)[#A-Za-z]/);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    },
    TIMEOUT,
  );

  test(
    'with a tight maxLength the same holds, under that length',
    () => {
      fc.assert(
        fc.property(view, fc.integer({ min: 4_000, max: 20_000 }), (v, maxLength) => {
          cases++;
          const body = renderStatusComment({ ...v, maxLength });
          expect(githubLength(body)).toBeLessThanOrEqual(maxLength);
          expect(body).toMatch(DATA_BLOCK);
          expect(visible(body)).not.toMatch(/@[A-Za-z0-9]/);
        }),
        { numRuns: RUNS, seed: SEED + 1 },
      );
    },
    TIMEOUT,
  );
});

describe('capReply under random input', () => {
  test(
    'never over the cap; text under the cap is untouched; a cut keeps whole lines and says so',
    () => {
      fc.assert(
        fc.property(
          fc.array(userText, { maxLength: 60 }).map((lines) => lines.join('\n')),
          fc.integer({ min: 0, max: 70_000 }),
          (text, max) => {
            cases++;
            const capped = capReply(text, max);
            expect(githubLength(capped)).toBeLessThanOrEqual(max);
            if (githubLength(text) <= max) expect(capped).toBe(text);
            else if (max >= 200) expect(capped).toMatch(/\*\(This reply was shortened to fit[^)]*\.\)\*$/);
          },
        ),
        { numRuns: RUNS * 2, seed: SEED + 2 },
      );
    },
    TIMEOUT,
  );
});
