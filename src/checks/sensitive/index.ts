/**
 * Finds secrets and personal data that people paste into public recovery requests, and redacts
 * them. Pure: no I/O, so callers decide whether to warn, redact or do nothing.
 */
import { KIND_ORDER, SENSITIVE_KINDS, markerFor, type Finding, type SensitiveKind } from './kinds.js';
import { emails, identityDocuments } from './personal.js';
import { githubTokens, otpauthUris, passwords, privateKeys, pypiTokens, recoveryCodes, totpSecrets } from './secrets.js';
import { buildContext, type Detector } from './text.js';

export { SENSITIVE_KINDS, redactedKindsIn, type Finding, type KindInfo, type SensitiveCategory, type SensitiveKind } from './kinds.js';

export interface DetectOptions {
  /** Kinds to skip; unknown names are ignored, as they come from user configuration. */
  disabled: readonly string[];
}

const DETECTORS: Record<SensitiveKind, Detector> = {
  'pypi-token': pypiTokens,
  'recovery-codes': recoveryCodes,
  'totp-secret': totpSecrets,
  'otpauth-uri': otpauthUris,
  'github-token': githubTokens,
  'private-key': privateKeys,
  password: passwords,
  email: emails,
  'identity-document': identityDocuments,
};

/** Findings sorted by start and never overlapping. */
export function detectSensitive(text: string, options: DetectOptions = { disabled: [] }): Finding[] {
  const ctx = buildContext(text);
  const disabled = new Set(options.disabled);
  const findings: Finding[] = [];
  for (const kind of KIND_ORDER) {
    if (disabled.has(kind)) continue;
    const { category } = SENSITIVE_KINDS[kind];
    for (const { start, end } of DETECTORS[kind](ctx)) findings.push({ kind, category, start, end });
  }
  return withoutOverlaps(findings);
}

const rank = (f: Finding): number => KIND_ORDER.indexOf(f.kind);
const length = (f: Finding): number => f.end - f.start;

/**
 * Where findings overlap, the longer one wins, as redacting it hides the other too
 * (`password = pypi-…` of equal length stays a token, whose advice is to revoke it).
 */
function withoutOverlaps(findings: Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || length(b) - length(a) || rank(a) - rank(b));
  const kept: Finding[] = [];
  for (const finding of sorted) {
    const last = kept[kept.length - 1];
    if (last === undefined || finding.start >= last.end) kept.push(finding);
    else if (length(finding) > length(last) || (length(finding) === length(last) && rank(finding) < rank(last))) {
      kept[kept.length - 1] = finding;
    }
  }
  return kept;
}

/** Replaces each finding with a marker naming its kind; throws on spans that are out of range or overlap. */
export function redactSensitive(text: string, findings: readonly Finding[]): string {
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  let out = '';
  let cursor = 0;
  for (const f of sorted) {
    if (f.start < cursor || f.end <= f.start || f.end > text.length) {
      throw new RangeError(`invalid or overlapping span [${f.start}, ${f.end}) for ${f.kind}`);
    }
    out += text.slice(cursor, f.start) + markerFor(f.kind);
    cursor = f.end;
  }
  return out + text.slice(cursor);
}

/** How many of each kind, in the order of SENSITIVE_KINDS, for warnings that never echo values. */
export function summarizeFindings(findings: readonly Finding[]): { kind: SensitiveKind; count: number }[] {
  const counts = new Map<SensitiveKind, number>();
  for (const f of findings) counts.set(f.kind, (counts.get(f.kind) ?? 0) + 1);
  return KIND_ORDER.flatMap((kind) => {
    const count = counts.get(kind);
    return count === undefined ? [] : [{ kind, count }];
  });
}
