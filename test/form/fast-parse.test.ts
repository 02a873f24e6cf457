import fc from 'fast-check';
import { loadBundledForm } from '../../src/form/bundled.js';
import { parseBody } from '../../src/form/parse.js';
import { isWhiteSpace, labelKey, type FormField, type FormTemplate } from '../../src/form/schema.js';
import { loadFormFixtures } from './form-fixtures.js';
import { renderBody } from './github-render.js';
import { labelKey as referenceLabelKey, parseBody as referenceParse } from './reference/parse.js';

// The parser reads the body in place (no split into lines, headings and option labels compared
// as written before they are normalised). These tests hold it to the line-by-line parser it
// replaced, kept in reference/parse.ts: the same answers, found sections and warnings, in the
// same key order, on every form under test and on generated bodies built from the lines that
// matter (headings written every way, fences, ticked boxes, white space of every kind, every
// line break) and from arbitrary text.
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : 20261201;
const TIMEOUT = Math.max(60_000, RUNS * 40);

function field(id: string, type: FormField['type'], label: string, extra: Partial<FormField> = {}): FormField {
  return { id, type, label, required: false, render: null, options: [], ...extra };
}
const opts = (...labels: string[]) => labels.map((label) => ({ label, required: false }));

const small: FormTemplate = {
  name: 'Test',
  title: null,
  labels: [],
  fields: [
    field('name', 'input', 'Your name'),
    field('story', 'textarea', 'What happened'),
    field('logs', 'textarea', 'Logs', { render: 'shell' }),
    field('version', 'dropdown', 'Version', { options: opts('1.0', '2.0, beta', '3.0') }),
    field('terms', 'checkboxes', 'Terms', {
      options: opts(
        'I agree',
        'Send me  news',
        'Third option',
        'i  AGREE',
        'I agree to the terms',
        'I agree to the terms\nand to more terms',
      ),
    }),
    field('files', 'upload', 'Files ###'),
    field('__proto__', 'input', '  Proto\u00a0 Label '),
  ],
  skipped: [{ index: 3, type: 'rating', label: 'Your name', fieldsBefore: 1 }],
};
const duplicateIds: FormTemplate = {
  name: 'Dup',
  title: null,
  labels: [],
  fields: [
    field('x', 'input', 'First'),
    field('x', 'textarea', 'Second'),
    field('7', 'input', 'Seven'),
    field('constructor', 'input', 'C'),
  ],
  skipped: [{ index: 9, type: 'x', label: 'Skipped', fieldsBefore: 4 }],
};
const fixtures = loadFormFixtures();
const templates: FormTemplate[] = [loadBundledForm(), small, duplicateIds, ...fixtures.map((f) => f.template)];

function same(template: FormTemplate, body: string): void {
  const ours = parseBody(template, body);
  const reference = referenceParse(template, body);
  expect(ours).toStrictEqual(reference);
  // Key order (and own "__proto__") too.
  expect(JSON.stringify(ours)).toBe(JSON.stringify(reference));
  expect(Object.keys(ours.values)).toEqual(Object.keys(reference.values));
}

const SPACES = [' ', '\t', '\u00a0', '\u2028', '\ufeff', '\u3000', '\v', '\f', '\u200b', '\u180e'];
const space = fc.constantFrom('', '', ...SPACES, '  ', ' \t ');
const indent = fc.constantFrom('', '', ' ', '  ', '   ', '    ', '\t');
const TRICKY = [
  '#',
  '`',
  '~',
  ' ',
  '\t',
  '-',
  '*',
  '[',
  'x',
  'X',
  ']',
  '\r',
  '\n',
  'a',
  'İ',
  'Σ',
  '\u00a0',
  ',',
  '_',
  '@',
  ':',
  '/',
  '\u2028',
];
const tricky = fc.array(fc.constantFrom(...TRICKY), { maxLength: 24 }).map((cs) => cs.join(''));

/** A label as a requester might retype it. */
function variant(label: string): fc.Arbitrary<string> {
  return fc.constantFrom(
    label,
    label,
    label.toUpperCase(),
    label.toLowerCase(),
    label.replace(/ /g, '  '),
    label.replace(/ /g, '\u00a0'),
    label.replace(/\s+/g, ' ').trim(),
    `${label} ###`,
    `${label}###`,
    `${label} #`,
    label.slice(0, Math.ceil(label.length / 2)),
    `${label}x`,
    label.split('\n')[0] ?? label,
  );
}

