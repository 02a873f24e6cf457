#!/usr/bin/env node
// `npm run pack:check`: checks what `npm publish` would upload before it does. It lists the
// tarball with `npm pack --dry-run --json --ignore-scripts` (build first: lib/ is not rebuilt
// here) and fails when a file a user needs is missing or anything else is in it: tests, sources,
// source maps, secrets, or compiled files whose source is gone (a stale lib/: rm -rf lib, build).
//
//   node scripts/pack-check.js            human-readable; exit 1 on problems
//   node scripts/pack-check.js --json     { "files": [...], "problems": [...] }
//   node scripts/pack-check.js --from F   check F, the JSON of an earlier npm pack --dry-run --json
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Files a user of the package needs: the app, the CLI, the manifest, the action, schema and form. */
const REQUIRED = [
  'package.json',
  'README.md',
  'LICENSE',
  'CHANGELOG.md',
  'bin/recovery-triage.js',
  'bin/start.js',
  'bin/sandbox.js',
  'lib/index.js',
  'lib/cli/main.js',
  'lib/sandbox/client/app.js',
  'lib/sandbox/client/style.css',
  'app.yml',
  'action.yml',
  'schema/recovery-triage.schema.json',
  '.github/ISSUE_TEMPLATE/account-recovery.yml',
];

/** Anything else must be compiled code or its declarations. */
const ALLOWED = [/^lib\/.+\.js$/, /^lib\/.+\.d\.ts$/];

/** Every problem with a tarball listing, one sentence each. */
export function packProblems(files, pkg, sourceExists) {
  const problems = [];
  const listed = new Set(files);
  const needed = new Set([...REQUIRED, pkg.main, ...Object.values(pkg.bin ?? {}), ...(pkg.types ? [pkg.types] : [])]);
  for (const file of needed) {
    const path = file.replace(/^\.\//, '');
    if (!listed.has(path)) problems.push(`missing: ${path}`);
  }
  for (const file of files) {
    if (needed.has(file)) continue;
    if (!ALLOWED.some((pattern) => pattern.test(file))) {
      problems.push(`not for users: ${file}`);
      continue;
    }
    const source = file.replace(/^lib\//, 'src/').replace(/(\.d)?\.ts$|\.js$/, '.ts');
    if (sourceExists !== null && !sourceExists(source)) problems.push(`stale: ${file} has no ${source} (rm -rf lib, then build)`);
  }
  return problems;
}

function listTarball() {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out);
}

const args = process.argv.slice(2);
const fromIndex = args.indexOf('--from');
const listing = fromIndex === -1 ? listTarball() : JSON.parse(readFileSync(args[fromIndex + 1], 'utf8'));
const files = listing[0].files.map((f) => f.path).sort();
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Outside a clone (no src/) compiled files cannot be matched with their sources.
const sourceExists = existsSync(`${root}src`) ? (path) => existsSync(`${root}${path}`) : null;
const problems = packProblems(files, pkg, sourceExists);

if (args.includes('--json')) {
  console.log(JSON.stringify({ files, problems }, null, 2));
} else {
  console.log(`${listing[0].filename}: ${files.length} files, ${listing[0].size} bytes packed`);
  for (const problem of problems) console.error(`  ${problem}`);
  console.log(problems.length === 0 ? 'The package holds what users need and nothing else.' : `${problems.length} problems.`);
}
process.exitCode = problems.length === 0 ? 0 : 1;
