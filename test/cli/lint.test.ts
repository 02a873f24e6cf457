import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../../src/cli/command.js';
import { lintCommand, type LintReport } from '../../src/cli/lint.js';
import { main } from '../../src/cli/main.js';
import { fakeIo } from './fake-io.js';

const forms = fileURLToPath(new URL('../fixtures/forms/', import.meta.url));
const bundled = fileURLToPath(new URL('../../.github/ISSUE_TEMPLATE/account-recovery.yml', import.meta.url));

/** A folder outside any checkout: lint falls back to the built-in defaults and the bundled form. */
const outside = mkdtempSync(join(tmpdir(), 'lint-outside-'));

async function lint(args: string[], cwd = outside) {
  const io = { ...fakeIo(), cwd };
  const code = await lintCommand.run(args, io);
  return { code, out: io.out(), err: io.err() };
}

async function lintJson(args: string[]) {
  const { code, out, err } = await lint([...args, '--json']);
  return { code, err, json: JSON.parse(out) as { ok: boolean; errors: string[]; notes: string[]; report: LintReport | null } };
}

function tempFile(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'lint-'));
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('recovery-triage lint', () => {
  test('is registered: main runs it and --help lists it', async () => {
    const io = fakeIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^ {2}lint +Report what the bot will do with an issue form/m);
    const run = fakeIo();
    expect(await main(['lint', '--template', bundled], run)).toBe(0);
    expect(run.out()).toContain('Form: Account recovery request');
  });

  test('the bundled form: every field, the required boxes, the configured username field, no warnings', async () => {
    const { code, out, err } = await lint([]);
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out).toContain('Form: Account recovery request (bundled form)\nConfig: (built-in defaults)\n');
    expect(out).toMatch(/^ {2}username +input +required +PyPI Username$/m);
    expect(out).toMatch(/^ {2}reason +textarea +required +Reason for request$/m);
    expect(out).toMatch(/^ {2}code-of-conduct +- \[x\] I agree to follow the PSF Code of Conduct$/m);
    expect(out).toContain('Username field: username ("PyPI Username", the configured username.field)');
    expect(out).toContain('Skipped elements: none');
    expect(out.trimEnd().endsWith('No warnings.')).toBe(true);
  });

  test('an id-less form: keys from labels, the username field found by its label and given as fields.username', async () => {
    const { code, json } = await lintJson(['--template', `${forms}pypi-idless/form.yml`]);
    expect(code).toBe(0);
    expect(json.ok).toBe(true);
    const report = json.report as LintReport;
    expect(report.fields.map((f) => [f.key, f.id, f.type, f.required])).toEqual([
      ['pypi-username', null, 'input', true],
      ['reason-for-request', null, 'textarea', true],
      ['recovery-codes', null, 'checkboxes', true],
      ['code-of-conduct', null, 'checkboxes', true],
      ['acknowledgement', null, 'checkboxes', true],
    ]);
    expect(report.requiredChecks.map((c) => c.field)).toEqual(['recovery-codes', 'code-of-conduct', 'acknowledgement']);
    expect(report.usernameField).toEqual({ key: 'pypi-username', label: 'PyPI Username', how: 'label', outputKey: 'username' });
    const text = await lint(['--template', `${forms}pypi-idless/form.yml`]);
    expect(text.out).toContain(
      'Username field: pypi-username ("PyPI Username", found by its label; the form has no field "username"; check output also gives it as fields.username)',
    );
    expect(text.out).toMatch(/^ {2}pypi-username \(from label\) +input +required +PyPI Username$/m);
  });

  test('skipped element types, a missing username field and a missing form label are warnings: exit 1', async () => {
    const { code, json } = await lintJson(['--template', `${forms}future-types/form.yml`]);
    expect(code).toBe(1);
    const report = json.report as LintReport;
    expect(report.skipped).toEqual([
      { index: 1, type: 'rating', label: 'How happy are you with the release?' },
      { index: 3, type: 'datepicker', label: 'When did you upgrade?' },
    ]);
    expect(report.warnings).toEqual([
      expect.stringContaining(
        'body.1: element type "rating" is not one the bot knows; its section "### How happy are you with the release?" is skipped',
      ),
      expect.stringContaining('body.3: element type "datepicker"'),
      expect.stringContaining('no username field: no field has the id "username"'),
      expect.stringContaining('the form does not add the label "account-recovery" (formLabel in the config)'),
    ]);
    const text = await lint(['--template', `${forms}future-types/form.yml`]);
    expect(text.code).toBe(1);
    expect(text.out).toContain(
      'Skipped elements: body.1 (rating, "How happy are you with the release?"), body.3 (datepicker, "When did you upgrade?")',
    );
    expect(text.out).toMatch(/^warning: .*future-types\/form\.yml: body\.1: element type "rating"/m);
  });

  test('upload fields, render languages and per-option required are reported', async () => {
    const upload = (await lintJson(['--template', `${forms}upload-evidence/form.yml`])).json.report as LintReport;
    expect(upload.fields.filter((f) => f.type === 'upload').map((f) => [f.key, f.required])).toEqual([
      ['screenshots', false],
      ['crash-dump-zip', true],
    ]);
    const bug = await lint(['--template', `${forms}bug-report/form.yml`]);
    expect(bug.out).toMatch(/^ {2}logs +textarea \(shell\) +optional +Relevant log output$/m);
    const report = (await lintJson(['--template', `${forms}bug-report/form.yml`])).json.report as LintReport;
    expect(report.requiredChecks).toEqual([{ field: 'terms', option: "I agree to follow this project's Code of Conduct" }]);
    expect(report.fields.find((f) => f.key === 'terms')?.options).toEqual([
      { label: "I agree to follow this project's Code of Conduct", required: true },
      { label: 'I searched the existing issues', required: false },
    ]);
  });

  test('every fixture form is accepted (exit 0 or 1, never 2)', async () => {
    for (const name of ['bug-report', 'feature-request', 'future-types', 'multiline-options', 'npm-recovery', 'punctuation-labels']) {
      const { code, err } = await lint(['--template', `${forms}${name}/form.yml`]);
      expect([name, err]).toEqual([name, '']);
      expect(code).toBeLessThan(2);
    }
  });

  test('a refused form: each error located by file, line and column, exit 2 and no report', async () => {
    const path = tempFile(
      'form.yml',
      'name: n\ndescription: d\nbody:\n  - type: input\n    attributes:\n      label: ""\n  - type: textarea\n    attributes:\n      labl: x\n',
    );
    const { code, out, err } = await lint(['--template', path]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err.trimEnd().split('\n')).toEqual([
      `recovery-triage lint: ${path}:6:7: body.0.attributes.label: must not be empty`,
      `recovery-triage lint: ${path}:8:5: body.1.attributes.label: is missing`,
      `recovery-triage lint: ${path}:9:7: body.1.attributes: unknown key "labl"`,
    ]);
    const json = await lintJson(['--template', path]);
    expect(json.code).toBe(2);
    expect(json.json).toMatchObject({ ok: false, report: null });
    expect(json.json.errors).toHaveLength(3);
  });

  test('a YAML syntax error keeps the parser line and column', async () => {
    const path = tempFile('form.yml', 'name: n\nname: m\n');
    const { code, err } = await lint(['--template', path]);
    expect(code).toBe(2);
    expect(err).toBe(`recovery-triage lint: ${path}: line 2, column 1: Map keys must be unique\n`);
  });

  test('an invalid config: its errors located by line, the form still reported with the default config, exit 2', async () => {
    const path = tempFile(
      'recovery-triage.yml',
      'formLabel: account-recovery\nusername:\n  feild: account\nlabels:\n  triage:\n    name: ""\n',
    );
    const { code, out, err } = await lint(['--config', path]);
    expect(code).toBe(2);
    expect(out).toContain('Note: the config is invalid: the form is reported with the default config');
    const lines = err.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^recovery-triage lint: ${escape(path)}:3:3: unknown key "username\\.feild"`)),
        expect.stringMatching(new RegExp(`^recovery-triage lint: ${escape(path)}:6:5: labels\\.triage\\.name: `)),
      ]),
    );
  });

  test('a valid config sets the username field and form label; its form is found as check finds it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lint-repo-'));
    mkdirSync(join(root, '.github', 'ISSUE_TEMPLATE'), { recursive: true });
    writeFileSync(join(root, '.github', 'ISSUE_TEMPLATE', 'npm.yml'), readFixture('npm-recovery/form.yml'));
    writeFileSync(
      join(root, '.github', 'recovery-triage.yml'),
      'form: .github/ISSUE_TEMPLATE/npm.yml\nusername:\n  field: account\n  platform: npm\n',
    );
    const { code, json } = await lintJson(['--config', join(root, '.github', 'recovery-triage.yml')]);
    expect(code).toBe(0);
    expect(json.report?.template).toBe(join(root, '.github', 'ISSUE_TEMPLATE', 'npm.yml'));
    expect(json.report?.usernameField).toEqual({ key: 'account', label: 'npm user name:', how: 'configured', outputKey: 'account' });
    expect(json.report?.warnings).toEqual([]);

    writeFileSync(join(root, '.github', 'recovery-triage.yml'), 'form: .github/ISSUE_TEMPLATE/none.yml\nformLabel: other\n');
    const missing = await lint(['--config', join(root, '.github', 'recovery-triage.yml')]);
    expect(missing.code).toBe(1);
    expect(missing.out).toContain('none.yml does not exist: reporting the bundled form');
    expect(missing.out).toContain('the form does not add the label "other"');
  });

  test('usage errors: a positional argument, an unknown option, a missing file', async () => {
    await expect(lint(['form.yml'])).rejects.toThrow(UsageError);
    await expect(lint(['--frobnicate'])).rejects.toThrow(UsageError);
    const io = fakeIo();
    expect(await main(['lint', '--template', join(tmpdir(), 'does-not-exist.yml')], io)).toBe(2);
    expect(io.err()).toMatch(/^recovery-triage lint: cannot read template file .*does-not-exist\.yml: no such file/);
  });

  test('--help prints the usage with the exit codes', async () => {
    const { code, out } = await lint(['--help']);
    expect(code).toBe(0);
    expect(out).toContain('Usage: recovery-triage lint [--template FILE] [--config FILE] [--json]');
    expect(out).toContain('Exit status: 0 no warnings, 1 warnings');
  });
});

function readFixture(path: string): string {
  return readFileSync(`${forms}${path}`, 'utf8');
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
