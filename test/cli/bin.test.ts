import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

beforeAll(() => {
  // lib/ is built by `npm run build` (run by `npm ci` through prepare); build it if it is missing.
  if (!existsSync(`${root}lib/cli/main.js`)) {
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
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
  expect(valid.stderr).toBe('');
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
