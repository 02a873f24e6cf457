import fc from 'fast-check';
import { readStatusData, STATUS_MARKER } from '../../src/comment/data.js';
import { githubLength, GITHUB_BODY_LIMIT } from '../../src/comment/limits.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadBundledForm } from '../../src/form/bundled.js';
import { decide, emptyFacts, type CommentView, type Facts, type Observation } from '../../src/triage/reconcile.js';
import { formBody } from '../helpers/bodies.js';

// The whole pure core over hostile bodies, comments, hidden data blocks and command lines: it never
// throws, always decides, keeps every output under GitHub's limits and never echoes a mention.
const RUNS = Number(process.env.FUZZ_RUNS ?? 120);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : process.env.FUZZ_RUNS ? Date.now() : 20261124;
const TIMEOUT = Math.max(60_000, RUNS * 200);
let cases = 0;
afterAll(() => console.log(`core fuzz: ${cases} generated cases (seed ${SEED}, ${RUNS} runs per property)`));

const config = defaultConfig();
const template = loadBundledForm();

const tricks = fc.constantFrom(
  '/recovery start',
  '/recovery ask @everyone look <img src=x onerror=alert(1)>',
  '/recovery reply nope',
  '/recovery deny ' + 'x'.repeat(3000),
  '/recovery duplicate #1',
  '/recovery constructor',
  '/recovery __proto__',
  '/recovery',
  '```',
  '> /recovery complete',
  '<!--',
  '-->',
  'pypi-AgEIcHlwaS5vcmcCJDEyMzQ1Njc4LTEyMzQtMTIzNC0xMjM0LTEyMzQ1Njc4OTBhYgACKlszLCJhYmMiXQAABiD0123456789abcdef',
  '### PyPI Username',
  '_No response_',
  '- [X] I agree to follow the PSF Code of Conduct',
  '@admin',
  '\u0000\uffff\ud800',
);
const text = fc
  .array(fc.oneof({ arbitrary: fc.string({ maxLength: 60, unit: 'binary' }), weight: 2 }, { arbitrary: tricks, weight: 3 }), {
    maxLength: 60,
  })
  .map((parts) => parts.join('\n'));
const body = fc.oneof(
  text,
  fc.constant(formBody()),
  text.map((t) => `${formBody()}\n${t}`),
  fc.constant(null),
);
const dataBlock = fc.oneof(
  fc.constant(''),
  fc.jsonValue().map((v) => `<!-- recovery-triage:data ${Buffer.from(JSON.stringify(v)).toString('base64')} -->`),
  fc.string({ maxLength: 200 }).map((s) => `<!-- recovery-triage:data ${s} -->`),
  fc.constant(
    `<!-- recovery-triage:data ${Buffer.from('{"history":[{"at":"x","actor":"a","event":"e","from":null,"to":"__proto__","reason":"r"}],"ran":{"__proto__":["x"]}}').toString('base64')} -->`,
  ),
);
const people = fc.constantFrom('requester', 'alice', 'mallory', 'other-bot[bot]');
const comments = fc.array(fc.record({ author: people, body: text }), { maxLength: 12 });

function observation(
  issueBody: string | null,
  statusBlock: string,
  raw: { author: string; body: string }[],
  labels: string[],
): Observation {
  const list: CommentView[] = raw.map((c, i) => ({
    id: 100 + i,
    author: c.author,
    isBot: c.author.endsWith('[bot]'),
    body: c.body,
    createdAt: `2026-11-20T10:${String(i).padStart(2, '0')}:00Z`,
    updatedAt: `2026-11-20T10:${String(i).padStart(2, '0')}:00Z`,
  }));
  return {
    config,
    template,
    issue: {
      number: 1,
      author: 'requester',
      open: true,
      stateReason: null,
      closedAt: null,
      closedBy: null,
      labels,
      body: issueBody,
      createdAt: '2026-11-20T09:00:00Z',
      updatedAt: '2026-11-20T11:00:00Z',
    },
    status: statusBlock === '' ? null : { id: 9, body: `${STATUS_MARKER}\n${statusBlock}` },
    extraStatus: [],
    comments: list,
    replyKeys: new Set(),
  };
}

/** Answers every fact the core asks for, as the shell would. */
function settle(obs: Observation) {
  let facts: Facts = emptyFacts();
  for (let round = 0; round < 6; round++) {
    const d = decide(obs, facts, { now: '2026-11-20T12:00:00Z', timers: true, refreshQueue: false });
    if (d.kind === 'done') return d;
    const maintainers = new Map(facts.maintainers);
    for (const login of d.needs.maintainers) maintainers.set(login, login === 'alice');
    facts = {
      events: d.needs.events ? [] : facts.events,
      maintainers,
      account: d.needs.account !== null ? null : facts.account,
      queue: d.needs.queue ? { queueAhead: 3, duplicates: { open: [], original: null, closed: [] } } : facts.queue,
    };
  }
  throw new Error('did not settle');
}

const MENTION = /(^|[^\w`@])@(everyone|admin)\b/;

test(
  'any body, comments, hidden data and labels: a decision, bounded output, no unescaped mention of user text',
  () => {
    fc.assert(
      fc.property(
        body,
        dataBlock,
        comments,
        fc.subarray(['account-recovery', 'recovery: triage', 'recovery: verifying', 'bug']),
        (b, block, raw, labels) => {
          cases += 1;
          const d = settle(observation(b, block, raw, labels));
          const status = d.plan.statusComment?.body;
          if (status) {
            expect(githubLength(status)).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
            expect(readStatusData(status).dropped).toEqual([]);
          }
          for (const reply of d.plan.replies) {
            expect(githubLength(reply.body) + 80).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
            expect(reply.body).not.toMatch(MENTION);
          }
          // Every comment runs at most the configured number of commands: one reaction set each.
          expect(d.plan.reactions.length).toBeLessThanOrEqual(raw.length * 4);
          expect(
            d.plan.addLabels.filter(
              (l) => l.startsWith('recovery: ') && l !== 'recovery: sensitive-data' && l !== 'recovery: possible-duplicate',
            ).length,
          ).toBeLessThanOrEqual(1);
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  },
  TIMEOUT,
);

test(
  'deciding again on the GitHub state a plan leaves plans nothing',
  () => {
    fc.assert(
      fc.property(body, comments, (b, raw) => {
        cases += 1;
        const obs = observation(b, '', raw, ['account-recovery']);
        const first = settle(obs);
        const labels = [...obs.issue.labels.filter((l) => !first.plan.removeLabels.includes(l)), ...first.plan.addLabels];
        const after: Observation = {
          ...obs,
          issue: { ...obs.issue, labels, open: first.plan.issue === 'none' ? obs.issue.open : first.plan.issue === 'reopen' },
          status: first.plan.statusComment ? { id: 9, body: first.plan.statusComment.body } : obs.status,
          replyKeys: new Set(first.plan.replies.map((r) => r.key)),
        };
        if (first.plan.redactComments.length > 0 || first.plan.redactBody) return; // redaction changes the texts themselves
        const second = settle(after);
        expect(second.plan.addLabels).toEqual([]);
        expect(second.plan.removeLabels).toEqual([]);
        expect(second.plan.replies).toEqual([]);
        expect(second.plan.statusComment).toBeNull();
        expect(second.plan.issue).toBe('none');
      }),
      { numRuns: RUNS, seed: SEED },
    );
  },
  TIMEOUT,
);
