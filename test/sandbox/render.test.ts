import { readFileSync } from 'node:fs';
import { parseBody } from '../../src/form/parse.js';
import { readConfig, readForm, renderSubmittedBody, missingRequired, type Answers } from '../../src/sandbox/form.js';
import { renderMarkdown, sanitizeHtml, safeHref } from '../../src/sandbox/markdown.js';
import { renderBody, type Answers as FixtureAnswers } from '../form/github-render.js';
import { loadFormFixtures } from '../form/form-fixtures.js';

const BUNDLED = readFileSync(new URL('../../.github/ISSUE_TEMPLATE/account-recovery.yml', import.meta.url), 'utf8');

/** Fixture answers (by field id, skipped elements by label) as the page sends them (by element key). */
function byElement(yaml: string, answers: FixtureAnswers): Answers {
  const form = readForm(yaml, 'form.yml');
  if (!form.ok) throw new Error(form.errors.map((e) => e.message).join('\n'));
  const fields = [...form.template.fields];
  const out: Answers = {};
  for (const element of form.view.elements) {
    if (element.kind === 'markdown') continue;
    if (element.kind === 'unknown') {
      if (element.label !== null) out[element.key] = answers.$skipped?.[element.label] ?? '';
      continue;
    }
    const field = fields.shift();
    const value = field ? answers[field.id] : undefined;
    if (typeof value === 'string' || Array.isArray(value)) out[element.key] = value as string | string[];
  }
  return out;
}

describe('bodies as GitHub renders a submitted form', () => {
  test.each(loadFormFixtures().map((f) => [f.name, f] as const))('%s: the same body as the project’s GitHub renderer', (_name, fixture) => {
    const form = readForm(fixture.yaml, 'form.yml');
    if (!form.ok) throw new Error('fixture form refused');
    const body = renderSubmittedBody(form.view, byElement(fixture.yaml, fixture.answers));
    expect(body).toBe(renderBody(fixture.template, fixture.answers));
  });

  test('the bundled form: the parser reads back every answer', () => {
    const form = readForm(BUNDLED, 'account-recovery.yml');
    if (!form.ok) throw new Error('bundled form refused');
    expect(form.view.elements.map((e) => e.kind)).toEqual(['markdown', 'input', 'textarea', 'checkboxes', 'checkboxes', 'checkboxes']);
    expect(form.view.labels).toEqual(['account-recovery']);
    expect(form.view.title).toBe('Account recovery request');
    const answers: Answers = {
      e1: '`my-name`',
      e2: 'Lost my phone.\r\nSecond line.',
      e3: ['I never generated or have lost access to the recovery codes for my account'],
      e4: [],
    };
    const body = renderSubmittedBody(form.view, answers);
    expect(body).toContain('### PyPI Username\n\n`my-name`\n\n### Reason for request\n\nLost my phone.\nSecond line.\n\n');
    expect(body).toContain('- [ ] I agree to follow the PSF Code of Conduct');
    const parsed = parseBody(form.template, body);
    expect(parsed.values.username).toBe('`my-name`');
    expect(parsed.values['recovery-codes']).toEqual(['I never generated or have lost access to the recovery codes for my account']);
    expect(parsed.values['code-of-conduct']).toEqual([]);
    expect(missingRequired(form.view, answers)).toEqual([
      'Code of Conduct: I agree to follow the PSF Code of Conduct',
      'Acknowledgement: I understand that it may take a significant amount of time to process my account recovery request.',
    ]);
    expect(missingRequired(form.view, {})).toContain('PyPI Username');
  });

  test('dropdowns single and multiple, render:, upload, empty answers', () => {
    const yaml = [
      'name: T',
      'description: D',
      'body:',
      '  - type: dropdown',
      '    id: one',
      '    attributes: { label: One, options: [a, b, "c, d"] }',
      '    validations: { required: true }',
      '  - type: dropdown',
      '    id: many',
      '    attributes: { label: Many, multiple: true, options: [x, y, z], default: 1 }',
      '  - type: textarea',
      '    id: logs',
      '    attributes: { label: Logs, render: shell }',
      '  - type: upload',
      '    id: files',
      '    attributes: { label: Files }',
      '  - type: input',
      '    id: empty',
      '    attributes: { label: Empty }',
    ].join('\n');
    const form = readForm(yaml, 'form.yml');
    if (!form.ok) throw new Error(JSON.stringify(form.errors));
    const many = form.view.elements[1];
    expect(many).toMatchObject({ kind: 'dropdown', multiple: true, default: 1 });
    const body = renderSubmittedBody(form.view, {
      e0: ['c, d'],
      e1: ['x', 'z', 'not an option'],
      e2: 'ls -l',
      e3: 'https://github.com/user-attachments/assets/1 https://github.com/user-attachments/files/2/log.zip',
      e4: '   ',
    });
    expect(body).toBe(
      [
        '### One\n\nc, d',
        '### Many\n\nx, z',
        '### Logs\n\n```shell\nls -l\n```',
        '### Files\n\n![image](https://github.com/user-attachments/assets/1)\n\n[log.zip](https://github.com/user-attachments/files/2/log.zip)',
        '### Empty\n\n_No response_',
      ].join('\n\n'),
    );
    expect(missingRequired(form.view, {})).toEqual(['One']);
  });
});

