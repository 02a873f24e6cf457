import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { COMMANDS } from '../src/commands/registry.js';
import { defaultConfig, validateConfig } from '../src/config/load.js';
import { renderTransitionTable } from '../src/state/transitions.js';
import { STATES } from '../src/state/states.js';

// The README is a newcomer's manual, and docs/ holds the rest: these checks keep both in step with
// the code, and the README short enough to read.
const root = fileURLToPath(new URL('../', import.meta.url));
const read = (path: string) => readFileSync(resolve(root, path), 'utf8');
const readme = read('README.md');
const usage = read('docs/usage.md');
const config = read('docs/config.md');

test('the README is a newcomer’s page: about 250 lines at most, the four parts in order', () => {
  expect(readme.split('\n').length).toBeLessThanOrEqual(250);
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  const order = ['Try it in a minute', 'Deploy it in ten minutes', 'Configure', 'Commands'].map((h) => headings.indexOf(h));
  expect(order.every((i) => i >= 0)).toBe(true);
  expect([...order].sort((a, b) => a - b)).toEqual(order);
  // Both modes, and how to pin the action until a release tag exists.
  expect(readme).toContain('### Action mode');
  expect(readme).toContain('### Server mode');
  expect(readme).toMatch(/until a `v0` tag is published, pin a commit/i);
});

test('the README shows the install, test and start commands', () => {
  for (const command of ['npm ci', 'npm test', 'npm start']) expect(readme).toContain(command);
});

test('the README states the supported Node.js versions as package.json does', () => {
  const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
  expect(pkg.engines.node).toBe('>=22');
  expect(readme).toContain('Node.js 22 or 24');
  expect(readme).toMatch(/Node\.js 20 is past its end of\s+life/);
});

test('every command is documented in the README with its usage and summary', () => {
  for (const command of Object.values(COMMANDS)) {
    expect(readme).toContain(`\`${command.usage}\``);
    expect(readme).toContain(command.summary);
  }
});

test('every state and its default label is in the README', () => {
  const defaults = defaultConfig();
  for (const state of STATES) expect(readme).toContain(`| \`${state}\` | \`${defaults.labels[state].name}\` |`);
});

test("the README's config sample is a valid config", () => {
  const block = /## Configure[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const result = validateConfig(parse(block ?? ''));
  expect(result.ok ? [] : result.errors).toEqual([]);
});

test('the transition table in docs/usage.md is the code table', () => {
  expect(usage).toContain(renderTransitionTable());
});

test('the configuration block in docs/config.md is exactly the defaults, every key included but the kinds section’s', () => {
  const block = /## Every key with its default[\s\S]*?```yaml\n([\s\S]*?)```/.exec(config)?.[1];
  expect(block).toBeDefined();
  const shown = parse(block ?? '') as Record<string, unknown>;
  const defaults = defaultConfig() as unknown as Record<string, unknown>;
  for (const key of Object.keys(shown)) expect({ key, value: shown[key] }).toEqual({ key, value: defaults[key] });
  // The kinds, language and urgency settings have a section of their own (and the example file).
  const left = Object.keys(defaults).filter((key) => !(key in shown));
  expect(['kinds', 'defaultKind', 'contacts', 'language', 'urgency']).toEqual(expect.arrayContaining(left));
  expect(config).toContain('## Kinds, language and urgency');
});

/** Markdown tables split by a blank line: GitHub renders the rows after it as a paragraph. */
function splitTables(text: string): number[] {
  const lines = text.split('\n');
  const broken: number[] = [];
  let inFence = false;
  for (let i = 2; i < lines.length; i++) {
    if (/^\s*```/.test(lines[i - 2])) inFence = !inFence;
    if (!inFence && lines[i - 2].startsWith('|') && lines[i - 1].trim() === '' && lines[i].startsWith('|')) broken.push(i + 1);
  }
  return broken;
}

test('no table in the README or docs/ is split by a blank line', () => {
  const docs = ['README.md', 'docs/usage.md', 'docs/internals.md', 'docs/config.md', 'docs/deploy.md'];
  expect(docs.map((doc) => [doc, splitTables(read(doc))])).toEqual(docs.map((doc) => [doc, []]));
  expect(splitTables('| a |\n| --- |\n| 1 |\n\n| 2 |\n')).toEqual([5]);
});

test('relative links in the README, docs/usage.md and docs/internals.md point at files that exist', () => {
  const broken: string[] = [];
  for (const doc of ['README.md', 'docs/usage.md', 'docs/internals.md']) {
    for (const [, target] of read(doc).matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
      if (/^[a-z]+:/.test(target) || target.includes('<') || /^\{\w+\}$/.test(target)) continue;
      if (!existsSync(resolve(root, dirname(doc), target))) broken.push(`${doc}: ${target}`);
    }
  }
  expect(broken).toEqual([]);
});
