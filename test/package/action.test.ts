import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  name?: string;
  uses?: string;
  shell?: string;
  run?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
  'working-directory'?: string;
}
interface Action {
  name: string;
  description: string;
  author?: string;
  branding: { icon: string; color: string };
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as Action;
const step = (name: string): Step => {
  const found = action.runs.steps.find((s) => s.name === name);
  if (found === undefined) throw new Error(`action.yml has no step "${name}"`);
  return found;
};

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'recovery-triage-action-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A folder of stand-in programs that record their arguments, one line per call, in `log`. */
function stubs(names: string[], log: string, extra = ''): string {
  const dir = mkdtempSync(join(scratch, 'bin-'));
  for (const name of names) {
    const path = join(dir, name);
    writeFileSync(
      path,
      `#!/usr/bin/env bash\nprintf '%s' "${name}" >> "${log}"\nfor a in "$@"; do printf ' [%s]' "$a" >> "${log}"; done\necho >> "${log}"\n${extra}`,
    );
    chmodSync(path, 0o755);
  }
  return dir;
}

/** `${{ inputs.x }}` and `${{ github.action_path }}` as the runner would expand them. */
function expand(text: string, inputs: Record<string, string>, actionPath: string): string {
  return text
    .replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_m, name: string) => inputs[name] ?? action.inputs[name]?.default ?? '')
    .replace(/\$\{\{\s*github\.action_path\s*\}\}/g, actionPath);
}

/** Runs one of the action's bash steps the way the runner does, with stand-ins on PATH. */
function runStep(s: Step, options: { inputs?: Record<string, string>; actionPath: string; path: string }) {
  const env: NodeJS.ProcessEnv = { PATH: `${options.path}:/usr/bin:/bin`, GITHUB_ACTION_PATH: options.actionPath };
  for (const [key, value] of Object.entries(s.env ?? {})) env[key] = expand(value, options.inputs ?? {}, options.actionPath);
  const cwd = s['working-directory'] ? expand(s['working-directory'], options.inputs ?? {}, options.actionPath) : scratch;
  // The runner runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`.
  return spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run ?? ''], { cwd, env, encoding: 'utf8' });
}

describe('action.yml', () => {
  test('names the action, with branding and the three inputs', () => {
    expect(action.name).toBe('recovery-triage');
    expect(action.description.length).toBeGreaterThan(20);
    expect(action.description.length).toBeLessThanOrEqual(125);
    expect(action.branding.icon).toBe('life-buoy');
    expect(['white', 'black', 'yellow', 'blue', 'green', 'orange', 'red', 'purple', 'gray-dark']).toContain(action.branding.color);
    expect(Object.keys(action.inputs)).toEqual(['github-token', 'config', 'dry-run']);
    expect(action.inputs['github-token']).toMatchObject({ required: false, default: '${{ github.token }}' });
    expect(action.inputs.config).toMatchObject({ required: false, default: '' });
    expect(action.inputs['dry-run']).toMatchObject({ required: false, default: 'false' });
    for (const input of Object.values(action.inputs)) expect(input.description.length).toBeGreaterThan(10);
  });

  test('is a composite action: Node.js, the install, the run; inputs reach scripts only through env', () => {
    expect(action.runs.using).toBe('composite');
    expect(action.runs.steps.map((s) => s.name)).toEqual([
      'Set up Node.js',
      'Key of the install',
      'Cache the install',
      'Install recovery-triage',
      'Run recovery-triage',
    ]);
    expect(step('Set up Node.js')).toMatchObject({
      uses: 'actions/setup-node@v6',
      with: { 'node-version': 24, 'package-manager-cache': false },
    });
    for (const s of action.runs.steps.filter((x) => x.run !== undefined)) {
      expect(s.shell).toBe('bash');
      // Expressions inside a script are pasted in before bash runs: an injection risk.
      expect(s.run).not.toContain('${{');
    }
    expect(step('Run recovery-triage').env?.GITHUB_TOKEN).toBe('${{ inputs.github-token }}');
  });

  test('what it runs exists: the bin, the lockfile, the build script, tsc output for the CLI, the release script', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(step('Run recovery-triage').run).toContain('node "${GITHUB_ACTION_PATH}/bin/recovery-triage.js" "${args[@]}"');
    expect(pkg.bin['recovery-triage']).toBe('bin/recovery-triage.js');
    expect(existsSync(join(root, 'bin/recovery-triage.js'))).toBe(true);
    expect(existsSync(join(root, 'package-lock.json'))).toBe(true);
    // The app and CLI first, then the sandbox page's script and style sheet.
    expect(pkg.scripts.build).toMatch(/^tsc -p tsconfig\.build\.json && /);
    // lib/cli/main.js, which the install step looks for, is what tsc makes of src/cli/main.ts.
    const build = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as {
      compilerOptions: { rootDir: string; outDir: string };
    };
    expect(build.compilerOptions).toMatchObject({ rootDir: 'src', outDir: 'lib' });
    expect(existsSync(join(root, 'src/cli/main.ts'))).toBe(true);
    expect(step('Install recovery-triage').run).toContain('[ -f lib/cli/main.js ]');
    expect(existsSync(join(root, 'scripts/release-action.sh'))).toBe(true);
  });
});

