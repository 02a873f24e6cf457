import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readConfig } from '../../src/sandbox/form.js';
import { SANDBOX_USERS } from '../../src/sandbox/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const doc = readFileSync(join(root, 'docs/sandbox.md'), 'utf8');

test('docs/sandbox.md: its links and its screenshot exist', () => {
  const broken: string[] = [];
  for (const [, target] of doc.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
    if (/^[a-z]+:/.test(target ?? '')) continue;
    if (!existsSync(resolve(root, dirname('docs/sandbox.md'), target ?? ''))) broken.push(target ?? '');
  }
  expect(broken).toEqual([]);
  expect(doc).toContain('](sandbox.png)');
});

test('docs/sandbox.md: the people, the command and the error it shows are the sandbox’s own', () => {
  for (const user of SANDBOX_USERS)
    expect(doc).toMatch(new RegExp(`^\\| \`${user.login}\` \\| ${user.role === 'requester' ? 'none' : user.role} \\|`, 'm'));
  expect(doc.match(/^\| `[a-z]+` \|/gm)).toHaveLength(SANDBOX_USERS.length);
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(pkg.scripts.sandbox).toBe('npm run build && node bin/sandbox.js');
  const checked = readConfig('timers:\n  incomplete:\n    remindAfterDays: -1\n', '.github/recovery-triage.yml');
  expect(checked.ok).toBe(false);
  const message = checked.ok ? '' : (checked.errors[0]?.message ?? '');
  expect(doc.replace(/\n\s*/g, ' ')).toContain(`(\`${message}\`)`);
});
