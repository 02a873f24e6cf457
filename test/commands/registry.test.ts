import type { ParsedCommand } from '../../src/commands/grammar.js';
import { COMMANDS, helpText, roleOf, runCommand, type CommandInput, type CommandOutcome } from '../../src/commands/registry.js';
import { defaultConfig } from '../../src/config/load.js';
import { configSchema, type Config } from '../../src/config/schema.js';
import { FINAL_STATES, OPEN_STATES, type State } from '../../src/state/states.js';
import { TRANSITIONS, decideTransition, renderTransitionTable } from '../../src/state/transitions.js';

const config = defaultConfig();
const MAINTAINER = { login: 'admin1', isMaintainer: true, isAuthor: false };
const REQUESTER = { login: 'lost-user', isMaintainer: false, isAuthor: true };
const OTHER = { login: 'passer-by', isMaintainer: false, isAuthor: false };

type Actor = CommandInput['actor'];

function cmd(text: string): ParsedCommand {
  const trimmed = text.trim();
  const space = trimmed.search(/\s/);
  return space === -1
    ? { verb: trimmed, args: '', line: `/recovery ${text}` }
    : { verb: trimmed.slice(0, space), args: trimmed.slice(space).trim(), line: `/recovery ${text}` };
}

function run(text: string, state: State | null, actor: Actor = MAINTAINER, cfg: Config = config): CommandOutcome {
  return runCommand(cmd(text), { state, actor, config: cfg, issueNumber: 42 });
}

function expectRejected(outcome: CommandOutcome, reason: string): string {
  expect(outcome).toMatchObject({ kind: 'rejected', reason });
  return outcome.kind === 'rejected' ? outcome.message : '';
}

const MAINTAINER_VERBS = [
  'start',
  'ask',
  'claim',
  'unclaim',
  'verifying',
  'complete',
  'deny',
  'duplicate',
  'reopen',
  'reply',
  'evidence',
  'branch',
  'kind',
];
const REQUESTER_VERBS = ['withdraw', 'recheck'];
/** Open to every commenter; the answer depends on who asks. */
const ANYONE_VERBS = ['help'];

/** A valid use of each verb and a state in which it works. */
const VALID: Record<string, [string, State]> = {
  start: ['start', 'triage'],
  ask: ['ask Which username did you use?', 'triage'],
  verifying: ['verifying', 'awaiting-requester'],
  complete: ['complete', 'verifying'],
  deny: ['deny Not an account recovery request', 'triage'],
  duplicate: ['duplicate #7', 'triage'],
  reopen: ['reopen', 'denied'],
  reply: ['reply english-please', 'triage'],
  help: ['help', 'triage'],
  claim: ['claim', 'triage'],
  unclaim: ['unclaim', 'triage'],
  withdraw: ['withdraw', 'awaiting-requester'],
  recheck: ['recheck', 'incomplete'],
  evidence: ['evidence', 'triage'],
  branch: ['branch octo-org/octo-lib Zq7wLmP3xY9aB2cD', 'triage'],
  kind: ['kind email', 'triage'],
};

describe('registry', () => {
  test('holds exactly the verbs of the brief, keyed by verb', () => {
    expect(Object.keys(COMMANDS).sort()).toEqual([...MAINTAINER_VERBS, ...REQUESTER_VERBS, ...ANYONE_VERBS].sort());
    for (const [key, command] of Object.entries(COMMANDS)) {
      expect(command.verb).toBe(key);
      expect(command.usage.startsWith(`/recovery ${key}`)).toBe(true);
      expect(command.summary.length).toBeGreaterThan(0);
    }
    expect(Object.keys(VALID).sort()).toEqual(Object.keys(COMMANDS).sort());
  });

  test('roleOf ranks maintainer over author', () => {
    expect(roleOf(MAINTAINER)).toBe('maintainer');
    expect(roleOf({ ...MAINTAINER, isAuthor: true })).toBe('maintainer');
    expect(roleOf(REQUESTER)).toBe('requester');
    expect(roleOf(OTHER)).toBe('other');
  });
});

