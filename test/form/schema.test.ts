import { FormTemplateError, parseFormTemplate, skippedNote, slugify } from '../../src/form/schema.js';

const valid = `
name: Request
description: Ask for something
title: "[request] "
labels: one, two ,
body:
  - type: markdown
    attributes:
      value: Read this first.
  - type: input
    id: who
    attributes:
      label: Your name
    validations:
      required: true
  - type: textarea
    attributes:
      label: Logs and output
      render: shell
  - type: dropdown
    attributes:
      label: Version
      multiple: true
      options: ["1.0", "2.0, beta"]
      default: 0
  - type: checkboxes
    attributes:
      label: Terms
      options:
        - label: I agree
          required: true
        - label: Send me news
`;

function errorOf(yaml: string): string {
  try {
    parseFormTemplate(yaml, 'form.yml');
  } catch (err) {
    expect(err).toBeInstanceOf(FormTemplateError);
    return (err as Error).message;
  }
  throw new Error('expected a FormTemplateError');
}

describe('parseFormTemplate', () => {
  test('reduces a valid form to its fields, dropping markdown', () => {
    const form = parseFormTemplate(valid, 'form.yml');
    expect(form.name).toBe('Request');
    expect(form.title).toBe('[request] ');
    expect(form.labels).toEqual(['one', 'two']);
    expect(form.fields).toEqual([
      { id: 'who', type: 'input', label: 'Your name', required: true, render: null, options: [] },
      // `slugged` marks keys made from the label (the form gives no id); `lint` reports it.
      { id: 'logs-and-output', type: 'textarea', label: 'Logs and output', required: false, render: 'shell', options: [], slugged: true },
      {
        id: 'version',
        type: 'dropdown',
        label: 'Version',
        required: false,
        render: null,
        slugged: true,
        options: [
          { label: '1.0', required: false },
          { label: '2.0, beta', required: false },
        ],
      },
      {
        id: 'terms',
        type: 'checkboxes',
        label: 'Terms',
        required: true,
        render: null,
        slugged: true,
        options: [
          { label: 'I agree', required: true },
          { label: 'Send me news', required: false },
        ],
      },
    ]);
  });

  test('accepts labels as a list and a missing title', () => {
    const form = parseFormTemplate('name: n\ndescription: d\nlabels: [a, b]\nbody:\n  - type: input\n    attributes: {label: A}\n', 'f');
    expect(form.labels).toEqual(['a', 'b']);
    expect(form.title).toBeNull();
  });

  test('locates a bad key by source and path', () => {
    const message = errorOf(valid.replace('label: Your name', 'label: ""'));
    expect(message).toBe('form.yml: body.1.attributes.label: must not be empty');
  });

  test('reports unknown keys and missing keys; an element of an unknown type is skipped, not an error', () => {
    // Until issue #9 an unknown type refused the whole form. GitHub itself refuses forms with
    // types it does not know, so a type the bot does not know is a newer one: skip it (and say so).
    const message = errorOf(
      'name: n\ndescription: d\nbody:\n  - type: checkbox\n  - type: input\n    attributes: {labl: A}\n    validations: {requried: true}\n',
    );
    expect(message.split('\n')).toEqual([
      'form.yml: body.1.attributes.label: is missing',
      'form.yml: body.1.attributes: unknown key "labl"',
      'form.yml: body.1.validations: unknown key "requried"',
    ]);
  });

  test('a missing or non-string element type and a non-mapping element are structural errors', () => {
    const message = errorOf('name: n\ndescription: d\nbody:\n  - attributes: {label: A}\n  - type: 3\n  - just text\n');
    expect(message.split('\n')).toEqual([
      'form.yml: body.0.type: is missing',
      'form.yml: body.1.type: must be a string naming the element type',
      'form.yml: body.2: Invalid input: expected object, received string',
    ]);
  });

  test('the error carries each issue with its key path, for locating it in the file', () => {
    try {
      parseFormTemplate('name: n\ndescription: d\nbody:\n  - type: input\n    attributes: {label: ""}\n', 'form.yml');
    } catch (err) {
      expect((err as FormTemplateError).issues).toEqual([{ path: ['body', 0, 'attributes', 'label'], message: 'must not be empty' }]);
      return;
    }
    throw new Error('expected a FormTemplateError');
  });

  test('rejects duplicate labels and ids, which would make sections ambiguous', () => {
    const message = errorOf(
      'name: n\ndescription: d\nbody:\n  - type: input\n    id: a\n    attributes: {label: Name}\n  - type: textarea\n    id: a\n    attributes: {label: " name "}\n',
    );
    expect(message).toContain('form.yml: body.1.attributes.label: duplicates the label of body.0');
    expect(message).toContain('form.yml: body.1.id: duplicates the id of body.0');
  });

  test('rejects ids with other characters and forms with only markdown', () => {
    expect(errorOf('name: n\ndescription: d\nbody:\n  - type: input\n    id: a b\n    attributes: {label: A}\n')).toContain(
      'form.yml: body.0.id: may contain only',
    );
    expect(errorOf('name: n\ndescription: d\nbody:\n  - type: markdown\n    attributes: {value: hi}\n')).toBe(
      'form.yml: body: must contain at least one non-markdown element',
    );
  });

  test('reports YAML syntax errors with line and column', () => {
    expect(errorOf('name: n\nname: m\n')).toBe('form.yml: line 2, column 1: Map keys must be unique');
    expect(errorOf('name: [unclosed\n')).toMatch(/^form\.yml: line \d+, column \d+: /);
  });

  test('refuses a YAML alias bomb instead of expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 8; i++) {
      const prev = String.fromCharCode(96 + i);
      levels.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${prev}`).join(', ')}]`);
    }
    expect(errorOf(levels.join('\n'))).toMatch(/^form\.yml: .*alias/i);
  });

  test('rejects a file that is not a mapping', () => {
    expect(errorOf('- a\n')).toBe('form.yml: (top level): Invalid input: expected object, received array');
  });

  test('gives id-less fields distinct slugs, avoiding explicit ids', () => {
    const form = parseFormTemplate(
      'name: n\ndescription: d\nbody:\n  - type: input\n    id: name\n    attributes: {label: Full name}\n  - type: input\n    attributes: {label: "Name?"}\n  - type: input\n    attributes: {label: "Name!"}\n',
      'f',
    );
    expect(form.fields.map((f) => f.id)).toEqual(['name', 'name-2', 'name-3']);
  });
});

