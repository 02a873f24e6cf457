import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { UsageError } from '../../src/cli/command.js';
import { describeError, networkProblem, openRepoSession, parseNow, tokenHint } from '../../src/cli/github-client.js';
import { main } from '../../src/cli/main.js';
import { createReportCommand } from '../../src/cli/report.js';
import { API, TestOctokit } from '../helpers/probot.js';
import { fakeIo } from './fake-io.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const wellFormed = join(fixtures, 'well-formed', 'body.md');
const emailUsername = join(fixtures, 'username-email', 'body.md');

interface Output {
  valid: boolean;
  state: string;
  fields: Record<string, unknown>;
  problems: { field: string; code: string; message: string }[];
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'recovery-triage-cli-'));
  nock.disableNetConnect();
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  nock.cleanAll();
  nock.enableNetConnect();
});
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(argv: string[], stdin = '') {
  const io = fakeIo(stdin);
  const code = await main(argv, io);
  return { code, out: io.out(), err: io.err() };
}

describe('recovery-triage', () => {
  test('--help lists the commands', async () => {
    const { code, out, err } = await run(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: recovery-triage <command>/);
    expect(out).toMatch(/^ {2}check +Check a request body/m);
    expect(out).toMatch(/^ {2}sweep +/m);
    expect(out).toMatch(/^ {2}report +/m);
    expect(err).toBe('');
  });

  test('a missing or unknown command is a usage error', async () => {
    const missing = await run([]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('recovery-triage: missing command');
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('recovery-triage: unknown command "frobnicate"');
    expect(unknown.out).toBe('');
  });
});

describe('recovery-triage check', () => {
  test('--help prints the usage', async () => {
    const { code, out } = await run(['check', '--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: recovery-triage check [--template FILE] [--config FILE] [FILE|-]');
  });

  test('a valid body exits 0 with the triage state', async () => {
    const { code, out, err } = await run(['check', wellFormed]);
    expect(code).toBe(0);
    // Run in this project's checkout: its own form, which is the bundled one.
    expect(err).toBe('recovery-triage check: using config (built-in defaults), form .github/ISSUE_TEMPLATE/account-recovery.yml\n');
    const output = JSON.parse(out) as Output;
    expect(output).toMatchObject({ valid: true, state: 'recovery: triage', problems: [] });
    expect(output.fields.username).toBe('requester-name');
    expect(Object.keys(output)).toEqual(['valid', 'state', 'fields', 'problems', 'kind', 'language']);
    expect(out.endsWith('}\n')).toBe(true);
  });

  test('an invalid body exits 1 with the incomplete state and the problems', async () => {
    const { code, out } = await run(['check', emailUsername]);
    expect(code).toBe(1);
    const output = JSON.parse(out) as Output;
    expect(output.state).toBe('recovery: incomplete');
    expect(output.problems).toEqual([{ field: 'username', code: 'invalid', message: expect.stringContaining('not e-mail addresses') }]);
  });

  test('reads standard input for - and when no file is given, dropping a byte-order mark', async () => {
    const text = readFileSync(wellFormed, 'utf8');
    const dash = await run(['check', '-'], text);
    expect(dash.code).toBe(0);
    expect((JSON.parse(dash.out) as Output).fields.username).toBe('requester-name');
    const implicit = await run(['check'], `\uFEFF${text}`);
    expect(implicit.code).toBe(0);
    expect(await run(['check'], '')).toMatchObject({ code: 1 });
  });

  test('a missing body file exits 2 with a message and no output', async () => {
    const { code, out, err } = await run(['check', join(dir, 'nope.md')]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`recovery-triage check: cannot read body file ${join(dir, 'nope.md')}: no such file\n`);
  });

  test('unknown flags and extra arguments exit 2', async () => {
    const flag = await run(['check', '--verbose', wellFormed]);
    expect(flag.code).toBe(2);
    expect(flag.out).toBe('');
    expect(flag.err).toContain("Unknown option '--verbose'");
    expect(flag.err).toContain('Run "recovery-triage check --help" for usage.');
    const extra = await run(['check', wellFormed, wellFormed]);
    expect(extra.code).toBe(2);
    expect(extra.err).toContain('expected at most one body file, got 2');
    const noValue = await run(['check', '--config']);
    expect(noValue.code).toBe(2);
  });

  test('--config renames the state labels', async () => {
    const config = file('good.yml', 'labels:\n  triage:\n    name: "ready"\n  incomplete:\n    name: "needs work"\n');
    const valid = await run(['check', '--config', config, wellFormed]);
    expect(JSON.parse(valid.out)).toMatchObject({ valid: true, state: 'ready' });
    const invalid = await run(['check', `--config=${config}`, emailUsername]);
    expect(JSON.parse(invalid.out)).toMatchObject({ valid: false, state: 'needs work' });
  });

  test('--config applies the username rule', async () => {
    const config = file('short.yml', 'username:\n  maxLength: 5\n');
    const { code, out } = await run(['check', '--config', config, wellFormed]);
    expect(code).toBe(1);
    expect((JSON.parse(out) as Output).problems[0]?.message).toContain('at most 5');
  });

  test('a bad --config exits 2 with the located error', async () => {
    const unknownKey = file('bad.yml', 'labels:\n  triage:\n    colour: red\n');
    const bad = await run(['check', '--config', unknownKey, wellFormed]);
    expect(bad.code).toBe(2);
    expect(bad.out).toBe('');
    expect(bad.err).toContain(`${unknownKey}: unknown key "labels.triage.colour"`);

    const syntax = file('syntax.yml', 'labels: [\n');
    const broken = await run(['check', '--config', syntax, wellFormed]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(new RegExp(`${syntax.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: line \\d+, column \\d+: `));

    expect((await run(['check', '--config', join(dir, 'absent.yml'), wellFormed])).code).toBe(2);
  });

  test('a username rule that is not a valid character class exits 2 with the located config error', async () => {
    const config = file('regex.yml', 'username:\n  allowedCharacters: "\\\\q"\n');
    const { code, out, err } = await run(['check', '--config', config, wellFormed]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('username.allowedCharacters: must be the inside of a regular-expression character class');
  });

  test('--template checks against another form', async () => {
    const template = file(
      'form.yml',
      'name: Other\ndescription: d\nbody:\n  - type: input\n    id: username\n    attributes: {label: Login}\n    validations: {required: true}\n',
    );
    const good = await run(['check', '--template', template, '-'], '### Login\n\n`jane`\n');
    expect(good.code).toBe(0);
    expect(JSON.parse(good.out)).toEqual({
      valid: true,
      state: 'recovery: triage',
      fields: { username: 'jane' },
      problems: [],
      kind: 'second-factor',
      language: null,
    });
    const bad = await run(['check', '--template', template, wellFormed]);
    expect(bad.code).toBe(1);
    expect((JSON.parse(bad.out) as Output).problems).toEqual([
      { field: 'username', code: 'missing', message: expect.stringContaining('"Login"') },
    ]);
  });

  test('a bad --template exits 2 with the located error', async () => {
    const template = file('bad-form.yml', 'name: Other\ndescription: d\nbody:\n  - type: input\n    attributes: {label: ""}\n');
    const { code, out, err } = await run(['check', '--template', template, wellFormed]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`${template}: body.0.attributes.label: must not be empty`);
    expect((await run(['check', '--template', join(dir, 'absent-form.yml'), wellFormed])).err).toContain('cannot read template file');
  });
});

describe('recovery-triage --version and help', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

  test('--version prints the package version', async () => {
    for (const flag of ['--version', '-v']) {
      const { code, out, err } = await run([flag]);
      expect(code).toBe(0);
      expect(out).toBe(`recovery-triage ${pkg.version}\n`);
      expect(err).toBe('');
    }
  });

  test('help lists every command, help itself included', async () => {
    const { code, out } = await run(['help']);
    expect(code).toBe(0);
    expect(out).toMatch(/^Usage: recovery-triage <command> \[options\]/);
    for (const name of ['check', 'sweep', 'report', 'setup', 'help']) expect(out).toMatch(new RegExp(`^ {2}${name} +\\S`, 'm'));
    expect(out).toContain('recovery-triage --version');
    expect((await run(['--help'])).out).toBe(out);
  });

  test('help <command> prints that command’s usage, as <command> --help does', async () => {
    for (const name of ['check', 'sweep', 'report', 'setup']) {
      const viaHelp = await run(['help', name]);
      expect(viaHelp.code).toBe(0);
      expect(viaHelp.out).toBe((await run([name, '--help'])).out);
      expect(viaHelp.out).toMatch(new RegExp(`^Usage: recovery-triage ${name}`));
    }
  });

  test('help with an unknown command or two commands exits 2 with the list', async () => {
    const unknown = await run(['help', 'frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('recovery-triage help: unknown command "frobnicate"');
    expect(unknown.err).toContain('Commands:');
    expect((await run(['help', 'check', 'sweep'])).code).toBe(2);
  });
});

describe('--now', () => {
  test.each([
    ['2026-11-20T10:00:00Z', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20T10:00:00.000Z', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20T10:00Z', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20T12:00:00+02:00', '2026-11-20T10:00:00.000Z'],
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    ['2024-02-29', '2024-02-29T00:00:00.000Z'],
  ])('%s is %s', (value, iso) => {
    expect(parseNow(value).toISOString()).toBe(iso);
  });

  test.each([
    '1',
    '2001',
    '20261120',
    '2026-11',
    '2026-13-01',
    '2026-02-30',
    '2025-02-29',
    '2026-11-20T10:00:00',
    '2026-11-20 10:00:00Z',
    '2026-11-20T24:00:00Z',
    '2026-11-20T10:60Z',
    '2026-11-20T10:00:00+25:00',
    'soon',
    '',
    'Fri Nov 20 2026',
  ])('"%s" is refused', (value) => {
    expect(() => parseNow(value)).toThrow(UsageError);
    expect(() => parseNow(value)).toThrow(/^--now must be an ISO date or time/);
  });

  test('the repro: --now 1 used to be 2001-01-01; now it is a usage error naming the value', () => {
    expect(() => parseNow('1')).toThrow('got "1"');
  });

  test('a run that writes takes the real clock unless --force-now', () => {
    expect(() => parseNow('2026-11-20', { writes: true })).toThrow(/--now is for --dry-run.*--force-now/);
    expect(parseNow('2026-11-20', { writes: true, forceNow: true }).toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(parseNow('2026-11-20', { writes: false }).toISOString()).toBe('2026-11-20T00:00:00.000Z');
    const clock = new Date('2030-01-01T00:00:00Z');
    expect(parseNow(undefined, { writes: true, clock: () => clock })).toBe(clock);
  });

  test('openRepoSession applies it before any request: --now on a writing run is refused, with --force-now it is taken', async () => {
    const io = { ...fakeIo(), env: { GITHUB_TOKEN: 't' } };
    let made = 0;
    const factory = () => {
      made++;
      return new TestOctokit({ auth: { token: 't' } });
    };
    await expect(openRepoSession({ repo: 'pypi/support', now: '2026-11-20' }, [], io, factory, { writes: true })).rejects.toThrow(
      '--now is for --dry-run',
    );
    expect(made).toBe(0);
    nock(API)
      .get(`/repos/pypi/support/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(404, {});
    nock(API)
      .get(`/repos/pypi/.github/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(404, {});
    const session = await openRepoSession({ repo: 'pypi/support', now: '2026-11-20', 'force-now': true }, [], io, factory, {
      writes: true,
    });
    expect(session.now.toISOString()).toBe('2026-11-20T00:00:00.000Z');
    expect(nock.isDone()).toBe(true);
  });
});

describe('least-privilege token hints', () => {
  test('report asks only for read access; writing commands for issues: write', async () => {
    const report = await run(['report', '--repo', 'pypi/support']);
    expect(report.code).toBe(2);
    expect(report.err).toContain('GITHUB_TOKEN is not set. Set it to a token that may read the repository');
    expect(report.err).toContain('Issues: read and Contents: read');
    expect(report.err).not.toMatch(/write/);
    expect(tokenHint('write')).toContain('Issues: read and write and Contents: read');
    expect(tokenHint('write')).toContain('permissions: { issues: write, contents: read }');
    expect((await run(['report', '--help'])).out).toContain('issues: read and contents: read');
  });
});

describe('honest network errors', () => {
  /** What undici throws for a failed fetch: a TypeError whose cause carries the system error. */
  function failingFetch(cause: Record<string, unknown> & { message: string }) {
    return async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(cause.message), cause) });
    };
  }
  const reportWith = (fetchImpl: () => Promise<never>) =>
    createReportCommand((token) => new TestOctokit({ auth: { token }, request: { fetch: fetchImpl } }));

  async function runReport(command: ReturnType<typeof createReportCommand>) {
    const io = { ...fakeIo(), env: { GITHUB_TOKEN: 't' } };
    const code = await main(['report', '--repo', 'pypi/support'], io, [command]);
    return { code, err: io.err() };
  }

  test('the repro: a DNS failure says so, never "HTTP 500", and does not blame the config file', async () => {
    const { code, err } = await runReport(
      reportWith(
        failingFetch({
          message: 'getaddrinfo ENOTFOUND api.github.com',
          code: 'ENOTFOUND',
          syscall: 'getaddrinfo',
          hostname: 'api.github.com',
        }),
      ),
    );
    expect(code).toBe(2);
    expect(err).toBe(
      'recovery-triage report: cannot reach GitHub (api.github.com): the host name could not be resolved (DNS lookup failed) [ENOTFOUND]\n',
    );
    expect(err).not.toContain('500');
    expect(err).not.toContain('recovery-triage.yml');
  });

  test('a refused connection (a real closed port) says so', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    nock.enableNetConnect('127.0.0.1');
    try {
      const command = createReportCommand((token) => new TestOctokit({ auth: { token }, baseUrl: `http://127.0.0.1:${port}` }));
      const { code, err } = await runReport(command);
      expect(code).toBe(2);
      expect(err).toContain(`cannot reach GitHub (127.0.0.1:${port}): the connection was refused [ECONNREFUSED]`);
      expect(err).not.toContain('HTTP 500');
    } finally {
      nock.disableNetConnect();
    }
  });

  test('timeouts and TLS problems are named', () => {
    const timeout = Object.assign(new Error('The operation was aborted due to timeout'), {
      status: 500,
      request: { url: 'https://api.github.com/x' },
      cause: Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }),
    });
    expect(describeError(timeout)).toBe('cannot reach GitHub (api.github.com): the request timed out');
    const connect = { status: 500, request: { url: 'https://api.github.com/x' }, message: 'x', cause: { code: 'UND_ERR_CONNECT_TIMEOUT' } };
    expect(describeError(connect)).toBe('cannot reach GitHub (api.github.com): the connection timed out [UND_ERR_CONNECT_TIMEOUT]');
    const tls = { message: 'fetch failed', cause: { code: 'SELF_SIGNED_CERT_IN_CHAIN' } };
    expect(describeError(tls)).toContain('the TLS certificate could not be verified');
    expect(networkProblem({ status: 502, response: { status: 502 }, message: 'Bad Gateway' })).toBeNull();
  });

  test('real HTTP errors keep their status, with what it usually means', () => {
    expect(describeError({ status: 500, message: 'Server Error', response: { status: 500 } })).toBe('HTTP 500: Server Error');
    expect(describeError({ status: 401, message: 'Bad credentials', response: { status: 401 } })).toBe(
      'HTTP 401: Bad credentials (the token is invalid or expired)',
    );
    expect(describeError({ status: 403, message: 'Resource not accessible by integration', response: {} })).toContain(
      'the token lacks a permission this needs',
    );
  });

  test('a token GitHub refuses is reported as the token, not as the config file', async () => {
    nock(API)
      .get(`/repos/pypi/support/contents/${encodeURIComponent('.github/recovery-triage.yml')}`)
      .reply(401, { message: 'Bad credentials' });
    const command = createReportCommand((token) => new TestOctokit({ auth: { token } }));
    const { code, err } = await runReport(command);
    expect(code).toBe(2);
    expect(err).toContain('recovery-triage report: GitHub refused the token: HTTP 401: Bad credentials (the token is invalid or expired).');
    expect(err).toContain('Issues: read and Contents: read');
    expect(err).not.toContain('cannot read pypi/support');
  });
});
