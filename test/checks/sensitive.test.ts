import {
  SENSITIVE_KINDS,
  detectSensitive,
  redactSensitive,
  summarizeFindings,
  type Finding,
  type SensitiveKind,
} from '../../src/checks/sensitive/index.js';

// Secret-looking values are assembled at run time so that secret scanners do not flag this file.
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** A deterministic, random-looking string. */
function fake(length: number, alphabet = ALNUM, seed = 7): string {
  let state = seed;
  let out = '';
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    out += alphabet[(state >>> 16) % alphabet.length];
  }
  return out;
}

const PYPI_TOKEN = ['pypi', '-AgEIcHlwaS5vcmc', fake(120, ALNUM + '-_', 3)].join('');
const GITHUB_PAT = ['ghp', '_', fake(36, ALNUM, 11)].join('');
const GITHUB_FINE_PAT = ['github', '_pat_', fake(22, ALNUM, 5), '_', fake(59, ALNUM, 6)].join('');
const BEGIN = (type: string) => `-----BEGIN ${type}PRIVATE KEY-----`;
const END = (type: string) => `-----END ${type}PRIVATE KEY-----`;
const KEY_BODY = [fake(64, ALNUM + '+/', 21), fake(64, ALNUM + '+/', 22), fake(20, ALNUM + '+/', 23) + '=='].join('\n');
const PRIVATE_KEY = `${BEGIN('OPENSSH ')}\n${KEY_BODY}\n${END('OPENSSH ')}`;
const BASE32_SECRET = 'N5YG64TFMFZWK3TUOBZGK43T';
const OTPAUTH = `otpauth://totp/PyPI:alice?secret=${BASE32_SECRET}&issuer=PyPI`;

const marker = (kind: SensitiveKind) => `[redacted: ${SENSITIVE_KINDS[kind].title}]`;

/** What was found, as kind and exact text, in order. */
function found(text: string, disabled: readonly string[] = []): { kind: SensitiveKind; value: string }[] {
  return detectSensitive(text, { disabled }).map((f) => ({ kind: f.kind, value: text.slice(f.start, f.end) }));
}

function valuesOf(text: string, kind: SensitiveKind): string[] {
  return found(text)
    .filter((f) => f.kind === kind)
    .map((f) => f.value);
}

describe.each<{ kind: SensitiveKind; text: string; value: string }>([
  { kind: 'pypi-token', text: `[pypi]\nusername = __token__\npassword = ${PYPI_TOKEN}\n`, value: PYPI_TOKEN },
  {
    kind: 'recovery-codes',
    text: 'I still had one backup code: 9c1e4b7a2f3d6085 but it does not work.',
    value: '9c1e4b7a2f3d6085',
  },
  { kind: 'totp-secret', text: `My TOTP secret is ${BASE32_SECRET}, can you use it?`, value: BASE32_SECRET },
  { kind: 'otpauth-uri', text: `Exported from my app: ${OTPAUTH}\nDoes that help?`, value: OTPAUTH },
  { kind: 'github-token', text: `The repo is private, use this token: ${GITHUB_PAT}.`, value: GITHUB_PAT },
  { kind: 'private-key', text: `My signing key:\n\n${PRIVATE_KEY}\n\nThanks`, value: PRIVATE_KEY },
  { kind: 'password', text: 'username: alice\npassword: hunter2\n', value: 'hunter2' },
  { kind: 'email', text: 'Reach me at alice.smith@example.com.', value: 'alice.smith@example.com' },
  {
    kind: 'identity-document',
    text: 'Here is my passport:\n\n![IMG_2041](https://github.com/user-attachments/assets/0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5)\n',
    value: '![IMG_2041](https://github.com/user-attachments/assets/0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5)',
  },
])('$kind', ({ kind, text, value }) => {
  it('is detected with the exact span of the value and its category', () => {
    const findings = detectSensitive(text);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ kind, category: SENSITIVE_KINDS[kind].category });
    expect(text.slice(findings[0].start, findings[0].end)).toBe(value);
  });

  it('is replaced by a marker naming the kind', () => {
    const redacted = redactSensitive(text, detectSensitive(text));
    expect(redacted).toContain(marker(kind));
    expect(redacted).not.toContain(value);
  });

  it('is redacted idempotently', () => {
    const redacted = redactSensitive(text, detectSensitive(text));
    expect(detectSensitive(redacted)).toEqual([]);
    expect(redactSensitive(redacted, detectSensitive(redacted))).toBe(redacted);
  });

  it('is turned off by options.disabled', () => {
    expect(detectSensitive(text, { disabled: [kind] }).filter((f) => f.kind === kind)).toEqual([]);
  });
});