describe('the bot’s errors, located', () => {
  test('a form with a misspelt key names the line and column', () => {
    const broken = BUNDLED.replace('      label: PyPI Username', '      labl: PyPI Username');
    const form = readForm(broken, '.github/ISSUE_TEMPLATE/account-recovery.yml');
    expect(form.ok).toBe(false);
    if (form.ok) return;
    const line = broken.split('\n').findIndex((l) => l.includes('labl:')) + 1;
    expect(form.errors).toContainEqual({
      message: `.github/ISSUE_TEMPLATE/account-recovery.yml:${line}:7: body.1.attributes: unknown key "labl"`,
      line,
      col: 7,
    });
  });

  test('YAML syntax errors keep the parser’s line', () => {
    const form = readForm('name: x\ndescription: "unclosed\nbody: []\n', 'form.yml');
    expect(form.ok).toBe(false);
    if (form.ok) return;
    const line = form.errors[0]?.line ?? 0;
    expect(line).toBeGreaterThanOrEqual(2);
    expect(form.errors[0]?.message).toMatch(new RegExp(`^form\\.yml: line ${line}, column \\d+: `));
  });

  test('config errors are the validator’s, with line and column', () => {
    const text = 'timers:\n  incomplete:\n    remindAfterDays: -1\nlabels:\n  triage:\n    colour: ffffff\n';
    const checked = readConfig(text, '.github/recovery-triage.yml');
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors.map((e) => e.message)).toEqual([
      '.github/recovery-triage.yml:6:5: unknown key "labels.triage.colour"',
      '.github/recovery-triage.yml:3:5: timers.incomplete.remindAfterDays: must be more than 0 days',
    ]);
    expect(readConfig('', 'c.yml').ok).toBe(true);
  });
});

describe('markdown as GitHub shows it', () => {
  test('hidden data stays hidden: HTML comments are dropped, even unclosed ones', () => {
    const html = renderMarkdown('<!-- recovery-triage:status -->\n**Status**\n\n<!-- recovery-triage:data {"secret":"x"} -->');
    expect(html).toContain('<strong>Status</strong>');
    expect(html).not.toContain('recovery-triage:');
    expect(html).not.toContain('secret');
    // A comment opening a block hides the rest, as in a browser; inline, an unclosed one is text.
    expect(renderMarkdown('<!-- never closed\nstill hidden')).not.toContain('hidden');
    expect(renderMarkdown('a <!-- b')).toBe('<p>a &lt;!-- b</p>\n');
  });

  test('raw HTML is escaped except what GitHub allows, and attributes are dropped', () => {
    const html = renderMarkdown(
      'x <script>alert(1)</script> <b onclick="x()">bold</b> <img src=x onerror=alert(1)> <iframe src="https://e"></iframe>',
    );
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<b>bold</b>');
    expect(html).not.toMatch(/onclick|onerror|<script|<iframe/i);
    expect(renderMarkdown('<details open><summary>History</summary>\n\n| a |\n|---|\n| 1 |\n\n</details>')).toMatch(
      /^<details open><summary>History<\/summary><table>/,
    );
    expect(sanitizeHtml('<div style="color:red" align="center" class="x">y</div>')).toBe('<div align="center">y</div>');
    expect(sanitizeHtml('<a href="javascript:alert(1)">x</a>')).toBe('<a>x</a>');
  });

  test('links keep web and mail addresses only; images are links, never loaded', () => {
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref(' JaVaScRiPt:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,x')).toBeNull();
    expect(safeHref('https://pypi.org/')).toBe('https://pypi.org/');
    expect(safeHref('#top')).toBe('#top');
    expect(renderMarkdown('[x](javascript:alert(1))')).toBe('<p>x</p>\n');
    const image = renderMarkdown('![passport](https://github.com/user-attachments/assets/abc)');
    expect(image).not.toContain('<img');
    expect(image).toContain('href="https://github.com/user-attachments/assets/abc"');
  });

  test('GFM: task lists, tables, alerts, entities, mentions (escaped ones stay text)', () => {
    // Each task's box is named by its text (an unnamed box fails the accessibility check).
    expect(renderMarkdown('- [X] done\n- [ ] not <b>')).toBe(
      '<ul>\n<li class="task-list-item"><input checked="" disabled="" type="checkbox" aria-label="done"> done</li>\n' +
        '<li class="task-list-item"><input disabled="" type="checkbox" aria-label="not &lt;b&gt;"> not <b></li>\n</ul>\n',
    );
    expect(renderMarkdown('| a | b |\n|---|---|\n| 1 | 2 |')).toContain('<td>1</td>');
    const alert = renderMarkdown('> [!CAUTION]\n> **A secret was posted.**\n> - revoke it');
    expect(alert).toMatch(/^<div class="markdown-alert markdown-alert-caution"><p class="markdown-alert-title">Caution<\/p><p><strong>/);
    expect(renderMarkdown('&copy; & <')).toBe('<p>&copy; &amp; &lt;</p>\n');
    expect(renderMarkdown('@requester hi')).toContain('<span class="mention">@requester</span>');
    expect(renderMarkdown('@\u2060requester hi')).not.toContain('mention');
    expect(renderMarkdown('line one\nline two')).toBe('<p>line one<br>line two</p>\n');
  });
});