describe('the install step', () => {
  function actionCopy(withBuild: boolean, installed = false): string {
    const dir = mkdtempSync(join(scratch, 'action-'));
    if (withBuild) {
      mkdirSync(join(dir, 'lib', 'cli'), { recursive: true });
      writeFileSync(join(dir, 'lib', 'cli', 'main.js'), '');
    }
    if (installed) {
      mkdirSync(join(dir, 'node_modules'));
      writeFileSync(join(dir, 'node_modules', '.package-lock.json'), '{}');
    }
    return dir;
  }

  test('with a committed build, installs production dependencies only, without install scripts', () => {
    const log = join(scratch, 'npm-prod.log');
    const result = runStep(step('Install recovery-triage'), { actionPath: actionCopy(true), path: stubs(['npm'], log) });
    expect(result.status).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('npm [ci] [--omit=dev] [--ignore-scripts] [--no-audit] [--no-fund]\n');
  });

  test('without a build (a branch), builds from source and says so', () => {
    const log = join(scratch, 'npm-source.log');
    const result = runStep(step('Install recovery-triage'), { actionPath: actionCopy(false), path: stubs(['npm'], log) });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('::notice title=recovery-triage::This ref has no build (lib/); building from source.');
    expect(readFileSync(log, 'utf8')).toBe('npm [ci] [--ignore-scripts] [--no-audit] [--no-fund]\nnpm [run] [build]\n');
  });

  test('a second use in the same job installs nothing', () => {
    const log = join(scratch, 'npm-again.log');
    const result = runStep(step('Install recovery-triage'), { actionPath: actionCopy(true, true), path: stubs(['npm'], log) });
    expect(result.status).toBe(0);
    expect(existsSync(log)).toBe(false);
  });

  test('a source build whose dependencies came from the cache only builds', () => {
    const log = join(scratch, 'npm-source-cached.log');
    const result = runStep(step('Install recovery-triage'), { actionPath: actionCopy(false, true), path: stubs(['npm'], log) });
    expect(result.status).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('npm [run] [build]\n');
  });

  test('a failed install fails the step', () => {
    const log = join(scratch, 'npm-fail.log');
    const result = runStep(step('Install recovery-triage'), { actionPath: actionCopy(true), path: stubs(['npm'], log, 'exit 1\n') });
    expect(result.status).not.toBe(0);
  });
});

describe('the install cache', () => {
  /** Runs the key step in a copy of the action; returns the key it wrote to GITHUB_OUTPUT. */
  function key(lock: string, withBuild: boolean): string {
    const dir = mkdtempSync(join(scratch, 'key-'));
    writeFileSync(join(dir, 'package-lock.json'), lock);
    if (withBuild) {
      mkdirSync(join(dir, 'lib', 'cli'), { recursive: true });
      writeFileSync(join(dir, 'lib', 'cli', 'main.js'), '');
    }
    const output = join(dir, 'output');
    const s = step('Key of the install');
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', s.run ?? ''], {
      cwd: dir,
      env: { PATH: process.env.PATH, RUNNER_OS: 'Linux', GITHUB_OUTPUT: output },
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    const line = readFileSync(output, 'utf8').trim();
    expect(line).toMatch(/^key=recovery-triage-Linux-node\d+-(release|source)-[0-9a-f]{32}$/);
    return line.slice('key='.length);
  }

  test('caches node_modules of the action, keyed by the lockfile, the Node.js major and the kind of ref', () => {
    expect(step('Key of the install')).toMatchObject({ shell: 'bash', 'working-directory': '${{ github.action_path }}' });
    expect((step('Key of the install') as Step & { id?: string }).id).toBe('install-key');
    expect(step('Cache the install')).toEqual({
      name: 'Cache the install',
      uses: 'actions/cache@v4',
      with: { path: '${{ github.action_path }}/node_modules', key: '${{ steps.install-key.outputs.key }}' },
    });
    const release = key('{"lockfileVersion":3}', true);
    expect(key('{"lockfileVersion":3}', true)).toBe(release);
    expect(key('{"lockfileVersion":3}', false)).toBe(release.replace('-release-', '-source-'));
    expect(key('{"lockfileVersion":3,"packages":{}}', true)).not.toBe(release);
    expect(release).toContain(`-node${process.versions.node.split('.')[0]}-`);
  });
});

