import fc from 'fast-check';
import { normalizeUsername, type UsernameRule } from '../../src/checks/username.js';
import { checkRequest, usernameFieldOf } from '../../src/checks/validate.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadBundledForm } from '../../src/form/bundled.js';
import type { FormField, FormTemplate } from '../../src/form/schema.js';
import { loadFormFixtures } from '../form/form-fixtures.js';
import { renderBody } from '../form/github-render.js';
import { normalizeUsername as referenceNormalize } from './reference/username.js';
import { checkRequest as referenceCheck, usernameFieldOf as referenceFieldOf } from './reference/validate.js';

// checkRequest and normalizeUsername skip regular expressions and allocations on the usual
// answer. These tests hold them to the versions they replaced, kept in reference/: the same
// result, message for message and key for key, for generated usernames, rules and bodies.
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20261202;
const TIMEOUT = Math.max(60_000, RUNS * 40);

const base: UsernameRule = defaultConfig().username;
const rules: UsernameRule[] = [
  base,
  { ...base, alphanumericEnds: false },
  { ...base, maxLength: 5 },
  { ...base, allowedCharacters: 'a-z\\p{L}' },
  { ...base, allowedCharacters: 'A-Za-z0-9._@:/ -' },
  { ...base, profileUrlPrefixes: ['http://Example.COM/u', 'https://x.org/#/people/', 'https://İ.example/'] },
  { ...base, profileUrlPrefixes: [] },
  { ...base, field: 'pypi-username' },
  { ...base, field: 'nothing-here', platform: 'npm' },
  { ...base, field: '__proto__' },
];

function sameName(raw: string, rule: UsernameRule): void {
  expect(normalizeUsername(raw, rule)).toStrictEqual(referenceNormalize(raw, rule));
}

