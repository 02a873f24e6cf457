import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, unknown>;

interface Check {
  files: string[];
  problems: string[];
}

let project: string;

/** `node scripts/pack-check.js --json [more]` in the copy; stdout parsed. */
function packCheck(...more: string[]): { status: number | null; check: Check; stderr: string } {
  const result = spawnSync(process.execPath, ['scripts/pack-check.js', '--json', ...more], { cwd: project, encoding: 'utf8' });
  return { status: result.status, check: JSON.parse(result.stdout) as Check, stderr: result.stderr };
}

beforeAll(() => {
  // A copy of the working tree as a maintainer has it before `npm publish`: a clean build (the
  // compiled files of today's sources), plus what must never ship lying around: a .env, a key,
  // a source map.
  const tsc = (config: string) =>
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', config], { cwd: root, stdio: 'pipe' });
  if (!existsSync(join(root, 'lib/index.js'))) tsc('tsconfig.build.json');
  // The sandbox page's script and style sheet, as `npm run build` makes them.
  if (!existsSync(join(root, 'lib/sandbox/client/app.js'))) tsc('src/sandbox/client/tsconfig.json');
  if (!existsSync(join(root, 'lib/sandbox/client/style.css')))
    cpSync(join(root, 'src/sandbox/client/style.css'), join(root, 'lib/sandbox/client/style.css'));
  project = mkdtempSync(join(tmpdir(), 'recovery-triage-pack-'));
  cpSync(root, project, {
    recursive: true,
    filter: (source) => {
      const path = relative(root, source);
      if (/^(node_modules|\.git|coverage)(\/|$)/.test(path) || /(^|\/)\.env$|\.pem$/.test(path)) return false;
      // lib/ as a clean build leaves it: JavaScript whose TypeScript source exists.
      if (path.startsWith('lib/') && /\.[a-z]+$/.test(path)) {
        // The sandbox's style sheet is copied as it is (src/sandbox/client/style.css).
        if (path.endsWith('.css')) return existsSync(join(root, path.replace(/^lib/, 'src')));
        const source = path.replace(/^lib/, 'src').replace(/\.d\.ts$|\.js$/, '.ts');
        return (path.endsWith('.js') || path.endsWith('.d.ts')) && existsSync(join(root, source));
      }
      return true;
    },
  });
  symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
  writeFileSync(join(project, '.env'), 'PRIVATE_KEY=secret\n');
  writeFileSync(join(project, 'recovery-triage.2026-11-24.private-key.pem'), 'secret\n');
  writeFileSync(join(project, 'lib', 'index.js.map'), '{}');
}, 120_000);

afterAll(() => rmSync(project, { recursive: true, force: true }));

test('package.json is publishable: not private, MIT, the supported Node.js versions (22 and later), repository and bugs', () => {
  expect(pkg.private).toBeUndefined();
  expect(pkg.license).toBe('MIT');
  // Deployments run on 22 or 24: Node.js 20 is past its end of life and a dependency already
  // asks for 22 (CI still runs the tests on 20). Probot itself still allows 20.18.1.
  expect(pkg.engines).toEqual({ node: '>=22' });
  const probot = JSON.parse(readFileSync(join(root, 'node_modules/probot/package.json'), 'utf8')) as { engines: { node: string } };
  expect(probot.engines.node.replace(/\s/g, '')).toBe('^20.18.1||>=22');
  expect(pkg.repository).toEqual({ type: 'git', url: 'git+https://github.com/recovery-triage/recovery-triage.git' });
  expect(pkg.bugs).toEqual({ url: 'https://github.com/recovery-triage/recovery-triage/issues' });
  expect(pkg.homepage).toBe('https://github.com/recovery-triage/recovery-triage#readme');
  expect(pkg.keywords).toEqual(expect.arrayContaining(['probot-app', 'github-action']));
  expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 recovery-triage contributors\n/);
});

test('the tarball has what a user needs and nothing else', () => {
  const { status, check, stderr } = packCheck();
  expect(check.problems).toEqual([]);
  expect(status).toBe(0);
  expect(stderr).not.toContain('ERR');
  const files = check.files;
  for (const needed of [
    'package.json',
    'README.md',
    'LICENSE',
    'CHANGELOG.md',
    'bin/recovery-triage.js',
    'bin/start.js',
    'lib/index.js',
    'lib/cli/main.js',
    'lib/cli/setup.js',
    'lib/config/json-schema.js',
    'app.yml',
    'action.yml',
    'schema/recovery-triage.schema.json',
    '.github/ISSUE_TEMPLATE/account-recovery.yml',
  ]) {
    expect(files).toContain(needed);
  }
  const unexpected = files.filter(
    (f) =>
      !/^(lib\/.+\.(js|d\.ts)|bin\/[a-z-]+\.js)$/.test(f) &&
      !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'app.yml', 'action.yml'].includes(f),
  );
  expect(unexpected).toEqual([
    '.github/ISSUE_TEMPLATE/account-recovery.yml',
    'lib/sandbox/client/style.css',
    'schema/recovery-triage.schema.json',
  ]);
  for (const file of files) {
    expect(file).not.toMatch(/^(test|src|docs|examples|scripts|bench)\//);
    expect(file).not.toMatch(/\.map$|\.pem$|(^|\/)\.env/);
  }
});

test('the packed files are the ones in the tree: the form, the manifest and the schema', () => {
  const form = parse(readFileSync(join(project, '.github/ISSUE_TEMPLATE/account-recovery.yml'), 'utf8')) as { labels: string[] };
  expect(form.labels).toEqual(['account-recovery']);
  expect(JSON.parse(readFileSync(join(project, 'schema/recovery-triage.schema.json'), 'utf8'))).toMatchObject({
    title: 'recovery-triage configuration',
  });
  // The compiled bin runs from the packed files.
  const help = spawnSync(process.execPath, ['bin/recovery-triage.js', '--help'], { cwd: project, encoding: 'utf8' });
  expect(help.status).toBe(0);
  expect(help.stdout).toMatch(/^ {2}setup +/m);
});

test('pack:check names what is missing, what does not belong and what is stale', () => {
  const files = [
    ...packCheck().check.files.filter((f) => f !== 'app.yml' && f !== 'LICENSE'),
    'test/cli/setup.test.ts',
    'lib/index.js.map',
    '.env',
    'lib/github/gone.js',
  ];
  const listing = join(project, 'listing.json');
  writeFileSync(listing, JSON.stringify([{ filename: 'x.tgz', size: 1, files: files.map((path) => ({ path })) }]));

  const { status, check } = packCheck('--from', listing);

  expect(status).toBe(1);
  expect([...check.problems].sort()).toEqual([
    'missing: LICENSE',
    'missing: app.yml',
    'not for users: .env',
    'not for users: lib/index.js.map',
    'not for users: test/cli/setup.test.ts',
    'stale: lib/github/gone.js has no src/github/gone.ts (rm -rf lib, then build)',
  ]);
});
