import { normalizeUsername, type UsernameResult, type UsernameRule } from '../../src/checks/username.js';
import { defaultConfig } from '../../src/config/load.js';

const rule: UsernameRule = defaultConfig().username;

function ok(raw: string, r: UsernameRule = rule): string {
  const result = normalizeUsername(raw, r);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(raw)} to pass, got ${result.reason}: ${result.message}`);
  return result.username;
}
function failure(raw: string, r: UsernameRule = rule): Extract<UsernameResult, { ok: false }> {
  const result = normalizeUsername(raw, r);
  if (result.ok) throw new Error(`expected ${JSON.stringify(raw)} to fail, got ${result.username}`);
  return result;
}

describe('normalizeUsername accepts', () => {
  test.each([
    ['jane-doe', 'jane-doe'],
    ['  J.Doe_42  ', 'J.Doe_42'],
    ['`jane-doe`', 'jane-doe'],
    ['`` jane-doe ``', 'jane-doe'],
    ["'jane-doe'", 'jane-doe'],
    ['"jane-doe"', 'jane-doe'],
    ['\u201cjane-doe\u201d', 'jane-doe'],
    ['\u2018jane-doe\u2019', 'jane-doe'],
    ['@jane-doe', 'jane-doe'],
    ['`@jane-doe`', 'jane-doe'],
    ['https://pypi.org/user/jane-doe/', 'jane-doe'],
    ['https://pypi.org/user/jane-doe', 'jane-doe'],
    ['http://PyPI.org/user/Jane-Doe/', 'Jane-Doe'],
    ['https://test.pypi.org/user/jane-doe/?tab=projects', 'jane-doe'],
    ['`https://pypi.org/user/jane-doe/`', 'jane-doe'],
    ['a', 'a'],
    ['x'.repeat(50), 'x'.repeat(50)],
  ])('%j as %j', (raw, expected) => {
    expect(ok(raw)).toBe(expected);
  });

  test('reads only the first non-empty line, since extra lines come from later edits', () => {
    expect(ok('\n\n  `jane-doe`  \n(my old account was other-name)\n')).toBe('jane-doe');
  });

  test('follows the configured prefixes, characters, length and ends', () => {
    const custom: UsernameRule = {
      ...rule,
      platform: 'Example',
      allowedCharacters: 'a-z_',
      alphanumericEnds: false,
      maxLength: 30,
      profileUrlPrefixes: ['https://example.com/u'],
    };
    expect(ok('_ab_', custom)).toBe('_ab_');
    expect(ok('https://example.com/u/abc', custom)).toBe('abc');
    expect(failure('https://pypi.org/user/abc/', custom).reason).toBe('characters');
    expect(failure('a'.repeat(31), custom).message).toContain('at most 30');
    expect(failure('a.b', custom).message).toContain('Example usernames cannot have: "."');
  });
});