describe('permissions', () => {
  test.each(Object.entries(VALID))('a maintainer may use %s', (_verb, [text, state]) => {
    expect(run(text, state, MAINTAINER).kind).not.toBe('rejected');
  });

  test.each(MAINTAINER_VERBS)('the requester may not use %s', (verb) => {
    const [text, state] = VALID[verb];
    const message = expectRejected(run(text, state, REQUESTER), 'not-allowed');
    expect(message).toBe(`Only people with triage rights can use \`/recovery ${verb}\`.`);
  });

  test.each(REQUESTER_VERBS)('the requester may use %s', (verb) => {
    const [text, state] = VALID[verb];
    expect(run(text, state, REQUESTER).kind).not.toBe('rejected');
  });

  test.each(Object.keys(VALID).filter((verb) => !ANYONE_VERBS.includes(verb)))('someone else may not use %s', (verb) => {
    const [text, state] = VALID[verb];
    const message = expectRejected(run(text, state, OTHER), 'not-allowed');
    const who = REQUESTER_VERBS.includes(verb) ? 'Only the author of the request or people' : 'Only people';
    expect(message).toBe(`${who} with triage rights can use \`/recovery ${verb}\`.`);
  });

  test.each(ANYONE_VERBS)('the requester and anyone else may use %s', (verb) => {
    const [text, state] = VALID[verb];
    expect(run(text, state, REQUESTER).kind).not.toBe('rejected');
    expect(run(text, state, OTHER).kind).not.toBe('rejected');
  });

  test('a maintainer who opened the request keeps maintainer rights', () => {
    expect(run('complete', 'triage', { ...MAINTAINER, isAuthor: true }).kind).toBe('transition');
  });

  test('the message names the configured minimum permission', () => {
    const writers = configSchema.parse({ permissions: { minimum: 'write' } });
    expect(expectRejected(run('start', 'triage', OTHER, writers), 'not-allowed')).toContain('people with write rights');
  });

  test('permission is checked before arguments, arguments before the state', () => {
    expectRejected(run('deny', 'triage', REQUESTER), 'not-allowed');
    expectRejected(run('complete now', 'completed'), 'bad-arguments');
    expectRejected(run('complete', 'completed'), 'invalid-transition');
  });
});

