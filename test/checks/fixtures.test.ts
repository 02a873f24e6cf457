import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../cli/fake-io.js';

/**
 * Every folder of test/fixtures holding body.md and expected.json is one case: the CLI's JSON
 * must match expected.json, where each problem gives a substring of its message.
 */
interface ExpectedProblem {
  field: string;
  code: string;
  messageIncludes: string;
}
interface Expected {
  valid: boolean;
  state: string;
  fields: Record<string, unknown>;
  problems: ExpectedProblem[];
}
interface Output {
  valid: boolean;
  state: string;
  fields: Record<string, unknown>;
  problems: { field: string; code: string; message: string }[];
}

const root = fileURLToPath(new URL('../fixtures/', import.meta.url));
const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`${root}${d.name}/body.md`) && existsSync(`${root}${d.name}/expected.json`))
  .map((d) => d.name)
  .sort();

test('the fixture folders are found', () => {
  expect(cases.length).toBeGreaterThanOrEqual(23);
});

test.each(cases)('%s', async (name) => {
  const expected = JSON.parse(readFileSync(`${root}${name}/expected.json`, 'utf8')) as Expected;
  const io = fakeIo();
  const code = await main(['check', `${root}${name}/body.md`], io);

  expect(io.err()).toBe('');
  expect(code).toBe(expected.valid ? 0 : 1);
  const output = JSON.parse(io.out()) as Output;
  expect(output.valid).toBe(expected.valid);
  expect(output.state).toBe(expected.state);
  expect(output.fields).toEqual(expected.fields);
  expect(output.problems.map((p) => ({ field: p.field, code: p.code }))).toEqual(
    expected.problems.map((p) => ({ field: p.field, code: p.code })),
  );
  output.problems.forEach((problem, i) => {
    expect(problem.message).toContain(expected.problems[i]?.messageIncludes);
  });
});
