#!/usr/bin/env node
// `npm run sandbox`: the real app triaging requests against an in-memory GitHub, in the browser
// (docs/sandbox.md). Nothing reaches GitHub; it listens on loopback unless HOST says otherwise,
// and it is off when GitHub App credentials are set unless SANDBOX=true.
import { existsSync, readdirSync } from 'node:fs';
import { listenHost, sandboxDecision, startSandbox } from '../lib/sandbox/index.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const env = process.env;
const keyFile = readdirSync('.').some((name) => name.endsWith('.pem'));
const decision = sandboxDecision(env, { keyFile });
if (!decision.enabled) {
  console.error(`recovery-triage: ${decision.reason}.`);
  process.exit(1);
}
const { host, warning } = listenHost(env);
if (warning !== null) console.warn(`recovery-triage: warning: ${warning}.`);
const port = Number(env.SANDBOX_PORT ?? env.PORT ?? '3000');
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`recovery-triage: not a port: ${env.SANDBOX_PORT ?? env.PORT}`);
  process.exit(2);
}

let running;
try {
  running = await startSandbox({
    port,
    host,
    onLog: (line) => console.error(`recovery-triage sandbox: bot ${line.level}: ${line.msg}`),
  });
} catch (error) {
  const busy = error?.code === 'EADDRINUSE';
  console.error(
    `recovery-triage: cannot start the sandbox: ${busy ? `port ${port} is in use (set SANDBOX_PORT)` : (error?.message ?? error)}`,
  );
  process.exit(1);
}
console.log(
  [
    `recovery-triage sandbox: open ${running.url}`,
    'The real app triages requests there against an in-memory GitHub: nothing reaches GitHub. Ctrl-C stops it.',
  ].join('\n'),
);

const stop = async () => {
  await running.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