describe('the run step', () => {
  function run(inputs: Record<string, string>) {
    const log = join(scratch, `node-${Object.keys(inputs).join('-') || 'defaults'}.log`);
    const result = runStep(step('Run recovery-triage'), {
      inputs,
      actionPath: '/opt/action',
      path: stubs(['node'], log, 'echo "token=$GITHUB_TOKEN"\n'),
    });
    return { ...result, calls: readFileSync(log, 'utf8') };
  }

  test('runs `recovery-triage event` with the token in GITHUB_TOKEN', () => {
    const result = run({ 'github-token': 'ghs_example' });
    expect(result.status).toBe(0);
    expect(result.calls).toBe('node [/opt/action/bin/recovery-triage.js] [event]\n');
    expect(result.stdout).toContain('token=ghs_example');
  });

  test('passes --config and --dry-run when set, keeping a path with spaces whole', () => {
    const result = run({ 'github-token': 't', config: 'config/recovery triage.yml', 'dry-run': 'true' });
    expect(result.status).toBe(0);
    expect(result.calls).toBe('node [/opt/action/bin/recovery-triage.js] [event] [--config] [config/recovery triage.yml] [--dry-run]\n');
  });

  test('an input that looks like shell is passed as data', () => {
    const result = run({ 'github-token': 't', config: '$(touch pwned); `id`' });
    expect(result.calls).toBe('node [/opt/action/bin/recovery-triage.js] [event] [--config] [$(touch pwned); `id`]\n');
    expect(existsSync(join(scratch, 'pwned'))).toBe(false);
  });
});

describe('scripts/release-action.sh', () => {
  test('tags a commit that carries lib/ on top of the current one, leaving the branch and lib/ ignored there', () => {
    // A repository with the project's .gitignore, action.yml and the script, committed.
    const clone = join(scratch, 'repo');
    mkdirSync(join(clone, 'scripts'), { recursive: true });
    for (const file of ['.gitignore', 'action.yml', 'scripts/release-action.sh']) copyFileSync(join(root, file), join(clone, file));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.org', ...args], { cwd: clone, encoding: 'utf8' }).trim();
    git('init', '--quiet');
    git('add', '.');
    git('commit', '--quiet', '-m', 'base');
    const head = git('rev-parse', 'HEAD');
    // `npm run build` stands in for tsc: it writes the file the action looks for.
    const log = join(scratch, 'npm-release.log');
    const npm = stubs(['npm'], log, 'mkdir -p lib/cli && echo "// built" > lib/cli/main.js\n');

    const result = spawnSync('bash', ['scripts/release-action.sh', 'v9.8.7'], {
      cwd: clone,
      encoding: 'utf8',
      env: {
        PATH: `${npm}:${process.env.PATH}`,
        HOME: scratch,
        GIT_AUTHOR_NAME: 'Test',
        GIT_AUTHOR_EMAIL: 'test@example.org',
        GIT_COMMITTER_NAME: 'Test',
        GIT_COMMITTER_EMAIL: 'test@example.org',
      },
    });

    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(readFileSync(log, 'utf8')).toBe('npm [run] [build]\n');
    const tagged = git('rev-parse', 'v9.8.7^{commit}');
    expect(git('rev-parse', 'v9^{commit}')).toBe(tagged);
    expect(git('rev-parse', `${tagged}^`)).toBe(head);
    expect(git('show', `${tagged}:lib/cli/main.js`)).toBe('// built');
    expect(git('show', `${tagged}:action.yml`)).toBe(readFileSync(join(clone, 'action.yml'), 'utf8').trim());
    // The branch did not move and still ignores lib/.
    expect(git('rev-parse', 'HEAD')).toBe(head);
    expect(git('status', '--porcelain')).toBe('');
    expect(result.stdout).toContain('Push with: git push origin v9.8.7 && git push --force origin v9');

    const again = spawnSync('bash', ['scripts/release-action.sh', 'v9.8.7'], {
      cwd: clone,
      encoding: 'utf8',
      env: { PATH: `${npm}:${process.env.PATH}` },
    });
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('tag v9.8.7 exists already');
    expect(spawnSync('bash', ['scripts/release-action.sh', '9.8'], { cwd: clone, encoding: 'utf8' }).status).toBe(2);
  }, 60_000);
});