describe('pypi-token', () => {
  it('needs at least 50 characters after the prefix', () => {
    expect(found(`pypi-${fake(49, ALNUM, 2)}`)).toEqual([]);
    expect(valuesOf(`pypi-${fake(50, ALNUM, 2)}`, 'pypi-token')).toHaveLength(1);
  });

  it('ignores project names and words starting with pypi-', () => {
    expect(found('See https://github.com/pypi/support and the pypi-attestations project, pypi-simple-index-mirror-tool.')).toEqual([]);
  });

  it('finds a token inside a URL and in backticks', () => {
    expect(valuesOf(`\`${PYPI_TOKEN}\``, 'pypi-token')).toEqual([PYPI_TOKEN]);
    expect(valuesOf(`https://example.com/upload?token=${PYPI_TOKEN}&x=1`, 'pypi-token')).toEqual([PYPI_TOKEN]);
  });

  it('ignores a token that the user already masked, also as a password', () => {
    expect(found('password = pypi-AgEIcHlw******************************************')).toEqual([]);
    expect(found('my password is hunt••••••')).toEqual([]);
  });
});

describe('recovery-codes', () => {
  const codes = ['5c0e9a3f71b24d86', 'e81f04b2a97c3d5a', '0b6d2f8e4a1c9735'];

  it('finds every code of a pasted list', () => {
    expect(valuesOf(`Here:\n\n${codes.map((c, i) => `${i + 1}. ${c}`).join('\n')}\n`, 'recovery-codes')).toEqual(codes);
  });

  it('finds codes in upper case and separated by commas', () => {
    const upper = codes.map((c) => c.toUpperCase());
    expect(valuesOf(upper.join(', '), 'recovery-codes')).toEqual(upper);
  });

  it('finds two codes far apart, without any mention', () => {
    const text = `first ${codes[0]} ${'lorem ipsum '.repeat(60)} second ${codes[1]}`;
    expect(valuesOf(text, 'recovery-codes')).toEqual([codes[0], codes[1]]);
  });

  it('includes a digit-only or letter-only code when it sits in a list with others', () => {
    const list = [codes[0], '4831092756104938', codes[1], 'deadbeefcafebabe'];
    expect(valuesOf(list.join('\n'), 'recovery-codes')).toEqual(list);
  });

  it('ignores one lone code when nothing mentions recovery codes', () => {
    expect(found(`The build log shows ${codes[0]} somewhere.`)).toEqual([]);
  });

  it('takes a lone code in the Recovery Codes section of the form', () => {
    const text = `### Recovery Codes\n\n- [ ] I never generated or have lost access to the recovery codes for my account\n\n${codes[2]}\n\n### Code of Conduct\n`;
    expect(valuesOf(text, 'recovery-codes')).toEqual([codes[2]]);
  });

  it('does not count the form text as a mention for a code in another section', () => {
    const text = `### Reason for request\n\nLost my phone. Cache key ${codes[2]}.\n\n### Recovery Codes\n\n- [X] I never generated or have lost access to the recovery codes for my account\n`;
    expect(found(text)).toEqual([]);
  });

  it.each([
    ['a short git SHA', 'Fixed in 3f2a9c1 and a1b2c3d4e5f6.'],
    ['a full git SHA', 'commit 3f2a9c1b7e4d5a6f8091a2b3c4d5e6f708192a3b and 8091a2b3c4d5e6f708192a3b3f2a9c1b7e4d5a6f'],
    ['UUIDs', '5f0c2a7e-9b1d-4c3e-8a6f-2d4b7c9e1f03 and 0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5'],
    ['hex colours', 'colours #ff8800, #1d76db and #a1b2c3d4'],
    ['0x numbers', '0x7fffffffffffffff and 0x1a2b3c4d5e6f7a8b and 0X1A2B3C4D5E6F7A8B'],
    ['hex words', 'deadbeef cafebabe deadbeefcafebabe feedfacefeedface'],
    ['long decimal numbers', '4500123456789012\n4500123456789013\n1234567890123456'],
    ['issue references', 'see #1234, #5120 and pypi/support#4321'],
    ['ordinary URLs', 'https://pypi.org/user/name/ https://github.com/pypi/support/issues/123'],
    ['hex in URLs', 'https://example.com/a/5c0e9a3f71b24d86 https://example.com/b/e81f04b2a97c3d5a'],
    ['mixed-case tokens', 'AbCdEf0123456789 and 0123456789aBcDeF'],
    ['longer hex runs', '5c0e9a3f71b24d86e and 5c0e9a3f71b24d8'],
  ])('never fires on %s', (_name, text) => {
    expect(valuesOf(text, 'recovery-codes')).toEqual([]);
  });
});