describe('normalizeUsername rejects', () => {
  test('e-mail addresses, without repeating the address', () => {
    for (const raw of ['jane@example.com', '`jane.doe@example.org`', 'my e-mail is <jane@example.com>']) {
      const result = failure(raw);
      expect(result.reason).toBe('email');
      expect(result.message).toContain('PyPI usernames are not e-mail addresses');
      expect(result.message).toContain('edit the issue');
      expect(result.message).not.toContain('example.');
      expect(result.message).not.toContain('jane');
    }
  });

  test.each([
    '-',
    '—',
    '?',
    '...',
    'n/a',
    'N/A.',
    'None',
    'unknown',
    'Unknown!',
    "I don't remember",
    'I don\u2019t remember it',
    "can't recall",
    'not sure',
    'idk',
    '_No response_',
  ])('placeholder %j', (raw) => {
    const result = failure(raw);
    expect(result.reason).toBe('placeholder');
    expect(result.message).toContain('is not a username');
    expect(result.message).toContain('edit the issue');
  });

  test('display names with spaces', () => {
    const result = failure('Jane Doe');
    expect(result).toEqual({ ok: false, reason: 'spaces', message: expect.stringContaining('"Jane Doe" contains spaces') });
    expect(result.message).toContain('display name');
    expect(failure('jane\u00a0doe').reason).toBe('spaces');
  });

  test('names that are too long, without echoing them', () => {
    const result = failure('a'.repeat(51));
    expect(result.reason).toBe('too-long');
    expect(result.message).toContain('51 characters long');
    expect(result.message).toContain('at most 50');
    expect(result.message).not.toContain('aaaa');
  });

  test('characters that are not allowed, each listed once', () => {
    const result = failure('jane!doe!+x');
    expect(result.reason).toBe('characters');
    expect(result.message).toContain('"jane!doe!+x" contains characters that PyPI usernames cannot have: "!", "+".');
  });

  test('invisible characters are named by code point', () => {
    const result = failure('ja\u0000ne\u200b');
    expect(result.message).toContain('U+0000, U+200B');
    expect(result.message).not.toContain('\u0000');
  });

  test('the list of characters is cut short', () => {
    const result = failure('a!"#$%&()*+,/;<>b');
    expect(result.message).toContain('and 5 more');
  });

  test('username=[...] and similar keys, with a specific explanation', () => {
    for (const raw of ['username=[jane-doe]', 'PyPI username: jane', 'user = jane doe']) {
      const result = failure(raw);
      expect(result.reason).toBe('characters');
      expect(result.message).toContain('Write only the username itself, without "username="');
    }
  });

  test('other web addresses, pointing to the profile link', () => {
    const result = failure('https://github.com/jane-doe');
    expect(result.reason).toBe('characters');
    expect(result.message).toContain('looks like a web address');
    expect(result.message).toContain('https://pypi.org/user/my-username/');
  });

  test('names that do not start and end with a letter or digit', () => {
    for (const raw of ['-jane', 'jane_', '.x.']) {
      const result = failure(raw);
      expect(result.reason).toBe('ends');
      expect(result.message).toContain('start and end with a letter or a digit');
    }
  });

  test('empty answers, empty wrappers and a profile URL without a name', () => {
    for (const raw of ['', '   \n\t', '` `', '``', '""', 'https://pypi.org/user/', '@']) {
      const result = failure(raw);
      expect(['empty', 'placeholder']).toContain(result.reason);
    }
    expect(failure('').reason).toBe('empty');
    expect(failure('https://pypi.org/user/').reason).toBe('empty');
    expect(failure('""').message).toBe(
      'No username was given. Please edit the issue and write only the PyPI username of the account, for example my-username.',
    );
  });

  test('huge input is never echoed in full', () => {
    const letter = `Dear admins ${'please help me '.repeat(100_000)}`;
    const result = failure(letter);
    expect(result.reason).toBe('spaces');
    expect(result.message.length).toBeLessThan(400);
  });

  test('long pathological answers are handled in linear time', () => {
    const started = Date.now();
    for (const raw of [
      `${'!'.repeat(1_000_000)}a`,
      `${'@'.repeat(1_000_000)}a`,
      `a${'.'.repeat(1_000_000)}`,
      `${'a'.repeat(1_000_000)}@`,
    ]) {
      expect(normalizeUsername(raw, rule).ok).toBe(false);
    }
    // Quadratic backtracking on million-character runs would take minutes.
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('messages are plain text without markdown', () => {
    for (const raw of ['jane@example.com', '-', 'Jane Doe', 'a'.repeat(60), 'a!b', '-a', '']) {
      expect(failure(raw).message).not.toMatch(/[`*]|\]\(/);
    }
  });
});

test('an invalid allowedCharacters class is reported as a config error', () => {
  expect(() => normalizeUsername('jane', { ...rule, allowedCharacters: '\\q' })).toThrow(
    /username\.allowedCharacters is not a valid character class/,
  );
});
