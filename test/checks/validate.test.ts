import type { UsernameRule } from '../../src/checks/username.js';
import { checkRequest } from '../../src/checks/validate.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadBundledForm } from '../../src/form/bundled.js';
import { parseFormTemplate } from '../../src/form/schema.js';

const rule: UsernameRule = defaultConfig().username;
const form = loadBundledForm();
const RC = 'I never generated or have lost access to the recovery codes for my account';
const COC = 'I agree to follow the PSF Code of Conduct';
const ACK = 'I understand that it may take a significant amount of time to process my account recovery request.';

function body(username: string, boxes: { rc?: string; coc?: string; ack?: string } = {}): string {
  return [
    '### PyPI Username',
    '',
    username,
    '',
    '### Reason for request',
    '',
    'My security key broke.',
    '',
    '### Recovery Codes',
    '',
    boxes.rc ?? `- [X] ${RC}`,
    '',
    '### Code of Conduct',
    '',
    boxes.coc ?? `- [X] ${COC}`,
    '',
    '### Acknowledgement',
    '',
    boxes.ack ?? `- [X] ${ACK}`,
    '',
  ].join('\n');
}

describe('checkRequest with the bundled form', () => {
  test('a complete request is valid and carries the normalized username', () => {
    const result = checkRequest(form, body('`Jane-Doe`'), rule);
    expect(result).toEqual({
      valid: true,
      fields: {
        username: 'Jane-Doe',
        reason: 'My security key broke.',
        'recovery-codes': [RC],
        'code-of-conduct': [COC],
        acknowledgement: [ACK],
      },
      problems: [],
      username: 'Jane-Doe',
      // Added by issue #9: which form key holds the username, and non-blocking warnings.
      usernameField: 'username',
      warnings: [],
    });
  });

  test('a null body misses every required section', () => {
    const result = checkRequest(form, null, rule);
    expect(result.valid).toBe(false);
    expect(result.username).toBeNull();
    expect(result.problems.map((p) => [p.field, p.code])).toEqual([
      ['username', 'missing'],
      ['reason', 'missing'],
      ['recovery-codes', 'missing'],
      ['code-of-conduct', 'missing'],
      ['acknowledgement', 'missing'],
    ]);
    expect(result.problems[0]?.message).toBe(
      'The section "PyPI Username" is missing. Please edit the issue and add the heading "### PyPI Username" with your answer under it.',
    );
    expect(result.problems[3]?.message).toBe(
      `The section "Code of Conduct" is missing. Please edit the issue and add the heading "### Code of Conduct" with the ticked line "- [x] ${COC}" under it.`,
    );
  });

  test('an empty answer is missing, with a message that the section is there but empty', () => {
    const result = checkRequest(form, body('_No response_'), rule);
    expect(result.problems).toEqual([
      {
        field: 'username',
        code: 'missing',
        message: '"PyPI Username" has no answer. Please edit the issue and fill it in under the heading "PyPI Username".',
      },
    ]);
    expect(result.fields.username).toBeNull();
  });

  test('an unticked required box is reported by its option text', () => {
    const result = checkRequest(form, body('jane', { ack: `- [ ] ${ACK}` }), rule);
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      {
        field: 'acknowledgement',
        code: 'unchecked',
        message: `"Acknowledgement": the box "${ACK}" is not ticked. If the statement is true, please edit the issue and tick it.`,
      },
    ]);
    expect(result.username).toBe('jane');
  });

  test('an invalid username is named by its label and cleared from the fields', () => {
    const result = checkRequest(form, body('jane@example.com'), rule);
    expect(result.username).toBeNull();
    expect(result.fields.username).toBeNull();
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatchObject({ field: 'username', code: 'invalid' });
    expect(result.problems[0]?.message).toMatch(/^PyPI Username: PyPI usernames are not e-mail addresses\./);
  });
});

describe('checkRequest with other forms', () => {
  const custom = parseFormTemplate(
    `
name: Custom
description: A form without ids, like pypi/support's
body:
  - type: input
    attributes: {label: Account}
  - type: dropdown
    attributes: {label: Platform, options: [Linux, macOS]}
    validations: {required: true}
  - type: checkboxes
    attributes:
      label: Promises
      options:
        - {label: First, required: true}
        - {label: Second}
        - {label: Third, required: true}
  - type: checkboxes
    attributes:
      label: Extras
      options:
        - {label: Newsletter}
`,
    'custom.yml',
  );

  test('one problem per unticked required option; optional options and sections are not checked', () => {
    const result = checkRequest(custom, '### Platform\nLinux\n### Promises\n- [x] Second\n', { ...rule, field: 'account' });
    expect(result.problems.map((p) => [p.field, p.code, p.message.includes('"First"') || p.message.includes('"Third"')])).toEqual([
      ['promises', 'unchecked', true],
      ['promises', 'unchecked', true],
    ]);
    expect(result.fields).toEqual({ account: null, platform: ['Linux'], promises: ['Second'], extras: null });
    expect(result.username).toBeNull();
  });

  test('a required dropdown with nothing selected is missing', () => {
    const result = checkRequest(custom, '### Platform\n_No response_\n### Promises\n- [x] First\n- [x] Third', rule);
    expect(result.problems).toEqual([{ field: 'platform', code: 'missing', message: expect.stringContaining('"Platform" has no answer') }]);
  });

  test('the username field may be a label slug and is checked even when optional', () => {
    const bodyText = '### Account\n@jane\n### Platform\nmacOS\n### Promises\n- [x] First\n- [x] Third';
    const result = checkRequest(custom, bodyText, { ...rule, field: 'account' });
    expect(result).toMatchObject({ valid: true, username: 'jane', fields: { account: 'jane' } });
    const bad = checkRequest(custom, bodyText.replace('@jane', 'Jane Doe'), { ...rule, field: 'account' });
    expect(bad.problems).toEqual([
      { field: 'account', code: 'invalid', message: expect.stringMatching(/^Account: "Jane Doe" contains spaces/) },
    ]);
  });

  test('a username field absent from the template is not checked', () => {
    const result = checkRequest(custom, '### Account\nnot a user name\n### Platform\nLinux\n### Promises\n- [x] First\n- [x] Third', rule);
    expect(result.valid).toBe(true);
    expect(result.username).toBeNull();
    expect(result.fields.account).toBe('not a user name');
  });
});

