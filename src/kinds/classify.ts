import type { CheckResult } from '../checks/validate.js';
import type { Config } from '../config/schema.js';
import type { FieldValue } from '../form/parse.js';
import type { FormTemplate } from '../form/schema.js';
import type { KindConfig } from './config.js';
import { foldText, MAX_MATCHED_TEXT, patternRegExp, wordsRegExp } from './fold.js';

/** How a kind was recognised, for the maintainers' line of the status comment. */
export type KindRule = 'answer' | 'words' | 'pattern' | 'default';

export interface KindMatch {
  id: string;
  rule: KindRule;
  /** The form field whose answer matched (rule `answer`). */
  field?: string;
}

/**
 * The reason as the rules and the language detector read it: the answers of the form's
 * textareas. A body with no form structure at all (no answer found) is read whole.
 */
export function reasonText(template: FormTemplate, check: Pick<CheckResult, 'fields'>, body: string | null): string {
  const values = template.fields.map((f) => check.fields[f.id] ?? null);
  const anyAnswer = values.some((v) => (Array.isArray(v) ? v.length > 0 : v !== null && v !== ''));
  if (!anyAnswer) return (body ?? '').slice(0, MAX_MATCHED_TEXT * 2);
  return template.fields
    .filter((f) => f.type === 'textarea')
    .map((f) => check.fields[f.id])
    .filter((v): v is string => typeof v === 'string')
    .join('\n\n');
}

/** Compiled rules, cached per config object (a config is loaded once and reused). */
const compiled = new WeakMap<object, CompiledKind[]>();

interface CompiledKind {
  kind: KindConfig;
  answers: [string, Set<string>][];
  words: RegExp | null;
  patterns: RegExp[];
}

export function compileKinds(config: Config): CompiledKind[] {
  const hit = compiled.get(config.kinds);
  if (hit) return hit;
  const result = config.kinds.map((kind) => ({
    kind,
    answers: Object.entries(kind.match.answers).map(([field, values]) => [field, new Set(values.map(foldText))] as [string, Set<string>]),
    words: wordsRegExp(kind.match.words),
    patterns: kind.match.patterns.map(patternRegExp),
  }));
  compiled.set(config.kinds, result);
  return result;
}

function chosen(value: FieldValue | undefined): string[] {
  if (value === null || value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(foldText);
}

/**
 * The kind of a request: the first kind, in config order, whose rules match (a form answer, a
 * word, a pattern), else `defaultKind`. Answers are compared whole, words and patterns search
 * the reason; all ignore case and accents.
 */
export function classify(config: Config, template: FormTemplate, check: Pick<CheckResult, 'fields'>, body: string | null): KindMatch {
  const reason = foldText(reasonText(template, check, body).slice(0, MAX_MATCHED_TEXT));
  for (const rule of compileKinds(config)) {
    for (const [field, values] of rule.answers) {
      if (chosen(check.fields[field]).some((v) => values.has(v))) return { id: rule.kind.id, rule: 'answer', field };
    }
    if (reason === '') continue;
    if (rule.words !== null && rule.words.test(reason)) return { id: rule.kind.id, rule: 'words' };
    if (rule.patterns.some((r) => r.test(reason))) return { id: rule.kind.id, rule: 'pattern' };
  }
  return { id: config.defaultKind, rule: 'default' };
}

/** True when the reason asks for priority (urgency.words / urgency.patterns). */
export function asksForPriority(config: Config, reason: string): boolean {
  const folded = foldText(reason.slice(0, MAX_MATCHED_TEXT));
  if (folded === '') return false;
  const { words, patterns } = compiledUrgency(config);
  return (words !== null && words.test(folded)) || patterns.some((r) => r.test(folded));
}

const urgencyCache = new WeakMap<object, { words: RegExp | null; patterns: RegExp[] }>();

function compiledUrgency(config: Config): { words: RegExp | null; patterns: RegExp[] } {
  const hit = urgencyCache.get(config.urgency);
  if (hit) return hit;
  const result = {
    words: wordsRegExp(config.urgency.words),
    patterns: config.urgency.patterns.map(patternRegExp),
  };
  urgencyCache.set(config.urgency, result);
  return result;
}

export function kindById(config: Config, id: string | null | undefined): KindConfig | null {
  if (id === null || id === undefined) return null;
  return config.kinds.find((k) => k.id === id) ?? null;
}
