#!/usr/bin/env node
// `npm run schema`: writes schema/recovery-triage.schema.json from the zod config schema
// (src/config/schema.ts, compiled to lib/ by the build that the npm script runs first).
// `--check` writes nothing and exits 1 when the committed file is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SCHEMA_FILE, renderConfigJsonSchema } from '../lib/config/json-schema.js';

const path = fileURLToPath(new URL(`../${SCHEMA_FILE}`, import.meta.url));
const fresh = renderConfigJsonSchema();
let committed = null;
try {
  committed = readFileSync(path, 'utf8');
} catch {
  // No file yet: written below, or reported as out of date with --check.
}

if (process.argv.includes('--check')) {
  if (committed === fresh) {
    console.log(`${SCHEMA_FILE} is up to date.`);
  } else {
    console.error(`${SCHEMA_FILE} does not match src/config/schema.ts: run "npm run schema" and commit the result.`);
    process.exitCode = 1;
  }
} else if (committed === fresh) {
  console.log(`${SCHEMA_FILE} is already up to date.`);
} else {
  writeFileSync(path, fresh);
  console.log(`Wrote ${SCHEMA_FILE}.`);
}
