import type { AccountRecord } from '../comment/data.js';
import type { Config } from '../config/schema.js';
import type { FormTemplate } from '../form/schema.js';
import { usernameFieldOf, type CheckResult } from './validate.js';

/** What the platform answered about a profile URL; `null` status: no answer (timeout, network). */
export interface AccountAnswer {
  status: number | null;
  location: string | null;
}

export type AccountVerdict = Pick<AccountRecord, 'verdict' | 'canonical'>;

export function accountUrl(urlTemplate: string, username: string): string {
  return urlTemplate.replace('{username}', encodeURIComponent(username));
}

/**
 * 200: the account exists; 404: it does not; a redirect to the profile of another spelling:
 * it exists under that name. Anything else (timeouts, server errors) gives no verdict, so a
 * flaky platform never blocks a request.
 */
export function verdictOf(answer: AccountAnswer, urlTemplate: string, username: string): AccountVerdict | null {
  if (answer.status === 200) return { verdict: 'exists', canonical: null };
  if (answer.status === 404) return { verdict: 'missing', canonical: null };
  const redirect = answer.status !== null && answer.status >= 300 && answer.status < 400;
  if (!redirect || !answer.location) return null;
  const canonical = usernameFromUrl(new URL(answer.location, accountUrl(urlTemplate, username)).href, urlTemplate);
  if (canonical === null) return null;
  return canonical === username ? { verdict: 'exists', canonical: null } : { verdict: 'renamed', canonical };
}

function usernameFromUrl(url: string, urlTemplate: string): string | null {
  const [prefix, suffix = ''] = urlTemplate.split('{username}');
  if (!url.startsWith(prefix ?? '')) return null;
  const rest = url.slice((prefix ?? '').length);
  const name = suffix && rest.endsWith(suffix) ? rest.slice(0, rest.length - suffix.length) : rest.replace(/\/$/, '');
  if (name === '' || name.includes('/')) return null;
  try {
    return decodeURIComponent(name);
  } catch {
    return null;
  }
}

/** A new look-up is due when the username changed or the last verdict is older than the cache time. */
export function accountCheckDue(record: AccountRecord | null, username: string, now: string, cacheMinutes: number): boolean {
  if (!record || record.username.toLowerCase() !== username.toLowerCase()) return true;
  return Date.parse(now) - Date.parse(record.at) > cacheMinutes * 60_000;
}

/** The form's checks with the account verdict applied: a missing account is one more problem. */
export function withAccount(check: CheckResult, record: AccountRecord | null, config: Config, template: FormTemplate): CheckResult {
  if (!record || !check.username || record.username.toLowerCase() !== check.username.toLowerCase()) return check;
  const field = usernameFieldOf(template, config.username) ?? config.username.field;
  if (record.verdict === 'renamed' && record.canonical) {
    // The form's own key and the stable key (`username.field`) both carry the platform's spelling.
    return {
      ...check,
      username: record.canonical,
      fields: { ...check.fields, [field]: record.canonical, [config.username.field]: record.canonical },
    };
  }
  if (record.verdict !== 'missing') return check;
  const message = `There is no ${config.username.platform} account with the username "${check.username}". Edit the issue and give another username you may have used: the account's username, not your e-mail address or display name.`;
  return { ...check, valid: false, problems: [...check.problems, { field, code: 'not-found', message }] };
}
