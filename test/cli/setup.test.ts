import { readFileSync } from 'node:fs';
import { kindLabel } from '../../src/kinds/step.js';
import nock from 'nock';
import { FORM_LABEL_COLOR, FORM_LABEL_DESCRIPTION, createSetupCommand } from '../../src/cli/setup.js';
import { defaultConfig } from '../../src/config/load.js';
import { STATES } from '../../src/state/states.js';
import { API, TestOctokit } from '../helpers/probot.js';
import { fakeIo, type FakeIo } from './fake-io.js';

const REPO = '/repos/pypi/support';
const CONFIG_PATH = `${REPO}/contents/${encodeURIComponent('.github/recovery-triage.yml')}`;
const ORG_CONFIG_PATH = `/repos/pypi/.github/contents/${encodeURIComponent('.github/recovery-triage.yml')}`;
const FORM_PATH = `${REPO}/contents/${encodeURIComponent('.github/ISSUE_TEMPLATE/account-recovery.yml')}`;
const BUNDLED_FORM = readFileSync(new URL('../../.github/ISSUE_TEMPLATE/account-recovery.yml', import.meta.url), 'utf8');

interface Label {
  name: string;
  color: string;
  description: string | null;
}

interface FakeRepo {
  labels: Label[];
  /** Path → text of the files the repository has. */
  files: Record<string, string>;
  /** Every request, as `METHOD path`, in order. */
  calls: string[];
  /** Bodies of the writes, in order. */
  writes: { call: string; body: unknown }[];
}

/**
 * A stand-in for the parts of the REST API that setup uses, kept as state so that a second run
 * sees what the first one wrote. Anything else is refused (the net is disabled).
 */
function fakeRepo(labels: Label[] = [], files: Record<string, string> = {}): FakeRepo {
  const repo: FakeRepo = { labels: labels.map((l) => ({ ...l })), files, calls: [], writes: [] };
  const scope = nock(API, { reqheaders: { authorization: 'token setup-token' } }).persist();
  scope.on('request', (req: { method: string; path: string }) => repo.calls.push(`${req.method} ${decodeURIComponent(req.path)}`));
  scope
    .get(new RegExp(`^(${REPO}|/repos/pypi/\\.github)/contents/`))
    .reply((uri) => {
      const [, owner, name, path] = /^\/repos\/([^/]+)\/([^/]+)\/contents\/(.*)$/.exec(decodeURIComponent(uri.split('?')[0])) ?? [];
      const text = owner === 'pypi' && name === 'support' ? repo.files[path] : undefined;
      return text === undefined ? [404, { message: 'Not Found' }] : [200, text, { 'content-type': 'text/plain; charset=utf-8' }];
    })
    .get(`${REPO}/labels`)
    .query({ per_page: '100' })
    .reply(() => [200, repo.labels])
    .post(`${REPO}/labels`)
    .reply((uri, body) => {
      const label = body as Label;
      repo.writes.push({ call: `POST ${uri}`, body });
      repo.labels.push({ name: label.name, color: label.color, description: label.description });
      return [201, label];
    })
    .patch(new RegExp(`^${REPO}/labels/`))
    .reply((uri, body) => {
      const name = decodeURIComponent(uri.slice(`${REPO}/labels/`.length));
      const update = body as { new_name: string; color: string; description: string };
      repo.writes.push({ call: `PATCH ${decodeURIComponent(uri)}`, body });
      const label = repo.labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
      if (label === undefined) return [404, { message: 'Not Found' }];
      Object.assign(label, { name: update.new_name, color: update.color, description: update.description });
      return [200, label];
    });
  return repo;
}

const command = createSetupCommand((token) => new TestOctokit({ auth: { token } }));

async function run(args: string[], env: Record<string, string> = { GITHUB_TOKEN: 'setup-token' }): Promise<{ code: number; io: FakeIo }> {
  const io: FakeIo = { ...fakeIo(), env };
  const code = await command.run(args, io);
  return { code, io };
}

/** The labels the bot needs with the default config, as GitHub would list them after setup. */
function defaultLabels(): Label[] {
  const config = defaultConfig();
  return [
    ...STATES.map((s) => config.labels[s]),
    ...Object.values(config.flags),
    // The labels of the default kinds that have one (src/kinds).
    ...config.kinds.flatMap((k) => {
      const spec = kindLabel(k);
      return spec === null ? [] : [spec];
    }),
    { name: config.formLabel, color: FORM_LABEL_COLOR, description: FORM_LABEL_DESCRIPTION },
  ];
}