const NAMES = [
  '`some-user`',
  '``a`b``',
  '`',
  '``',
  '"quoted"',
  "'single'",
  '\u201cname\u201d',
  '\u2018name\u2019',
  'user@example.com',
  'a@b c',
  '@jane',
  '@',
  '@@x',
  'https://pypi.org/user/jane/',
  'HTTPS://PyPI.org/USER/Jane?tab=x#y',
  'http://test.pypi.org/user/jo/',
  'pypi.org/user/',
  'https://pypi.org/user//',
  'https://example.com/jane',
  'http://Example.COM/u/name/',
  'httpie-user',
  'httpxyzpypi.org/user/jane',
  'HTTPS-jane',
  'http:/pypi.org/user/x',
  'x.org/#/people/who?',
  'İ.example/a',
  'username: jane',
  'name=jane',
  'Jane Doe',
  'jane\u00a0doe',
  'n/a',
  'N/A.',
  'Not applicable!!',
  '???',
  '—',
  "I don't remember",
  'I DON\u2019T KNOW',
  'forgot.',
  '_No response_',
  '-jane',
  'jane-',
  'ja.ne',
  'jäne',
  'é',
  '𝒥ane',
  'a\u200bb',
  'x'.repeat(51),
  'x'.repeat(50),
  'İİİİİİİİİİİİİİİ',
  'first\nsecond',
  '\n\n  second line\r\nthird',
  ' \r jane',
  'a\u2028b',
];
const unit = fc.constantFrom(
  ...'abcXYZ019._-@:/=?#`"\' \t\n\r!'.split(''),
  '\u00a0',
  '\u2019',
  '\u201c',
  '\u201d',
  'İ',
  'é',
  '\u200b',
  '\ud835\udca5',
  'https://',
  'pypi.org/user/',
  'HTTP://',
);
const generatedName = fc.oneof(
  fc.constantFrom(...NAMES),
  fc.string({ unit, maxLength: 30 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.tuple(fc.constantFrom(...NAMES), fc.constantFrom(...NAMES)).map(([a, b]) => `${a}${b}`),
);

function field(id: string, type: FormField['type'], label: string, extra: Partial<FormField> = {}): FormField {
  return { id, type, label, required: true, render: null, options: [], ...extra };
}
const protoForm: FormTemplate = {
  name: 'Proto',
  title: null,
  labels: [],
  fields: [
    field('__proto__', 'input', 'Username'),
    field('7', 'input', 'Seven'),
    field('boxes', 'checkboxes', 'Boxes', {
      options: [
        { label: 'A  b', required: true },
        { label: 'A b', required: true },
        { label: 'c', required: false },
      ],
    }),
    field('up', 'upload', 'Files'),
  ],
};
const fixtures = loadFormFixtures();
const templates: FormTemplate[] = [loadBundledForm(), protoForm, ...fixtures.map((f) => f.template)];

function sameCheck(template: FormTemplate, body: string | null, rule: UsernameRule): void {
  const ours = checkRequest(template, body, rule);
  const reference = referenceCheck(template, body, rule);
  expect(ours).toStrictEqual(reference);
  expect(JSON.stringify(ours)).toBe(JSON.stringify(reference));
}

/** A body of the template's sections in order, with generated answers and mutations. */
function bodyOf(template: FormTemplate): fc.Arbitrary<string> {
  const answers = template.fields.map((f) => {
    if (f.type === 'checkboxes') {
      return fc
        .array(fc.tuple(fc.constantFrom(...f.options.map((o) => o.label), 'other'), fc.constantFrom('[x]', '[X]', '[ ]')), { maxLength: 4 })
        .map((boxes) => boxes.map(([label, box]) => `- ${box} ${label}`).join('\n'));
    }
    return fc.oneof(generatedName, fc.constantFrom('_No response_', '', 'Some text.\n\nMore text.', '```\nunclosed'));
  });
  return fc
    .tuple(
      fc.tuple(...answers),
      fc.array(fc.boolean(), { minLength: template.fields.length, maxLength: template.fields.length }),
      fc.constantFrom('\n', '\r\n'),
    )
    .map(([values, keep, br]) =>
      template.fields
        .map((f, i) => (keep[i] ? `### ${f.label}\n\n${values[i]}\n` : ''))
        .join('\n')
        .replace(/\n/g, br),
    );
}

describe('the fast checks give what the previous ones gave', () => {
  test('listed usernames under every rule', () => {
    for (const rule of rules) for (const name of NAMES) sameName(name, rule);
  });

  test(
    'generated usernames under every rule',
    () => {
      fc.assert(
        fc.property(generatedName, fc.constantFrom(...rules), (name, rule) => sameName(name, rule)),
        { numRuns: RUNS * 4, seed: SEED },
      );
    },
    TIMEOUT,
  );

  test('usernameFieldOf', () => {
    for (const template of templates)
      for (const rule of rules) expect(usernameFieldOf(template, rule)).toBe(referenceFieldOf(template, rule));
  });

  test(
    'rendered fixture answers and cases, every rule',
    () => {
      for (const fixture of fixtures) {
        const bodies = [renderBody(fixture.template, fixture.answers), ...fixture.cases.map((c) => c.body), '', null];
        for (const rule of rules) for (const body of bodies) sameCheck(fixture.template, body, rule);
      }
    },
    TIMEOUT,
  );

  test.each(templates.map((t, i) => [i, t.name, t] as const))(
    'form %d (%s): generated bodies',
    (_i, _name, template) => {
      fc.assert(
        fc.property(bodyOf(template), fc.constantFrom(...rules), (body, rule) => sameCheck(template, body, rule)),
        { numRuns: RUNS, seed: SEED },
      );
    },
    TIMEOUT,
  );

  test('the prefix list of a rule may change between calls', () => {
    const rule = { ...base, profileUrlPrefixes: ['https://a.example/u/'] };
    expect(normalizeUsername('https://a.example/u/jane', rule)).toEqual({ ok: true, username: 'jane' });
    rule.profileUrlPrefixes.push('https://b.example/u/');
    expect(normalizeUsername('https://b.example/u/jo', rule)).toEqual({ ok: true, username: 'jo' });
    rule.profileUrlPrefixes[0] = 'https://c.example/u/';
    expect(normalizeUsername('https://c.example/u/ann', rule)).toEqual({ ok: true, username: 'ann' });
    sameName('https://a.example/u/jane', rule);
  });
});
