import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const example = readFileSync(join(root, '.env.example'), 'utf8');

/** Variables in .env.example, set (`NAME=`) or shown commented out (`# NAME=`), with the line above. */
const documented = new Map(
  example
    .split('\n')
    .map((line, i, lines) => ({ match: /^(?:# )?([A-Z][A-Z0-9_]*)=/.exec(line), above: lines[i - 1] ?? '' }))
    .filter((l) => l.match !== null)
    .map((l) => [l.match?.[1] ?? '', l.above]),
);

function files(dir: string, pattern: RegExp): string[] {
  return (readdirSync(join(root, dir), { recursive: true }) as string[]).filter((f) => pattern.test(f)).map((f) => join(root, dir, f));
}

/** `env.NAME`, `process.env.NAME`, `io.env.NAME` and `env['NAME']` in the given files. */
function readVariables(paths: string[]): Set<string> {
  const names = new Set<string>();
  for (const path of paths) {
    for (const m of readFileSync(path, 'utf8').matchAll(/\benv(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g))
      names.add(m[1] ?? m[2]);
  }
  return names;
}

/** Set by bin/start.js itself or by a hosting service, never by the person running the bot. */
const NOT_SETTINGS = new Set(['NO_SMEE_SETUP', 'PROJECT_DOMAIN']);
/** Set by GitHub Actions for every step. */
const setByActions = (name: string) => name.startsWith('GITHUB_') && name !== 'GITHUB_TOKEN' && name !== 'GITHUB_API_URL';

test('every variable the bot and its CLI read is in .env.example (add a new one there, with a comment)', () => {
  const ours = readVariables([...files('src', /\.ts$/), ...files('bin', /\.js$/)]);
  expect([...ours]).toEqual(expect.arrayContaining(['GITHUB_TOKEN', 'REDIS_URL', 'DRY_RUN', 'WEBHOOK_PROXY_URL']));
  const missing = [...ours].filter((n) => !documented.has(n) && !NOT_SETTINGS.has(n) && !setByActions(n)).sort();
  expect(missing).toEqual([]);
});

test('every variable Probot reads from the environment is in .env.example', () => {
  const probot = readVariables([
    join(root, 'node_modules/probot/lib/bin/read-env-options.js'),
    join(root, 'node_modules/probot/lib/apps/setup.js'),
    join(root, 'node_modules/probot/lib/manifest-creation.js'),
    join(root, 'node_modules/@probot/get-private-key/dist-src/index.js'),
  ]);
  expect(probot.size).toBeGreaterThan(15);
  const missing = [...probot].filter((n) => !documented.has(n) && !NOT_SETTINGS.has(n)).sort();
  expect(missing).toEqual([]);
});

test('the variables the deployment guide names are there, each under a comment', () => {
  const named = ['APP_ID', 'PRIVATE_KEY', 'PRIVATE_KEY_PATH', 'WEBHOOK_SECRET', 'WEBHOOK_PROXY_URL', 'PORT', 'HOST', 'LOG_LEVEL'];
  named.push('LOG_FORMAT', 'GHE_HOST', 'GHE_PROTOCOL', 'REDIS_URL', 'DRY_RUN', 'GITHUB_TOKEN', 'GITHUB_API_URL');
  for (const name of named) expect({ name, documented: documented.has(name) }).toEqual({ name, documented: true });
  for (const [name, above] of documented) expect({ name, comment: above.startsWith('#') }).toEqual({ name, comment: true });
});

test('only the three GitHub App values are set; every other line is commented out, so copying it changes no default', () => {
  const set = example.split('\n').filter((l) => /^[A-Z][A-Z0-9_]*=/.test(l));
  expect(set).toEqual(['APP_ID=', 'PRIVATE_KEY=', 'WEBHOOK_SECRET=']);
});
