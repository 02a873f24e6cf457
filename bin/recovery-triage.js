#!/usr/bin/env node
// Runs the compiled CLI (lib/ is built by `npm run build`, which `npm ci` runs through prepare).
import { main } from '../lib/cli/main.js';

process.exitCode = await main(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  env: process.env,
});