describe('unknown verbs', () => {
  test.each(['frobnicate', '', 'constructor', '__proto__', 'tostring', 'hasownproperty'])(
    '"%s" is rejected with the list of commands',
    (verb) => {
      const message = expectRejected(run(verb, 'triage'), 'unknown-verb');
      for (const command of Object.values(COMMANDS)) expect(message).toContain(`\`${command.usage}\`: ${command.summary}`);
    },
  );

  test('an empty verb asks for a command name; an unknown one is named, escaped', () => {
    expect(expectRejected(run('', 'triage'), 'unknown-verb')).toMatch(/^`\/recovery` needs a command name\./);
    const message = expectRejected(run('@everyone', 'triage'), 'unknown-verb');
    expect(message).toMatch(/^There is no `\/recovery` command called "/);
    expect(message).not.toContain('@everyone');
  });

  test('unknown verbs are rejected for everyone, before permissions', () => {
    expectRejected(run('frobnicate', 'triage', OTHER), 'unknown-verb');
  });
});

describe('no-argument verbs', () => {
  test.each(['start', 'verifying', 'complete', 'reopen', 'withdraw', 'recheck', 'help'])('%s refuses arguments', (verb) => {
    const [, state] = VALID[verb];
    const message = expectRejected(run(`${verb} please`, state), 'bad-arguments');
    expect(message).toMatch(
      new RegExp(`^\`/recovery ${verb}\` takes no arguments\\.\n\nUsage: \`/recovery ${verb}\`\n\nThe commands are:\n`),
    );
    // Every verb is listed, in case another was meant.
    for (const other of Object.keys(COMMANDS)) expect(message).toContain(`\`/recovery ${other}`);
  });
});

describe('transition verbs', () => {
  const transitionVerbs = ['start', 'ask', 'verifying', 'complete', 'deny', 'duplicate', 'reopen', 'withdraw'] as const;

  test.each(transitionVerbs)('%s follows the table in every state', (verb) => {
    const [text] = VALID[verb];
    const rule = TRANSITIONS.find((r) => r.trigger === verb);
    for (const state of [null, ...OPEN_STATES, ...FINAL_STATES]) {
      const outcome = run(text, state);
      const decision = decideTransition(state, verb);
      if (decision.ok) {
        expect(outcome).toMatchObject({ kind: 'transition', trigger: verb, rule });
      } else {
        expect(outcome).toEqual({ kind: 'rejected', reason: 'invalid-transition', message: decision.message });
      }
    }
  });

  test('start posts the configured message', () => {
    expect(run('start', 'triage')).toMatchObject({
      kind: 'transition',
      rule: { to: 'awaiting-requester' },
      message: config.messages.verificationStarted,
      reason: 'admin1 started verification',
    });
    const custom = configSchema.parse({ messages: { verificationStarted: 'Check your inbox.' } });
    expect(run('start', 'verifying', MAINTAINER, custom)).toMatchObject({ message: 'Check your inbox.' });
  });

  test('ask needs a question and quotes it back escaped', () => {
    expect(expectRejected(run('ask', 'triage'), 'bad-arguments')).toContain('Usage: `/recovery ask <question>`');
    const outcome = run('ask Are you @octocat? See [this](https://evil.example) <b>now</b>', 'verifying');
    expect(outcome).toMatchObject({ kind: 'transition', rule: { to: 'awaiting-requester', issue: 'none' } });
    if (outcome.kind !== 'transition') return;
    expect(outcome.reason).toBe('admin1 asked: Are you @octocat? See [this](https://evil.example) <b>now</b>');
    const quoted = outcome.message?.split('\n').filter((l) => l.startsWith('> ')) ?? [];
    expect(quoted).toHaveLength(1);
    expect(quoted[0]).toContain('Are you');
    for (const raw of ['@octocat', '[this]', '(https://', '<b>']) expect(outcome.message).not.toContain(raw);
  });

  test('verifying moves to verifying without closing', () => {
    expect(run('verifying', 'triage')).toMatchObject({ kind: 'transition', rule: { to: 'verifying', issue: 'none' } });
  });

  test('complete closes as completed', () => {
    expect(run('complete', 'awaiting-requester')).toMatchObject({
      kind: 'transition',
      rule: { to: 'completed', issue: 'close-completed' },
      reason: 'admin1 completed the request',
    });
  });

  test('deny needs a reason and quotes it escaped', () => {
    expect(expectRejected(run('deny', 'triage'), 'bad-arguments')).toContain('needs a reason');
    const outcome = run('deny Spam, see #1 and @team', 'incomplete');
    expect(outcome).toMatchObject({
      kind: 'transition',
      rule: { to: 'denied', issue: 'close-not-planned' },
      reason: 'admin1 denied the request: Spam, see #1 and @team',
    });
    if (outcome.kind !== 'transition') return;
    expect(outcome.message).toMatch(/\n\n> Spam, see /);
    expect(outcome.message).not.toContain('#1');
    expect(outcome.message).not.toContain('@team');
  });

  test('duplicate links the original', () => {
    expect(run('duplicate #7', 'awaiting-requester')).toMatchObject({
      kind: 'transition',
      duplicateOf: 7,
      rule: { to: 'duplicate', issue: 'close-not-planned' },
      reason: 'admin1 closed the request as a duplicate of #7',
      message: expect.stringContaining('duplicates #7'),
    });
    expect(run('start', 'triage')).not.toHaveProperty('duplicateOf');
  });

  test.each(['', '7', '#0', '#-3', '#07', '#7 #8', '#7 same account', 'owner/repo#7', '#99999999999999999999'])(
    'duplicate rejects "%s"',
    (args) => {
      const message = expectRejected(run(`duplicate ${args}`, 'triage'), 'bad-arguments');
      expect(message).toContain('needs exactly one issue reference');
      expect(message).toContain('Usage: `/recovery duplicate #<issue number>`');
    },
  );

  test('duplicate refuses the issue itself and escapes what it echoes', () => {
    expect(expectRejected(run('duplicate #42', 'triage'), 'bad-arguments')).toContain('cannot be a duplicate of itself');
    expect(expectRejected(run('duplicate @someone', 'triage'), 'bad-arguments')).not.toContain('@someone');
  });

  test('reopen reopens a closed request into triage', () => {
    expect(run('reopen', 'duplicate')).toMatchObject({ kind: 'transition', rule: { to: 'triage', issue: 'reopen' } });
  });

  test('withdraw closes as not planned for the requester', () => {
    expect(run('withdraw', null, REQUESTER)).toMatchObject({
      kind: 'transition',
      rule: { to: 'denied', issue: 'close-not-planned' },
      reason: 'lost-user withdrew the request',
    });
  });
});

describe('reply', () => {
  test('posts the configured reply without moving the state, in any open state', () => {
    for (const state of [null, ...OPEN_STATES]) {
      expect(run('reply username-not-found', state)).toEqual({
        kind: 'reply',
        message: config.messages.replies['username-not-found'],
      });
    }
    expect(run('reply English-Please', 'triage')).toEqual({ kind: 'reply', message: config.messages.replies['english-please'] });
  });

  test.each(FINAL_STATES)('is refused in the closed state %s', (state) => {
    expect(expectRejected(run('reply english-please', state), 'invalid-transition')).toBe(
      `\`/recovery reply\` cannot be used while the request is in state ${state}; it works from (no state), incomplete, triage, awaiting-requester, verifying.`,
    );
  });

  test('an unknown or missing name lists the configured names', () => {
    const names = '`username-not-found`, `verification-email-sent`, `write-to-support`, `english-please`';
    expect(expectRejected(run('reply', 'triage'), 'bad-arguments')).toMatch(
      new RegExp(
        `^\`/recovery reply\` needs a reply name\\. Configured replies: ${names}\\.\n\nUsage: \`/recovery reply <name>\`\n\nThe commands are:`,
      ),
    );
    const message = expectRejected(run('reply constructor', 'triage'), 'bad-arguments');
    expect(message).toContain('has no reply called "constructor"');
    expect(expectRejected(run('reply english-please now', 'triage'), 'bad-arguments')).toContain(names);
  });

  test('uses the replies of the config', () => {
    const custom = configSchema.parse({ messages: { replies: { 'see-faq': 'Please read the FAQ first.' } } });
    expect(run('reply see-faq', 'triage', MAINTAINER, custom)).toEqual({ kind: 'reply', message: 'Please read the FAQ first.' });
    expect(expectRejected(run('reply english-please', 'triage', MAINTAINER, custom), 'bad-arguments')).toContain('`see-faq`');
    const none = configSchema.parse({ messages: { replies: {} } });
    expect(expectRejected(run('reply x', 'triage', MAINTAINER, none), 'bad-arguments')).toContain('No replies are configured.');
  });
});

describe('recheck', () => {
  test('asks the caller to re-run the checks, in any open state', () => {
    for (const state of [null, ...OPEN_STATES]) expect(run('recheck', state, REQUESTER)).toEqual({ kind: 'recheck' });
    expect(run('recheck', 'triage', MAINTAINER)).toEqual({ kind: 'recheck' });
  });

  test.each(FINAL_STATES)('is refused in the closed state %s, where a check must not revive the request', (state) => {
    expect(expectRejected(run('recheck', state, REQUESTER), 'invalid-transition')).toContain('`/recovery recheck` cannot be used');
  });
});

describe('help', () => {
  test('answers each role with its own text, in any state', () => {
    for (const state of [null, ...OPEN_STATES, ...FINAL_STATES]) {
      expect(run('help', state)).toEqual({ kind: 'reply', message: helpText(config, 'maintainer') });
      expect(run('help', state, REQUESTER)).toEqual({ kind: 'reply', message: helpText(config, 'requester') });
      expect(run('help', state, OTHER)).toEqual({ kind: 'reply', message: helpText(config, 'other') });
    }
    expect(helpText(config)).toBe(helpText(config, 'maintainer'));
  });

  test('maintainers get every verb with its usage and who may use it, the replies and the state table, collapsed', () => {
    const text = helpText(config, 'maintainer');
    expect(text).toMatch(/^<details><summary>Commands for maintainers \(people with triage rights\)<\/summary>\n\n/);
    expect(text).toMatch(/\n\n<\/details>$/);
    for (const command of Object.values(COMMANDS)) {
      const who =
        command.who === 'anyone'
          ? 'anyone'
          : command.who === 'maintainer'
            ? 'people with triage rights'
            : 'the requester or people with triage rights';
      expect(text).toContain(`- \`${command.usage}\`: ${command.summary} (${who})`);
    }
    expect(text).toContain('`username-not-found`, `verification-email-sent`, `write-to-support`, `english-please`');
    expect(text).toContain(renderTransitionTable());
  });

  test('the requester gets their commands in a few lines, no maintainer command and no table', () => {
    const text = helpText(config, 'requester');
    expect(text.split('\n').length).toBeLessThanOrEqual(8);
    expect(text).toMatch(/^You can use these commands on your request/);
    for (const verb of ['withdraw', 'recheck']) expect(text).toContain(`- \`${COMMANDS[verb].usage}\`: ${COMMANDS[verb].summary}`);
    expect(text).toContain('- `/recovery help`: show this list again.');
    for (const verb of MAINTAINER_VERBS) expect(text).not.toContain(`/recovery ${verb}`);
    expect(text).not.toContain('<details>');
    expect(text).not.toContain('| When |');
    expect(text).not.toContain('(only the person who opened the request)');
  });

  test('anyone else gets the same few lines, saying which commands only the requester may use', () => {
    const text = helpText(config, 'other');
    expect(text.split('\n').length).toBeLessThanOrEqual(8);
    expect(text).toMatch(/^These commands are open to the person who opened this request/);
    expect(text).toContain(`- \`/recovery withdraw\` (only the person who opened the request): ${COMMANDS.withdraw.summary}`);
    expect(text).toContain(`- \`/recovery recheck\` (only the person who opened the request): ${COMMANDS.recheck.summary}`);
    expect(text).toContain('- `/recovery help`: show this list again.');
    for (const verb of MAINTAINER_VERBS) expect(text).not.toContain(`/recovery ${verb}`);
  });

  test('follows the config', () => {
    const custom = configSchema.parse({ permissions: { minimum: 'maintain' }, messages: { replies: {} } });
    const text = helpText(custom);
    expect(text).toContain('(people with maintain rights)');
    expect(text).toContain('No replies are configured for `/recovery reply`.');
    expect(helpText(custom, 'requester')).toContain('people with maintain rights');
  });
});
