import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseFormTemplate, type FormTemplate } from './schema.js';

// Both src/form/ (ts-jest) and lib/form/ (compiled) sit two levels under the package root.
const BUNDLED_FORM = new URL('../../.github/ISSUE_TEMPLATE/account-recovery.yml', import.meta.url);

let cached: FormTemplate | undefined;

/** The project's own account-recovery form, parsed once; frozen because every caller shares it. */
export function loadBundledForm(): FormTemplate {
  if (cached === undefined) {
    const path = fileURLToPath(BUNDLED_FORM);
    cached = deepFreeze(parseFormTemplate(readFileSync(path, 'utf8'), path));
  }
  return cached;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}
