import { checkRequest } from '../../src/checks/validate.js';
import { defaultConfig } from '../../src/config/load.js';
import { parseBody } from '../../src/form/parse.js';
import { loadFormFixtures, type FormFixture } from './form-fixtures.js';
import { renderBody } from './github-render.js';

const fixtures = loadFormFixtures();
const rule = defaultConfig().username;

function expectedValues(fixture: FormFixture): Record<string, unknown> {
  const { $skipped: _skipped, ...values } = fixture.answers;
  void _skipped;
  return Object.fromEntries(fixture.template.fields.map((f) => [f.id, values[f.id] ?? null]));
}

describe('the form fixtures', () => {
  test('there are at least ten, and together they use every structure the parser must handle', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
    const fields = fixtures.flatMap((f) => f.template.fields);
    for (const type of ['input', 'textarea', 'dropdown', 'checkboxes', 'upload']) expect(fields.some((f) => f.type === type)).toBe(true);
    expect(fields.some((f) => f.render !== null)).toBe(true);
    expect(fields.some((f) => f.slugged === true)).toBe(true);
    expect(fields.some((f) => f.type === 'checkboxes' && f.options.some((o) => o.required) && f.options.some((o) => !o.required))).toBe(
      true,
    );
    expect(fields.some((f) => f.options.some((o) => o.label.includes('\n')))).toBe(true);
    expect(fields.some((f) => /\p{Extended_Pictographic}/u.test(f.label))).toBe(true);
    expect(fields.some((f) => f.label.includes('`'))).toBe(true);
    expect(fields.some((f) => f.label.includes(':'))).toBe(true);
    expect(fields.some((f) => /[^\p{Script=Latin}\p{Script=Common}]/u.test(f.label))).toBe(true);
    expect(fixtures.some((f) => (f.template.skipped ?? []).length > 0)).toBe(true);
  });

  test('every answers.json names only fields of its form', () => {
    for (const fixture of fixtures) {
      const ids = new Set(fixture.template.fields.map((f) => f.id));
      expect(Object.keys(fixture.answers).filter((k) => k !== '$skipped' && !ids.has(k))).toEqual([]);
    }
  });
});

describe.each(fixtures.map((f) => [f.name, f] as const))('form %s', (_name, fixture) => {
  test('a body rendered by GitHub rules parses back to the answers', () => {
    const parsed = parseBody(fixture.template, renderBody(fixture.template, fixture.answers));
    expect(parsed.values).toEqual(expectedValues(fixture));
    expect(parsed.found).toEqual(fixture.template.fields.map((f) => f.id));
    expect(parsed.warnings).toEqual([]);
  });

  test('the same body with CRLF line ends (as the web form sends it) parses the same', () => {
    const body = renderBody(fixture.template, fixture.answers).replace(/\n/g, '\r\n');
    expect(parseBody(fixture.template, body).values).toEqual(expectedValues(fixture));
  });

  test('a body of only _No response_ and unticked boxes is found but empty', () => {
    const parsed = parseBody(fixture.template, renderBody(fixture.template, {}));
    expect(parsed.found).toHaveLength(fixture.template.fields.length);
    for (const field of fixture.template.fields) expect(parsed.values[field.id]).toEqual(field.type === 'checkboxes' ? [] : null);
  });

  const cases = fixture.cases.map((c) => [c.name, c] as const);
  if (cases.length > 0) {
    test.each(cases)('case %s', (_case, { body, expected }) => {
      expect(expected.about.length).toBeGreaterThan(0);
      const parsed = parseBody(fixture.template, body);
      if (expected.values) expect(parsed.values).toMatchObject(expected.values);
      if (expected.found) expect(parsed.found).toEqual(expected.found);
      expect(parsed.warnings.map((w) => ({ field: w.field, line: w.line }))).toEqual(expected.warnings ?? []);
      if (expected.check) {
        const result = checkRequest(fixture.template, body, rule);
        expect(result.valid).toBe(expected.check.valid);
        expect(result.problems.map((p) => ({ field: p.field, code: p.code }))).toEqual(
          expected.check.problems.map((p) => ({ field: p.field, code: p.code })),
        );
        result.problems.forEach((p, i) => expect(p.message).toContain(expected.check?.problems[i]?.messageIncludes));
        if (expected.check.fields) expect(result.fields).toMatchObject(expected.check.fields);
      }
    });
  }
});
