// Parse + validate throughput: ours (checkRequest with the form compiled once) against
// @github/issue-parser on the same bodies, given the form template and without it.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseIssue } from '@github/issue-parser';
import { checkRequest } from '../lib/checks/validate.js';
import { defaultConfig } from '../lib/config/load.js';
import { loadBundledForm } from '../lib/form/bundled.js';
import { benchBodies } from './bodies.js';

const TEMPLATE_URL = new URL('../.github/ISSUE_TEMPLATE/account-recovery.yml', import.meta.url);

/** Bodies per second of `fn` over `bodies`, best of `rounds` passes of at least `minMs` each. */
function throughput(bodies, fn, minMs, rounds = 3) {
  for (const body of bodies.slice(0, 50)) fn(body);
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let done = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < minMs) {
      for (const body of bodies) fn(body);
      done += bodies.length;
      elapsed = performance.now() - start;
    }
    best = Math.max(best, (done / elapsed) * 1000);
  }
  return best;
}

/**
 * Ours: the bundled form parsed and compiled once (as the app's cache keeps it), each body
 * parsed and validated. Theirs: `parseIssue(body, templateYaml)`, the library's API with a
 * template (it takes the YAML text on every call), and `parseIssue(body)` without one.
 */
export function compareParsers({ count = 500, minMs = 400 } = {}) {
  const config = defaultConfig();
  const template = loadBundledForm();
  const templateYaml = readFileSync(TEMPLATE_URL, 'utf8');
  const bodies = benchBodies(count);
  const meanBytes = bodies.reduce((sum, b) => sum + Buffer.byteLength(b), 0) / bodies.length;
  let sink = 0;
  const ours = throughput(bodies, (b) => (sink += checkRequest(template, b, config.username).valid ? 1 : 0), minMs);
  const withTemplate = throughput(bodies, (b) => (sink += Object.keys(parseIssue(b, templateYaml)).length), Math.max(minMs, 600), 2);
  const withoutTemplate = throughput(bodies, (b) => (sink += Object.keys(parseIssue(b)).length), minMs);
  const valid = bodies.filter((b) => checkRequest(template, b, config.username).valid).length;
  return { count, meanBytes, valid, ours, withTemplate, withoutTemplate, sink };
}
