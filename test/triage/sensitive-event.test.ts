import { emptyStatusData } from '../../src/comment/data.js';
import { SENSITIVE_KINDS, type SensitiveKind } from '../../src/checks/sensitive/index.js';
import { checkRequest } from '../../src/checks/validate.js';
import { defaultConfig, validateConfig } from '../../src/config/load.js';
import { loadBundledForm } from '../../src/form/bundled.js';
import { startDraft } from '../../src/triage/draft.js';
import { finish } from '../../src/triage/finish.js';
import { onSensitiveText, redactForConfig } from '../../src/triage/sensitive-event.js';
import type { TriageInput } from '../../src/triage/request.js';
import { formBody } from '../helpers/bodies.js';

// Samples are assembled at run time so that secret scanners do not flag this file.
const SAMPLES: Record<SensitiveKind, { text: string; value: string }> = (() => {
  const token = `pypi-${'AgEIcHlwaS5vcmc'}${'A1b2C3d4'.repeat(10)}`;
  const codes = ['3f9a1c0b7d2e4f60', '9b8c7d6e5f4a3b21'];
  const ghp = `ghp_${'aB3dE5fG7h'.repeat(3)}123456`;
  const key = [
    '-----BEGIN OPENSSH PRIVATE KEY-----',
    'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ',
    '-----END OPENSSH PRIVATE KEY-----',
  ].join('\n');
  const secret = 'JBSWY3DPEHPK3PXP';
  return {
    'pypi-token': { text: `my token: ${token}`, value: token },
    'recovery-codes': { text: `my recovery codes:\n${codes.join('\n')}`, value: codes[0] ?? '' },
    'totp-secret': { text: `My TOTP secret is ${secret}`, value: secret },
    'otpauth-uri': { text: `otpauth://totp/PyPI:me?secret=${secret}&issuer=PyPI`, value: secret },
    'github-token': { text: `token ${ghp}`, value: ghp },
    'private-key': { text: key, value: 'b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ' },
    password: { text: 'password: Hunter2!secret', value: 'Hunter2!secret' },
    email: { text: 'write to jane.doe@example.org', value: 'jane.doe@example.org' },
    'identity-document': {
      text: 'Here is my passport: ![scan](https://github.com/user-attachments/assets/abc123)',
      value: 'https://github.com/user-attachments/assets/abc123',
    },
  };
})();

const config = defaultConfig();
const template = loadBundledForm();
const input: TriageInput = {
  config,
  template,
  request: { number: 1, author: 'requester', open: true, labels: ['account-recovery', 'recovery: triage'], body: formBody(), status: null },
};
const check = checkRequest(template, formBody(), config.username);

describe.each(Object.keys(SAMPLES) as SensitiveKind[])('%s', (kind) => {
  const { text, value } = SAMPLES[kind];
  const info = SENSITIVE_KINDS[kind];

  test('detected, warned about with its advice, never echoed', () => {
    const draft = onSensitiveText(startDraft(emptyStatusData()), text, { kind: 'comment', id: 5 }, config);
    expect(draft.data.sensitive).toEqual([kind]);
    const status = finish(input, draft, check).statusComment?.body ?? '';
    expect(status).toContain(info.title);
    expect(status).toContain(info.advice.slice(0, 40));
    expect(status).not.toContain(value);
  });

  test(info.category === 'secret' ? 'redacted and labelled by default' : 'only noted by default', () => {
    const draft = onSensitiveText(startDraft(emptyStatusData()), text, { kind: 'comment', id: 5 }, config);
    const secret = info.category === 'secret';
    expect(draft.redactComments).toEqual(secret ? [5] : []);
    expect(draft.flags).toEqual(secret ? ['recovery: sensitive-data'] : []);
    const redacted = redactForConfig(text, config);
    if (secret) {
      expect(redacted).not.toContain(value);
      expect(redacted).toContain(`[redacted: ${info.title}]`);
    } else {
      expect(redacted).toBe(text);
    }
  });
});

test('kinds can be disabled and categories switched off or to redaction', () => {
  const disabled = validateConfig({ sensitiveData: { disabled: ['pypi-token'] } });
  const off = validateConfig({ sensitiveData: { secrets: 'off' } });
  const redactPersonal = validateConfig({ sensitiveData: { personalData: 'redact' } });
  if (!disabled.ok || !off.ok || !redactPersonal.ok) throw new Error('config');
  const token = SAMPLES['pypi-token'].text;
  expect(onSensitiveText(startDraft(emptyStatusData()), token, { kind: 'body' }, disabled.config).data.sensitive).toEqual([]);
  expect(onSensitiveText(startDraft(emptyStatusData()), token, { kind: 'body' }, off.config).data.sensitive).toEqual([]);
  const email = SAMPLES.email;
  expect(redactForConfig(email.text, redactPersonal.config)).not.toContain(email.value);
  expect(onSensitiveText(startDraft(emptyStatusData()), email.text, { kind: 'body' }, redactPersonal.config).redactBody).toBe(true);
});

test('a well-formed request body raises nothing', () => {
  expect(onSensitiveText(startDraft(emptyStatusData()), formBody(), { kind: 'body' }, config)).toEqual(startDraft(emptyStatusData()));
});