describe('totp-secret', () => {
  it.each([
    ['a label before', `2FA secret: ${BASE32_SECRET}`, BASE32_SECRET],
    ['groups of four', 'authenticator key: n5yg 64tf mfzw k3tu', 'n5yg 64tf mfzw k3tu'],
    ['hyphenated groups', 'TOTP N5YG-64TF-MFZW-K3TU', 'N5YG-64TF-MFZW-K3TU'],
    ['a line break after the label', 'My setup key was:\n```\nN5YG64TFMFZWK3TU\n```', 'N5YG64TFMFZWK3TU'],
    ['a label after', `${BASE32_SECRET} (my TOTP secret)`, BASE32_SECRET],
    ['a label after with is', `${BASE32_SECRET} is my authenticator seed`, BASE32_SECRET],
    ['a digit-less secret', 'TOTP secret: NBSWYTDPMFXWQZLB', 'NBSWYTDPMFXWQZLB'],
  ])('finds a secret with %s', (_name, text, value) => {
    expect(valuesOf(text, 'totp-secret')).toEqual([value]);
  });

  it.each([
    ['no label', `Build ${BASE32_SECRET} failed`],
    ['words in groups of four', '2FA: have been lost this week'],
    ['a username near 2FA', '### PyPI Username\n\n`pythondeveloper42`\n\n### Reason for request\n\nLost 2FA device'],
    ['a word between label and value', `My 2FA device ${BASE32_SECRET}`],
    ['mixed case', '2FA secret: N5yg64TfMfzwK3tu'],
    ['too short', '2FA secret: N5YG64TFMFZWK3T'],
    ['a 6-digit code', 'my 2FA code is 123456'],
    ['English prose', 'The secret was never backed up. My authenticator key was also on that Titan key.'],
  ])('ignores %s', (_name, text) => {
    expect(valuesOf(text, 'totp-secret')).toEqual([]);
  });
});

describe('otpauth-uri', () => {
  it('finds the URI inside a markdown link, without the closing parenthesis', () => {
    expect(valuesOf(`[setup](${OTPAUTH})`, 'otpauth-uri')).toEqual([OTPAUTH]);
  });

  it('wins over the TOTP secret inside it, which is found when the URI kind is off', () => {
    const text = `TOTP secret: ${OTPAUTH}`;
    expect(found(text)).toEqual([{ kind: 'otpauth-uri', value: OTPAUTH }]);
    expect(found(text, ['otpauth-uri'])).toEqual([{ kind: 'totp-secret', value: BASE32_SECRET }]);
  });

  it('ignores an otpauth URI without a secret and a mere mention of the scheme', () => {
    expect(found('The QR code encodes an otpauth:// link like otpauth://totp/PyPI:alice?issuer=PyPI')).toEqual([]);
  });
});

describe('github-token', () => {
  it.each(['ghp', 'gho', 'ghu', 'ghs', 'ghr'])('finds %s_ tokens', (prefix) => {
    const token = `${prefix}_${fake(36, ALNUM, 17)}`;
    expect(valuesOf(`token=${token}`, 'github-token')).toEqual([token]);
  });

  it('finds fine-grained tokens', () => {
    expect(valuesOf(`export GH_TOKEN="${GITHUB_FINE_PAT}"`, 'github-token')).toEqual([GITHUB_FINE_PAT]);
  });

  it('ignores short look-alikes', () => {
    expect(found(`ghp_${fake(20)} and github_pat_short and ghp_ alone`)).toEqual([]);
  });
});

