import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { COMMANDS } from '../src/commands/registry.js';
import { defaultConfig } from '../src/config/load.js';
import { renderTransitionTable } from '../src/state/transitions.js';
import { STATES } from '../src/state/states.js';

// The README is the user's manual: these checks keep it in step with the code.
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

test('the transition table in the README is the code table', () => {
  expect(readme).toContain(renderTransitionTable());
});

test('every command is documented with its usage and summary', () => {
  for (const command of Object.values(COMMANDS)) {
    expect(readme).toContain(`\`${command.usage}\``);
    expect(readme).toContain(command.summary);
  }
});

test('every state and its default label is documented', () => {
  const config = defaultConfig();
  for (const state of STATES) expect(readme).toContain(`| \`${state}\` | \`${config.labels[state].name}\` |`);
});

test('the configuration example is exactly the defaults, every key included', () => {
  const block = /## Configuration[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  expect(parse(block ?? '')).toEqual(defaultConfig());
});

test('the README shows the install, test and start commands', () => {
  for (const command of ['npm ci', 'npm test', 'npm start']) expect(readme).toContain(command);
});
