import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { renderPreview } from '../../src/cli/preview.js';
import { STATUS_MARKER } from '../../src/comment/data.js';
import { STATUS_TEXTS, TIMER_TEXTS, TOP_TEXTS, COMMAND_TEXTS } from '../../src/comment/texts.js';
import { defaultConfig } from '../../src/config/load.js';
import { STATES } from '../../src/state/states.js';
import { fakeIo } from './fake-io.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'recovery-triage-preview-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(argv: string[]) {
  const io = fakeIo();
  const code = await main(['preview', ...argv], io);
  return { code, out: io.out(), err: io.err() };
}

/** The sections of the output: `## State x (…)` → its text. */
function sections(out: string): Map<string, string> {
  const parts = out.split(/^## /m).slice(1);
  return new Map(parts.map((p) => [p.slice(0, p.indexOf('\n')), p]));
}

/** The status comments of a section, whole: from the marker to the end of the data block. */
function statusComments(section: string): string[] {
  return [...section.matchAll(/<!-- recovery-triage:status -->[\s\S]*?<!-- recovery-triage:data [A-Za-z0-9+/=]+ -->/g)].map((m) => m[0]);
}

describe('recovery-triage preview', () => {
  test('prints every state: its status comment and the messages posted in it, then the replies and help', async () => {
    const { code, out, err } = await run([]);
    // Run in this project's checkout: its own form, which is the bundled one.
    expect(err).toBe('recovery-triage preview: using config (built-in defaults), form .github/ISSUE_TEMPLATE/account-recovery.yml\n');
    expect(code).toBe(0);
    const parts = sections(out);
    expect([...parts.keys()]).toEqual([
      ...STATES.map((s) => `State ${s} (label "${defaultConfig().labels[s].name}")`),
      'Replies and help (any open state)',
      'Kinds, language and urgency (in recognition order)',
    ]);
    const of = (state: string) => [...parts.entries()].find(([k]) => k.startsWith(`State ${state} `))?.[1] ?? '';
    for (const state of STATES) expect(statusComments(of(state)).length).toBeGreaterThan(0);

    // Headlines per state, with the secrets notice on open requests only.
    expect(of('incomplete')).toContain(`${STATUS_MARKER}\n\n${STATUS_TEXTS.incomplete.default}\n\n- PyPI Username`);
    expect(of('incomplete')).toContain(STATUS_TEXTS.incompleteHowToFix.default);
    expect(of('triage')).toContain('Thanks, your request is complete. 3 complete requests are ahead of yours in the queue.');
    expect(of('triage')).toContain('No complete request is ahead of yours in the queue.');
    expect(of('triage')).toContain(STATUS_TEXTS.triageFixed.default);
    expect(of('triage')).toContain(STATUS_TEXTS.claimed.default);
    expect(of('triage')).toContain('spelled Sample\\-User');
    expect(of('triage')).toContain(STATUS_TEXTS.triageNext.default);
    for (const [state, key] of [
      ['awaiting-requester', 'awaitingRequester'],
      ['verifying', 'verifying'],
      ['completed', 'completed'],
      ['denied', 'denied'],
      ['duplicate', 'duplicate'],
    ] as const) {
      expect(of(state)).toContain(`${STATUS_MARKER}\n\n${STATUS_TEXTS[key].default}`);
    }
    for (const state of ['incomplete', 'triage', 'awaiting-requester', 'verifying'])
      for (const body of statusComments(of(state))) expect(body).toContain(STATUS_TEXTS.neverPostSecrets.default);
    for (const state of ['completed', 'denied', 'duplicate'])
      for (const body of statusComments(of(state))) expect(body).not.toContain(STATUS_TEXTS.neverPostSecrets.default);

    // Messages, as posted: the mention first, escaping done.
    expect(of('incomplete')).toContain(
      `@octo-requester ${TIMER_TEXTS.remindIncomplete.default.replace('{status}', '#issuecomment-1001')} If there is no reply in the next 7 days, this request will be closed.`,
    );
    expect(of('awaiting-requester')).toContain(`@octo-requester ${TOP_TEXTS.verificationStarted.default}`);
    expect(of('awaiting-requester')).toContain(
      '@octo-requester A maintainer needs more information about this request:\n\n> Which projects do you maintain under this account?\n\n',
    );
    expect(of('awaiting-requester')).toContain(
      `@octo-requester ${TIMER_TEXTS.remindAwaitingRequester.default.replace('{comment}', '#issuecomment-1002')}`,
    );
    // The status comment links the comment that put the request in its state.
    expect(of('awaiting-requester')).toContain(
      `${STATUS_TEXTS.awaitingRequester.default} [Their comment](#issuecomment-1002) says what they need.`,
    );
    expect(of('denied')).toContain(`${STATUS_TEXTS.denied.default} [The comment that closed it](#issuecomment-1002) says why.`);
    expect(of('duplicate')).toContain(`${STATUS_TEXTS.duplicate.default} Please follow #100 instead.`);
    expect(of('verifying')).toContain(`@octo-requester ${COMMAND_TEXTS.verifying.default}`);
    expect(of('completed')).toContain(`@octo-requester ${COMMAND_TEXTS.complete.default}`);
    expect(of('denied')).toContain(
      '@octo-requester This request has been closed without action, for this reason:\n\n> This account belongs',
    );
    // The requester withdrew it: no mention of themselves.
    expect(of('denied')).toContain(`by the requester\n\n${COMMAND_TEXTS.withdraw.default}`);
    expect(of('denied')).toContain(`@octo-requester ${TIMER_TEXTS.closed.default}`);
    expect(of('duplicate')).toContain('@octo-requester This request duplicates #100, so it is now closed.');
    expect(of('duplicate')).toContain('@octo-requester There is already an open request for the same account: #100.');
    expect(of('triage')).toContain(`@octo-requester ${COMMAND_TEXTS.reopen.default}`);

    const other = parts.get('Replies and help (any open state)') ?? '';
    for (const [name, text] of Object.entries(defaultConfig().messages.replies)) {
      expect(other).toContain(`### \`/recovery reply ${name}\` by a maintainer\n\n@octo-requester ${text}`);
    }
    expect(other).toContain('### `/recovery help` from the requester\n\nYou can use these commands on your request');
    expect(other).toContain('### `/recovery help` from a maintainer\n\n<details>');
  });

  test('the output is the same on every run (fixed sample values and times)', async () => {
    expect((await run([])).out).toBe((await run([])).out);
    expect(renderPreview(defaultConfig())).toBe((await run([])).out);
  });

  test('--state prints that state only', async () => {
    const { code, out } = await run(['--state', 'verifying']);
    expect(code).toBe(0);
    expect([...sections(out).keys()]).toEqual(['State verifying (label "recovery: verifying")']);
    expect(out).toContain(STATUS_TEXTS.verifying.default);
    expect(out).not.toContain(STATUS_TEXTS.triageNext.default);
  });

  test('shows the config’s texts, filled with sample values and escaped', async () => {
    const config = file(
      'custom.yml',
      [
        'username:',
        '  platform: "Py*PI*"',
        'messages:',
        '  status:',
        '    triage: "**Queued.** Thanks {requester}, request {issue} on {platform}."',
        '    queueMany: "{queueAhead} before you."',
        '    claimed: "{assignee} has it."',
        '    neverPostSecrets: "No secrets here, please."',
        '  commands:',
        '    ask: |-',
        '      {maintainer} asks:',
        '',
        '      {question}',
        '  timers:',
        '    closeWarning: "Closing in {days}."',
        'timers:',
        '  awaiting-requester:',
        '    remindAfterDays: 3',
        '    closeAfterDays: 1',
        '',
      ].join('\n'),
    );
    const { code, out, err } = await run(['--config', config]);
    expect(err).toBe(`recovery-triage preview: using config ${config}, form .github/ISSUE_TEMPLATE/account-recovery.yml\n`);
    expect(code).toBe(0);
    expect(out).toContain('**Queued.** Thanks octo\\-requester, request #123 on Py\\*PI\\*. 3 before you.');
    expect(out).toContain('octo\\-admin has it.');
    expect(out).toContain('No secrets here, please.');
    expect(out).not.toContain(STATUS_TEXTS.neverPostSecrets.default);
    expect(out).toContain('@octo-requester octo\\-admin asks:\n\n> Which projects do you maintain under this account?');
    expect(out).toContain('reminder after 3 days without a reply (timers.awaiting-requester)');
    expect(out).toContain(
      `@octo-requester ${TIMER_TEXTS.remindAwaitingRequester.default.replace('{comment}', '#issuecomment-1002')} Closing in 1 day.`,
    );
  });

  test('a reminder turned off is not shown; duplicates.action close drops the "not posted" note', async () => {
    const config = file('off.yml', 'timers:\n  incomplete:\n    remindAfterDays: null\nduplicates:\n  action: close\n');
    const { code, out } = await run(['--config', config]);
    expect(code).toBe(0);
    expect(out).not.toContain('(timers.incomplete)');
    expect(out).toContain('(timers.awaiting-requester)');
    expect(out).toContain('### another open request names the same account\n');
  });

  test('config errors are printed located, every one, with exit code 2', async () => {
    const config = file(
      'bad.yml',
      ['messages:', '  status:', '    triage: "Hi {usrname}"', '  commands:', '    ask: "No question here."', '  nosuch: x', ''].join('\n'),
    );
    const { code, out, err } = await run(['--config', config]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(
      `${config}:3:5: messages.status.triage: unknown placeholder {usrname}; this text can use {requester}, {issue}, {platform}`,
    );
    expect(err).toContain(`${config}:5:5: messages.commands.ask: must contain {question}`);
    expect(err).toContain(`${config}:6:3: unknown key "messages.nosuch"`);
    expect(err.startsWith('recovery-triage preview: ')).toBe(true);
  });

  test('a YAML error names the line; a missing file is a file error; both exit 2', async () => {
    const broken = await run(['--config', file('broken.yml', 'messages:\n  status: [\n')]);
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/broken\.yml: line \d+, column \d+/);
    const missing = await run(['--config', join(dir, 'nope.yml')]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read config file');
  });

  test('usage errors exit 2 and point to --help; --help exits 0', async () => {
    const bad = await run(['--state', 'closed']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('unknown state "closed"; the states are incomplete, triage, awaiting-requester');
    expect(bad.err).toContain('Run "recovery-triage preview --help" for usage.');
    expect((await run(['extra'])).code).toBe(2);
    expect((await run(['--colour'])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: recovery-triage preview [--config FILE] [--state STATE]');
    expect(help.out).toContain('{requester} "octo-requester", {issue} #123');
  });

  test('recovery-triage --help lists preview', async () => {
    const io = fakeIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toMatch(/^ {2}preview +Print the status comment and messages/m);
  });
});