describe('private-key', () => {
  it.each(['', 'RSA ', 'EC ', 'OPENSSH ', 'ENCRYPTED '])('finds a %sPRIVATE KEY block', (type) => {
    const key = `${BEGIN(type)}\n${KEY_BODY}\n${END(type)}`;
    expect(valuesOf(`x\n${key}\ny`, 'private-key')).toEqual([key]);
  });

  it('finds a PGP private key block', () => {
    const key = `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n${KEY_BODY}\n-----END PGP PRIVATE KEY BLOCK-----`;
    expect(valuesOf(key, 'private-key')).toEqual([key]);
  });

  it('finds a truncated key up to the end of its base64 body', () => {
    const key = `${BEGIN('RSA ')}\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D\n\n${KEY_BODY}`;
    expect(valuesOf(`${key}\n\nI could not copy the rest, sorry.`, 'private-key')).toEqual([key]);
  });

  it('ignores public keys', () => {
    expect(found(`-----BEGIN PUBLIC KEY-----\n${KEY_BODY}\n-----END PUBLIC KEY-----\nssh-ed25519 AAAAC3NzaC1lZDI1NTE5 me`)).toEqual([]);
  });
});

describe('password', () => {
  it.each([
    ['password: hunter2', 'hunter2'],
    ['Password = "s3cr3t pass"  ', 's3cr3t pass'],
    ['pwd=Tr0ub4dor&3', 'Tr0ub4dor&3'],
    ['PW: abc123xyz', 'abc123xyz'],
    ['passwd: letmein', 'letmein'],
    ['my password was Summer2023!', 'Summer2023!'],
    ['The password is P@ssw0rd.', 'P@ssw0rd'],
    ['My password is `correct horse`, sorry', 'correct horse'],
    ['**Password:** hunter2', 'hunter2'],
    ['PASSWORD IS: correct horse battery staple', 'correct horse battery staple'],
    ['my old password was McDonald and it still works', 'McDonald'],
    ['Passwort: geheim123', 'geheim123'],
    ['login\r\npassword: hunter2\r\nthanks', 'hunter2'],
  ])('finds the value in %j', (text, value) => {
    expect(valuesOf(text, 'password')).toEqual([value]);
  });

  it.each([
    'I reset my password',
    'the password reset e-mail never arrived',
    'I forgot my password.',
    'My password is correct, I just cannot pass 2FA.',
    'my password is saved in Bitwarden',
    'My password is CORRECT',
    'my password was changed on 12/02/2024.',
    'I use a password manager',
    'Password: _No response_',
    'Forgot password: yes',
    "Password: I don't remember",
    'Password: ********',
    'Forgot password: https://pypi.org/account/reset-password/',
    'after entering my username and password:\n\n![screenshot](https://example.com/a.png)',
    'passwords, pwds and passwordless login',
  ])('ignores %j', (text) => {
    expect(valuesOf(text, 'password')).toEqual([]);
  });
});

describe('email', () => {
  it.each([
    ['mailto:bob@example.org', 'bob@example.org'],
    ['<Jane.Doe+pypi@mail.example.co.uk>', 'Jane.Doe+pypi@mail.example.co.uk'],
    ['**kenji@example.jp**', 'kenji@example.jp'],
    ['see https://example.com/form?email=eve@example.net', 'eve@example.net'],
    ['...bob@example.org', 'bob@example.org'],
  ])('finds the address in %j', (text, value) => {
    expect(valuesOf(text, 'email')).toEqual([value]);
  });

  it.each([
    ['a URL path', 'https://www.npmjs.com/package/@scope/pkg and https://example.com/users/bob@example.org/profile'],
    ['URL credentials', 'https://bob:secret@example.org/simple/'],
    ['SSH remotes', 'git@github.com:owner/repo.git and deploy@server.example.com:/srv/app'],
    ['GitHub noreply addresses', '1234567+bob@users.noreply.github.com, noreply@github.com'],
    ['PyPI addresses', 'I wrote to admin@pypi.org and security@python.org'],
    ['@mentions', '@ewdurbin @di-pypi thanks @maria.k'],
    ['file names', 'logo@2x.png icon@3x.jpeg'],
    ['versions', 'pip install requests@2.31.0 and node@20.11'],
    ['our own marker', 'e-mail: [redacted: e-mail address]'],
  ])('ignores %s', (_name, text) => {
    expect(valuesOf(text, 'email')).toEqual([]);
  });
});