const READS_WITHOUT_CONFIG = [
  'GET /repos/pypi/support/contents/.github/recovery-triage.yml',
  'GET /repos/pypi/.github/contents/.github/recovery-triage.yml',
  'GET /repos/pypi/support/labels?per_page=100',
  'GET /repos/pypi/support/contents/.github/ISSUE_TEMPLATE/account-recovery.yml',
  'GET /repos/pypi/support/contents/.github/recovery-triage.yml',
];

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('recovery-triage setup', () => {
  test('--dry-run on a bare repository prints the plan, lists what is missing, and writes nothing', async () => {
    const repo = fakeRepo();
    const { code, io } = await run(['--repo', 'pypi/support', '--dry-run']);

    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(repo.calls).toEqual(READS_WITHOUT_CONFIG);
    expect(repo.writes).toEqual([]);
    expect(repo.labels).toEqual([]);
    const out = io.out();
    expect(out).toMatch(/^Plan for pypi\/support:\n/);
    for (const label of defaultLabels()) expect(out).toContain(`would create  ${label.name}`);
    expect(out).toMatch(/would create {2}recovery: triage +state triage: #0e8a16, "Complete; waiting for a maintainer"\n/);
    expect(out).toMatch(/would create {2}account-recovery +form label: #ededed/);
    expect(out).toContain('Dry run: would create 15 labels and update 0; nothing was written.');
    expect(out).toContain('pypi/support still lacks:\n');
    expect(out).toContain('  - the issue form .github/ISSUE_TEMPLATE/account-recovery.yml: copy the bundled form (');
    expect(out).toContain('  - .github/recovery-triage.yml (optional)');
  });

  test('creates every label with the colours and descriptions of the config; a second run writes nothing', async () => {
    const repo = fakeRepo([{ name: 'bug', color: 'd73a4a', description: "Something isn't working" }]);

    const first = await run(['--repo', 'pypi/support']);
    expect(first.io.err()).toBe('');
    expect(first.code).toBe(0);
    expect(repo.calls).toEqual([...READS_WITHOUT_CONFIG, ...defaultLabels().map(() => 'POST /repos/pypi/support/labels')]);
    expect(repo.writes.map((w) => w.body)).toEqual(defaultLabels());
    expect(first.io.out()).toMatch(/^Labels in pypi\/support:\n {2}create {2}recovery: incomplete /);
    expect(first.io.out()).toContain('Created 15 labels, updated 0.');
    // Labels that are not the bot's are left alone.
    expect(repo.labels[0]).toEqual({ name: 'bug', color: 'd73a4a', description: "Something isn't working" });

    repo.calls.length = 0;
    repo.writes.length = 0;
    const second = await run(['--repo', 'pypi/support']);
    expect(second.code).toBe(0);
    expect(repo.calls).toEqual(READS_WITHOUT_CONFIG);
    expect(repo.writes).toEqual([]);
    expect(second.io.out()).toContain('Created 0 labels, updated 0.');
    for (const label of defaultLabels()) expect(second.io.out()).toMatch(new RegExp(`^ {2}ok +${label.name} `, 'm'));
  });

  test("the repository's config names the labels; labels that differ are updated, the form label is only ever created", async () => {
    const config = [
      'formLabel: recovery',
      'labels:',
      '  incomplete:',
      '    name: needs work',
      '    color: FF0000',
      '    description: Fix the form',
      '',
    ].join('\n');
    const form = BUNDLED_FORM.replace('  - account-recovery', '  - recovery');
    const others = defaultLabels().filter((l) => !['recovery: incomplete', 'recovery: triage', 'account-recovery'].includes(l.name));
    const repo = fakeRepo(
      [
        ...others,
        // Same name but for case, another colour and no description: updated.
        { name: 'Recovery: Triage', color: '00FF00', description: null },
        // Already right but for the colour's case: left alone.
        { name: 'needs work', color: 'ff0000', description: 'Fix the form' },
        // The maintainers' own form label, in their colour: left alone.
        { name: 'Recovery', color: '123456', description: 'ours' },
      ],
      { '.github/recovery-triage.yml': config, '.github/ISSUE_TEMPLATE/account-recovery.yml': form },
    );

    const { code, io } = await run(['--repo', 'pypi/support']);

    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(repo.calls).toEqual([
      'GET /repos/pypi/support/contents/.github/recovery-triage.yml',
      'GET /repos/pypi/support/labels?per_page=100',
      'GET /repos/pypi/support/contents/.github/ISSUE_TEMPLATE/account-recovery.yml',
      'GET /repos/pypi/support/contents/.github/recovery-triage.yml',
      'PATCH /repos/pypi/support/labels/Recovery: Triage',
    ]);
    expect(repo.writes.map((w) => w.body)).toEqual([
      { new_name: 'recovery: triage', color: '0e8a16', description: 'Complete; waiting for a maintainer' },
    ]);
    expect(io.out()).toMatch(
      /^ {2}update {2}recovery: triage +state triage: name \(was "Recovery: Triage"\), color 0e8a16 \(was 00FF00\), description$/m,
    );
    expect(io.out()).toMatch(/^ {2}ok +needs work +state incomplete$/m);
    expect(io.out()).toMatch(/^ {2}ok +recovery +form label$/m);
    expect(io.out()).toContain('Created 0 labels, updated 1.');
    expect(io.out()).toContain('pypi/support has the form and the config file');
    expect(repo.labels.find((l) => l.name === 'Recovery')).toEqual({ name: 'Recovery', color: '123456', description: 'ours' });
  });

  test('a form that does not add the form label is reported', async () => {
    const form = BUNDLED_FORM.replace('labels:\n  - account-recovery\n', 'labels: bug, help\n');
    const repo = fakeRepo(defaultLabels(), { '.github/ISSUE_TEMPLATE/account-recovery.yml': form });

    const { code, io } = await run(['--repo', 'pypi/support', '--dry-run']);

    expect(code).toBe(0);
    expect(repo.writes).toEqual([]);
    expect(io.out()).toContain('Dry run: would create 0 labels and update 0; nothing was written.');
    expect(io.out()).toContain(
      '  - the label "account-recovery" in the labels of .github/ISSUE_TEMPLATE/account-recovery.yml: without it the bot ignores the form\'s issues\n',
    );
  });

  test('a refused write stops the run and says what the token needs', async () => {
    const scope = nock(API)
      .get(CONFIG_PATH)
      .reply(404, { message: 'Not Found' })
      .get(ORG_CONFIG_PATH)
      .reply(404, { message: 'Not Found' })
      .get(`${REPO}/labels`)
      .query({ per_page: '100' })
      .reply(200, [])
      .get(FORM_PATH)
      .reply(404, { message: 'Not Found' })
      .get(CONFIG_PATH)
      .reply(404, { message: 'Not Found' })
      .post(`${REPO}/labels`, {
        name: 'recovery: incomplete',
        color: 'fbca04',
        description: 'Waiting for the requester to complete the form',
      })
      .reply(403, { message: 'Resource not accessible by integration' });

    await expect(run(['--repo', 'pypi/support'], { GITHUB_TOKEN: 'read-only' })).rejects.toThrow(
      /^cannot create label "recovery: incomplete": HTTP 403: Resource not accessible by integration.* \(the token needs issues: write on the repository\)$/,
    );
    expect(scope.isDone()).toBe(true);
    // setup writes labels: the hint asks for a token that may write issues.
    await expect(command.run(['--repo', 'pypi/support'], { ...fakeIo(), env: {} })).rejects.toThrow(
      /^GITHUB_TOKEN is not set\. Set it to a token that may write issues: fine-grained, Issues: read and write/,
    );
  });

  test('usage errors: --repo is required; --help prints the usage', async () => {
    await expect(run([])).rejects.toThrow('--repo owner/name is required');
    await expect(run(['--repo', 'pypi/support', 'extra'])).rejects.toThrow('unexpected argument "extra"');
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.io.out()).toMatch(/^Usage: recovery-triage setup --repo OWNER\/NAME \[--dry-run\]\n/);
  });

  test('it is registered: `recovery-triage --help` lists it and errors are reported on stderr', async () => {
    const { main } = await import('../../src/cli/main.js');
    const help = { ...fakeIo(), env: {} };
    expect(await main(['--help'], help)).toBe(0);
    expect(help.out()).toMatch(/^ {2}setup +Create or update the labels and list what a repository still lacks$/m);
    const noToken = { ...fakeIo(), env: {} };
    expect(await main(['setup', '--repo', 'pypi/support'], noToken)).toBe(2);
    expect(noToken.err()).toContain('recovery-triage setup: GITHUB_TOKEN is not set.');
  });
});
