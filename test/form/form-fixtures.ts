import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseFormTemplate, type FormTemplate } from '../../src/form/schema.js';
import type { Answers } from './github-render.js';

/**
 * The forms under test/fixtures/forms/ reproduce structures of real public issue forms (all
 * element types, `render`, per-option `required`, fields without ids, labels with emoji,
 * backticks, colons and non-Latin text). Each has answers.json, rendered here as GitHub renders
 * a submitted form, and cases/<case>.md with <case>.json for bodies that were edited or that
 * GitHub renders in a way that is hard to read (unclosed fences, uploads, multi-line options).
 */
export interface FormFixture {
  name: string;
  dir: string;
  yaml: string;
  template: FormTemplate;
  answers: Answers;
  cases: { name: string; body: string; expected: CaseExpectation }[];
}
export interface CaseExpectation {
  /** What the case shows, for the reader of the fixture. */
  about: string;
  /** Values of these keys must match; keys not listed are not checked. */
  values?: Record<string, unknown>;
  found?: string[];
  warnings?: { field: string; line: number }[];
  check?: { valid: boolean; problems: { field: string; code: string; messageIncludes: string }[]; fields?: Record<string, unknown> };
}

const root = fileURLToPath(new URL('../fixtures/forms/', import.meta.url));

export function loadFormFixtures(): FormFixture[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const dir = `${root}${name}/`;
      const yaml = readFileSync(`${dir}form.yml`, 'utf8');
      const answers = JSON.parse(readFileSync(`${dir}answers.json`, 'utf8')) as Answers;
      const casesDir = `${dir}cases/`;
      const cases = existsSync(casesDir)
        ? readdirSync(casesDir)
            .filter((f) => f.endsWith('.md'))
            .sort()
            .map((f) => ({
              name: f.slice(0, -3),
              body: readFileSync(`${casesDir}${f}`, 'utf8'),
              expected: JSON.parse(readFileSync(`${casesDir}${f.slice(0, -3)}.json`, 'utf8')) as CaseExpectation,
            }))
        : [];
      return { name, dir, yaml, template: parseFormTemplate(yaml, `${name}/form.yml`), answers, cases };
    });
}
