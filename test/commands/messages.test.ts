import { checkRequest } from '../../src/checks/validate.js';
import { parseCommands } from '../../src/commands/grammar.js';
import { commandsAre, helpText, runCommand, type CommandOutcome } from '../../src/commands/registry.js';
import { emptyStatusData, historyEntry } from '../../src/comment/data.js';
import { COMMAND_TEXTS, TOP_TEXTS } from '../../src/comment/texts.js';
import { defaultConfig } from '../../src/config/load.js';
import { configSchema, type Config } from '../../src/config/schema.js';
import { loadBundledForm } from '../../src/form/bundled.js';
import type { State } from '../../src/state/states.js';
import { onComment } from '../../src/triage/comment-event.js';
import { startDraft } from '../../src/triage/draft.js';
import type { TriageInput } from '../../src/triage/request.js';
import { formBody } from '../helpers/bodies.js';

// Each command's message is a template of the config (messages.commands.*, verificationStarted,
// replies): filled with the request's values, user text escaped.

const MAINTAINER = { login: 'admin1', isMaintainer: true, isAuthor: false };

const custom = configSchema.parse({
  username: { platform: 'Py_PI_' },
  messages: {
    verificationStarted: '{maintainer} started on {issue} for {requester} ({platform}).',
    commands: {
      ask: 'Hi {requester}, {maintainer} asks:\n\n{question}\n\nThanks.',
      verifying: 'Checking {issue}.',
      complete: 'Done, {requester}.',
      deny: '{maintainer} closed {issue}:\n{reason}',
      duplicate: 'Go to {original}, not {issue}.',
      reopen: 'Reopened by {maintainer}.',
      withdraw: 'Withdrawn: {issue}.',
    },
    replies: { hello: 'Hello {requester}, {maintainer} here on {platform}. {{braces}}' },
  },
});

function run(text: string, state: State, config: Config = custom, requester: string | null = 'lost-user'): CommandOutcome {
  const [command] = parseCommands(`/recovery ${text}`);
  return runCommand(command, { state, actor: MAINTAINER, config, issueNumber: 42, ...(requester === null ? {} : { requester }) });
}

function messageOf(outcome: CommandOutcome): string | null {
  if (outcome.kind === 'transition') return outcome.message;
  if (outcome.kind === 'reply' || outcome.kind === 'rejected') return outcome.message;
  return null;
}

