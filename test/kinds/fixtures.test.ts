import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readStatusData, STATUS_MARKER } from '../../src/comment/data.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadBundledForm } from '../../src/form/bundled.js';
import { decide, emptyFacts, type Facts, type Observation } from '../../src/triage/reconcile.js';

/**
 * Every body of test/fixtures (the held-out style of real requests) and of test/fixtures/kinds
 * (one or more per kind, in several languages) through the whole core with the default config:
 * the kind it gets, the labels added, the next steps in the status comment, the urgency reply.
 */
const config = defaultConfig();
const template = loadBundledForm();

interface Expected {
  kind: string;
  label: string | null;
  language: string | null;
  urgent: boolean;
  nextStepsIncludes: string;
  redirect?: boolean;
}

function run(body: string) {
  const obs: Observation = {
    config,
    template,
    issue: {
      number: 7,
      author: 'requester',
      open: true,
      stateReason: null,
      closedAt: null,
      closedBy: null,
      labels: ['account-recovery'],
      body,
      createdAt: '2026-11-20T09:00:00Z',
      updatedAt: '2026-11-20T09:00:00Z',
    },
    status: null,
    extraStatus: [],
    comments: [],
    replyKeys: new Set(),
  };
  let facts: Facts = emptyFacts();
  for (let round = 0; round < 6; round++) {
    const d = decide(obs, facts, { now: '2026-11-20T12:00:00Z', timers: false, refreshQueue: false });
    if (d.kind === 'done') return d;
    facts = { ...facts, events: [], queue: { queueAhead: 2, duplicates: { open: [], original: null, closed: [] } } };
  }
  throw new Error('did not settle');
}

const root = fileURLToPath(new URL('../fixtures/', import.meta.url));
const heldOut = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(`${root}${d.name}/body.md`))
  .map((d) => d.name)
  .sort();
const kindsRoot = `${root}kinds/`;
const kindCases = readdirSync(kindsRoot).sort();

test('the fixtures are found: the held-out bodies and every default kind in several languages', () => {
  expect(heldOut.length).toBeGreaterThanOrEqual(26);
  const expected = kindCases.map((name) => JSON.parse(readFileSync(`${kindsRoot}${name}/expected.json`, 'utf8')) as Expected);
  expect(new Set(expected.map((e) => e.kind))).toEqual(new Set(config.kinds.map((k) => k.id)));
  expect(new Set(expected.map((e) => e.language))).toEqual(new Set(['en', 'pt', 'es', 'zh', 'fr', 'de', 'ru', null]));
});

// Real requests are mostly lost second factors written in English, or too short or mixed to tell:
// none gets a kind label, a language label, a redirect or an urgency reply by mistake.
test.each(heldOut)('held-out body %s: second factor, no kind or language label', (name) => {
  const decision = run(readFileSync(`${root}${name}/body.md`, 'utf8'));
  const data = decision.data;
  expect(data.kind?.id).toBe('second-factor');
  expect(decision.plan.addLabels.filter((l) => l.startsWith('kind:') || l.startsWith('language:'))).toEqual([]);
  expect(decision.plan.replies).toEqual([]);
  expect(decision.plan.issue).toBe('none');
  expect(data.language === null || data.language === 'en').toBe(true);
});

test('the mixed-language held-out body is left without a language (unsure)', () => {
  expect(run(readFileSync(`${root}reason-non-english/body.md`, 'utf8')).data.language).toBeNull();
});

test.each(kindCases)('kind fixture %s', (name) => {
  const expected = JSON.parse(readFileSync(`${kindsRoot}${name}/expected.json`, 'utf8')) as Expected;
  const decision = run(readFileSync(`${kindsRoot}${name}/body.md`, 'utf8'));
  const { data, plan } = decision;
  expect(data.kind?.id).toBe(expected.kind);
  expect(data.language).toBe(expected.language);

  const kindLabels = plan.addLabels.filter((l) => l.startsWith('kind:'));
  expect(kindLabels).toEqual(expected.label === null ? [] : [expected.label]);
  const languageLabels = plan.addLabels.filter((l) => l.startsWith('language:'));
  expect(languageLabels).toEqual(expected.language === null || expected.language === 'en' ? [] : [`language: ${expected.language}`]);
  for (const label of [...kindLabels, ...languageLabels]) expect(plan.ensureLabels.map((l) => l.name)).toContain(label);

  const status = plan.statusComment?.body ?? '';
  expect(status.startsWith(STATUS_MARKER)).toBe(true);
  expect(status).toContain(`Kind: \`${expected.kind}\``);
  if (expected.redirect === true) {
    expect(decision.state).toBe('denied');
    expect(plan.issue).toBe('close-not-planned');
    expect(plan.replies.map((r) => r.key)).toEqual([`redirect-${expected.kind}`]);
    expect(plan.replies[0].body).toContain(expected.nextStepsIncludes);
    expect(status).not.toContain(expected.nextStepsIncludes);
    return;
  }
  expect(decision.state).toBe('triage');
  expect(plan.issue).toBe('none');
  expect(status).toContain(expected.nextStepsIncludes);
  const foreign = expected.language !== null && expected.language !== 'en';
  expect(status.includes('Your request seems to be written in')).toBe(foreign);
  expect(plan.replies.map((r) => r.key)).toEqual(expected.urgent ? ['urgency'] : []);
  if (expected.urgent) expect(plan.replies[0].body).toMatch(/^@requester We understand that this is pressing\./);
  expect(readStatusData(status).data.kind?.id).toBe(expected.kind);
});

test('`recovery-triage check` prints the kind and language of every kind fixture', async () => {
  const { checkCommand } = await import('../../src/cli/check.js');
  const { fakeIo } = await import('../cli/fake-io.js');
  for (const name of kindCases) {
    const expected = JSON.parse(readFileSync(`${kindsRoot}${name}/expected.json`, 'utf8')) as Expected;
    const io = fakeIo();
    expect(await checkCommand.run([`${kindsRoot}${name}/body.md`], io)).toBe(0);
    const output = JSON.parse(io.out()) as { kind: string; language: string | null };
    expect({ name, kind: output.kind, language: output.language }).toEqual({ name, kind: expected.kind, language: expected.language });
  }
});
