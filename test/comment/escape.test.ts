import { blockQuote, escapeInline, escapeMarkdown } from '../../src/comment/escape.js';

const WJ = '\u2060';

describe('escapeMarkdown', () => {
  test('breaks @-mentions and team mentions', () => {
    expect(escapeMarkdown('ping @octocat and @pypi/admins')).toBe(`ping @${WJ}octocat and @${WJ}pypi/admins`);
  });

  test('breaks issue references and URL autolinks', () => {
    const out = escapeMarkdown('see #123, https://evil.example/x and www.evil.example');
    expect(out).toContain(`#${WJ}123`);
    expect(out).toContain(`https${WJ}\\://evil.example/x`);
    expect(out).toContain(`www${WJ}.evil.example`);
    expect(out).not.toMatch(/https:\/\//);
  });

  test('neutralises HTML and markdown syntax', () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('\\<img src\\=x onerror\\=alert\\(1\\)\\>');
    expect(escapeMarkdown('[click](javascript:alert(1))')).toBe('\\[click\\]\\(javascript\\:alert\\(1\\)\\)');
    expect(escapeMarkdown('**bold** _it_ `code` ~~s~~ | a |')).toBe('\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~s\\~\\~ \\| a \\|');
    expect(escapeMarkdown('# heading\n- item\n1. item\n> quote')).toBe('\\# heading\n\\- item\n1\\. item\n\\> quote');
    // Headings quoted inside a sentence stay copyable: no invisible characters in them.
    expect(escapeMarkdown('add "### Code of Conduct"')).toBe('add "### Code of Conduct"');
    expect(escapeMarkdown('a & b &lt;')).toBe('a &amp; b &amp;lt;');
  });

  test('drops control characters but keeps text, tabs and newlines', () => {
    expect(escapeMarkdown('a\u0000b\u0007c\td\ne')).toBe('abc\td\ne');
    expect(escapeMarkdown('Здравствуйте, 你好')).toBe('Здравствуйте, 你好');
  });
});

test('escapeInline keeps one line and cuts long text', () => {
  expect(escapeInline('a\n\nb   c')).toBe('a b c');
  expect(escapeInline('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`);
});

test('blockQuote quotes every line, escaped', () => {
  expect(blockQuote('Which e-mail?\r\n\r\n@admin <b>')).toBe(`> Which e\\-mail?\n>\n> @${WJ}admin \\<b\\>`);
});
