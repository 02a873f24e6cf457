import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Sweep and report through their CLI commands against a local stand-in filled with open
// requests: calls and time as the queue grows.
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { ProbotOctokit } from 'probot';
import { createReportCommand } from '../lib/cli/report.js';
import { createSweepCommand } from '../lib/cli/sweep.js';
import { GitHubStandIn } from '../lib/standin/index.js';
import { fillQueue, STATE_LABELS } from './fill.js';

const REPO = 'pypi/support';
const TOKEN = 'bench-token';
const BOT = 'recovery-triage[bot]';

/** Retries and throttling off: the stand-in is local, and the calls are what is measured. */
const BenchOctokit = ProbotOctokit.defaults((options) => ({
  ...options,
  retry: { ...options.retry, enabled: false },
  throttle: { ...options.throttle, enabled: false },
}));

function io() {
  let out = '';
  let err = '';
  return {
    stdin: Readable.from([]),
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    env: { GITHUB_TOKEN: TOKEN },
    out: () => out,
    err: () => err,
  };
}

async function timed(gh, run) {
  gh.resetCalls();
  const start = performance.now();
  const result = await run();
  const ms = performance.now() - start;
  return { ...gh.countCalls(), ms, result };
}

/** One queue size: fill, sweep twice (the second finds nothing due), report. */
export async function measureQueue(open) {
  const gh = new GitHubStandIn({ now: '2026-10-01T00:00:00Z', appSlug: 'recovery-triage', rateLimit: { core: 1e9, search: 1e9 } });
  gh.addRepo(REPO, { installationId: 1, labels: STATE_LABELS.map((name) => ({ name, color: 'ededed' })) });
  gh.addToken(TOKEN, BOT);
  const filled = fillQueue(gh, REPO, open);
  await gh.listen();
  try {
    const makeOctokit = (token) => new BenchOctokit({ auth: { token }, baseUrl: gh.url });
    const now = gh.clock.now();
    const state = join(mkdtempSync(join(tmpdir(), 'bench-sweep-')), 'state.json');
    const sweep = async () => {
      const out = io();
      const args = ['--repo', REPO, '--bot-login', BOT, '--now', now, '--force-now', '--state', state];
      const code = await createSweepCommand(makeOctokit).run(args, out);
      if (code !== 0) throw new Error(`sweep failed (${code}): ${out.err().slice(0, 500)}`);
      const looked = /(\d+) requests? looked at; (\d+) writes?/.exec(out.out());
      return { candidates: Number(looked?.[1] ?? NaN) };
    };
    const first = await timed(gh, sweep);
    const second = await timed(gh, sweep);
    // The second found nothing to do and remembered it in the state file: a third reads listings only.
    const third = await timed(gh, sweep);
    const report = await timed(gh, async () => {
      const out = io();
      const code = await createReportCommand(makeOctokit).run(['--repo', REPO, '--now', now, '--json'], out);
      if (code !== 0) throw new Error(`report failed (${code}): ${out.err().slice(0, 500)}`);
      return JSON.parse(out.out());
    });
    if (gh.unexpected.length > 0) throw new Error(`unexpected calls: ${JSON.stringify(gh.unexpected.slice(0, 3))}`);
    return { open, filled, first, second, third, report };
  } finally {
    await gh.close();
  }
}