function lineArbitrary(template: FormTemplate): fc.Arbitrary<string> {
  const labels = [
    ...template.fields.map((f) => f.label),
    ...(template.skipped ?? []).flatMap((s) => (s.label === undefined ? [] : [s.label])),
  ];
  const options = template.fields.flatMap((f) => f.options.map((o) => o.label));
  const heading = fc
    .tuple(
      indent,
      fc.constantFrom('###', '###', '##', '####', '### ###'),
      fc.constantFrom(' ', ' ', '\t', '  ', ''),
      fc.constantFrom(...labels).chain(variant),
      space,
    )
    .map(([a, b, c, d, e]) => `${a}${b}${c}${d}${e}`);
  const fence = fc
    .tuple(
      indent,
      fc.constantFrom('`', '~'),
      fc.integer({ min: 2, max: 5 }),
      fc.constantFrom('', '', 'shell', ' `x`', ' ~', '  ', '\u00a0', 'a`'),
    )
    .map(([a, ch, n, info]) => `${a}${ch.repeat(n)}${info}`);
  const box = fc
    .tuple(
      indent,
      fc.constantFrom('-', '-', '*', '+', '1.'),
      fc.constantFrom(' ', ' ', '\t', '  ', ''),
      fc.constantFrom('[x]', '[X]', '[ ]', '[x ]', '[y]'),
      fc.constantFrom(' ', ' ', '\t', '   ', ''),
      options.length > 0 ? fc.constantFrom(...options).chain(variant) : fc.constant('I agree'),
      space,
    )
    .map(([a, b, c, d, e, f, g]) => `${a}${b}${c}${d}${e}${f}${g}`);
  // An option label broken over lines, as a requester may rewrap it or YAML may hold it.
  const wrapped = fc
    .tuple(
      options.length > 0 ? fc.constantFrom(...options) : fc.constant('I agree to the terms'),
      fc.nat(),
      fc.constantFrom('\n', '\n\n', '\r\n', '\n  ', '\n- ', '\n```\n'),
    )
    .map(([label, n, br]) => {
      // Cut at a word boundary, or anywhere.
      const cuts = [...label.matchAll(/\s/g)].map((m) => m.index).concat([0, label.length, n % (label.length + 1)]);
      const cut = cuts[n % cuts.length];
      return `- [x] ${label.slice(0, cut)}${br}${label.slice(cut)}`;
    });
  const text = fc.constantFrom(
    '',
    '',
    '_No response_',
    '_no RESPONSE_',
    ' _No response_ ',
    'Jane',
    '`some-user`',
    'some text  ',
    'trailing\u00a0',
    '- a list item',
    'I lost my phone, 1.0, 3.0',
    '2.0, beta',
    'https://example.com/file.png.',
    '![image](https://github.com/user-attachments/assets/abc)',
    '<img src="https://example.com/x.gif">',
    '    indented code',
    'İ',
    'ΑΣ',
  );
  return fc.oneof(
    { arbitrary: heading, weight: 4 },
    { arbitrary: fence, weight: 2 },
    { arbitrary: box, weight: 3 },
    { arbitrary: wrapped, weight: 2 },
    { arbitrary: text, weight: 4 },
    { arbitrary: space, weight: 2 },
    { arbitrary: tricky, weight: 1 },
    { arbitrary: fc.string({ maxLength: 20, unit: 'binary' }), weight: 1 },
  );
}

const breaks = fc.constantFrom('\n', '\n', '\n', '\n', '\r\n', '\r');

/** Lines joined with generated line breaks, the last one followed by nothing, "\n" or "\r". */
function joined(lines: fc.Arbitrary<string[]>): fc.Arbitrary<string> {
  return lines.chain((ls) =>
    fc
      .tuple(fc.array(breaks, { minLength: ls.length, maxLength: ls.length }), fc.constantFrom('', '\n', '\r'))
      .map(([bs, tail]) => ls.map((l, i) => (i === ls.length - 1 ? l + tail : l + bs[i])).join('')),
  );
}

