import { detectSensitive, redactSensitive, SENSITIVE_KINDS, type Finding, type SensitiveKind } from '../checks/sensitive/index.js';
import type { Config } from '../config/schema.js';
import type { Draft } from './request.js';

export type SensitiveTarget = { kind: 'body' } | { kind: 'comment'; id: number };

/** The findings the config acts on: kinds turned off, or a category set to `off`, are dropped. */
export function findingsFor(text: string, config: Config): Finding[] {
  const { secrets, personalData, disabled } = config.sensitiveData;
  return detectSensitive(text, { disabled }).filter((f) => (f.category === 'secret' ? secrets : personalData) !== 'off');
}

/** The text with every finding the config says to redact replaced by a marker; used on the live text. */
export function redactForConfig(text: string, config: Config): string {
  const { secrets, personalData } = config.sensitiveData;
  const redactable = findingsFor(text, config).filter((f) => (f.category === 'secret' ? secrets : personalData) === 'redact');
  return redactable.length === 0 ? text : redactSensitive(text, redactable);
}

/**
 * Text posted to the request (its body or a comment) is searched for secrets and personal data.
 * Kinds found are remembered (never values) so the status comment keeps warning; secrets add
 * the sensitive-data label; what the config says to redact is planned for redaction.
 */
export function onSensitiveText(draft: Draft, text: string, target: SensitiveTarget, config: Config): Draft {
  const findings = findingsFor(text, config);
  if (findings.length === 0) return draft;
  const kinds = [...new Set([...draft.data.sensitive, ...findings.map((f) => f.kind)])];
  const redact = redactForConfig(text, config) !== text;
  const secret = findings.some((f) => f.category === 'secret');
  return {
    ...draft,
    data: { ...draft.data, sensitive: kinds },
    flags: secret ? [...draft.flags, config.flags['sensitive-data'].name] : draft.flags,
    redactBody: draft.redactBody || (redact && target.kind === 'body'),
    redactComments: redact && target.kind === 'comment' ? [...draft.redactComments, target.id] : draft.redactComments,
  };
}

function isKind(kind: string): kind is SensitiveKind {
  return Object.hasOwn(SENSITIVE_KINDS, kind);
}

/** Warnings for the status comment, built from the kinds seen; they never contain the values. */
export function sensitiveWarnings(kinds: readonly string[], config: Config): string[] {
  const known = kinds.filter(isKind);
  const secrets = known.filter((k) => SENSITIVE_KINDS[k].category === 'secret');
  const personal = known.filter((k) => SENSITIVE_KINDS[k].category === 'personal');
  const warnings: string[] = [];
  if (secrets.length > 0) {
    const redacted = config.sensitiveData.secrets === 'redact';
    warnings.push(
      [
        `> [!CAUTION]`,
        `> **A secret was posted in this issue** (${secrets.map((k) => SENSITIVE_KINDS[k].title).join(', ')}). ${
          redacted ? 'It has been replaced by a marker.' : 'Please edit the issue or comment now and remove it.'
        } Treat it as seen by others:`,
        ...secrets.map((k) => `> - ${SENSITIVE_KINDS[k].advice}`),
        `>`,
        `> **Maintainers:** GitHub keeps the earlier version of an edited issue or comment. Open its "edited" menu, pick the revision that holds the secret and choose *Delete revision from history*.`,
      ].join('\n'),
    );
  }
  if (personal.length > 0) {
    warnings.push(
      [
        `> [!NOTE]`,
        `> Personal data may have been posted here (${personal.map((k) => SENSITIVE_KINDS[k].title).join(', ')}). This issue is public.`,
        ...personal.map((k) => `> - ${SENSITIVE_KINDS[k].advice}`),
      ].join('\n'),
    );
  }
  return warnings;
}
