import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

// Docker cannot build here, so the Dockerfile is read as text and its runtime stage is replayed on
// this machine: the files it copies (through .dockerignore), production dependencies only, its
// environment, user-less command and health check.
const root = fileURLToPath(new URL('../../', import.meta.url));

interface Instruction {
  keyword: string;
  args: string;
  stage: number;
}
interface Stage {
  from: string;
  name: string | null;
  instructions: Instruction[];
}

/** Instructions in order (line continuations joined, comments dropped), grouped by stage. */
function parseDockerfile(text: string): { args: Record<string, string>; stages: Stage[] } {
  const logical = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const args: Record<string, string> = {};
  const stages: Stage[] = [];
  for (const line of logical) {
    const [, keyword, rest] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    const upper = keyword.toUpperCase();
    if (upper === 'FROM') {
      const [, image, name] = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(rest) ?? [];
      stages.push({ from: image, name: name ?? null, instructions: [] });
    } else if (stages.length === 0 && upper === 'ARG') {
      const [key, value = ''] = rest.split('=');
      args[key] = value;
    } else {
      stages.at(-1)?.instructions.push({ keyword: upper, args: rest.replace(/\s+/g, ' '), stage: stages.length - 1 });
    }
  }
  return { args, stages };
}

const dockerfile = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
const build = dockerfile.stages.find((s) => s.name === 'build');
const runtime = dockerfile.stages.at(-1) as Stage;
const all = (stage: Stage | undefined, keyword: string) =>
  (stage?.instructions ?? []).filter((i) => i.keyword === keyword).map((i) => i.args);

/** `.dockerignore` as BuildKit reads it: the last pattern that matches a path or a parent wins. */
function dockerignore(text: string): (path: string) => boolean {
  const rules = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const negated = l.startsWith('!');
      const pattern = (negated ? l.slice(1) : l).replace(/^\/+|\/+$/g, '');
      const source = pattern
        .split('/')
        .map((part) =>
          part === '**'
            ? '.*'
            : part
                .replace(/[.+^${}()|[\]\\]/g, '\\$&')
                .replace(/\*/g, '[^/]*')
                .replace(/\?/g, '[^/]'),
        )
        .join('/')
        .replace(/\.\*\//g, '(?:.*/)?');
      return { negated, regex: new RegExp(`^${source}$`) };
    });
  return (path: string) => {
    const parts = path.split('/');
    const candidates = parts.map((_p, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const rule of rules) if (candidates.some((c) => rule.regex.test(c))) excluded = !rule.negated;
    return excluded;
  };
}
const ignored = dockerignore(readFileSync(join(root, '.dockerignore'), 'utf8'));

