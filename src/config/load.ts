import { z } from 'zod';
import { configSchema, type Config } from './schema.js';

export type ConfigResult = { ok: true; config: Config } | { ok: false; errors: string[] };

/**
 * Config errors are posted in a public issue and printed by the CLI: they name keys, never echo
 * values, and whatever part of them comes from the file (key names) is cut short.
 */
const MAX_SEGMENT = 40;
const MAX_KEYS_LISTED = 10;
const MAX_MESSAGE = 200;

/** Validates raw config (already parsed from YAML); errors name the path of each offending key. */
export function validateConfig(raw: unknown, source = '.github/recovery-triage.yml'): ConfigResult {
  const input = raw === null || raw === undefined ? {} : raw;
  let result: ReturnType<typeof configSchema.safeParse>;
  try {
    result = configSchema.safeParse(input);
  } catch {
    // zod does not throw on data, but a getter or proxy from an odd YAML value could.
    return { ok: false, errors: [`${source}: (top level): cannot be read as a mapping`] };
  }
  if (result.success) return { ok: true, config: result.data };
  return { ok: false, errors: result.error.issues.map((issue) => describeIssue(source, issue)) };
}

function describeIssue(source: string, issue: z.core.$ZodIssue): string {
  const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
  const path = keyPath(issue.path);
  if (keys.length > 0) {
    const where = path ? `${path}.` : '';
    const listed = keys.slice(0, MAX_KEYS_LISTED).map((k) => `"${where}${cut(oneLine(k), MAX_SEGMENT).replace(/"/g, '\\"')}"`);
    const more = keys.length > MAX_KEYS_LISTED ? ` and ${keys.length - MAX_KEYS_LISTED} more` : '';
    return `${source}: unknown key ${listed.join(', ')}${more}`;
  }
  // A bad record key (a reply name): the key's own rule says more than "Invalid key in record".
  const message = issue.code === 'invalid_key' && issue.issues[0] !== undefined ? issue.issues[0].message : issue.message;
  return `${source}: ${path || '(top level)'}: ${cut(oneLine(message), MAX_MESSAGE)}`;
}

/** `labels.triage.name`; keys from the file are kept short and on one line. */
export function keyPath(path: readonly PropertyKey[]): string {
  return path.map((p) => segment(typeof p === 'symbol' ? (p.description ?? '') : String(p))).join('.');
}

/** A key as a path segment; one that could be misread (empty, with `.`, `:` or `"`, edge spaces) is quoted. */
function segment(key: string): string {
  const short = cut(oneLine(key), MAX_SEGMENT);
  return /^[^.:"\s](?:[^.:"]*[^.:"\s])?$/.test(short) ? short : JSON.stringify(short);
}

function oneLine(text: string): string {
  // Control characters (newlines included) would let a key name forge extra error lines.
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max - 1;
  // Never split a surrogate pair.
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

export function defaultConfig(): Config {
  return configSchema.parse({});
}