describe('command messages follow the config', () => {
  test.each<[string, State, string]>([
    ['start', 'triage', 'admin1 started on #42 for lost\\-user (Py\\_PI\\_).'],
    ['ask Which e-mail?', 'triage', 'Hi lost\\-user, admin1 asks:\n\n> Which e\\-mail?\n\nThanks.'],
    ['verifying', 'awaiting-requester', 'Checking #42.'],
    ['complete', 'verifying', 'Done, lost\\-user.'],
    ['deny Not yours', 'triage', 'admin1 closed #42:\n> Not yours'],
    ['duplicate #7', 'triage', 'Go to #7, not #42.'],
    ['reopen', 'denied', 'Reopened by admin1.'],
    ['withdraw', 'triage', 'Withdrawn: #42.'],
    ['reply hello', 'triage', 'Hello lost\\-user, admin1 here on Py\\_PI\\_. {braces}'],
  ])('/recovery %s', (text, state, expected) => {
    expect(messageOf(run(text, state))).toBe(expected);
  });

  test('the defaults read as before, the new neutral start text included', () => {
    const config = defaultConfig();
    expect(messageOf(run('complete', 'verifying', config))).toBe(COMMAND_TEXTS.complete.default);
    expect(messageOf(run('start', 'triage', config))).toBe(TOP_TEXTS.verificationStarted.default);
    expect(messageOf(run('duplicate #7', 'triage', config))).toBe(
      'This request duplicates #7, so it is now closed. Please follow #7 instead, and do not open further requests for the same account.',
    );
    expect(messageOf(run('deny Spam', 'triage', config))).toBe('This request has been closed without action, for this reason:\n\n> Spam');
  });

  test('user text in a question or reason never becomes a mention, reference, link or HTML, whatever the template', () => {
    for (const text of ['ask', 'deny']) {
      const message = messageOf(run(`${text} @team see #1 https://evil.example <img src=x> [a](b)`, 'triage')) ?? '';
      expect(message).not.toMatch(/@team|#1\b|https:\/\/|(?<!\\)<img|(?<!\\)\]\(/);
    }
  });

  test('without the requester login, {requester} is empty rather than wrong', () => {
    expect(messageOf(run('complete', 'verifying', custom, null))).toBe('Done, .');
  });
});

describe('messages through a comment', () => {
  const config = custom;
  const check = checkRequest(loadBundledForm(), formBody(), config.username);

  function input(state: State): TriageInput {
    return {
      config,
      template: loadBundledForm(),
      request: { number: 42, author: 'lost-user', open: true, labels: [config.labels[state].name], body: formBody(), status: null },
    };
  }

  function comment(state: State, text: string, author: { login: string; isMaintainer: boolean }) {
    const draft = startDraft({
      ...emptyStatusData(),
      history: [historyEntry({ at: '2026-01-01T00:00:00Z', actor: 'x', event: 'opened', from: null, to: state, reason: 'r' })],
      historyTotal: 1,
    });
    return onComment(input(state), draft, check, {
      id: 5,
      body: text,
      author: { login: author.login, at: '2026-01-02T00:00:00Z' },
      commands: parseCommands(text),
      created: true,
      isMaintainer: author.isMaintainer,
      replyKey: 'k',
      maxCommands: 10,
    });
  }

  test('a maintainer’s command message mentions the requester first; the requester’s own does not', () => {
    expect(comment('triage', '/recovery complete', { login: 'admin1', isMaintainer: true }).replies[0].body).toBe(
      '@lost-user Done, lost\\-user.',
    );
    expect(comment('triage', '/recovery withdraw', { login: 'lost-user', isMaintainer: false }).replies[0].body).toBe('Withdrawn: #42.');
  });

  test('help answers each role, without a mention, with a 👀', () => {
    const cases: [{ login: string; isMaintainer: boolean }, 'maintainer' | 'requester' | 'other'][] = [
      [{ login: 'admin1', isMaintainer: true }, 'maintainer'],
      [{ login: 'Lost-User', isMaintainer: false }, 'requester'],
      [{ login: 'passer-by', isMaintainer: false }, 'other'],
    ];
    for (const [author, role] of cases) {
      const next = comment('awaiting-requester', '/recovery help', author);
      expect(next.replies).toEqual([{ key: 'k', body: helpText(config, role) }]);
      expect(next.reactions).toEqual([{ commentId: 5, content: 'eyes' }]);
      // Asking for help is not an answer to the admin: the state stays.
      expect(next.state).toBe('awaiting-requester');
    }
    expect(comment('triage', '/recovery help', { login: 'passer-by', isMaintainer: false }).replies[0].body).not.toContain('<details>');
    expect(comment('triage', '/recovery help', { login: 'admin1', isMaintainer: true }).replies[0].body).toMatch(/^<details>/);
  });

  /** How often `needle` occurs in `text`. */
  function count(text: string, needle: string): number {
    return text.split(needle).length - 1;
  }

  test('one comment with several bad commands gets one reply: each problem once, the command list once', () => {
    const admin = { login: 'admin1', isMaintainer: true };
    const text = ['/recovery help', '/recovery frobnicate', '/recovery deny', '/recovery frobnicate', '/recovery start now'].join('\n');
    const next = comment('triage', text, admin);
    expect(next.replies).toHaveLength(1);
    const body = next.replies[0].body;
    // Help (maintainers: every command) comes first, then the problems, each once, one mention.
    expect(body.startsWith(helpText(config, 'maintainer'))).toBe(true);
    expect(count(body, 'There is no `/recovery` command called "frobnicate".')).toBe(1);
    expect(count(body, '`/recovery deny` needs a reason')).toBe(1);
    expect(count(body, '`/recovery start` takes no arguments.')).toBe(1);
    expect(count(body, '@admin1')).toBe(1);
    // Every command is listed once: by help here, so the problems add no list of their own.
    expect(count(body, '`/recovery complete`: ')).toBe(1);
    expect(count(body, 'The commands are:')).toBe(0);

    // Without help, the problems end with the list, once.
    const bare = comment('triage', '/recovery frobnicate\n/recovery deny\n/recovery reopen now', admin).replies;
    expect(bare).toHaveLength(1);
    expect(count(bare[0].body, 'The commands are:')).toBe(1);
    expect(count(bare[0].body, '`/recovery complete`: ')).toBe(1);
    expect(bare[0].body).toMatch(/^@admin1 There is no `\/recovery` command called "frobnicate"\.\n\n`\/recovery deny` needs a reason/);
    expect(bare[0].body.endsWith(`\n\n${commandsAre(config)}`)).toBe(true);

    // A refusal that is not a typo lists nothing.
    const refused = comment('triage', '/recovery complete', { login: 'passer-by', isMaintainer: false }).replies;
    expect(refused).toEqual([{ key: 'k', body: '@passer-by Only people with triage rights can use `/recovery complete`.' }]);
  });
});
