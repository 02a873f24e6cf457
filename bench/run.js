// `npm run bench`: speed and memory of the pure core on large and hostile inputs. Targets are
// stated next to each case; the run fails (exit 1) when one is missed by a wide margin.
import { performance } from 'node:perf_hooks';
import { checkRequest } from '../lib/checks/validate.js';
import { detectSensitive } from '../lib/checks/sensitive/index.js';
import { parseCommands } from '../lib/commands/grammar.js';
import { defaultConfig } from '../lib/config/load.js';
import { loadBundledForm } from '../lib/form/bundled.js';
import { startDraft } from '../lib/triage/draft.js';
import { finish } from '../lib/triage/finish.js';
import { onFormChecked } from '../lib/triage/form-event.js';
import { onSensitiveText } from '../lib/triage/sensitive-event.js';

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

/** One `issues.opened` through the whole pure core: checks, state, sensitive data, plan. */
function pipeline(body) {
  const input = { config, template, request: { number: 1, author: 'a', open: true, labels: ['account-recovery'], body, status: null } };
  const check = checkRequest(template, body, config.username);
  const draft = onSensitiveText(
    onFormChecked(startDraft(input), check, 'opened', { login: 'a', at: '2026-01-01T00:00:00Z' }),
    body,
    { kind: 'body' },
    config,
  );
  return finish(input, draft, check);
}

const cases = [
  ['whole core, well-formed body', () => pipeline(wellFormed), 2],
  ['whole core, 1 MB reason', () => pipeline(bigReason), 1000],
  ['whole core, 1 MB binary junk', () => pipeline(junk), 1000],
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
