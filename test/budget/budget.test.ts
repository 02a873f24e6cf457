import { readFileSync } from 'node:fs';
import { createIssue } from '../../src/standin/mutations.js';
import type { CallRecord, WebhookDelivery } from '../../src/standin/index.js';
import { formBody } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, REQUESTER, startApp, type AppHarness } from '../helpers/app.js';

/**
 * The API budget: reads and writes per event kind, through the real app on the stand-in, with
 * warm caches (config, form, labels and the bot's identity already known), at a queue of 30 and
 * of 5,000 open requests. The counts are exact, so a change that adds a call fails here; the
 * table is docs/budget.md's.
 */

interface Row {
  event: string;
  reads: number;
  writes: number;
  notModified: number;
  /** Calls made to learn the queue position and duplicates (search and listing), part of the reads. */
  triage: number;
  routes: string[];
}

/** The calls that learn the queue: searches, and the listing of open requests (not the config-error issue's, by creator). */
function isQueueCall(call: CallRecord): boolean {
  if (call.route === 'GET /search/issues') return true;
  return call.route === 'GET /repos/{owner}/{repo}/issues' && !/[?&]creator=/.test(call.path);
}
/** A maintainer whose rights are not cached yet (the warm-up's maintainer is alice). */
const COLD_MAINTAINER = 'carol';

function rowOf(event: string, calls: readonly CallRecord[]): Row {
  const row: Row = { event, reads: 0, writes: 0, notModified: 0, triage: 0, routes: [] };
  for (const call of calls) {
    if (call.status === 304) row.notModified++;
    else if (call.method === 'GET' || call.method === 'HEAD') row.reads++;
    else row.writes++;
    if (isQueueCall(call)) row.triage++;
    row.routes.push(`${describeCall(call)}${call.status === 304 ? ' (304)' : ''}`);
  }
  return row;
}

/** A call as the docs list it: its route, and what it is for where the route does not say. */
function describeCall(call: CallRecord): string {
  const query = new URL(call.path, 'http://x').searchParams;
  if (call.route === 'GET /repos/{owner}/{repo}/contents/{path}') return `GET ${decodeURIComponent(call.path.split('?')[0])}`;
  if (call.route === 'GET /search/issues')
    return `${call.route} (${/created:</.test(query.get('q') ?? '') ? 'requests ahead, a count' : 'same username'})`;
  if (call.route === 'GET /repos/{owner}/{repo}/issues') {
    return `${call.route} (${query.has('creator') ? 'config-error issue lookup' : `newest ${query.get('per_page')} open requests`})`;
  }
  return call.route;
}

/** `open` requests waiting in triage, written straight into the stand-in (no webhooks, no app). */
function fillQueue(h: AppHarness, open: number): void {
  const repo = h.gh.state.repo(REPO);
  for (let i = 0; i < open; i++) {
    createIssue(h.gh.state, { login: `filler-${i}`, viaApp: false }, repo, {
      title: 'Account recovery request',
      body: formBody({ username: `\`filler-${i}\`` }),
      labels: ['account-recovery', 'recovery: triage'],
    });
  }
}

async function measure(h: AppHarness, event: string, deliveries: WebhookDelivery[], atOnce = false): Promise<Row> {
  h.gh.resetCalls();
  if (atOnce) {
    const settled = await h.deliverAtOnce(deliveries);
    expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
  } else await h.deliver(deliveries);
  expect(h.gh.unexpected).toEqual([]);
  return rowOf(event, h.gh.calls);
}

const last = (h: AppHarness) => Math.max(...h.gh.issues(REPO).map((i) => i.number));

/** Every event kind once, after a warm-up request taken through the same steps. */
async function scenario(open: number): Promise<{ rows: Row[]; cold: Row }> {
  const h = await startApp({ labels: true });
  try {
    h.gh.setPermission(REPO, COLD_MAINTAINER, 'maintain');
    fillQueue(h, open);
    // Warm-up: config, form, the bot's identity, every label this scenario writes, alice's rights.
    const cold = await measure(
      h,
      'first request after a start (cold caches)',
      openRequest(h.gh, formBody({ username: 'a b' }), 'warm-up'),
      true,
    );
    const warm = last(h);
    await h.deliver(h.gh.as('warm-up').editBody(REPO, warm, formBody({ username: '`warm-up-user`' })));
    await h.deliver(h.gh.as(MAINTAINER).comment(REPO, warm, '/recovery start'));
    await h.deliver(h.gh.as('warm-up').comment(REPO, warm, 'I answered the e-mail.'));

    const rows: Row[] = [];
    // GitHub sends a form's `opened` and its `labeled` together.
    rows.push(await measure(h, 'new incomplete request', openRequest(h.gh, formBody({ username: 'a b' })), true));
    const request = last(h);
    rows.push(await measure(h, 'new complete request', openRequest(h.gh, formBody({ username: '`other-user`' }), 'other-requester'), true));
    rows.push(
      await measure(
        h,
        'new incomplete request, opened and labeled handled apart',
        openRequest(h.gh, formBody({ username: 'a b' }), 'third-requester'),
      ),
    );
    rows.push(await measure(h, 'edit that fixes it', h.gh.as(REQUESTER).editBody(REPO, request, formBody())));
    rows.push(await measure(h, 'maintainer `/recovery start`', h.gh.as(COLD_MAINTAINER).comment(REPO, request, '/recovery start')));
    const reply = h.gh.as(REQUESTER).comment(REPO, request, 'I answered the e-mail.');
    rows.push(await measure(h, 'requester reply', reply));
    rows.push(await measure(h, 'redelivery (the reply again)', reply));
    return { rows, cold };
  } finally {
    await h.close();
  }
}

