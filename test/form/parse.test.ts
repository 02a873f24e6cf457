import { randomBytes } from 'node:crypto';
import { loadBundledForm } from '../../src/form/bundled.js';
import { parseBody } from '../../src/form/parse.js';
import type { FormField, FormTemplate } from '../../src/form/schema.js';

function field(id: string, type: FormField['type'], label: string, extra: Partial<FormField> = {}): FormField {
  return { id, type, label, required: false, render: null, options: [], ...extra };
}
const opts = (...labels: string[]) => labels.map((label) => ({ label, required: false }));

const template: FormTemplate = {
  name: 'Test',
  title: null,
  labels: [],
  fields: [
    field('name', 'input', 'Your name'),
    field('story', 'textarea', 'What happened'),
    field('logs', 'textarea', 'Logs', { render: 'shell' }),
    field('version', 'dropdown', 'Version', { options: opts('1.0', '2.0, beta', '3.0') }),
    field('terms', 'checkboxes', 'Terms', { options: opts('I agree', 'Send me  news', 'Third option') }),
  ],
};

const body = (...lines: string[]) => lines.join('\n');

describe('parseBody sections', () => {
  test('reads every field type from a rendered form', () => {
    const parsed = parseBody(
      template,
      body(
        '### Your name',
        '',
        'Jane',
        '',
        '### What happened',
        '',
        'Line one.',
        '',
        'Line two.',
        '',
        '### Logs',
        '',
        '```shell',
        '$ ls',
        '```',
        '',
        '### Version',
        '',
        '1.0, 3.0',
        '',
        '### Terms',
        '',
        '- [X] I agree',
        '- [ ] Send me  news',
        '- [x] Third option',
        '',
      ),
    );
    expect(parsed.values).toEqual({
      name: 'Jane',
      story: 'Line one.\n\nLine two.',
      logs: '$ ls',
      version: ['1.0', '3.0'],
      terms: ['I agree', 'Third option'],
    });
    expect(parsed.found).toEqual(['name', 'story', 'logs', 'version', 'terms']);
  });

  test('lists found ids in template order and leaves absent ones null', () => {
    const parsed = parseBody(template, body('### Terms', '', '- [x] I agree', '', '### Your name', '', 'Jane'));
    expect(parsed.found).toEqual(['name', 'terms']);
    expect(parsed.values).toEqual({ name: 'Jane', story: null, logs: null, version: null, terms: ['I agree'] });
  });

  test('matches headings ignoring case, surrounding space and a closing hash run', () => {
    const parsed = parseBody(template, body('  ###   your NAME   ', 'Jane', '### what happened ##', 'Oops'));
    expect(parsed.values.name).toBe('Jane');
    expect(parsed.values.story).toBe('Oops');
  });

  test('only level-3 ATX headings start sections; other lines belong to the answer', () => {
    const parsed = parseBody(
      template,
      body('### What happened', '#### Your name', '## Your name', '    ### Your name', '###Your name', '### Something else', 'end'),
    );
    expect(parsed.found).toEqual(['story']);
    expect(parsed.values.story).toBe('#### Your name\n## Your name\n    ### Your name\n###Your name\n### Something else\nend');
  });

  test('a repeated heading is answer text; the first section wins', () => {
    const parsed = parseBody(template, body('### Your name', 'Jane', '### What happened', 'Oops', '### Your name', 'Mallory'));
    expect(parsed.values.name).toBe('Jane');
    expect(parsed.values.story).toBe('Oops\n### Your name\nMallory');
  });

  test('ignores text before the first section', () => {
    expect(parseBody(template, body('Hello', '### Your name', 'Jane')).values.name).toBe('Jane');
  });

  test('treats _No response_ and empty answers as null', () => {
    const parsed = parseBody(
      template,
      body('### Your name', '', '_No response_', '', '### What happened', '', '   ', '### Version', '_No response_'),
    );
    expect(parsed.values).toMatchObject({ name: null, story: null, version: null });
    expect(parsed.found).toEqual(['name', 'story', 'version']);
  });

  test('tolerates CRLF, lone CR and trailing white space', () => {
    const parsed = parseBody(template, '### Your name  \r\n\r\nJane \t\r\n### What happened\rOops\r');
    expect(parsed.values.name).toBe('Jane');
    expect(parsed.values.story).toBe('Oops');
  });

  test('an id such as __proto__ becomes an own property', () => {
    const parsed = parseBody({ ...template, fields: [field('__proto__', 'input', 'Proto')] }, '### Proto\nx');
    expect(Object.prototype.hasOwnProperty.call(parsed.values, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(parsed.values)).toBe(Object.prototype);
  });
});

describe('parseBody code fences', () => {
  test('headings inside backtick and tilde fences never start sections', () => {
    const parsed = parseBody(
      template,
      body('### What happened', '```', '### Your name', '```', '~~~~ text', '### Your name', '~~~', '### Terms', '~~~~', 'after'),
    );
    expect(parsed.found).toEqual(['story']);
    expect(parsed.values.story).toContain('after');
  });

  test('a fence closes only with the same character and at least the same length', () => {
    const parsed = parseBody(template, body('### What happened', '````', '```', '~~~~', '### Your name', '`````', '### Your name', 'Jane'));
    expect(parsed.values.name).toBe('Jane');
  });

  test('an unclosed fence runs to the end of the body, as GitHub renders it', () => {
    const parsed = parseBody(template, body('### What happened', '```', 'oops', '### Your name', 'Jane'));
    expect(parsed.found).toEqual(['story']);
  });

  test('backticks in the info string make it inline code, not a fence', () => {
    const parsed = parseBody(template, body('### What happened', '``` not `a` fence', '### Your name', 'Jane'));
    expect(parsed.values.name).toBe('Jane');
  });

  test('ticked boxes inside a fence do not count', () => {
    const parsed = parseBody(template, body('### Terms', '```', '- [x] I agree', '```', '- [x] Third option'));
    expect(parsed.values.terms).toEqual(['Third option']);
  });
});

describe('parseBody render: textareas', () => {
  test('removes the outer fence GitHub adds, keeping inner indentation and blank lines', () => {
    const parsed = parseBody(template, body('### Logs', '', '```shell', '  indented', '', 'last', '```', ''));
    expect(parsed.values.logs).toBe('  indented\n\nlast');
  });

  test('removes a longer outer fence that wraps an inner one', () => {
    expect(parseBody(template, body('### Logs', '````', '```', 'x', '```', '````')).values.logs).toBe('```\nx\n```');
  });

  test('keeps text that is not wrapped in a fence, and _No response_ is null', () => {
    expect(parseBody(template, body('### Logs', 'plain text')).values.logs).toBe('plain text');
    expect(parseBody(template, body('### Logs', '', '_No response_', '')).values.logs).toBeNull();
    expect(parseBody(template, body('### Logs', '```', '```')).values.logs).toBeNull();
  });
});

describe('parseBody dropdowns', () => {
  test('regroups options that contain a comma and uses the template spelling', () => {
    expect(parseBody(template, '### Version\n2.0,   BETA, 1.0').values.version).toEqual(['2.0, beta', '1.0']);
  });

  test('keeps text that is no option as written', () => {
    expect(parseBody(template, '### Version\n4.0, 1.0,').values.version).toEqual(['4.0', '1.0']);
  });
});

describe('parseBody checkboxes', () => {
  test('only - [x] or - [X] lines whose text is an option check it', () => {
    const parsed = parseBody(
      template,
      body(
        '### Terms',
        '- [X]   i   AGREE  ',
        '* [x] send me news',
        '- [x] #1234',
        '- [ ] Third option',
        '[x] Third option',
        '- [x]Third option',
      ),
    );
    expect(parsed.values.terms).toEqual(['I agree', 'Send me  news']);
  });

  test('a section without markers is present but checks nothing', () => {
    const parsed = parseBody(template, body('### Terms', '', 'I agree', 'Third option'));
    expect(parsed.values.terms).toEqual([]);
    expect(parsed.found).toEqual(['terms']);
  });
});

describe('parseBody robustness', () => {
  const form = loadBundledForm();

  test('a body without any form yields nulls and nothing found', () => {
    const parsed = parseBody(form, 'Please help, I lost my phone.\n\n## PyPI Username\nfoo');
    expect(parsed.found).toEqual([]);
    expect(Object.values(parsed.values).every((v) => v === null)).toBe(true);
  });

  test('a body of more than 1 MB is parsed', () => {
    const filler = 'All work and no play. '.repeat(60_000);
    const huge = `### PyPI Username\n\n\`jane\`\n\n### Reason for request\n\n${filler}\n\n### Code of Conduct\n\n- [x] I agree to follow the PSF Code of Conduct\n`;
    expect(huge.length).toBeGreaterThan(1_000_000);
    const parsed = parseBody(form, huge);
    expect(parsed.values.username).toBe('`jane`');
    expect((parsed.values.reason as string).length).toBe(filler.trim().length);
    expect(parsed.values['code-of-conduct']).toEqual(['I agree to follow the PSF Code of Conduct']);
  });

  test('binary junk with NUL bytes is parsed without throwing', () => {
    const junk = randomBytes(1 << 20).toString('latin1') + '\u0000'.repeat(1000) + randomBytes(4096).toString('utf8');
    const parsed = parseBody(form, `${junk}\n### PyPI Username\n\nja\u0000ne\n`);
    expect(parsed.values.username).toBe('ja\u0000ne');
  });

  test('long pathological lines stay linear', () => {
    const started = Date.now();
    for (const line of [
      '- [x]' + ' '.repeat(2_000_000),
      '   ###' + ' \t'.repeat(1_000_000) + 'x',
      '`'.repeat(2_000_000),
      '### PyPI Username ' + '#'.repeat(2_000_000) + 'x',
    ]) {
      parseBody(form, `### Recovery Codes\n${line}\n### Reason for request\n${line}`);
    }
    // A quadratic scan of these 2-million-character lines would take hours, not seconds.
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('parseBody unclosed fences (issue #9)', () => {
  test('an open fence ends at the heading of the next field in form order, with a warning on its section', () => {
    const parsed = parseBody(
      template,
      body('### What happened', 'Log:', '```', 'boom', '### Logs', '```', 'x', '```', '### Version', '1.0'),
    );
    expect(parsed.found).toEqual(['story', 'logs', 'version']);
    expect(parsed.values.story).toBe('Log:\n```\nboom');
    expect(parsed.values.logs).toBe('x');
    expect(parsed.warnings).toEqual([{ field: 'story', kind: 'unclosed-fence', line: 3, marker: '```' }]);
  });

  test('a heading further down the form, or one that occurs again below, does not end the fence', () => {
    // Terms is not the next field after What happened; Logs occurs again after the fence closes.
    const parsed = parseBody(
      template,
      body('### What happened', '~~~~', '### Terms', '- [x] I agree', '### Logs', 'quoted', '~~~~', '### Logs', 'real'),
    );
    expect(parsed.found).toEqual(['story', 'logs']);
    expect(parsed.values.logs).toBe('real');
    expect(parsed.values.terms).toBeNull();
    expect(parsed.warnings).toEqual([]);
  });

  test('a fence still open at the end of the body is reported on its section', () => {
    const parsed = parseBody(template, body('### Terms', '- [x] I agree', '```', '- [x] Third option'));
    expect(parsed.values.terms).toEqual(['I agree']);
    expect(parsed.warnings).toEqual([{ field: 'terms', kind: 'unclosed-fence', line: 3, marker: '```' }]);
  });

  test('a fence opened before the first section ends at the first field heading, without a warning', () => {
    const parsed = parseBody(template, body('```', 'preamble', '### Your name', 'Jane'));
    expect(parsed.values.name).toBe('Jane');
    expect(parsed.warnings).toEqual([]);
  });

  test('the next expected field skips fields already found, and a skipped repeated heading stays text', () => {
    const parsed = parseBody(
      template,
      body('### Your name', 'Jane', '### Version', '1.0', '### What happened', '```', '### Your name', '### Logs', 'l'),
    );
    expect(parsed.found).toEqual(['name', 'story', 'logs', 'version']);
    expect(parsed.values.story).toBe('```\n### Your name');
    expect(parsed.values.name).toBe('Jane');
  });
});

describe('parseBody upload fields', () => {
  const withUpload: FormTemplate = { ...template, fields: [...template.fields, field('shots', 'upload', 'Screenshots')] };

  test('collects each link once from images, html tags, links and bare URLs, in order', () => {
    const parsed = parseBody(
      withUpload,
      body(
        '### Screenshots',
        '![a](https://github.com/user-attachments/assets/1)',
        '<img alt="x" src="https://github.com/user-attachments/assets/2">',
        'See https://github.com/user-attachments/assets/3.',
        '[f.zip](https://github.com/user-attachments/files/4/f.zip) and again ![a](https://github.com/user-attachments/assets/1)',
        '```',
        'https://example.com/in-code',
        '```',
      ),
    );
    expect(parsed.values.shots).toEqual([
      'https://github.com/user-attachments/assets/1',
      'https://github.com/user-attachments/assets/2',
      'https://github.com/user-attachments/assets/3',
      'https://github.com/user-attachments/files/4/f.zip',
    ]);
  });

  test('_No response_ is null; text without links is an empty list', () => {
    expect(parseBody(withUpload, '### Screenshots\n\n_No response_\n').values.shots).toBeNull();
    expect(parseBody(withUpload, '### Screenshots\n\nwill send later\n').values.shots).toEqual([]);
  });
});

describe('parseBody multi-line option labels', () => {
  const multi: FormTemplate = {
    ...template,
    fields: [
      field('ok', 'checkboxes', 'Promises', {
        options: opts('I agree', 'I agree to the terms\nand the policy', 'Line one\n\nline two'),
      }),
    ],
  };

  test('a ticked item spans its continuation lines; the longest option at a line end wins', () => {
    const parsed = parseBody(multi, body('### Promises', '- [x] I agree to the terms', 'and the policy', '- [ ] I agree'));
    expect(parsed.values.ok).toEqual(['I agree to the terms\nand the policy']);
  });

  test('blank lines inside a label and re-wrapping do not matter; the next list item ends an item', () => {
    const parsed = parseBody(multi, body('### Promises', '- [X] line   ONE', '', 'line two', '- [x] I agree', 'to nothing'));
    expect(parsed.values.ok).toEqual(['I agree', 'Line one\n\nline two']);
  });

  test('long continuation text stops being read once it is longer than every option', () => {
    const started = Date.now();
    const parsed = parseBody(multi, `### Promises\n- [x] I agree\n${'more words\n'.repeat(200_000)}`);
    expect(parsed.values.ok).toEqual(['I agree']);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('parseBody skipped element sections', () => {
  test('a labelled element the form skipped ends the section above it and its text is read nowhere', () => {
    const withSkipped: FormTemplate = { ...template, skipped: [{ index: 1, type: 'rating', label: 'Stars', fieldsBefore: 1 }] };
    const parsed = parseBody(withSkipped, body('### Your name', 'Jane', '### Stars', '5', '### What happened', 'Oops'));
    expect(parsed.values.name).toBe('Jane');
    expect(parsed.values.story).toBe('Oops');
    expect(Object.keys(parsed.values)).toEqual(['name', 'story', 'logs', 'version', 'terms']);
  });
});

describe('parseBody upload robustness', () => {
  test('a link followed by a long run of punctuation is read in linear time', () => {
    const withUpload: FormTemplate = { ...template, fields: [field('shots', 'upload', 'Screenshots')] };
    const started = Date.now();
    const parsed = parseBody(withUpload, `### Screenshots\nhttps://x.example/a${'.'.repeat(200_000)}b${'.'.repeat(200_000)}`);
    expect(parsed.values.shots).toEqual([`https://x.example/a${'.'.repeat(200_000)}b`]);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});
