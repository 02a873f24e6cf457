import { loadBundledForm } from '../../src/form/bundled.js';

describe('loadBundledForm', () => {
  test("reads the project's own account-recovery form", () => {
    const form = loadBundledForm();
    expect(form.name).toBe('Account recovery request');
    expect(form.labels).toEqual(['account-recovery']);
    expect(form.fields.map((f) => [f.id, f.type, f.required])).toEqual([
      ['username', 'input', true],
      ['reason', 'textarea', true],
      ['recovery-codes', 'checkboxes', true],
      ['code-of-conduct', 'checkboxes', true],
      ['acknowledgement', 'checkboxes', true],
    ]);
  });

  test('is parsed once and cannot be changed by a caller', () => {
    const form = loadBundledForm();
    expect(loadBundledForm()).toBe(form);
    expect(() => {
      form.fields[0].label = 'changed';
    }).toThrow(TypeError);
  });
});
