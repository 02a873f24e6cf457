import type { Config } from '../config/schema.js';
import { labelNameOf } from './config.js';

/**
 * Requests per kind and per language, for `report` and the dashboard. A request's kind is the
 * one its status record names when it was read, else the kind whose label it carries; with
 * neither, it is counted under the default kind when that kind has no label (requests of it
 * carry none), else as unknown (null). Its language is the code of its language label; without
 * one it is the team's language or was not detected with confidence (null).
 */
export interface Countable {
  labels: readonly string[];
  /** From the status record, when it was read. */
  kind?: string | null;
}

export interface KindCount {
  kind: string | null;
  count: number;
}

export interface LanguageCount {
  /** ISO 639-1 code; null: the team's language or not detected. */
  language: string | null;
  count: number;
}

export function kindOf(request: Countable, config: Config): string | null {
  if (typeof request.kind === 'string' && config.kinds.some((k) => k.id === request.kind)) return request.kind;
  const labels = new Set(request.labels.map((l) => l.toLowerCase()));
  for (const kind of config.kinds) {
    const name = labelNameOf(kind.label);
    if (name !== null && labels.has(name.toLowerCase())) return kind.id;
  }
  const fallback = config.kinds.find((k) => k.id === config.defaultKind);
  return fallback !== undefined && labelNameOf(fallback.label) === null ? fallback.id : null;
}

export function languageOf(request: Countable, config: Config): string | null {
  const spec = config.language.label;
  if (spec === null) return null;
  const [before, after] = spec.name.toLowerCase().split('{code}');
  for (const label of request.labels) {
    const l = label.toLowerCase();
    if (l.length !== before.length + 2 + (after ?? '').length || !l.startsWith(before) || !l.endsWith(after ?? '')) continue;
    const code = l.slice(before.length, before.length + 2);
    if (/^[a-z]{2}$/.test(code)) return code;
  }
  return null;
}

/** Counts per kind, in the config's order, unknown last; only kinds with requests. */
export function countKinds(requests: readonly Countable[], config: Config): KindCount[] {
  const counts = new Map<string | null, number>();
  for (const r of requests) {
    const kind = kindOf(r, config);
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  return [...config.kinds.map((k) => k.id), null].filter((k) => counts.has(k)).map((kind) => ({ kind, count: counts.get(kind) ?? 0 }));
}

/** Counts per language, most requests first (then by code), team's language or undetected last. */
export function countLanguages(requests: readonly Countable[], config: Config): LanguageCount[] {
  const counts = new Map<string | null, number>();
  for (const r of requests) {
    const language = languageOf(r, config);
    counts.set(language, (counts.get(language) ?? 0) + 1);
  }
  const coded = [...counts.entries()]
    .filter((e): e is [string, number] => e[0] !== null)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([language, count]) => ({ language, count }));
  return counts.has(null) ? [...coded, { language: null, count: counts.get(null) ?? 0 }] : coded;
}