describe('identity-document', () => {
  const attachment = 'https://github.com/user-attachments/assets/0c1d2e3f-4a5b-6c7d-8e9f-a0b1c2d3e4f5';

  it.each([
    [
      'an <img> tag',
      `Photo of my driver's license: <img width="300" alt="x" src="${attachment}">`,
      `<img width="300" alt="x" src="${attachment}">`,
    ],
    ['a bare upload link', `ID card front side ${attachment}`, attachment],
    ['any external URL', 'national ID scan: https://i.imgur.com/AbCd123.jpeg.', 'https://i.imgur.com/AbCd123.jpeg'],
    ['a markdown link', `I attached my identity card: [front](${attachment})`, `[front](${attachment})`],
    ['the word after the image', `![scan](${attachment})\nThis is my Personalausweis.`, `![scan](${attachment})`],
    ['the word in the alt text', `![passport](${attachment})`, `![passport](${attachment})`],
    [
      'an older attachment URL',
      'driving licence https://github.com/owner/repo/assets/123/abc.png',
      'https://github.com/owner/repo/assets/123/abc.png',
    ],
  ])('finds %s near a document word', (_name, text, value) => {
    expect(valuesOf(text, 'identity-document')).toEqual([value]);
  });

  it('ignores a mailto link, leaving the address to the e-mail detector', () => {
    expect(found('passport holder: [bob@example.org](mailto:bob@example.org)').map((f) => f.kind)).toEqual(['email', 'email']);
  });

  it('finds each of several images', () => {
    const text = `Passport pages:\n\n![p1](${attachment}1)\n![p2](${attachment}2)\n`;
    expect(valuesOf(text, 'identity-document')).toEqual([`![p1](${attachment}1)`, `![p2](${attachment}2)`]);
  });

  it.each([
    ['a document word without a link', 'I can show my passport on a video call.'],
    [
      'links to PyPI or GitHub issues',
      'My passport name matches https://pypi.org/user/alice/ and https://github.com/pypi/support/issues/12',
    ],
    ['an image far from the word', `passport ${'x'.repeat(300)} ![a](${attachment})`],
    ['an image in another form section', `I can send my passport.\n\n### Screenshot\n\n![a](${attachment})`],
    ['an image without any document word', `![screenshot](${attachment})`],
  ])('ignores %s', (_name, text) => {
    expect(valuesOf(text, 'identity-document')).toEqual([]);
  });
});

describe('detectSensitive', () => {
  const mixed = [
    'password: hunter2',
    `token ${GITHUB_PAT}`,
    'mail me: bob@example.org',
    `codes: 5c0e9a3f71b24d86 e81f04b2a97c3d5a`,
    `and ${PYPI_TOKEN}`,
  ].join('\n');

  it('returns findings sorted by start and never overlapping', () => {
    const findings = detectSensitive(mixed);
    expect(findings.map((f) => f.kind)).toEqual(['password', 'github-token', 'email', 'recovery-codes', 'recovery-codes', 'pypi-token']);
    for (let i = 1; i < findings.length; i++) expect(findings[i].start).toBeGreaterThanOrEqual(findings[i - 1].end);
  });

  it('keeps the longer finding when two overlap', () => {
    expect(found('password: hunter2 (same as bob@example.org)')).toEqual([
      { kind: 'password', value: 'hunter2 (same as bob@example.org)' },
    ]);
  });

  it('turns off several kinds and ignores unknown names', () => {
    expect(found(mixed, ['email', 'password', 'no-such-kind']).map((f) => f.kind)).toEqual([
      'github-token',
      'recovery-codes',
      'recovery-codes',
      'pypi-token',
    ]);
  });

  it('never detects its own markers', () => {
    const markers = Object.keys(SENSITIVE_KINDS)
      .map((k) => `label: ${marker(k as SensitiveKind)}`)
      .join('\n');
    const text = `${markers}\npassword: ${marker('password')}\nTOTP secret: ${marker('totp-secret')}\nMy passport: ${marker('identity-document')} https://example.com/x`;
    expect(found(text).filter((f) => f.kind !== 'identity-document')).toEqual([]);
    expect(found(text)).toEqual([{ kind: 'identity-document', value: 'https://example.com/x' }]);
  });

  it('redacts a body holding every kind at once, leaving nothing to find', () => {
    const body = [
      '### Reason for request',
      '',
      `Token: ${PYPI_TOKEN}`,
      'Codes: 5c0e9a3f71b24d86, e81f04b2a97c3d5a',
      `2FA secret: ${BASE32_SECRET}`,
      `Setup link: ${OTPAUTH}`,
      `GitHub: ${GITHUB_FINE_PAT}`,
      PRIVATE_KEY,
      'pwd = hunter2',
      'Mail: bob@example.org',
      'Passport: ![scan](https://github.com/user-attachments/assets/abc)',
    ].join('\n');
    const findings = detectSensitive(body);
    expect(summarizeFindings(findings)).toEqual([
      { kind: 'pypi-token', count: 1 },
      { kind: 'recovery-codes', count: 2 },
      { kind: 'totp-secret', count: 1 },
      { kind: 'otpauth-uri', count: 1 },
      { kind: 'github-token', count: 1 },
      { kind: 'private-key', count: 1 },
      { kind: 'password', count: 1 },
      { kind: 'email', count: 1 },
      { kind: 'identity-document', count: 1 },
    ]);
    const redacted = redactSensitive(body, findings);
    for (const f of findings) expect(redacted).not.toContain(body.slice(f.start, f.end));
    expect(redacted).toContain('### Reason for request\n\nToken: [redacted: PyPI API token]\n');
    expect(detectSensitive(redacted)).toEqual([]);
  });

  it('finds nothing in empty text', () => {
    expect(detectSensitive('')).toEqual([]);
  });
});

