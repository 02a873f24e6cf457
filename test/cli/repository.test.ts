import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LintReport } from '../../src/cli/lint.js';
import { main } from '../../src/cli/main.js';
import { findRepoRoot } from '../../src/cli/repository.js';
import { fakeIo } from './fake-io.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const npmForm = readFileSync(join(fixtures, 'forms', 'npm-recovery', 'form.yml'), 'utf8');
const pypiBody = readFileSync(join(fixtures, 'well-formed', 'body.md'), 'utf8');
/** A complete answer to the npm form, as GitHub renders it. */
const npmBody = [
  '### npm user name:',
  '',
  'left-pad-fan',
  '',
  '### Which second factor did you lose?',
  '',
  'Security key (WebAuthn)',
  '',
  '### Reason',
  '',
  'My security key was in the bag that was stolen on the train.',
  '',
  '### Affirmations',
  '',
  '- [X] I no longer have my recovery codes',
  '- [X] I can still read the e-mail address on the account',
  '',
].join('\n');
const CONFIG = [
  'form: .github/ISSUE_TEMPLATE/npm.yml',
  'username:',
  '  field: account',
  '  platform: npm',
  'labels:',
  '  triage:',
  '    name: "npm: waiting"',
  'messages:',
  '  status:',
  '    triage: "Queued for the npm support team, {requester}."',
  '',
].join('\n');

let base: string;
beforeAll(() => {
  // realpath: macOS and some CI machines put tmpdir behind a symlink.
  base = realpathSync(mkdtempSync(join(tmpdir(), 'recovery-triage-repo-')));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A real checkout (`git init`) with the given files. */
function repository(name: string, files: Record<string, string>): string {
  const root = join(base, name);
  mkdirSync(root, { recursive: true });
  execFileSync('git', ['init', '-q', root], { stdio: 'pipe' });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

async function run(argv: string[], cwd: string, stdin = '') {
  const io = { ...fakeIo(stdin), cwd };
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('inside a repository with its own config and form', () => {
  let root: string;
  beforeAll(() => {
    root = repository('npm-support', {
      '.github/recovery-triage.yml': CONFIG,
      '.github/ISSUE_TEMPLATE/npm.yml': npmForm,
      'docs/README.md': '# support\n',
      'bodies/npm.md': npmBody,
      'bodies/pypi.md': pypiBody,
    });
  });

  test('the checkout is found by walking up to its .git, from any folder in it', () => {
    expect(findRepoRoot(join(root, 'docs'))).toBe(root);
    expect(findRepoRoot(root)).toBe(root);
  });

  test('check validates against the repository form and config, as the bot would, and says which files it used', async () => {
    // A body of the bundled PyPI form is not a valid npm request.
    const pypi = await run(['check', 'bodies/pypi.md'], root);
    expect(pypi.code).toBe(1);
    const verdict = JSON.parse(pypi.out) as { valid: boolean; state: string; problems: { field: string }[] };
    expect(verdict.valid).toBe(false);
    expect(verdict.problems.map((p) => p.field)).toEqual(expect.arrayContaining(['account', 'factor', 'affirm']));
    expect(pypi.err).toBe('recovery-triage check: using config .github/recovery-triage.yml, form .github/ISSUE_TEMPLATE/npm.yml\n');

    // From a subfolder, with the body on standard input: same files, shown by their full paths.
    const npm = await run(['check', '-'], join(root, 'docs'), npmBody);
    expect(npm.code).toBe(0);
    expect(JSON.parse(npm.out)).toMatchObject({ valid: true, state: 'npm: waiting', fields: { account: 'left-pad-fan' }, problems: [] });
    expect(npm.err).toBe(
      `recovery-triage check: using config ${join(root, '.github/recovery-triage.yml')}, form ${join(root, '.github/ISSUE_TEMPLATE/npm.yml')}\n`,
    );
  });

  test('lint reports the repository form with its config and names both files (text and JSON)', async () => {
    const text = await run(['lint'], root);
    expect(text.code).toBe(0);
    expect(text.out).toContain(
      'Form: 🔐 Regain access to my account (.github/ISSUE_TEMPLATE/npm.yml)\nConfig: .github/recovery-triage.yml\n',
    );
    expect(text.out).toContain('Username field: account ("npm user name:", the configured username.field)');
    expect(text.out).not.toContain('bundled form');

    const json = await run(['lint', '--json'], root);
    const parsed = JSON.parse(json.out) as { ok: boolean; sources: unknown; report: LintReport };
    expect(parsed.ok).toBe(true);
    expect(parsed.sources).toEqual({ config: '.github/recovery-triage.yml', form: '.github/ISSUE_TEMPLATE/npm.yml' });
    expect(parsed.report.usernameField?.key).toBe('account');
    expect(parsed.report.warnings).toEqual([]);
  });

  test("preview shows the repository config's texts and says which files it used", async () => {
    const { code, out, err } = await run(['preview', '--state', 'triage'], root);
    expect(code).toBe(0);
    expect(out).toContain('Queued for the npm support team, octo\\-requester.');
    expect(err).toBe('recovery-triage preview: using config .github/recovery-triage.yml, form .github/ISSUE_TEMPLATE/npm.yml\n');
  });

  test('--config and --template still win over the repository files', async () => {
    const bundledForm = fileURLToPath(new URL('../../.github/ISSUE_TEMPLATE/account-recovery.yml', import.meta.url));
    const { code, out, err } = await run(['check', '--template', bundledForm, 'bodies/pypi.md'], root);
    expect(err).toBe(`recovery-triage check: using config .github/recovery-triage.yml, form ${bundledForm}\n`);
    // The PyPI body is complete for the PyPI form; the repository config still names the state.
    expect(code).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ valid: true, state: 'npm: waiting' });
  });
});

test('a repository with a form at the default path but no config: defaults and its form', async () => {
  const root = repository('form-only', { '.github/ISSUE_TEMPLATE/account-recovery.yml': npmForm, 'body.md': pypiBody });
  const { code, out, err } = await run(['check', 'body.md'], root);
  expect(code).toBe(1);
  expect((JSON.parse(out) as { valid: boolean }).valid).toBe(false);
  expect(err).toBe('recovery-triage check: using config (built-in defaults), form .github/ISSUE_TEMPLATE/account-recovery.yml\n');
});

test('a repository without config or form: the bundled ones, and it says so', async () => {
  const root = repository('bare', { 'body.md': pypiBody });
  const { code, out, err } = await run(['check', 'body.md'], root);
  expect(code).toBe(0);
  expect(JSON.parse(out)).toMatchObject({ valid: true, state: 'recovery: triage' });
  expect(err).toBe(
    [
      "recovery-triage check: note: the config's form .github/ISSUE_TEMPLATE/account-recovery.yml does not exist; using the bundled form, as the bot does.",
      'recovery-triage check: using config (built-in defaults), form (bundled form)',
      '',
    ].join('\n'),
  );
  const lint = await run(['lint'], root);
  expect(lint.out).toContain('Form: Account recovery request (bundled form)\nConfig: (built-in defaults)\n');
});

test('outside any repository: the bundled form and built-in defaults', async () => {
  const loose = join(base, 'loose');
  mkdirSync(loose);
  writeFileSync(join(loose, 'body.md'), pypiBody);
  expect(findRepoRoot(loose)).toBeNull();
  const { code, err } = await run(['check', 'body.md'], loose);
  expect(code).toBe(0);
  expect(err).toBe('recovery-triage check: using config (built-in defaults), form (bundled form)\n');
});