describe('checkRequest: username key, warnings and uploads (issue #9)', () => {
  const idless = parseFormTemplate(
    `
name: n
description: d
body:
  - type: input
    attributes: {label: PyPI Username}
    validations: {required: true}
  - type: textarea
    attributes: {label: Reason}
  - type: upload
    attributes: {label: Proof}
    validations: {required: true}
  - type: checkboxes
    attributes:
      label: Terms
      options:
        - {label: I agree, required: true}
`,
    'idless.yml',
  );
  const proof = '### Proof\n\n![image](https://github.com/user-attachments/assets/1)\n\n';

  test('a form that keys the username otherwise also gives it under the configured key', () => {
    const result = checkRequest(idless, `### PyPI Username\n\n\`jane\`\n\n${proof}### Terms\n\n- [X] I agree\n`, rule);
    expect(result.usernameField).toBe('pypi-username');
    expect(result.fields['pypi-username']).toBe('jane');
    expect(result.fields.username).toBe('jane');
    expect(result.fields.proof).toEqual(['https://github.com/user-attachments/assets/1']);
    expect(result.valid).toBe(true);
  });

  test('the configured key is used as given, and is null when the username is invalid', () => {
    const result = checkRequest(idless, `### PyPI Username\n\nJane Doe\n\n${proof}### Terms\n\n- [X] I agree\n`, {
      ...rule,
      field: 'login',
    });
    expect(result.fields).toMatchObject({ 'pypi-username': null, login: null });
    expect(result.fields).not.toHaveProperty('username');
  });

  test('no alias when the form has no username field, or when its key is the configured one', () => {
    expect(checkRequest(idless, '', { ...rule, field: 'reason' }).fields).not.toHaveProperty('username');
    expect(Object.keys(checkRequest(form, body('jane'), rule).fields)).toEqual([
      'username',
      'reason',
      'recovery-codes',
      'code-of-conduct',
      'acknowledgement',
    ]);
    const noName = parseFormTemplate('name: n\ndescription: d\nbody:\n  - type: input\n    attributes: {label: Account}\n', 'f');
    expect(checkRequest(noName, '### Account\nx', rule)).toMatchObject({ usernameField: null, fields: { account: 'x' } });
  });

  test('a required upload without a link is missing, asking for the file', () => {
    const result = checkRequest(idless, '### PyPI Username\n\njane\n\n### Proof\n\nlater\n\n### Terms\n\n- [X] I agree\n', rule);
    expect(result.problems).toEqual([
      {
        field: 'proof',
        code: 'missing',
        message: '"Proof" has no attached file. Please edit the issue and attach the file under the heading "Proof".',
      },
    ]);
    expect(checkRequest(idless, '### PyPI Username\n\njane\n\n### Terms\n\n- [X] I agree\n', rule).problems[0]?.message).toContain(
      'with the attached file under it',
    );
  });

  test('an unclosed fence is a warning that names the section and the fence, not a problem', () => {
    const result = checkRequest(form, body('jane').replace('My security key broke.', 'My security key broke:\n~~~\nE: gone'), rule);
    expect(result.valid).toBe(true);
    expect(result.warnings).toEqual([
      {
        field: 'reason',
        code: 'unclosed-fence',
        message:
          'Unclosed code block in "Reason for request": the line ~~~ that starts it has no closing ~~~ line. Please edit the issue and add one where the code ends.',
      },
    ]);
  });

  test('sections hidden by an unclosed fence are missing with a hint at the code block', () => {
    const text = body('jane')
      .replace('My security key broke.', 'My security key broke:\n```\nE: gone')
      .replace(/### Recovery Codes\n\n.*\n/, '');
    const result = checkRequest(form, text, rule);
    expect(result.problems.map((p) => p.field)).toEqual(['recovery-codes', 'code-of-conduct', 'acknowledgement']);
    for (const problem of result.problems) {
      expect(problem.message).toContain(
        'It may be hidden by the unclosed code block in "Reason for request": add a line ``` where that code ends.',
      );
    }
    // A section before the fence gets no hint.
    const early = checkRequest(form, text.replace('### PyPI Username\n\njane\n', ''), rule);
    expect(early.problems.find((p) => p.field === 'username')?.message).not.toContain('unclosed');
  });

  test('messages show a multi-line option label on one line', () => {
    const multi = parseFormTemplate(
      'name: n\ndescription: d\nbody:\n  - type: checkboxes\n    attributes:\n      label: T\n      options:\n        - label: |\n            first line\n            second line\n          required: true\n',
      'f',
    );
    expect(checkRequest(multi, '### T\n\n- [ ] first line\nsecond line\n', rule).problems[0]?.message).toBe(
      '"T": the box "first line second line" is not ticked. If the statement is true, please edit the issue and tick it.',
    );
    expect(checkRequest(multi, '### T\n\n- [X] first line\nsecond line\n', rule).valid).toBe(true);
  });
});