/** Sections of the form in a shuffled order, most headings as GitHub writes them, with lines of every kind under them. */
function sectionsArbitrary(template: FormTemplate): fc.Arbitrary<string> {
  const line = lineArbitrary(template);
  const labels = [
    ...template.fields.map((f) => f.label),
    ...(template.skipped ?? []).flatMap((s) => (s.label === undefined ? [] : [s.label])),
  ];
  const heading = fc.oneof(
    { arbitrary: fc.constantFrom(...labels).map((l) => `### ${l}`), weight: 4 },
    {
      arbitrary: fc
        .constantFrom(...labels)
        .chain(variant)
        .map((l) => `### ${l}`),
      weight: 1,
    },
    { arbitrary: line, weight: 1 },
  );
  const section = fc.tuple(heading, fc.array(line, { maxLength: 6 })).map(([h, ls]) => [h, ...ls]);
  return joined(fc.array(section, { maxLength: 12 }).map((ss) => ss.flat()));
}

function bodyArbitrary(template: FormTemplate): fc.Arbitrary<string> {
  return fc.oneof(joined(fc.array(lineArbitrary(template), { maxLength: 40 })), sectionsArbitrary(template));
}

describe('the fast parser gives what the line-by-line parser gave', () => {
  test(
    'labelKey and isWhiteSpace agree with the regular expressions on every code unit',
    () => {
      const wrong: string[] = [];
      for (let c = 0; c < 0x10000; c++) {
        const ch = String.fromCharCode(c);
        if (isWhiteSpace(c) !== /\s/.test(ch)) wrong.push(`isWhiteSpace U+${c.toString(16)}`);
        for (const text of [ch, `a${ch}b`, `a ${ch}b`, ` ${ch}${ch} `, `A${ch}`]) {
          if (labelKey(text) !== referenceLabelKey(text)) wrong.push(`labelKey ${JSON.stringify(text)}`);
        }
      }
      expect(wrong).toEqual([]);
      expect(isWhiteSpace(NaN)).toBe(false);
    },
    TIMEOUT,
  );

  test(
    'labelKey on generated text',
    () => {
      fc.assert(
        fc.property(
          fc.oneof(tricky, fc.string({ unit: 'binary' }), fc.string({ unit: fc.constantFrom(...SPACES, 'A', 'b', ' ', 'İ') })),
          (text) => {
            expect(labelKey(text)).toBe(referenceLabelKey(text));
          },
        ),
        { numRuns: RUNS, seed: SEED },
      );
    },
    TIMEOUT,
  );

  test.each(templates.map((t, i) => [i, t.name, t] as const))(
    'form %d (%s): rendered answers, cases and generated bodies',
    (_i, _name, template) => {
      const fixture = fixtures.find((f) => f.template === template);
      if (fixture !== undefined) {
        const rendered = renderBody(template, fixture.answers);
        const bodies = [rendered, ...fixture.cases.map((c) => c.body)];
        for (const b of bodies) {
          for (const variantBody of [
            b,
            b.replace(/\n/g, '\r\n'),
            b.replace(/\n/g, '\r'),
            b.replace(/\n/g, ' \n'),
            b.replace(/\n/g, '\u00a0\n'),
            b.toUpperCase(),
          ]) {
            same(template, variantBody);
          }
        }
      }
      same(template, '');
      same(template, '\n');
      same(template, '\r\n');
      fc.assert(
        fc.property(bodyArbitrary(template), (b) => same(template, b)),
        { numRuns: RUNS, seed: SEED },
      );
    },
    TIMEOUT,
  );

  test(
    'arbitrary text, and text with the bundled form appended',
    () => {
      const template = loadBundledForm();
      const rendered = renderBody(template, {
        username: '`me`',
        reason: 'Lost it.',
        'recovery-codes': [],
        'code-of-conduct': [],
        acknowledgement: [],
      });
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.boolean(), (text, prepend) => {
          same(template, text);
          same(template, prepend ? `${text}\n${rendered}` : `${rendered}\n${text}`);
        }),
        { numRuns: RUNS, seed: SEED },
      );
    },
    TIMEOUT,
  );

  test('a template edited into a new fields array is compiled again', () => {
    const template: FormTemplate = { ...small, fields: [...small.fields] };
    same(template, '### Your name\nJane');
    template.fields = [field('other', 'input', 'Your name')];
    same(template, '### Your name\nJane');
    expect(parseBody(template, '### Your name\nJane').values).toEqual({ other: 'Jane' });
  });
});