describe('Dockerfile', () => {
  test('two stages: a build stage and a slim Node.js runtime stage of a supported major version', () => {
    expect(dockerfile.stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(['20', '22', '24']).toContain(dockerfile.args.NODE_VERSION);
    for (const stage of dockerfile.stages) expect(stage.from).toBe('node:${NODE_VERSION}-slim');
  });

  test('the build stage installs every dependency and builds', () => {
    const runs = all(build, 'RUN');
    expect(runs.some((r) => /^npm ci\b/.test(r) && !r.includes('--omit=dev'))).toBe(true);
    expect(runs).toContain('npm run build');
    expect(all(build, 'COPY')).toEqual(expect.arrayContaining(['package.json package-lock.json ./', 'src ./src']));
  });

  test('the runtime stage installs production dependencies only and takes nothing else from the build', () => {
    const runs = all(runtime, 'RUN');
    const installs = runs.filter((r) => r.includes('npm '));
    expect(installs).toHaveLength(1);
    expect(installs[0]).toMatch(/^npm ci --omit=dev --ignore-scripts\b/);
    expect(runs.join('\n')).not.toMatch(/npm (install|i|run)\b/);
    const fromBuild = all(runtime, 'COPY').filter((c) => c.startsWith('--from='));
    expect(fromBuild).toEqual(['--from=build /app/lib ./lib']);
  });

  test('it runs as a user without privileges, in production, listening on every interface, checked on /ping', () => {
    const users = all(runtime, 'USER');
    expect(users).toEqual(['node']);
    const order = runtime.instructions.map((i) => i.keyword);
    expect(order.indexOf('USER')).toBeLessThan(order.indexOf('CMD'));
    // Nothing after USER needs root.
    expect(order.slice(order.indexOf('USER')).filter((k) => k === 'RUN' || k === 'COPY')).toEqual([]);
    expect(all(runtime, 'ENV')[0]).toMatch(/NODE_ENV=production HOST=0\.0\.0\.0 PORT=3000/);
    expect(all(runtime, 'EXPOSE')).toEqual(['3000']);
    expect(all(runtime, 'HEALTHCHECK')[0]).toMatch(/^--interval=\S+ --timeout=\S+ --start-period=\S+ --retries=\d+ CMD \[.*\/ping/);
    expect(JSON.parse(all(runtime, 'CMD')[0])).toEqual(['node', 'bin/start.js']);
  });

  test('what it copies exists and gets through .dockerignore', () => {
    for (const stage of dockerfile.stages) {
      for (const copy of all(stage, 'COPY').filter((c) => !c.startsWith('--from='))) {
        const sources = copy.split(' ').slice(0, -1);
        for (const source of sources) {
          expect({ source, exists: existsSync(join(root, source)) }).toEqual({ source, exists: true });
          expect({ source, ignored: ignored(source) }).toEqual({ source, ignored: false });
        }
      }
    }
  });
});

describe('.dockerignore', () => {
  test('keeps secrets, dependencies, builds and history out of the build context', () => {
    for (const path of [
      '.env',
      'src/.env',
      '.env.local',
      'key.pem',
      'src/github/app.pem',
      'node_modules/probot/package.json',
      'lib/index.js',
      '.git/HEAD',
    ]) {
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: true });
    }
    for (const path of [
      'test/cli/start.test.ts',
      'README.md',
      'docs/deploy.md',
      '.github/workflows/ci.yml',
      '.github/ISSUE_TEMPLATE/config.yml',
    ]) {
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: true });
    }
    for (const path of ['src/index.ts', 'bin/start.js', '.github/ISSUE_TEMPLATE/account-recovery.yml', 'package-lock.json']) {
      expect({ path, ignored: ignored(path) }).toEqual({ path, ignored: false });
    }
  });
});

