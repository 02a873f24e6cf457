import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { fakeIo } from './fake-io.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const wellFormed = join(fixtures, 'well-formed', 'body.md');
const emailUsername = join(fixtures, 'username-email', 'body.md');

interface Output {
  valid: boolean;
  state: string;
  fields: Record<string, unknown>;
  problems: { field: string; code: string; message: string }[];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'recovery-triage-cli-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(argv: string[], stdin = '') {
  const io = fakeIo(stdin);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('recovery-triage', () => {
  test('--help lists the commands', async () => {
    const { code, out, err } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: recovery-triage <command>/);
    expect(out).toMatch(/^ {2}check +Check a request body/m);
    expect(out).toMatch(/^ {2}sweep +/m);
    expect(out).toMatch(/^ {2}report +/m);
    expect(err).toBe('');
  });

  test('a missing or unknown command is a usage error', async () => {
    const missing = await run([]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('recovery-triage: missing command');
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('recovery-triage: unknown command "frobnicate"');
    expect(unknown.out).toBe('');
  });
});

describe('recovery-triage check', () => {
  test('--help prints the usage', async () => {
    const { code, out } = await run(['check', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: recovery-triage check [--template FILE] [--config FILE] [FILE|-]');
  });

  test('a valid body exits 0 with the triage state', async () => {
    const { code, out, err } = await run(['check', wellFormed]);
    expect(code).toBe(0);
    expect(err).toBe('');
    const output = JSON.parse(out) as Output;
    expect(output).toMatchObject({ valid: true, state: 'recovery: triage', problems: [] });
    expect(output.fields.username).toBe('requester-name');
    expect(Object.keys(output)).toEqual(['valid', 'state', 'fields', 'problems']);
    expect(out.endsWith('}\n')).toBe(true);
  });

  test('an invalid body exits 1 with the incomplete state and the problems', async () => {
    const { code, out } = await run(['check', emailUsername]);
    expect(code).toBe(1);
    const output = JSON.parse(out) as Output;
    expect(output.state).toBe('recovery: incomplete');
    expect(output.problems).toEqual([{ field: 'username', code: 'invalid', message: expect.stringContaining('not e-mail addresses') }]);
  });

  test('reads standard input for - and when no file is given, dropping a byte-order mark', async () => {
    const text = readFileSync(wellFormed, 'utf8');
    const dash = await run(['check', '-'], text);
    expect(dash.code).toBe(0);
    expect((JSON.parse(dash.out) as Output).fields.username).toBe('requester-name');
    const implicit = await run(['check'], `\uFEFF${text}`);
    expect(implicit.code).toBe(0);
    expect(await run(['check'], '')).toMatchObject({ code: 1 });
  });

  test('a missing body file exits 2 with a message and no output', async () => {
    const { code, out, err } = await run(['check', join(dir, 'nope.md')]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`recovery-triage check: cannot read body file ${join(dir, 'nope.md')}: no such file\n`);
  });

  test('unknown flags and extra arguments exit 2', async () => {
    const flag = await run(['check', '--verbose', wellFormed]);
    expect(flag.code).toBe(2);
    expect(flag.out).toBe('');
    expect(flag.err).toContain("Unknown option '--verbose'");
    expect(flag.err).toContain('Run "recovery-triage check --help" for usage.');
    const extra = await run(['check', wellFormed, wellFormed]);
    expect(extra.code).toBe(2);
    expect(extra.err).toContain('expected at most one body file, got 2');
    const noValue = await run(['check', '--config']);
    expect(noValue.code).toBe(2);
  });

  test('--config renames the state labels', async () => {
    const config = file('good.yml', 'labels:\n  triage:\n    name: "ready"\n  incomplete:\n    name: "needs work"\n');
    const valid = await run(['check', '--config', config, wellFormed]);
    expect(JSON.parse(valid.out)).toMatchObject({ valid: true, state: 'ready' });
    const invalid = await run(['check', `--config=${config}`, emailUsername]);
    expect(JSON.parse(invalid.out)).toMatchObject({ valid: false, state: 'needs work' });
  });

  test('--config applies the username rule', async () => {
    const config = file('short.yml', 'username:\n  maxLength: 5\n');
    const { code, out } = await run(['check', '--config', config, wellFormed]);
    expect(code).toBe(1);
    expect((JSON.parse(out) as Output).problems[0]?.message).toContain('at most 5');
  });

  test('a bad --config exits 2 with the located error', async () => {
    const unknownKey = file('bad.yml', 'labels:\n  triage:\n    colour: red\n');
    const bad = await run(['check', '--config', unknownKey, wellFormed]);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toContain(`${unknownKey}: unknown key "labels.triage.colour"`);

    const syntax = file('syntax.yml', 'labels: [\n');
    const broken = await run(['check', '--config', syntax, wellFormed]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(new RegExp(`${syntax.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+, column \\d+: `));

    expect((await run(['check', '--config', join(dir, 'absent.yml'), wellFormed])).code).toBe(2);
  });

  test('a username rule that is not a valid character class exits 2 with the located config error', async () => {
    const config = file('regex.yml', 'username:\n  allowedCharacters: "\\\\q"\n');
    const { code, out, err } = await run(['check', '--config', config, wellFormed]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('username.allowedCharacters: must be the inside of a regular-expression character class');
  });

  test('--template checks against another form', async () => {
    const template = file(
      'form.yml',
      'name: Other\ndescription: d\nbody:\n  - type: input\n    id: username\n    attributes: {label: Login}\n    validations: {required: true}\n',
    );
    const good = await run(['check', '--template', template, '-'], '### Login\n\n`jane`\n');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out)).toEqual({ valid: true, state: 'recovery: triage', fields: { username: 'jane' }, problems: [] });
    const bad = await run(['check', '--template', template, wellFormed]);
    expect(bad.code).toBe(1);
    expect((JSON.parse(bad.out) as Output).problems).toEqual([
      { field: 'username', code: 'missing', message: expect.stringContaining('"Login"') },
    ]);
  });

  test('a bad --template exits 2 with the located error', async () => {
    const template = file('bad-form.yml', 'name: Other\ndescription: d\nbody:\n  - type: input\n    attributes: {label: ""}\n');
    const { code, out, err } = await run(['check', '--template', template, wellFormed]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`${template}: body.0.attributes.label: must not be empty`);
    expect((await run(['check', '--template', join(dir, 'absent-form.yml'), wellFormed])).err).toContain('cannot read template file');
  });
});
