import { spawnSync } from 'node:child_process';
import { createPrivateKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCHEMA_URL } from '../../src/config/json-schema.js';
import { defaultConfig } from '../../src/config/load.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DOCS = ['docs/deploy.md', 'docs/config.md', 'CONTRIBUTING.md', 'SECURITY.md', 'CHANGELOG.md'];
const read = (path: string) => readFileSync(join(root, path), 'utf8');

test('relative links in the documents point at files that exist', () => {
  const broken: string[] = [];
  for (const doc of DOCS) {
    for (const [, target] of read(doc).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      // Links whose target is a message placeholder (`[their comment]({comment})`) are filled in by the bot.
      if (/^[a-z]+:/.test(target) || /^\{\w+\}$/.test(target)) continue;
      if (!existsSync(resolve(root, dirname(doc), target))) broken.push(`${doc}: ${target}`);
    }
  }
  expect(broken).toEqual([]);
});

test('config.md has a row for every top-level key of the config (add one for a new key) and the schema line of the example', () => {
  const config = read('docs/config.md');
  const missing = Object.keys(defaultConfig()).filter((key) => !config.includes(`| \`${key}\` |`));
  expect(missing).toEqual([]);
  expect(config).toContain(`# yaml-language-server: $schema=${SCHEMA_URL}`);
  expect(read('examples/recovery-triage.yml').split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_URL}`);
});

test("deploy.md: the commands it gives are the project's own", () => {
  const deploy = read('docs/deploy.md');
  expect(deploy).toContain('docker build -t recovery-triage .');
  expect(deploy).toContain('npx recovery-triage setup --repo OWNER/NAME --dry-run');
  expect(deploy).toContain('`concurrency: { group: recovery-triage, cancel-in-progress: false, queue: max }`');
  expect(deploy).toContain('scripts/release-action.sh vX.Y.Z');
  // Every variable in its table is in .env.example.
  const example = read('.env.example');
  const table = deploy.slice(deploy.indexOf('## Environment variables'));
  const names = [...table.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]);
  expect(names.length).toBeGreaterThan(10);
  for (const name of names) expect({ name, listed: new RegExp(`^(# )?${name}=`, 'm').test(example) }).toEqual({ name, listed: true });
});

test("deploy.md's recipe turns the .env that registration writes into a Docker env file with a usable key", () => {
  const command = /^node -e 'process\.loadEnvFile.*> docker\.env$/m.exec(read('docs/deploy.md'))?.[0];
  expect(command).toBeDefined();
  const dir = mkdtempSync(join(tmpdir(), 'recovery-triage-docs-'));
  try {
    const { privateKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    });
    // As Probot's setup writes it: the key quoted, its newlines as \n.
    writeFileSync(join(dir, '.env'), `APP_ID=4242\nPRIVATE_KEY="${privateKey.replace(/\n/g, '\\n')}"\nWEBHOOK_SECRET=s3cret`);
    const result = spawnSync('bash', ['--noprofile', '--norc', '-c', command ?? ''], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env.PATH },
    });
    expect(result.stderr).toBe('');
    const lines = readFileSync(join(dir, 'docker.env'), 'utf8').trim().split('\n');
    expect(lines.slice(0, 2)).toEqual(['APP_ID=4242', 'WEBHOOK_SECRET=s3cret']);
    // Docker passes the value as it is; the bot decodes base64 keys.
    const value = lines[2].replace(/^PRIVATE_KEY=/, '');
    expect(value).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(() => createPrivateKey(Buffer.from(value, 'base64').toString())).not.toThrow();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