describe('the runtime stage, replayed on this machine', () => {
  let image: string;
  let server: ChildProcess | null = null;

  /** Copies a context path into the image folder the way COPY does, skipping what .dockerignore leaves out. */
  function copyFromContext(source: string, destination: string): void {
    const from = join(root, source);
    if (statSync(from).isDirectory()) {
      for (const entry of readdirSync(from, { recursive: true }) as string[]) {
        const path = join(from, entry);
        const contextPath = relative(root, path);
        if (statSync(path).isDirectory() || ignored(contextPath)) continue;
        mkdirSync(dirname(join(destination, entry)), { recursive: true });
        cpSync(path, join(destination, entry));
      }
    } else {
      mkdirSync(dirname(destination), { recursive: true });
      cpSync(from, destination);
    }
  }

  beforeAll(() => {
    if (!existsSync(join(root, 'lib/index.js'))) {
      execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
        cwd: root,
        stdio: 'pipe',
      });
    }
    image = mkdtempSync(join(tmpdir(), 'recovery-triage-image-'));
    for (const copy of all(runtime, 'COPY')) {
      const words = copy.split(' ');
      const fromBuild = words[0] === '--from=build';
      const [sources, target] = [words.slice(fromBuild ? 1 : 0, -1), words.at(-1) as string];
      for (const source of sources) {
        const destination = target.endsWith('/') ? join(image, target, source.split('/').at(-1) as string) : join(image, target);
        if (fromBuild) cpSync(join(root, source.replace(/^\/app\//, '')), destination, { recursive: true });
        else copyFromContext(source, destination);
      }
    }
    // `npm ci --omit=dev`: the packages package-lock.json does not mark as dev, and no others.
    const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
    for (const [path, info] of Object.entries(lock.packages)) {
      if (!/^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) || info.dev === true) continue;
      mkdirSync(dirname(join(image, path)), { recursive: true });
      symlinkSync(join(root, path), join(image, path));
    }
  }, 120_000);

  afterAll(() => {
    server?.kill();
    rmSync(image, { recursive: true, force: true });
  });

  const healthcheck = () => JSON.parse(/CMD (\[.*\])$/.exec(all(runtime, 'HEALTHCHECK')[0])?.[1] ?? '[]') as string[];

  test('holds what the bot needs and none of the development tools', () => {
    for (const path of ['lib/index.js', 'lib/cli/main.js', 'bin/start.js', 'bin/recovery-triage.js', 'app.yml', 'package.json']) {
      expect({ path, present: existsSync(join(image, path)) }).toEqual({ path, present: true });
    }
    for (const path of ['src', 'test', '.env', 'node_modules/typescript', 'node_modules/jest', 'node_modules/smee-client']) {
      expect({ path, present: existsSync(join(image, path)) }).toEqual({ path, present: false });
    }
    // The bundled form is found where the compiled code looks for it.
    const form = spawnSync(process.execPath, ['-e', "import('./lib/form/bundled.js').then((m) => console.log(m.loadBundledForm().name))"], {
      cwd: image,
      encoding: 'utf8',
    });
    expect(form.stderr).toBe('');
    expect(form.stdout.trim()).toBe('Account recovery request');
  });

  test('its command starts the server with production dependencies only, and its health check passes, then fails once it stops', async () => {
    const port = String(30_000 + Math.floor(Math.random() * 20_000));
    const env = Object.fromEntries(
      all(runtime, 'ENV')[0]
        .split(' ')
        .map((pair) => pair.split('=')),
    ) as Record<string, string>;
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    const [command, ...args] = JSON.parse(all(runtime, 'CMD')[0]) as string[];
    expect(command).toBe('node');
    server = spawn(process.execPath, args, {
      cwd: image,
      env: {
        PATH: process.env.PATH,
        ...env,
        // The container's 0.0.0.0, kept to this machine here.
        HOST: '127.0.0.1',
        PORT: port,
        APP_ID: '1',
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: 's',
        REDELIVER_INTERVAL_MINUTES: '0',
        RESYNC_INTERVAL_MINUTES: '0',
      },
    });
    const output = await new Promise<string>((resolve, reject) => {
      let text = '';
      const onData = (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes(`:${port}`)) resolve(text);
      };
      server?.stdout?.on('data', onData);
      server?.stderr?.on('data', onData);
      server?.on('exit', (code) => reject(new Error(`exited with ${code}:\n${text}`)));
    });
    // NODE_ENV=production: JSON logs.
    expect(() => JSON.parse(output.trim().split('\n')[0])).not.toThrow();

    const [check, ...checkArgs] = healthcheck();
    expect(check).toBe('node');
    const healthy = spawnSync(process.execPath, checkArgs, { env: { PATH: process.env.PATH, PORT: port }, encoding: 'utf8' });
    expect(healthy.status).toBe(0);

    server.kill();
    await new Promise((resolve) => server?.once('exit', resolve));
    const down = spawnSync(process.execPath, checkArgs, { env: { PATH: process.env.PATH, PORT: port }, encoding: 'utf8' });
    expect(down.status).toBe(1);
  }, 30_000);
});

test("the Dockerfile's header runs the image as docs/deploy.md does: never with the registration's .env as --env-file", () => {
  const header = readFileSync(join(root, 'Dockerfile'), 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('#'))
    .join('\n');
  const deploy = readFileSync(join(root, 'docs', 'deploy.md'), 'utf8');
  // The --env-file of each `docker run` command line.
  const envFiles = (text: string) => [...text.matchAll(/docker run [^\n]*--env-file\s+(\S+)/g)].map((m) => m[1]);
  expect(envFiles(header)).not.toContain('.env');
  expect(envFiles(deploy)).not.toContain('.env');
  // Every env file the header names is one docs/deploy.md makes and uses.
  expect(envFiles(header).length).toBeGreaterThan(0);
  for (const file of envFiles(header)) expect(envFiles(deploy)).toContain(file);
  expect(deploy).toContain(`> ${envFiles(header)[0]}`);
});
