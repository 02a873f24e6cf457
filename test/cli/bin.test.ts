import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Newest modification time of the CLI sources, to tell whether lib/ is older than them. */
function newestCliSource(): number {
  const folder = `${root}src/cli/`;
  return Math.max(...readdirSync(folder).map((name) => statSync(folder + name).mtimeMs));
}

beforeAll(() => {
  // lib/ is built by `npm run build` (run by `npm ci` through prepare); build it if it is missing
  // or older than the CLI sources. Type errors elsewhere in a tree being edited do not stop tsc
  // from writing lib/, so its exit status is not what tells whether the CLI was built.
  const main = `${root}lib/cli/main.js`;
  if (!existsSync(main) || statSync(main).mtimeMs < newestCliSource()) {
    try {
      execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    } catch {
      if (!existsSync(main)) throw new Error('tsc did not build lib/cli/main.js');
    }
  }
}, 120_000);

test('the bin is an executable node script', () => {
  expect(() => accessSync(`${root}bin/recovery-triage.js`, constants.X_OK)).not.toThrow();
});

test('the compiled bin checks a file and sets the exit code', () => {
  const valid = spawnSync(process.execPath, ['bin/recovery-triage.js', 'check', 'test/fixtures/well-formed/body.md'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(valid.stderr).toBe('recovery-triage check: using config (built-in defaults), form .github/ISSUE_TEMPLATE/account-recovery.yml\n');
  expect(valid.status).toBe(0);
  expect(JSON.parse(valid.stdout)).toMatchObject({ valid: true, state: 'recovery: triage', fields: { username: 'requester-name' } });

  const invalid = spawnSync(process.execPath, ['bin/recovery-triage.js', 'check', '-'], {
    cwd: root,
    encoding: 'utf8',
    input: '### PyPI Username\n\n-\n',
  });
  expect(invalid.status).toBe(1);
  expect(JSON.parse(invalid.stdout)).toMatchObject({ valid: false, state: 'recovery: incomplete' });

  const usage = spawnSync(process.execPath, ['bin/recovery-triage.js', 'check', 'no/such/file.md'], { cwd: root, encoding: 'utf8' });
  expect(usage.status).toBe(2);
  expect(usage.stdout).toBe('');
  expect(usage.stderr).toContain('cannot read body file no/such/file.md');
});

test('the compiled bin prints its version and help', () => {
  const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { version: string };
  const version = spawnSync(process.execPath, ['bin/recovery-triage.js', '--version'], { cwd: root, encoding: 'utf8' });
  expect(version.status).toBe(0);
  expect(version.stdout).toBe(`recovery-triage ${pkg.version}\n`);
  const help = spawnSync(process.execPath, ['bin/recovery-triage.js', 'help', 'check'], { cwd: root, encoding: 'utf8' });
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^Usage: recovery-triage check /);
});

// util-linux `script` gives the child a real terminal as standard input.
const withTerminal = existsSync('/usr/bin/script') ? test : test.skip;

withTerminal(
  'the compiled bin, given no file on a real terminal, prints the usage and exits 2 at once',
  () => {
    const result = spawnSync('/usr/bin/script', ['-qec', `${process.execPath} bin/recovery-triage.js check`, '/dev/null'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 20_000,
      input: '',
    });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(2);
    expect(result.stdout).toContain('standard input is a terminal');
    expect(result.stdout).toContain('Usage: recovery-triage check');
  },
  30_000,
);
