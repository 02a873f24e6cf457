import { detectSensitive, redactSensitive, type Finding } from '../../src/checks/sensitive/index.js';

// Inputs that make backtracking regular expressions blow up; a regression shows as a test timeout.

/** Findings that are empty, out of range, or start before the previous one ends. */
function malformed(text: string, findings: readonly Finding[]): Finding[] {
  return findings.filter((f, i) => f.end <= f.start || f.end > text.length || (i > 0 && f.start < findings[i - 1].end));
}

const PARAGRAPH = `### Reason for request

I lost my phone (Pixel 7a) with the authenticator app on 2024-03-18. My password is correct. See https://pypi.org/user/alice/ and #4321, commit 3f2a9c1, colour #ff8800, @maria-k.

`;

describe('a 1 MB body', () => {
  const filler = PARAGRAPH.repeat(Math.ceil(1_000_000 / PARAGRAPH.length));
  const text = `${filler}Contact: carol@example.net\n${filler}`;

  it('is scanned completely and finds what it hides', () => {
    const findings = detectSensitive(text);
    expect(text.length).toBeGreaterThan(2_000_000);
    expect(findings.map((f) => text.slice(f.start, f.end))).toEqual(['carol@example.net']);
  });
});

describe('pathological input', () => {
  const MB = 1_000_000;
  it.each<[string, string, number]>([
    ['one long word', 'a'.repeat(MB), 0],
    ['one long hex run', '0a'.repeat(MB / 2), 0],
    ['one long base32 run', 'AB23'.repeat(MB / 4), 0],
    ['repeated words of four letters', 'abcd '.repeat(MB / 5), 0],
    ['repeated labels and groups', '2FA: abcd efgh ijkl '.repeat(MB / 20), 0],
    ['at signs', '@'.repeat(MB), 0],
    ['address-like runs without a domain', 'a.b_c+d@'.repeat(MB / 8), 0],
    ['a domain without a top-level domain', `a@${'b-'.repeat(MB / 2)}`, 0],
    ['dots before an at sign', `${'a.'.repeat(MB / 2)}@`, 0],
    ['opening brackets', '[!['.repeat(MB / 3), 0],
    ['unclosed links', '[x]('.repeat(MB / 4), 0],
    ['unclosed img tags', '<img src=x '.repeat(MB / 11), 0],
    ['URL schemes', 'https://'.repeat(MB / 8), 0],
    ['token prefixes', 'pypi- ghp_ github_pat_ '.repeat(MB / 23), 0],
    ['spaces after a password label', `password ${' '.repeat(MB)}x`, 0],
    ['spaces after is', `password is${' '.repeat(MB)}`, 0],
    ['repeated password labels', 'password:'.repeat(MB / 9), 1],
    ['unmatched key headers', '-----BEGIN RSA PRIVATE KEY-----\n'.repeat(MB / 32), MB / 32],
    ['spaces after a key header', `-----BEGIN PRIVATE KEY-----\n${' '.repeat(MB)}x`, 1],
    ['unmatched key footers', '-----END PRIVATE KEY-----\n'.repeat(MB / 26), 0],
    ['recovery code mentions in headings', `${'# recovery codes recovery codes\n'.repeat(MB / 32)}5c0e9a3f71b24d86`, 1],
    ['document words and links', 'passport https://x.example/a '.repeat(MB / 30), Math.floor(MB / 30)],
    ['hex codes in one long list', '5c0e9a3f71b24d86\n'.repeat(MB / 17), Math.floor(MB / 17)],
  ])('%s', (_name, text, count) => {
    const findings = detectSensitive(text);
    expect(malformed(text, findings)).toEqual([]);
    expect(findings).toHaveLength(count);
  });
});

describe('binary junk', () => {
  function junk(length: number, seed: number): string {
    let state = seed;
    const codes: number[] = [];
    for (let i = 0; i < length; i++) {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      codes.push((state >>> 16) & 0xff);
    }
    return String.fromCharCode(...codes);
  }

  it.each([1, 2, 3])('is handled and redacted idempotently (seed %i)', (seed) => {
    const text = `${junk(50_000, seed)} password: hunter2 ${junk(50_000, seed + 10)}`;
    const findings = detectSensitive(text);
    expect(malformed(text, findings)).toEqual([]);
    expect(findings.some((f) => f.kind === 'password')).toBe(true);
    const redacted = redactSensitive(text, findings);
    expect(detectSensitive(redacted)).toEqual([]);
  });
});
