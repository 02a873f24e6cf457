import { checkRequest, usernameFieldOf } from '../../src/checks/validate.js';
import { defaultConfig } from '../../src/config/load.js';
import { parseFormTemplate } from '../../src/form/schema.js';
import { formBody } from '../helpers/bodies.js';

// PyPI's own form gives its fields no ids, so they are keyed by slugs of their labels.
const PYPI_STYLE_FORM = `
name: Account recovery request
description: x
body:
  - type: input
    attributes: { label: PyPI Username }
    validations: { required: true }
  - type: textarea
    attributes: { label: Reason for request }
    validations: { required: true }
  - type: checkboxes
    attributes:
      label: Code of Conduct
      options:
        - label: I agree to follow the PSF Code of Conduct
          required: true
`;

test('a form without ids: the username is found by its label', () => {
  const template = parseFormTemplate(PYPI_STYLE_FORM, 'pypi.yml');
  const rule = defaultConfig().username;
  expect(usernameFieldOf(template, rule)).toBe('pypi-username');
  const result = checkRequest(template, formBody({ username: '`Some.Name`' }), rule);
  expect(result).toMatchObject({ valid: true, username: 'Some.Name', fields: { 'pypi-username': 'Some.Name' } });
  expect(checkRequest(template, formBody({ username: 'me@example.com' }), rule).problems).toEqual([
    expect.objectContaining({ field: 'pypi-username', code: 'invalid' }),
  ]);
});

test('the configured field wins when the form has it', () => {
  const template = parseFormTemplate(PYPI_STYLE_FORM, 'pypi.yml');
  expect(usernameFieldOf(template, { ...defaultConfig().username, field: 'reason-for-request' })).toBe('reason-for-request');
});