describe('redactSensitive', () => {
  it('redacts everything at once, leaving the rest intact', () => {
    const text = `password: hunter2\nmail bob@example.org please`;
    expect(redactSensitive(text, detectSensitive(text))).toBe(`password: ${marker('password')}\nmail ${marker('email')} please`);
  });

  it('redacts only the findings it is given, in any order', () => {
    const text = `password: hunter2\nmail bob@example.org please`;
    const findings = detectSensitive(text);
    expect(redactSensitive(text, [findings[1]])).toBe(`password: hunter2\nmail ${marker('email')} please`);
    expect(redactSensitive(text, [...findings].reverse())).toBe(redactSensitive(text, findings));
  });

  it('returns the text unchanged without findings', () => {
    expect(redactSensitive('nothing here', [])).toBe('nothing here');
  });

  it('rejects overlapping or out-of-range spans', () => {
    const a: Finding = { kind: 'email', category: 'personal', start: 0, end: 5 };
    expect(() => redactSensitive('0123456789', [a, { ...a, start: 3, end: 8 }])).toThrow(RangeError);
    expect(() => redactSensitive('0123', [a])).toThrow(RangeError);
    expect(() => redactSensitive('0123456789', [{ ...a, start: 4, end: 4 }])).toThrow(RangeError);
  });
});

describe('summarizeFindings', () => {
  it('counts findings per kind in the order of SENSITIVE_KINDS, without values', () => {
    const text = `bob@example.org\n5c0e9a3f71b24d86\ne81f04b2a97c3d5a\npassword: hunter2`;
    expect(summarizeFindings(detectSensitive(text))).toEqual([
      { kind: 'recovery-codes', count: 2 },
      { kind: 'password', count: 1 },
      { kind: 'email', count: 1 },
    ]);
  });

  it('is empty without findings', () => {
    expect(summarizeFindings([])).toEqual([]);
  });
});

describe('SENSITIVE_KINDS', () => {
  it('describes every kind with a title fit for a marker and plain-text advice', () => {
    for (const info of Object.values(SENSITIVE_KINDS)) {
      expect(info.title).toMatch(/^[^\]\n]+$/);
      expect(info.advice.length).toBeGreaterThan(40);
      expect(info.advice).not.toMatch(/[*_`#\n]/);
    }
  });

  it('classes e-mail addresses and identity documents as personal, the rest as secrets', () => {
    const personal = Object.entries(SENSITIVE_KINDS)
      .filter(([, info]) => info.category === 'personal')
      .map(([kind]) => kind);
    expect(personal).toEqual(['email', 'identity-document']);
  });

  it('tells people that admins never ask for identity documents', () => {
    expect(SENSITIVE_KINDS['identity-document'].advice).toMatch(/never ask/);
  });
});