describe('parseFormTemplate: upload and unknown element types', () => {
  const form = `
name: Report
description: d
body:
  - type: upload
    id: shots
    attributes:
      label: Screenshots
      description: Drop images here.
    validations:
      required: true
  - type: upload
    attributes: { label: Logs archive, some-future-key: 1 }
    validations: { accept: ".zip, .log", another-future-key: true }
  - type: rating
    id: stars
    attributes: { label: How happy are you? }
  - type: input
    attributes: { label: Name }
  - type: markdown
    attributes: { value: bye }
  - type: signature
`;

  test('upload elements become fields; unknown keys of the newer upload element are tolerated', () => {
    const parsed = parseFormTemplate(form, 'f.yml');
    expect(parsed.fields).toEqual([
      { id: 'shots', type: 'upload', label: 'Screenshots', required: true, render: null, options: [] },
      { id: 'logs-archive', type: 'upload', label: 'Logs archive', required: false, render: null, options: [], slugged: true },
      { id: 'name', type: 'input', label: 'Name', required: false, render: null, options: [], slugged: true },
    ]);
  });

  test('elements of unknown types are listed with their body index, whatever keys they have', () => {
    // A labelled one also says where it sits among the fields: the parser skips its section.
    expect(parseFormTemplate(form, 'f.yml').skipped).toEqual([
      { index: 2, type: 'rating', label: 'How happy are you?', fieldsBefore: 2 },
      { index: 5, type: 'signature' },
    ]);
    expect(parseFormTemplate(valid, 'form.yml').skipped).toEqual([]);
  });

  test('skippedNote gives one log line for the skipped elements, or null', () => {
    expect(skippedNote(parseFormTemplate(form, 'f.yml'), 'o/r: form.yml')).toBe(
      'recovery-triage: o/r: form.yml: skipped 2 elements of a type the bot does not know, its answers are not read: body.2 (type "rating", "How happy are you?"), body.5 (type "signature")',
    );
    expect(skippedNote(parseFormTemplate(valid, 'form.yml'), 'x')).toBeNull();
  });

  test('upload labels take part in the duplicate-label check', () => {
    expect(errorOf(`${form}  - type: textarea\n    attributes: { label: screenshots }\n`)).toBe(
      'form.yml: body.6.attributes.label: duplicates the label of body.0',
    );
  });

  test('a form of only markdown and unknown elements has no field to read', () => {
    expect(errorOf('name: n\ndescription: d\nbody:\n  - type: rating\n  - type: markdown\n    attributes: {value: hi}\n')).toBe(
      'form.yml: body: must contain at least one non-markdown element',
    );
  });
});

describe('slugify', () => {
  test('lowercases and joins words with dashes', () => {
    expect(slugify('PyPI Username')).toBe('pypi-username');
    expect(slugify('  Code of Conduct (required)  ')).toBe('code-of-conduct-required');
  });

  test('keeps non-ASCII letters and falls back when nothing is left', () => {
    expect(slugify('Nom d’utilisateur')).toBe('nom-d-utilisateur');
    expect(slugify('ユーザー名 (必須)')).toBe('ユーザー名-必須');
    expect(slugify('???')).toBe('field');
  });
});
