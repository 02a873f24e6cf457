import { validateConfig } from '../../src/config/load.js';
import { CONFIG_ISSUE_MARKER, MAX_LISTED_ERRORS, renderConfigProblemIssue } from '../../src/config/problems.js';
import { GITHUB_BODY_LIMIT } from '../../src/comment/limits.js';

describe('renderConfigProblemIssue', () => {
  test('starts with the hidden marker and lists every error with its key path', () => {
    const result = validateConfig(
      { labels: { triage: { color: '#00ff00' } }, duplicates: { closedWithinDays: 1e9 }, typo: 1 },
      'pypi/support: .github/recovery-triage.yml',
    );
    const errors = result.ok ? [] : result.errors;
    const body = renderConfigProblemIssue(errors);
    expect(body.startsWith(`${CONFIG_ISSUE_MARKER}\n\n`)).toBe(true);
    expect(body).toContain('The 3 problems (each names the key in the file):');
    expect(body).toContain(
      '- pypi/support\\: .github/recovery\\-triage.yml\\: labels.triage.color\\: must be a 6\\-digit hex colour without #',
    );
    expect(body).toContain('duplicates.closedWithinDays\\: must be at most 3650 days');
    expect(body).toContain('unknown key "typo"');
    expect(body).toContain('closed by the bot once the configuration is valid again');
  });

  test('is the same text for the same errors (so an unchanged issue is not rewritten)', () => {
    expect(renderConfigProblemIssue(['a: b: c'])).toBe(renderConfigProblemIssue(['a: b: c']));
    expect(renderConfigProblemIssue(['a: b: c'])).toContain('The problem (each names the key in the file):');
  });

  test('user-controlled key names cannot mention, link or inject markup', () => {
    const body = renderConfigProblemIssue(['x: unknown key "@everyone <img src=x> https://evil.example [a](b)"']);
    expect(body).not.toMatch(/@everyone/);
    expect(body).not.toMatch(/(?<!\\)<img/);
    expect(body).not.toMatch(/https:\/\//);
    expect(body).not.toMatch(/(?<!\\)\]\(/);
  });

  test('many or huge errors stay well under GitHub’s body limit', () => {
    const errors = Array.from({ length: 5000 }, (_, i) => `error ${i} ${'&'.repeat(10_000)}`);
    const body = renderConfigProblemIssue(errors);
    expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(body.split('\n').filter((l) => l.startsWith('- error'))).toHaveLength(MAX_LISTED_ERRORS);
    expect(body).toContain(`- …and ${5000 - MAX_LISTED_ERRORS} more errors not shown.`);
  });

  test('no errors at all still says something', () => {
    expect(renderConfigProblemIssue([])).toContain('- The configuration could not be read.');
  });
});
