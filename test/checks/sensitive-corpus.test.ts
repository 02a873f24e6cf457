import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectSensitive, redactSensitive, summarizeFindings } from '../../src/checks/sensitive/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'sensitive');
const read = (...path: string[]) => readFileSync(join(fixtures, ...path), 'utf8');

/** Bodies the way GitHub renders the recovery form; files named *email* contain e-mail addresses. */
const clean = readdirSync(join(fixtures, 'clean')).filter((name) => name.endsWith('.md'));

describe('ordinary requests', () => {
  it('form a corpus of at least 15 bodies', () => {
    expect(clean.length).toBeGreaterThanOrEqual(15);
  });

  it.each(clean)('%s contains no secret', (name) => {
    expect(detectSensitive(read('clean', name)).filter((f) => f.category === 'secret')).toEqual([]);
  });

  it.each(clean.filter((name) => !name.includes('email')))('%s contains nothing at all', (name) => {
    expect(detectSensitive(read('clean', name))).toEqual([]);
  });

  it.each(clean.filter((name) => name.includes('email')))('%s contains exactly one e-mail address', (name) => {
    const text = read('clean', name);
    const findings = detectSensitive(text);
    expect(findings.map((f) => f.kind)).toEqual(['email']);
    expect(text.slice(findings[0].start, findings[0].end)).toMatch(/^[^@\s]+@example\.(?:com|jp)$/);
  });
});

describe('a comment with eight pasted recovery codes', () => {
  const text = read('leaked', 'recovery-codes-comment.md');

  it('finds all eight codes', () => {
    expect(summarizeFindings(detectSensitive(text))).toEqual([{ kind: 'recovery-codes', count: 8 }]);
  });

  it('leaves no hex code after redaction, and the prose untouched', () => {
    const redacted = redactSensitive(text, detectSensitive(text));
    expect(redacted).not.toMatch(/[0-9a-f]{16}/);
    expect(redacted.match(/\[redacted: PyPI recovery code\]/g)).toHaveLength(8);
    expect(redacted).toContain('Can you reset my account now?');
    expect(detectSensitive(redacted)).toEqual([]);
  });
});
