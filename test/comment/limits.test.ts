import {
  capLines,
  capReply,
  cutAt,
  cutWithEllipsis,
  GITHUB_BODY_LIMIT,
  githubLength,
  STATUS_COMMENT_MAX,
} from '../../src/comment/limits.js';

describe('githubLength', () => {
  test('counts UTF-16 units and every line break twice (a CRLF-stored body is no longer)', () => {
    expect(githubLength('')).toBe(0);
    expect(githubLength('abc')).toBe(3);
    expect(githubLength('a\nb')).toBe(4);
    expect(githubLength('a\r\nb')).toBe(5);
    expect(githubLength('😀')).toBe(2);
  });

  test('the status comment budget is under GitHub’s limit', () => {
    expect(STATUS_COMMENT_MAX).toBeLessThan(GITHUB_BODY_LIMIT);
  });
});

describe('cutAt and cutWithEllipsis', () => {
  test('never split a surrogate pair', () => {
    expect(cutAt('a😀b', 2)).toBe('a');
    expect(cutAt('a😀b', 3)).toBe('a😀');
    expect(cutAt('abc', 10)).toBe('abc');
    expect(cutAt('abc', 0)).toBe('');
    expect(cutWithEllipsis('abcdef', 4)).toBe('abc…');
    expect(cutWithEllipsis('abcd', 4)).toBe('abcd');
  });
});

describe('capReply', () => {
  const lines = (n: number, width = 9) => Array.from({ length: n }, (_, i) => String(i).padStart(width, '0')).join('\n');

  test('a reply exactly at the cap is posted whole', () => {
    const text = lines(100);
    const max = githubLength(text);
    expect(capReply(text, max)).toBe(text);
  });

  test('one character over the cap is cut on a line boundary, with a note, under the cap', () => {
    const text = lines(100);
    const max = githubLength(text) - 1;
    const capped = capReply(text, max);
    expect(githubLength(capped)).toBeLessThanOrEqual(max);
    const [kept, note] = capped.split('\n\n');
    // Whole lines only: every kept line is one of the original lines, in order.
    expect(text.startsWith(kept)).toBe(true);
    expect(text.charAt(kept.length)).toBe('\n');
    const omitted = 100 - kept.split('\n').length;
    expect(note).toBe(`*(This reply was shortened to fit: ${omitted} more lines not shown.)*`);
    expect(omitted).toBeGreaterThan(0);
  });

  test('the repro: 1,000 refusal lines (68 KB) fit the default reply length of 20,000', () => {
    const refusal = '@someone `/recovery start`: only maintainers (triage permission or more) can use this command.';
    const text = Array.from({ length: 1000 }, () => refusal).join('\n');
    expect(text.length).toBeGreaterThan(65_536);
    const capped = capReply(text, 20_000);
    expect(githubLength(capped)).toBeLessThanOrEqual(20_000);
    expect(capped).toMatch(/\*\(This reply was shortened to fit: \d+ more lines not shown\.\)\*$/);
  });

  test('a code fence left open by the cut is closed before the note', () => {
    const text = ['intro', '```', ...Array.from({ length: 50 }, () => 'code line'), '```', 'after'].join('\n');
    const capped = capReply(text, 200);
    expect(githubLength(capped)).toBeLessThanOrEqual(200);
    const body = capped.split('\n\n*(')[0];
    expect(body.endsWith('\n```')).toBe(true);
    expect((body.match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  test('a single line longer than the cap is cut inside the line', () => {
    const capped = capReply('x'.repeat(5000), 1000);
    expect(githubLength(capped)).toBeLessThanOrEqual(1000);
    expect(capped).toMatch(/^x+\n\n\*\(This reply was shortened to fit\.\)\*$/);
  });

  test('a cap smaller than the note gives part of the note, never more than the cap', () => {
    expect(githubLength(capReply('a\nb\nc\nd', 5))).toBeLessThanOrEqual(5);
    expect(capReply('abc', 0)).toBe('');
  });
});

describe('capLines', () => {
  test('exactly at the cap is unchanged, one over is cut with the note', () => {
    const text = 'one\ntwo\nthree';
    expect(capLines(text, githubLength(text), () => 'N')).toBe(text);
    // 'one\ntwo\n\n1' is 10 characters and 3 line breaks: 13, within 14.
    expect(capLines(text, githubLength(text) - 1, (n) => `${n}`)).toBe('one\ntwo\n\n1');
  });
});