/** The same at both queue sizes: nothing a run does grows with the queue. */
const EXPECTED: Pick<Row, 'event' | 'reads' | 'writes' | 'notModified' | 'triage'>[] = [
  { event: 'new incomplete request', reads: 1, writes: 2, notModified: 0, triage: 0 },
  { event: 'new complete request', reads: 4, writes: 2, notModified: 0, triage: 3 },
  { event: 'new incomplete request, opened and labeled handled apart', reads: 1, writes: 2, notModified: 0, triage: 0 },
  { event: 'edit that fixes it', reads: 5, writes: 3, notModified: 0, triage: 3 },
  // 3 reads, and the check of the comments right before the reply is posted.
  { event: 'maintainer `/recovery start`', reads: 4, writes: 6, notModified: 0, triage: 0 },
  { event: 'requester reply', reads: 2, writes: 3, notModified: 0, triage: 0 },
  { event: 'redelivery (the reply again)', reads: 2, writes: 0, notModified: 0, triage: 0 },
];

/** The Markdown table docs/budget.md shows. */
export function renderBudget(small: Row[], large: Row[]): string {
  const lines = [
    '| event (warm caches) | reads at 30 open | writes at 30 open | reads at 5,000 open | writes at 5,000 open | of the reads: entering triage |',
    '|---|---|---|---|---|---|',
  ];
  small.forEach((row, i) => {
    const big = large[i];
    lines.push(`| ${row.event} | ${row.reads} | ${row.writes} | ${big.reads} | ${big.writes} | ${big.triage === 0 ? '–' : big.triage} |`);
  });
  return lines.join('\n');
}

/**
 * The first request after a start, in this file's fresh module state: the app's identity
 * (`GET /app`), the installation token, the config (repository, then the owner's `.github`), one
 * look for a config-error issue, the form, and the triage label's creation (already there: 422).
 */
const COLD = { reads: 6, writes: 4, notModified: 0, triage: 0 };

export function renderCold(cold: Row): string {
  return `The first request after a start (cold caches) costs ${cold.reads} reads and ${cold.writes} writes: ${cold.routes.join(', ')}.`;
}

const rows = new Map<number, Row[]>();
let firstCold: Row | null = null;

describe.each([30, 5000])('a queue of %i open requests', (open) => {
  beforeAll(async () => {
    const measured = await scenario(open);
    rows.set(open, measured.rows);
    // Only the first scenario of the file starts cold: some caches are per process.
    firstCold ??= measured.cold;
  }, 60_000);

  test('exact reads and writes per event kind: any added call fails', () => {
    const measured = rows.get(open) ?? [];
    expect(measured.map(({ event, reads, writes, notModified, triage }) => ({ event, reads, writes, notModified, triage }))).toEqual(
      EXPECTED,
    );
  });

  test("the budget's targets", () => {
    const by = new Map((rows.get(open) ?? []).map((r) => [r.event, r]));
    const row = (event: string): Row => {
      const found = by.get(event);
      if (!found) throw new Error(`no row ${event}`);
      return found;
    };
    // A new request: at most 3 reads and 2 writes; entering triage is counted apart, at most 3 calls.
    for (const event of ['new incomplete request', 'new complete request', 'new incomplete request, opened and labeled handled apart']) {
      expect(row(event).reads - row(event).triage).toBeLessThanOrEqual(3);
      expect(row(event).writes).toBeLessThanOrEqual(2);
    }
    expect(row('new complete request').triage).toBeLessThanOrEqual(3);
    expect(row('edit that fixes it').triage).toBeLessThanOrEqual(3);
    // A command from a maintainer whose rights are not cached: at most 3 reads, and one more
    // (comments since the run's read) right before its reply is posted.
    const start = row('maintainer `/recovery start`');
    expect(start.reads).toBeLessThanOrEqual(4);
    expect(start.routes.filter((r) => r === 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments')).toHaveLength(2);
    // Runs that post no reply make no such read.
    for (const event of ['requester reply', 'redelivery (the reply again)'])
      expect(row(event).routes.filter((r) => r === 'GET /repos/{owner}/{repo}/issues/{issue_number}/comments')).toHaveLength(1);
    expect(row('redelivery (the reply again)').writes).toBe(0);
  });
});

test('docs/budget.md shows the measured table; the calls of each event are printed', () => {
  const small = rows.get(30);
  const large = rows.get(5000);
  if (!small || !large) throw new Error('the scenarios did not run');
  const table = renderBudget(small, large);
  if (!firstCold) throw new Error('no cold run');
  const { reads, writes, notModified, triage } = firstCold;
  expect({ reads, writes, notModified, triage }).toEqual(COLD);
  const calls = large.map((r) => `${r.event}:\n${r.routes.map((route) => `  ${route}`).join('\n')}`).join('\n');
  const cold = renderCold(firstCold);
  console.log(`${table}\n\n${cold}\n\nCalls at 5,000 open requests:\n${calls}`);
  const docs = readFileSync(new URL('../../docs/budget.md', import.meta.url), 'utf8');
  expect(docs).toContain(table);
  expect(docs.replace(/\s+/g, ' ')).toContain(cold);
});
