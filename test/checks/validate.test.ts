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
