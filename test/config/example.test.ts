import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkCommand } from '../../src/cli/check.js';
import { SCHEMA_URL, configJsonSchema } from '../../src/config/json-schema.js';
import { validateConfig } from '../../src/config/load.js';
import { fakeIo } from '../cli/fake-io.js';

const EXAMPLE = new URL('../../examples/recovery-triage.yml', import.meta.url);
const text = readFileSync(EXAMPLE, 'utf8');

interface Node {
  type?: string;
  properties?: Record<string, Node>;
}

/** Dotted paths of every object in the schema that has named keys, with those keys. */
function objectKeys(node: Node, path: string[] = []): { path: string; keys: string[] }[] {
  if (node.properties === undefined) return [];
  return [
    { path: path.join('.'), keys: Object.keys(node.properties).sort() },
    ...Object.entries(node.properties).flatMap(([key, child]) => objectKeys(child, [...path, key])),
  ];
}

function at(value: unknown, path: string): unknown {
  if (path === '') return value;
  return path
    .split('.')
    .reduce<unknown>((v, key) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined), value);
}

test('the example starts with the yaml-language-server line pointing at the published schema', () => {
  expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_URL}`);
});

test('the example is a valid config for the bot (the real validator)', () => {
  const result = validateConfig(parse(text), 'examples/recovery-triage.yml');
  expect(result).toMatchObject({ ok: true });
});

test('the example has every key of the config and no other (after a config change, update examples/recovery-triage.yml)', () => {
  const example = parse(text) as unknown;
  const mismatches = objectKeys(configJsonSchema() as Node)
    .map(({ path, keys }) => {
      const value = at(example, path);
      const present = typeof value === 'object' && value !== null ? Object.keys(value).sort() : [];
      return {
        path: path || '(top level)',
        missing: keys.filter((k) => !present.includes(k)),
        unknown: present.filter((k) => !keys.includes(k)),
      };
    })
    .filter((m) => m.missing.length > 0 || m.unknown.length > 0);
  expect(mismatches).toEqual([]);
  // The free-form map of replies is shown with at least one entry.
  expect(Object.keys((example as { messages: { replies: object } }).messages.replies).length).toBeGreaterThan(0);
});

test('every key in the example has a comment, on its line or the line above', () => {
  const lines = text.split('\n');
  const uncommented = lines
    .map((line, i) => ({ line, above: lines[i - 1] ?? '', number: i + 1 }))
    .filter(({ line }) => /^\s*[A-Za-z0-9-]+:/.test(line))
    .filter(({ line, above }) => !/\s#\s/.test(line) && !/^\s*#/.test(above));
  expect(uncommented.map((u) => `${u.number}: ${u.line}`)).toEqual([]);
});

describe("check --config honours the config's form", () => {
  let root: string;
  const customForm = [
    'name: Recovery',
    'description: Get your account back',
    'labels: [account-recovery]',
    'body:',
    '  - type: input',
    '    id: username',
    '    attributes:',
    '      label: Account name',
    '    validations:',
    '      required: true',
    '',
  ].join('\n');

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'recovery-triage-example-'));
    mkdirSync(join(root, '.github', 'ISSUE_TEMPLATE'), { recursive: true });
    writeFileSync(join(root, '.github', 'ISSUE_TEMPLATE', 'recovery.yml'), customForm);
    writeFileSync(join(root, 'body.md'), '### Account name\n\nrequester-name\n');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  async function check(config: string, args: string[] = []) {
    const path = join(root, '.github', 'recovery-triage.yml');
    writeFileSync(path, config);
    const io = fakeIo();
    const code = await checkCommand.run(['--config', path, ...args, join(root, 'body.md')], io);
    return { code, out: io.out(), err: io.err() };
  }

  test('the form path is read from the repository that holds the config', async () => {
    const custom = text.replace(/^form: .*$/m, 'form: .github/ISSUE_TEMPLATE/recovery.yml');
    const { code, out, err } = await check(custom);
    // One line on standard error: the files used, both from the repository holding the config.
    expect(err).toBe(
      `recovery-triage check: using config ${join(root, '.github', 'recovery-triage.yml')}, form ${join(root, '.github', 'ISSUE_TEMPLATE', 'recovery.yml')}\n`,
    );
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ valid: true, state: 'recovery: triage', fields: { username: 'requester-name' } });
  });

  test('while the form file does not exist, the bundled form is used (as the bot does) and a note says so', async () => {
    const { code, out, err } = await check(text);
    expect(code).toBe(1);
    // The bundled form asks for a reason and three boxes this body does not have.
    expect((JSON.parse(out) as { problems: { field: string }[] }).problems.map((p) => p.field)).toEqual(
      expect.arrayContaining(['reason', 'recovery-codes']),
    );
    expect(err).toContain(`the config's form ${join(root, '.github', 'ISSUE_TEMPLATE', 'account-recovery.yml')} does not exist`);
  });

  test("--template still wins over the config's form", async () => {
    const custom = text.replace(/^form: .*$/m, 'form: .github/ISSUE_TEMPLATE/recovery.yml');
    const bundled = new URL('../../.github/ISSUE_TEMPLATE/account-recovery.yml', import.meta.url).pathname;
    const { code, err } = await check(custom, ['--template', bundled]);
    expect(err).toMatch(/^recovery-triage check: using config [^\n]*recovery-triage\.yml, form [^\n]*account-recovery\.yml\n$/);
    expect(code).toBe(1);
  });
});
