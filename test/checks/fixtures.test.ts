import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkCommand } from '../../src/cli/check.js';
import { fakeIo } from '../cli/fake-io.js';

/**
 * Every folder of test/fixtures holding body.md and expected.json is one case: the JSON of
 * `check` must match expected.json, where each problem gives a substring of its message. A
 * folder may hold form.yml (checked with --template, else the bundled form) and config.yml
 * (--config). The command is run directly: main() only dispatches to it.
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
  expect(cases.length).toBeGreaterThanOrEqual(26);
  expect(cases.filter((name) => existsSync(`${root}${name}/form.yml`)).length).toBeGreaterThanOrEqual(2);
});

test.each(cases)('%s', async (name) => {
  const dir = `${root}${name}/`;
  const expected = JSON.parse(readFileSync(`${dir}expected.json`, 'utf8')) as Expected;
  const io = fakeIo();
  const options = [
    ...(existsSync(`${dir}form.yml`) ? ['--template', `${dir}form.yml`] : []),
    ...(existsSync(`${dir}config.yml`) ? ['--config', `${dir}config.yml`] : []),
  ];
  const code = await checkCommand.run([...options, `${dir}body.md`], io);

  // Standard error holds only the line naming the config and form used.
  expect(io.err()).toMatch(/^recovery-triage check: using config [^\n]*, form [^\n]*\n$/);
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
