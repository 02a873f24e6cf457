import { emptyStatusData, type HistoryEntry } from '../../src/comment/data.js';
import { renderStatusComment } from '../../src/comment/render.js';
import {
  COMMAND_TEXTS,
  PLACEHOLDERS,
  REPLY_TEXT,
  STATUS_TEXTS,
  TEXT_GROUPS,
  TIMER_TEXTS,
  TOP_TEXTS,
  fillTemplate,
  templateProblems,
  textContext,
  type TextSpec,
} from '../../src/comment/texts.js';
import { defaultConfig, validateConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { renderConfigProblemIssue } from '../../src/config/problems.js';

const SOURCE = 'acme/support: .github/recovery-triage.yml';

function errorsOf(raw: unknown): string[] {
  const result = validateConfig(raw, SOURCE);
  return result.ok ? [] : result.errors;
}

const ALL_SPECS: [string, TextSpec][] = [
  ...Object.entries(TEXT_GROUPS).flatMap(([group, specs]) =>
    Object.entries(specs as Record<string, TextSpec>).map(([key, spec]): [string, TextSpec] => [`messages.${group}.${key}`, spec]),
  ),
  ...Object.entries(TOP_TEXTS).map(([key, spec]): [string, TextSpec] => [`messages.${key}`, spec]),
];

describe('filling a template', () => {
  test('placeholders become their values; {{ and }} are literal braces; other braces stay', () => {
    expect(fillTemplate('Hello {requester}, see {issue}.', { requester: 'octo', issue: 12 })).toBe('Hello octo, see #12.');
    expect(fillTemplate('{{requester}} is written {{ like }} this', { requester: 'octo' })).toBe('{requester} is written { like } this');
    expect(fillTemplate('a { b } c {} {1}', {})).toBe('a { b } c {} {1}');
  });

  test('a placeholder without a value is empty; a name the bot does not know stays as written', () => {
    expect(fillTemplate('[{requester}]', {})).toBe('[]');
    expect(fillTemplate('[{requester}]', { requester: null })).toBe('[]');
    expect(fillTemplate('[{nosuch}]', {})).toBe('[{nosuch}]');
  });

  test('text values are escaped: no mention, reference, link, HTML or Markdown survives, and they stay on one line', () => {
    const hostile = '@octocat #12 https://evil.example <img src=x> **bold** [x](y) `code`\n# heading';
    const out = fillTemplate('Hi {requester} on {platform}.', { requester: hostile, platform: hostile });
    expect(out).not.toMatch(/@octocat/);
    expect(out).not.toMatch(/#12/);
    expect(out).not.toMatch(/https:\/\//);
    expect(out).not.toMatch(/(?<!\\)<img/);
    expect(out).not.toContain('**bold**');
    expect(out).not.toMatch(/(?<!\\)\]\(/);
    expect(out).not.toMatch(/(?<!\\)`/);
    expect(out).not.toContain('\n');
  });

  test('block values are escaped block quotes, line by line', () => {
    const out = fillTemplate('Question:\n\n{question}\n\nThanks.', { question: 'Are you @octocat?\n\n<b>see</b> https://x.example' });
    expect(out).toBe('Question:\n\n> Are you @\u2060octocat?\n>\n> \\<b\\>see\\</b\\> https\u2060\\://x.example\n\nThanks.');
    expect(out).not.toMatch(/@octocat/);
    expect(out).not.toContain('<b>');
  });

  test('issue values are references the bot made (#N); anything else is escaped text', () => {
    expect(fillTemplate('{original}', { original: 7 })).toBe('#7');
    expect(fillTemplate('{original}', { original: '#7 @x' })).not.toMatch(/#7|@x/);
    expect(fillTemplate('{original}', { original: 0 })).toBe('0');
    expect(fillTemplate('{queueAhead}', { queueAhead: 3 })).toBe('3');
    expect(fillTemplate('{queueAhead}', { queueAhead: '<b>' })).not.toContain('<b>');
  });

  test('a long text value is cut', () => {
    expect(fillTemplate('{requester}', { requester: 'x'.repeat(500) }).length).toBeLessThanOrEqual(100);
  });
});

describe('template problems', () => {
  const spec = COMMAND_TEXTS.ask;

  test('the default of every text is valid for its own spec, and every placeholder it lists exists', () => {
    for (const [key, s] of [...ALL_SPECS, ['messages.replies.*', REPLY_TEXT] as [string, TextSpec]]) {
      expect({ key, problems: templateProblems(s.default, s) }).toEqual({ key, problems: [] });
      for (const p of s.placeholders) expect(Object.hasOwn(PLACEHOLDERS, p)).toBe(true);
    }
  });

  test('an unknown placeholder is named with the ones the text can use', () => {
    expect(templateProblems('Hello {usrname}\n\n{question}', spec)).toEqual([
      'unknown placeholder {usrname}; this text can use {requester}, {issue}, {platform}, {maintainer}, {question} (write {{ and }} for literal braces)',
    ]);
  });

  test('a placeholder of another text says it is not available here', () => {
    expect(templateProblems('{queueAhead}', STATUS_TEXTS.triage)[0]).toMatch(
      /^unknown placeholder \{queueAhead\} \(it is not available in this text\);/,
    );
    expect(templateProblems('{issue} {original}', TOP_TEXTS.duplicateClosed)[0]).toMatch(
      /^unknown placeholder \{issue\} \(it is not available/,
    );
  });

  test('a required placeholder must be there; a block placeholder must stand on its own line', () => {
    expect(templateProblems('Please answer.', spec)).toEqual(['must contain {question}']);
    expect(templateProblems('Question: {question}', spec)).toEqual([
      '{question} is shown as a block quote, so it must stand on a line of its own',
    ]);
    expect(templateProblems('Question:\n  {question}  \nThanks', spec)).toEqual([]);
    expect(templateProblems('{reason}\n\n{reason} again', COMMAND_TEXTS.deny)).toHaveLength(1);
    expect(templateProblems('{{question}}', spec)).toEqual(['must contain {question}']);
  });

  test('a very long unknown name is cut in the message', () => {
    const [message] = templateProblems(`{${'a'.repeat(500)}}`, STATUS_TEXTS.triage);
    expect(message.length).toBeLessThan(250);
  });
});

describe('templates in the config', () => {
  test('the defaults are the specs’ defaults', () => {
    const config = defaultConfig();
    for (const [group, specs] of Object.entries(TEXT_GROUPS)) {
      for (const [key, s] of Object.entries(specs as Record<string, TextSpec>)) {
        expect((config.messages as unknown as Record<string, Record<string, string>>)[group][key]).toBe(s.default);
      }
    }
    expect(config.messages.verificationStarted).toBe(TOP_TEXTS.verificationStarted.default);
    expect(config.messages.duplicateClosed).toBe(TOP_TEXTS.duplicateClosed.default);
  });

  test('one text may be changed and the rest keep their defaults', () => {
    const config = configSchema.parse({ messages: { status: { triage: 'Thanks {requester}!' } } });
    expect(config.messages.status.triage).toBe('Thanks {requester}!');
    expect(config.messages.status.triageFixed).toBe(STATUS_TEXTS.triageFixed.default);
    expect(config.messages.commands.ask).toBe(COMMAND_TEXTS.ask.default);
  });

  test.each([
    [{ messages: { status: { triage: 'Hi {usrname}' } } }, 'messages.status.triage: unknown placeholder {usrname}'],
    [{ messages: { commands: { ask: 'Please answer.' } } }, 'messages.commands.ask: must contain {question}'],
    [{ messages: { commands: { deny: 'Closed: {reason}' } } }, 'messages.commands.deny: {reason} is shown as a block quote'],
    [{ messages: { commands: { duplicate: 'See the other one.' } } }, 'messages.commands.duplicate: must contain {original}'],
    [{ messages: { timers: { closeWarning: '{days} {queueAhead}' } } }, 'messages.timers.closeWarning: unknown placeholder {queueAhead}'],
    [{ messages: { verificationStarted: 'Started by {admin}' } }, 'messages.verificationStarted: unknown placeholder {admin}'],
    [{ messages: { duplicateClosed: 'Follow {original} ({issue})' } }, 'messages.duplicateClosed: unknown placeholder {issue}'],
    [{ messages: { replies: { 'see-faq': 'Read the FAQ, {user}.' } } }, 'messages.replies.see-faq: unknown placeholder {user}'],
  ])('an invalid template is a config error with its key path: %j', (raw, expected) => {
    const errors = errorsOf(raw);
    expect(errors).toHaveLength(1);
    expect(errors[0].startsWith(`${SOURCE}: ${expected}`)).toBe(true);
  });

  test('every error of a file is listed, and the config-error issue never echoes the text', () => {
    const secret = 'please email me at someone@example.com';
    const errors = errorsOf({
      messages: { status: { triage: `${secret} {one}`, denied: `${secret} {two}` }, timers: { closed: `${secret} {three}` } },
    });
    expect(errors.map((e) => e.slice(SOURCE.length + 2).split(': ')[0])).toEqual([
      'messages.status.triage',
      'messages.status.denied',
      'messages.timers.closed',
    ]);
    for (const error of errors) expect(error).not.toContain('someone');
    expect(renderConfigProblemIssue(errors)).not.toContain('someone');
  });

  test('an unknown text key is an unknown key, as everywhere in the config', () => {
    expect(errorsOf({ messages: { status: { traige: 'x' } } })).toEqual([`${SOURCE}: unknown key "messages.status.traige"`]);
  });

  test('valid custom templates load', () => {
    const result = validateConfig(
      {
        messages: {
          status: { claimed: '{assignee} has taken your request, {requester}.', queueMany: '{queueAhead} ahead on {platform}.' },
          commands: { ask: '{maintainer} asks about {issue}:\n\n{question}', deny: '{reason}' },
          timers: { closeWarning: 'Closing in {days}.' },
          replies: { hello: 'Hello {requester}, {maintainer} here about {issue} on {platform}. {{literal}}' },
        },
      },
      SOURCE,
    );
    expect(result.ok).toBe(true);
  });
});

describe('the status comment with configured texts', () => {
  const config = configSchema.parse({
    username: { platform: 'Py*PI*' },
    messages: {
      status: {
        triage: '**Queued.** Hello {requester}, request {issue} on {platform}.',
        claimed: '{assignee} is on it.',
        accountSpelling: 'Spelled {username}.',
        neverPostSecrets: 'No secrets, {requester}.',
        completed: 'Done ({issue}).',
      },
    },
  });
  function render(state: 'triage' | 'completed', data: Partial<ReturnType<typeof emptyStatusData>> = {}, requester = 'octo-requester') {
    return renderStatusComment({
      state,
      problems: [],
      data: { ...emptyStatusData(), ...data },
      labelOf: (s) => config.labels[s].name,
      sensitiveWarnings: [],
      texts: textContext(config, requester, 12),
    });
  }

  test('uses the configured texts with the request’s values, escaped', () => {
    const body = render('triage', {
      claimedBy: '@admins',
      account: { username: 'x', verdict: 'renamed', canonical: '<b>Real</b> @name', at: '2026-01-01T00:00:00Z' },
    });
    expect(body).toContain('**Queued.** Hello octo\\-requester, request #12 on Py\\*PI\\*.');
    expect(body).toContain('Spelled \\<b\\>Real\\</b\\> @\u2060name.');
    expect(body).toContain('@\u2060admins is on it.');
    expect(body).toContain('No secrets, octo\\-requester.');
    expect(body).not.toMatch(/@admins|@name|<b>/);
    expect(body).toContain(STATUS_TEXTS.triageNext.default);
  });

  test('a closed request shows its configured status and no secrets notice', () => {
    const body = render('completed');
    expect(body).toContain('Done (#12).');
    expect(body).not.toContain('No secrets');
  });

  test('without texts the defaults are used, as before', () => {
    const body = renderStatusComment({
      state: 'triage',
      problems: [],
      data: { ...emptyStatusData(), queueAhead: 2 },
      labelOf: (s) => config.labels[s].name,
      sensitiveWarnings: [],
    });
    expect(body).toContain(
      '**Status: waiting for an admin.** Thanks, your request is complete. 2 complete requests are ahead of yours in the queue.',
    );
    expect(body).toContain(STATUS_TEXTS.neverPostSecrets.default);
  });
});

describe('neutral defaults', () => {
  const texts = [...ALL_SPECS.map(([, s]) => s.default)];

  test('no default promises an e-mail to the address on the account (the requester may have lost it)', () => {
    for (const text of texts) {
      expect(text).not.toMatch(/primary address|e-?mail(ing)? the|watch that inbox|we will e-?mail/i);
    }
  });

  test('verification is described through a channel already linked to the account', () => {
    expect(TOP_TEXTS.verificationStarted.default).toContain('a channel already linked to it');
    expect(STATUS_TEXTS.triageNext.default).toContain('a channel already linked to it');
  });

  test('the timer texts keep their meaning', () => {
    expect(TIMER_TEXTS.remindIncomplete.default).toContain('edit the issue');
    expect(TIMER_TEXTS.closed.default).toContain('`/recovery reopen`');
  });
});

describe('links to comments', () => {
  const reminder = TIMER_TEXTS.remindAwaitingRequester;

  test('no default text points up or down the thread (the status comment comes first, everything else after it)', () => {
    for (const [, spec] of ALL_SPECS) expect(spec.default).not.toMatch(/\b(above|below)\b/i);
  });

  test('a link placeholder becomes the anchor of the comment; without one, or with anything else, the link is its plain text', () => {
    expect(fillTemplate(reminder.default, { comment: '#issuecomment-77' })).toBe(
      'A reminder: an admin is waiting for your answer to [their comment](#issuecomment-77). Please reply with a comment here.',
    );
    const plain = 'A reminder: an admin is waiting for your answer to their comment. Please reply with a comment here.';
    expect(fillTemplate(reminder.default, {})).toBe(plain);
    for (const bad of ['javascript:alert(1)', 'https://evil.example/#issuecomment-1', '#issuecomment-0', '#issuecomment-1)x', 77])
      expect(fillTemplate(reminder.default, { comment: bad })).toBe(plain);
  });

  test('a link placeholder must be a link target', () => {
    const spec: TextSpec = { placeholders: ['comment', 'status'], about: '', default: '' };
    expect(templateProblems('[Their comment]({comment}) and [status]({status}).', spec)).toEqual([]);
    expect(templateProblems('See {comment}.', spec)).toEqual([
      '{comment} is the address of a comment, so it must be a link target: write [some text]({comment})',
    ]);
    expect(templateProblems('See ({status}) or [a] ({status})', spec)).toHaveLength(1);
    expect(templateProblems('See [the [nested] one]({status}).', spec)).toHaveLength(1);
  });

  test('the status comment links the comment that put the request in its state, and no other', () => {
    const config = defaultConfig();
    const entry = (to: 'triage' | 'awaiting-requester' | 'denied', extra: object = {}): HistoryEntry => ({
      at: '2026-01-01T00:00:00Z',
      actor: 'a',
      event: 'e',
      from: null,
      to,
      reason: 'r',
      ...extra,
    });
    const render = (state: 'awaiting-requester' | 'denied', history: HistoryEntry[]) =>
      renderStatusComment({
        state,
        problems: [],
        data: { ...emptyStatusData(), history, historyTotal: history.length },
        labelOf: (s) => config.labels[s].name,
        sensitiveWarnings: [],
        texts: textContext(config, 'lost-user', 9),
      });
    expect(render('awaiting-requester', [entry('triage'), entry('awaiting-requester', { comment: 12 })])).toContain(
      `${STATUS_TEXTS.awaitingRequester.default} [Their comment](#issuecomment-12) says what they need.`,
    );
    // A second question moves nothing but is what the requester must answer now; a claim is not.
    const asked = [entry('awaiting-requester', { comment: 12 }), entry('awaiting-requester', { comment: 15, from: 'awaiting-requester' })];
    expect(render('awaiting-requester', asked)).toContain('(#issuecomment-15)');
    // A label set by hand: nothing to link, and nothing said about a comment.
    const byHand = render('awaiting-requester', [entry('triage'), entry('awaiting-requester')]);
    expect(byHand).not.toContain('issuecomment');
    expect(byHand).not.toContain('Their comment');
    expect(render('denied', [entry('denied', { comment: 3 })])).toContain('[The comment that closed it](#issuecomment-3) says why.');
  });
});
