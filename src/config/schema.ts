import { z } from 'zod';
import { STATES, type State } from '../state/states.js';

const hexColour = z.string().regex(/^[0-9a-fA-F]{6}$/, 'must be a 6-digit hex colour without #');

/** A label whose every key has a default, so a config may change only its name or colour. */
function label(name: string, color: string, description: string) {
  return z
    .object({
      name: z.string().min(1).max(50).default(name),
      color: hexColour.default(color),
      description: z.string().max(100).default(description),
    })
    .strict()
    .prefault({});
}
export type LabelSpec = { name: string; color: string; description: string };

const stateLabels = z
  .object({
    incomplete: label('recovery: incomplete', 'fbca04', 'Waiting for the requester to complete the form'),
    triage: label('recovery: triage', '0e8a16', 'Complete; waiting for a maintainer'),
    'awaiting-requester': label('recovery: awaiting-requester', 'c5def5', 'Waiting for the requester to reply'),
    verifying: label('recovery: verifying', '1d76db', 'A maintainer is verifying the requester'),
    completed: label('recovery: completed', '5319e7', 'Access restored'),
    denied: label('recovery: denied', 'b60205', 'Refused or not a recovery case'),
    duplicate: label('recovery: duplicate', 'cfd3d7', 'Another request covers the same account'),
  })
  .strict()
  .prefault({});

const flagLabels = z
  .object({
    'sensitive-data': label('recovery: sensitive-data', 'd93f0b', 'Secrets or personal data were posted'),
    'possible-duplicate': label('recovery: possible-duplicate', 'fef2c0', 'Another open request names the same account'),
  })
  .strict()
  .prefault({});

function compilesAsCharacterClass(value: string): boolean {
  try {
    new RegExp(`^[${value}]$`, 'u');
    return true;
  } catch {
    return false;
  }
}

export const PERMISSION_LEVELS = ['read', 'triage', 'write', 'maintain', 'admin'] as const;
export type PermissionLevel = (typeof PERMISSION_LEVELS)[number];

const usernameSchema = z
  .object({
    /** Form field id (or label slug) that holds the account name. */
    field: z.string().min(1).default('username'),
    /** Name of the platform, used in messages ("PyPI usernames are not e-mail addresses"). */
    platform: z.string().min(1).default('PyPI'),
    /** Characters allowed anywhere in the name. */
    allowedCharacters: z
      .string()
      .min(1)
      .refine(compilesAsCharacterClass, 'must be the inside of a regular-expression character class, like A-Za-z0-9._-')
      .default('A-Za-z0-9._-'),
    /** First and last characters must be letters or digits. */
    alphanumericEnds: z.boolean().default(true),
    maxLength: z.number().int().positive().default(50),
    /** Profile URLs whose last path segment is the username. */
    profileUrlPrefixes: z.array(z.string().url()).default(['https://pypi.org/user/', 'https://test.pypi.org/user/']),
  })
  .strict()
  .prefault({});

/** Days before a reminder, then days after it before closing; null turns a step off. */
function timer(remindAfterDays: number, closeAfterDays: number) {
  return z
    .object({
      remindAfterDays: z.number().positive().nullable().default(remindAfterDays),
      closeAfterDays: z.number().positive().nullable().default(closeAfterDays),
    })
    .strict()
    .prefault({});
}

const defaultReplies = {
  'username-not-found':
    'We could not find an account with that username. Please edit the issue and give any other username you may have used; the username is not your e-mail address or display name.',
  'verification-email-sent':
    'We have sent a verification e-mail to the primary address on the account. Please follow its instructions and reply to it from that address. Nothing from that e-mail belongs in this issue.',
  'write-to-support':
    'Please write to the support address from the e-mail address you want on the account, and mention this issue number. Do not post the address here.',
  'english-please': 'Please write your request in English so that every admin can help you. A short machine translation is fine.',
} as const;

export const configSchema = z
  .object({
    /** Only issues carrying this label are handled. */
    formLabel: z.string().min(1).default('account-recovery'),
    /** Path of the issue form in the target repository; the bundled form is used when absent. */
    form: z.string().min(1).default('.github/ISSUE_TEMPLATE/account-recovery.yml'),
    username: usernameSchema,
    labels: stateLabels,
    flags: flagLabels,
    permissions: z
      .object({ minimum: z.enum(PERMISSION_LEVELS).default('triage') })
      .strict()
      .prefault({}),
    messages: z
      .object({
        verificationStarted: z
          .string()
          .min(1)
          .default(
            'An admin has started verifying this request. We will e-mail the primary address on the account: please answer that e-mail from that address, then leave a short comment here so we know. Never post the code or the e-mail itself here.',
          ),
        /** Replaces the default set; copy the defaults you want to keep. */
        replies: z
          .record(z.string().regex(/^[a-z0-9-]+$/, 'reply names use a-z, 0-9 and -'), z.string().min(1))
          .default({ ...defaultReplies }),
      })
      .strict()
      .prefault({}),
    sensitiveData: z
      .object({
        /** What to do with secrets (tokens, codes, passwords, keys). */
        secrets: z.enum(['redact', 'warn', 'off']).default('redact'),
        /** What to do with personal data (e-mail addresses, identity documents). */
        personalData: z.enum(['redact', 'warn', 'off']).default('warn'),
        /** Detector kinds to turn off, e.g. [email]. */
        disabled: z.array(z.string()).default([]),
      })
      .strict()
      .prefault({}),
    accountCheck: z
      .object({
        /** e.g. https://pypi.org/user/{username}/ ; null turns the check off. */
        urlTemplate: z
          .string()
          .url()
          .refine((u) => u.includes('{username}'), 'must contain {username}')
          .nullable()
          .default(null),
        cacheMinutes: z.number().nonnegative().default(60),
        timeoutMs: z.number().int().positive().default(5000),
      })
      .strict()
      .prefault({}),
    duplicates: z
      .object({
        /** flag: label and link; close: close the newer request as a duplicate. */
        action: z.enum(['flag', 'close', 'off']).default('flag'),
        /** Closed requests younger than this are listed for maintainers. */
        closedWithinDays: z.number().nonnegative().default(180),
      })
      .strict()
      .prefault({}),
    timers: z
      .object({
        incomplete: timer(7, 7),
        'awaiting-requester': timer(7, 7),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Label spec of each state, keyed by state. */
export function stateLabelNames(config: Config): Record<State, string> {
  return Object.fromEntries(STATES.map((s) => [s, config.labels[s].name])) as Record<State, string>;
}
