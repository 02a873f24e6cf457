import { defaultConfig, validateConfig } from '../../src/config/load.js';

describe('validateConfig', () => {
  test('no file (null) and an empty file give the documented defaults', () => {
    for (const raw of [null, undefined, {}]) {
      const result = validateConfig(raw);
      expect(result).toEqual({ ok: true, config: defaultConfig() });
    }
    const config = defaultConfig();
    expect(config.formLabel).toBe('account-recovery');
    expect(config.labels.triage).toEqual({ name: 'recovery: triage', color: '0e8a16', description: 'Complete; waiting for a maintainer' });
    expect(config.permissions.minimum).toBe('triage');
    expect(config.timers.incomplete).toEqual({ remindAfterDays: 7, closeAfterDays: 7 });
    expect(Object.keys(config.messages.replies).sort()).toEqual([
      'english-please',
      'username-not-found',
      'verification-email-sent',
      'write-to-support',
    ]);
    expect(config.accountCheck.urlTemplate).toBeNull();
  });

  test('a partial section keeps the defaults of the keys it leaves out', () => {
    const result = validateConfig({ labels: { triage: { name: 'queue' } }, timers: { incomplete: { closeAfterDays: null } } });
    expect(result.ok && result.config.labels.triage).toEqual({
      name: 'queue',
      color: '0e8a16',
      description: 'Complete; waiting for a maintainer',
    });
    expect(result.ok && result.config.timers.incomplete).toEqual({ remindAfterDays: 7, closeAfterDays: null });
  });

  test('every error names the file and the path of the offending key', () => {
    const result = validateConfig(
      {
        labels: { triage: { color: '#00ff00' } },
        permissions: { minimum: 'owner' },
        username: { allowedCharacters: 'z-a' },
        accountCheck: { urlTemplate: 'https://pypi.org/user/' },
        messages: { replies: { 'Bad Name': 'x' } },
        typo: true,
      },
      'pypi/support: .github/recovery-triage.yml',
    );
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    for (const path of [
      'labels.triage.color',
      'permissions.minimum',
      'username.allowedCharacters',
      'accountCheck.urlTemplate',
      'messages.replies.Bad Name',
    ]) {
      expect(errors.some((e) => e.startsWith(`pypi/support: .github/recovery-triage.yml: ${path}:`))).toBe(true);
    }
    expect(errors).toContain('pypi/support: .github/recovery-triage.yml: unknown key "typo"');
  });

  test('a config that is not a mapping is an error, not a crash', () => {
    expect(validateConfig('just a string')).toEqual({ ok: false, errors: [expect.stringContaining('(top level)')] });
    expect(validateConfig([1, 2]).ok).toBe(false);
  });
});
