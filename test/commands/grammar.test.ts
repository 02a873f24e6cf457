import { newCommands, parseCommands } from '../../src/commands/grammar.js';

const verbs = (body: string) => parseCommands(body).map((c) => `${c.verb}:${c.args}`);

describe('parseCommands', () => {
  test('finds several commands in order, with verb, args and the trimmed line', () => {
    const body = 'Thanks for the details.\n/recovery ask   What is   your username?  \nmore text\n  /recovery start\n';
    expect(parseCommands(body)).toEqual([
      { verb: 'ask', args: 'What is   your username?', line: '/recovery ask   What is   your username?' },
      { verb: 'start', args: '', line: '/recovery start' },
    ]);
  });

  test('lowercases the prefix and the verb but keeps the case of args', () => {
    expect(parseCommands('/RECOVERY Deny Not A Recovery Case')).toEqual([
      { verb: 'deny', args: 'Not A Recovery Case', line: '/RECOVERY Deny Not A Recovery Case' },
    ]);
  });

  test('a bare prefix gives an empty verb; a longer word is not the prefix', () => {
    expect(verbs('/recovery\n/recovery   \n/recoveryx start\n/recovery-start\nsee /recovery start')).toEqual([':', ':']);
  });

  test('tabs after the prefix separate the verb', () => {
    expect(verbs('/recovery\tduplicate\t#12')).toEqual(['duplicate:#12']);
  });

  test('tolerates CRLF and lone CR line ends', () => {
    expect(parseCommands('hello\r\n/recovery complete\r\n/recovery deny spam\r\r/recovery help')).toEqual([
      { verb: 'complete', args: '', line: '/recovery complete' },
      { verb: 'deny', args: 'spam', line: '/recovery deny spam' },
      { verb: 'help', args: '', line: '/recovery help' },
    ]);
  });

  test('up to three leading spaces are allowed; four spaces or a tab make indented code', () => {
    expect(verbs('   /recovery start\n    /recovery deny x\n\t/recovery deny y\n  \t/recovery deny z')).toEqual(['start:']);
  });

  test('ignores fenced code blocks of backticks and tildes, until the matching fence', () => {
    const body = [
      '```',
      '/recovery deny in code',
      '~~~',
      '/recovery deny still in code',
      '```',
      '/recovery start',
      '~~~~ text',
      '/recovery deny in tilde code',
      '~~~',
      '/recovery deny fence too short to close',
      '~~~~~',
      '/recovery complete',
    ].join('\n');
    expect(verbs(body)).toEqual(['start:', 'complete:']);
  });

  test('a closing fence needs nothing but spaces after it; an unclosed fence runs to the end', () => {
    expect(verbs('```\n``` not a close\n/recovery deny x\n```\n/recovery start')).toEqual(['start:']);
    expect(verbs('/recovery start\n```js\n/recovery deny x')).toEqual(['start:']);
  });

  test('backticks on one line are inline code, not a fence', () => {
    expect(verbs('```/recovery deny x```\n/recovery start')).toEqual(['start:']);
  });

  test('ignores a line wrapped in inline code', () => {
    expect(verbs('`/recovery deny x`\n`` /recovery complete ``\n/recovery start')).toEqual(['start:']);
  });

  test('ignores block quotes, nested quotes included', () => {
    const body = [
      '> /recovery deny quoted',
      '>/recovery deny tight',
      '> > /recovery complete nested',
      '>> /recovery complete tight nested',
      '  > /recovery complete indented quote',
      '',
      '/recovery start',
    ].join('\n');
    expect(verbs(body)).toEqual(['start:']);
  });

  test('a line right after a quoted paragraph belongs to the quote (lazy continuation)', () => {
    expect(verbs('> you wrote\n/recovery deny lazily quoted\n\n/recovery start')).toEqual(['start:']);
    expect(verbs('> you wrote\nmore of it\n/recovery deny still quoted')).toEqual([]);
  });

  test('a blank quote line, a list item or a quoted fence ends the quoted paragraph', () => {
    expect(verbs('> you wrote\n>\n/recovery start')).toEqual(['start:']);
    expect(verbs('> you wrote\n- item\n/recovery start')).toEqual(['start:']);
    expect(verbs('> ```\n> /recovery deny code\n/recovery start')).toEqual(['start:']);
  });

  test('ignores commands hidden in HTML comments', () => {
    expect(verbs('<!--\n/recovery deny hidden\n-->\n/recovery start\n<!-- /recovery deny -->\n/recovery help')).toEqual([
      'start:',
      'help:',
    ]);
  });

  test('returns nothing for empty or command-free bodies', () => {
    expect(parseCommands('')).toEqual([]);
    expect(parseCommands('I lost my phone.\nPlease help.')).toEqual([]);
  });

  test('does not throw on odd input', () => {
    const odd = ['\u0000/recovery x', '\u2028/recovery start\u2029', '> '.repeat(50), '```'.repeat(10), '\uD800', '<!--'];
    for (const body of odd) expect(() => parseCommands(body)).not.toThrow();
    expect(verbs('/recovery start\u2028tail')).toEqual(['start:tail']);
  });

  // Speed on these bodies is measured by `npm run bench`; here they must parse correctly.
  test('parses 1 MB bodies built to trip backtracking', () => {
    const mb = 1_000_000;
    const none = [
      `${'`'.repeat(mb)}\u2028`,
      '>'.repeat(mb),
      '> '.repeat(mb / 2),
      `${'~'.repeat(mb / 2)}\n${'~'.repeat(mb / 2 - 1)}`,
      '> a\n'.repeat(mb / 4),
      ` ${'- '.repeat(mb / 2)}`,
    ];
    for (const body of none) expect(parseCommands(body)).toEqual([]);
    expect(verbs(`/recovery ${' '.repeat(mb)}x`)).toEqual(['x:']);
    expect(parseCommands('/recovery ask hi\n'.repeat(Math.floor(mb / 17)))).toHaveLength(Math.floor(mb / 17));
  });
});

describe('newCommands', () => {
  test('without a previous body, every command is new', () => {
    expect(newCommands(null, '/recovery start\n/recovery help').map((c) => c.verb)).toEqual(['start', 'help']);
  });

  test('only commands added by an edit are new', () => {
    const before = 'Starting now.\n/recovery start';
    const after = 'Starting now.\n/recovery start\n/recovery reply english-please';
    expect(newCommands(before, after)).toEqual([{ verb: 'reply', args: 'english-please', line: '/recovery reply english-please' }]);
  });

  test('lines are compared by verb and normalised args, not by spelling', () => {
    const before = '/recovery ask what is your   username?';
    expect(newCommands(before, '  /RECOVERY Ask what is your username?')).toEqual([]);
    expect(newCommands(before, '/recovery ask what is your e-mail?')).toHaveLength(1);
  });

  test('repeated lines count as a multiset', () => {
    const before = '/recovery ask a\n/recovery ask a';
    const after = '/recovery ask a\n/recovery ask a\n/recovery ask a\n/recovery ask b';
    expect(newCommands(before, after).map((c) => c.args)).toEqual(['a', 'b']);
    expect(newCommands('/recovery ask a', '/recovery ask a\n/recovery ask a')).toHaveLength(1);
  });

  test('a command moved out of a code block by the edit is new', () => {
    expect(newCommands('```\n/recovery complete\n```', '/recovery complete').map((c) => c.verb)).toEqual(['complete']);
  });

  test('removing commands yields nothing new', () => {
    expect(newCommands('/recovery start\n/recovery help', '/recovery start')).toEqual([]);
  });
});
