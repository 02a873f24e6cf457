import { validateConfig } from '../../src/config/load.js';
import { defaultConfig } from '../../src/config/load.js';
import { classify } from '../../src/kinds/classify.js';
import { parseFormTemplate } from '../../src/form/schema.js';
import { checkRequest } from '../../src/checks/validate.js';

const SOURCE = '.github/recovery-triage.yml';

function errors(raw: unknown): string[] {
  const result = validateConfig(raw, SOURCE);
  return result.ok ? [] : result.errors;
}

test('a bad pattern is a config error located by key path, without echoing the pattern', () => {
  const found = errors({ kinds: [{ id: 'email', match: { patterns: ['fine', '(unclosed[secret'] } }], defaultKind: 'email' });
  expect(found).toHaveLength(1);
  expect(found[0]).toMatch(/^\.github\/recovery-triage\.yml: kinds\.0\.match\.patterns\.1: is not a valid regular expression/);
  expect(found[0]).not.toContain('secret');
  expect(errors({ urgency: { patterns: ['a{2,1}'] } })[0]).toMatch(/: urgency\.patterns\.0: is not a valid regular expression/);
});

test('unknown kind ids are config errors located by key path: defaultKind, language texts, duplicates', () => {
  expect(errors({ defaultKind: 'lost-phone' })).toEqual([
    `${SOURCE}: defaultKind: names no kind; the kinds are suspended, testpypi, new-device, email, second-factor, organization`,
  ]);
  // A config that replaces the kinds must name its default among them.
  expect(errors({ kinds: [{ id: 'other' }] })).toEqual([`${SOURCE}: defaultKind: names no kind; the kinds are other`]);
  expect(errors({ language: { texts: { pt: { kinds: { email: 'Escreva para {supportContact}.', lost: 'x' } } } } })).toEqual([
    `${SOURCE}: language.texts.pt.kinds.lost: names no kind; the kinds are suspended, testpypi, new-device, email, second-factor, organization`,
  ]);
  expect(errors({ kinds: [{ id: 'a' }, { id: 'a' }], defaultKind: 'a' })).toEqual([`${SOURCE}: kinds.1.id: is already the id of kinds.0`]);
  expect(errors({ kinds: [{ id: 'Bad Id' }] })[0]).toMatch(/: kinds\.0\.id: kind ids use a-z, 0-9 and -/);
});

test('kind texts are templates, redirect kinds need a text, labels must not clash', () => {
  expect(errors({ kinds: [{ id: 'a', nextSteps: 'Write to {nobody}.' }], defaultKind: 'a' })[0]).toMatch(
    /: kinds\.0\.nextSteps: unknown placeholder \{nobody\}/,
  );
  expect(errors({ kinds: [{ id: 'a', action: 'redirect' }], defaultKind: 'a' })).toEqual([
    `${SOURCE}: kinds.0.nextSteps: a redirect kind needs the text it posts`,
  ]);
  expect(errors({ kinds: [{ id: 'a', label: 'recovery: triage' }], defaultKind: 'a' })).toEqual([
    `${SOURCE}: kinds.0.label: is already the name of labels.triage.name; every label needs its own name`,
  ]);
  expect(errors({ language: { team: 'english' } })[0]).toMatch(/: language\.team: must be a two-letter ISO 639-1 language code/);
  expect(errors({ language: { label: { name: 'lang' } } })[0]).toMatch(/: language\.label\.name: must contain \{code\}/);
});

test('a form whose dropdown answer selects the kind, before any word in the reason', () => {
  const form = parseFormTemplate(
    [
      'name: Account help',
      'description: Get back into your account.',
      'body:',
      '  - type: input',
      '    id: username',
      '    attributes: { label: Username }',
      '    validations: { required: true }',
      '  - type: dropdown',
      '    id: problem',
      '    attributes:',
      '      label: What is the problem?',
      '      options: [I lost my second factor, I lost my e-mail address, My account was suspended]',
      '  - type: checkboxes',
      '    id: test-instance',
      '    attributes:',
      '      label: Instance',
      '      options: [{ label: This is about a TestPyPI account }]',
      '  - type: textarea',
      '    id: reason',
      '    attributes: { label: Reason }',
    ].join('\n'),
    'form.yml',
  );
  const result = validateConfig({
    kinds: [
      { id: 'testpypi', label: 'kind: testpypi', match: { answers: { 'test-instance': ['This is about a TestPyPI account'] } } },
      { id: 'email', label: 'kind: e-mail', match: { answers: { problem: ['I LOST MY E-MAIL ADDRESS'] }, words: ['e-mail'] } },
      { id: 'suspended', match: { answers: { problem: ['My account was suspended'] } } },
      { id: 'second-factor', match: { answers: { problem: ['I lost my second factor'] } } },
    ],
  });
  if (!result.ok) throw new Error(result.errors.join('\n'));
  const body = (problem: string, ticked: boolean, reason: string) =>
    [
      '### Username',
      '',
      'jane-doe',
      '',
      '### What is the problem?',
      '',
      problem,
      '',
      '### Instance',
      '',
      `- [${ticked ? 'X' : ' '}] This is about a TestPyPI account`,
      '',
      '### Reason',
      '',
      reason,
    ].join('\n');
  const kindOf = (text: string) => classify(result.config, form, checkRequest(form, text, result.config.username), text);
  expect(kindOf(body('I lost my e-mail address', false, 'My phone broke.'))).toEqual({ id: 'email', rule: 'answer', field: 'problem' });
  expect(kindOf(body('My account was suspended', false, 'I lost my e-mail address too.'))).toEqual({
    id: 'email',
    rule: 'words',
  });
  expect(kindOf(body('My account was suspended', false, 'No idea why.'))).toEqual({ id: 'suspended', rule: 'answer', field: 'problem' });
  expect(kindOf(body('I lost my second factor', true, 'Test site.'))).toEqual({ id: 'testpypi', rule: 'answer', field: 'test-instance' });
  expect(kindOf(body('_No response_', false, ''))).toEqual({ id: 'second-factor', rule: 'default' });
  expect(defaultConfig().defaultKind).toBe('second-factor');
});
