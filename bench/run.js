// `npm run bench`: speed and memory of the pure core on large and hostile inputs. Targets are
// stated next to each case; the run fails (exit 1) when one is missed by a wide margin.
import { performance } from 'node:perf_hooks';
import { checkRequest } from '../lib/checks/validate.js';
import { detectSensitive } from '../lib/checks/sensitive/index.js';
import { parseCommands } from '../lib/commands/grammar.js';
import { defaultConfig } from '../lib/config/load.js';
import { loadBundledForm } from '../lib/form/bundled.js';

const config = defaultConfig();
const template = loadBundledForm();

const wellFormed = [
  '### PyPI Username',
  '',
  '`some-user`',
  '',
  '### Reason for request',
  '',
  'I lost the phone that held my authenticator app.',
  '',
  '### Recovery Codes',
  '',
  '- [X] I never generated or have lost access to the recovery codes for my account',
  '',
  '### Code of Conduct',
  '',
  '- [X] I agree to follow the PSF Code of Conduct',
  '',
  '### Acknowledgement',
  '',
  '- [X] I understand that it may take a significant amount of time to process my account recovery request.',
  '',
].join('\n');
const MB = 1_000_000;
const bigReason = wellFormed.replace('I lost the phone', `${'lorem ipsum dolor sit amet '.repeat(MB / 27)}I lost the phone`);
const junk = Buffer.from(Array.from({ length: MB }, (_, i) => (i * 7919) % 256)).toString('latin1');
const fences = '```\n### PyPI Username\n'.repeat(MB / 21);
const quotes = '> '.repeat(MB / 2);

/** Runs fn until `minMs` have passed; reports the mean time per run. */
function time(fn, minMs = 300) {
  fn();
  let runs = 0;
  const start = performance.now();
  while (performance.now() - start < minMs) {
    fn();
    runs++;
  }
  return (performance.now() - start) / runs;
}

const cases = [
  ['checkRequest, well-formed body', () => checkRequest(template, wellFormed, config.username), 1],
  ['checkRequest, 1 MB reason', () => checkRequest(template, bigReason, config.username), 200],
  ['checkRequest, 1 MB binary junk', () => checkRequest(template, junk, config.username), 200],
  ['checkRequest, 1 MB of code fences', () => checkRequest(template, fences, config.username), 200],
  ['detectSensitive, well-formed body', () => detectSensitive(wellFormed), 1],
  ['detectSensitive, 1 MB reason', () => detectSensitive(bigReason), 500],
  ['detectSensitive, 1 MB binary junk', () => detectSensitive(junk), 500],
  ['parseCommands, 1 MB of quotes', () => parseCommands(quotes), 200],
  ['parseCommands, 1 MB of fences', () => parseCommands(fences), 200],
];

let missed = 0;
const heapBefore = process.memoryUsage().heapUsed;
console.log('case'.padEnd(40), 'mean ms'.padStart(10), 'target ms'.padStart(10));
for (const [name, fn, targetMs] of cases) {
  const ms = time(fn);
  const ok = ms <= targetMs;
  if (!ok) missed++;
  console.log(name.padEnd(40), ms.toFixed(3).padStart(10), String(targetMs).padStart(10), ok ? '' : '  MISSED');
}
globalThis.gc?.();
const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
const rssMb = process.memoryUsage().rss / 2 ** 20;
console.log(`heap growth ${heapMb.toFixed(1)} MiB, rss ${rssMb.toFixed(1)} MiB (target: rss under 512 MiB)`);
if (rssMb > 512) missed++;
console.log(missed === 0 ? 'all benchmark targets met' : `${missed} benchmark target(s) missed`);
process.exitCode = missed === 0 ? 0 : 1;
