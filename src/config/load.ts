import { z } from 'zod';
import { configSchema, type Config } from './schema.js';

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/** Validates raw config (already parsed from YAML); errors name the path of each offending key. */
export function validateConfig(raw: unknown, source = '.github/recovery-triage.yml'): ConfigResult {
  const input = raw === null || raw === undefined ? {} : raw;
  const result = configSchema.safeParse(input);
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => describeIssue(source, issue)) };
}

function describeIssue(source: string, issue: z.core.$ZodIssue): string {
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = issue.path.map(String).join('.');
  if (keys.length > 0) {
    const where = path ? `${path}.` : '';
    return `${source}: unknown key ${keys.map((k) => `"${where}${k}"`).join(', ')}`;
  }
  return `${source}: ${path || '(top level)'}: ${issue.message}`;
}

export function defaultConfig(): Config {
  return configSchema.parse({});
}
