import { z } from 'zod';
import { STATES, type State } from '../state/states.js';
import { COMMAND_TEXTS, REPLY_TEXT, STATUS_TEXTS, TIMER_TEXTS, TOP_TEXTS, templateProblems, type TextSpec } from '../comment/texts.js';
import { contactsSchema, defaultKindSchema, kindReferences, kindsSchema, languageSchema, urgencySchema } from '../kinds/config.js';

const hexColour = z.string().regex(/^[0-9a-fA-F]{6}$/, 'must be a 6-digit hex colour without #');

/** A finite number between `min` and `max` (both inclusive unless `above` is set for min). */
function bounded(min: number, max: number, unit: string, options: { int?: boolean; above?: boolean } = {}) {
  let schema = z.number({ error: `must be a number of ${unit}` });
  if (options.int) schema = schema.int(`must be a whole number of ${unit}`);
  schema = options.above ? schema.gt(min, `must be more than ${min} ${unit}`) : schema.min(min, `must be at least ${min} ${unit}`);
  return schema.max(max, `must be at most ${max} ${unit}`);
}

/**
 * Upper bounds of every number and size in the config. They keep a mistyped value (an extra
 * zero, days given in milliseconds) from breaking date arithmetic or every later event.
 */
export const CONFIG_BOUNDS = {
  /** Timer steps and the duplicate window, in days. */
  timerDays: 365,
  closedWithinDays: 3650,
  /** Account-check cache: one week, in minutes. */
  cacheMinutes: 7 * 24 * 60,
  timeoutMs: 60_000,
  usernameMaxLength: 256,
  /** GitHub's own limit on label names and descriptions. */
  labelName: 50,
  labelDescription: 100,
  message: 10_000,
  replies: 50,
  commandsPerComment: { default: 10, max: 50 },
  replyLength: { default: 20_000, min: 1_000, max: 60_000 },
  historyRows: { default: 40, max: 100 },
  /** Evidence: projects looked at per account, and how long PyPI answers are reused (30 days). */
  evidenceProjects: { default: 20, max: 30 },
  evidenceCacheHours: 720,
} as const;

/** A label whose every key has a default, so a config may change only its name or colour. */
function label(name: string, color: string, description: string) {
  return z
    .object({
      name: z
        .string()
        .min(1, 'must not be empty')
        .max(CONFIG_BOUNDS.labelName, `must be at most ${CONFIG_BOUNDS.labelName} characters (GitHub's limit)`)
        .default(name),
      color: hexColour.default(color),
      description: z
        .string()
        .max(CONFIG_BOUNDS.labelDescription, `must be at most ${CONFIG_BOUNDS.labelDescription} characters (GitHub's limit)`)
        .default(description),
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
    field: z.string().min(1).max(100).default('username'),
    /** Name of the platform, used in messages ("PyPI usernames are not e-mail addresses"). */
    platform: z.string().min(1).max(50).default('PyPI'),
    /** Characters allowed anywhere in the name. */
    allowedCharacters: z
      .string()
      .min(1)
      .max(200)
      .refine(compilesAsCharacterClass, 'must be the inside of a regular-expression character class, like A-Za-z0-9._-')
      .default('A-Za-z0-9._-'),
    /** First and last characters must be letters or digits. */
    alphanumericEnds: z.boolean().default(true),
    maxLength: bounded(1, CONFIG_BOUNDS.usernameMaxLength, 'characters', { int: true }).default(50),
    /** Profile URLs whose last path segment is the username. */
    profileUrlPrefixes: z.array(z.string().max(500).url()).max(20).default(['https://pypi.org/user/', 'https://test.pypi.org/user/']),
  })
  .strict()
  .prefault({});

/** Days before a reminder, then days after it before closing; null turns a step off. */
function timer(remindAfterDays: number, closeAfterDays: number) {
  return z
    .object({
      remindAfterDays: bounded(0, CONFIG_BOUNDS.timerDays, 'days', { above: true }).nullable().default(remindAfterDays),
      closeAfterDays: bounded(0, CONFIG_BOUNDS.timerDays, 'days', { above: true }).nullable().default(closeAfterDays),
    })
    .strict()
    .prefault({});
}

/**
 * A message template: its placeholders are checked against the text's spec when the config is
 * loaded, so an unknown `{name}` is an error at `messages.<key>`.
 */
function template(spec: TextSpec) {
  return z
    .string()
    .min(1)
    .max(CONFIG_BOUNDS.message, `must be at most ${CONFIG_BOUNDS.message} characters`)
    .superRefine((text, ctx) => {
      for (const message of templateProblems(text, spec)) ctx.addIssue({ code: 'custom', message });
    });
}

/** A group of templates, each key with its default. */
function templates<T extends Record<string, TextSpec>>(specs: T) {
  const shape = Object.fromEntries(Object.entries(specs).map(([key, spec]) => [key, template(spec).default(spec.default)]));
  const group = z.object(shape as { [K in keyof T]: z.ZodDefault<ReturnType<typeof template>> }).strict();
  // Every key has a default: an absent group is `{}` (the generic keeps TypeScript from seeing that).
  return group.prefault({} as z.input<typeof group>);
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
    formLabel: z
      .string()
      .min(1, 'must not be empty')
      .max(CONFIG_BOUNDS.labelName, `must be at most ${CONFIG_BOUNDS.labelName} characters (GitHub's limit)`)
      .default('account-recovery'),
    /** Path of the issue form in the target repository; the bundled form is used when absent. */
    form: z.string().min(1).max(255).default('.github/ISSUE_TEMPLATE/account-recovery.yml'),
    username: usernameSchema,
    labels: stateLabels,
    flags: flagLabels,
    permissions: z
      .object({ minimum: z.enum(PERMISSION_LEVELS).default('triage') })
      .strict()
      .prefault({}),
    /** Every text the requester reads: templates with named placeholders (src/comment/texts.ts). */
    messages: z
      .object({
        verificationStarted: template(TOP_TEXTS.verificationStarted).default(TOP_TEXTS.verificationStarted.default),
        /** Replaces the default set; copy the defaults you want to keep. */
        replies: z
          .record(
            z
              .string()
              .max(50, 'reply names have at most 50 characters')
              .regex(/^[a-z0-9-]+$/, 'reply names use a-z, 0-9 and -'),
            template(REPLY_TEXT),
          )
          .refine((r) => Object.keys(r).length <= CONFIG_BOUNDS.replies, `at most ${CONFIG_BOUNDS.replies} replies`)
          .default({ ...defaultReplies }),
        status: templates(STATUS_TEXTS),
        commands: templates(COMMAND_TEXTS),
        timers: templates(TIMER_TEXTS),
        duplicateClosed: template(TOP_TEXTS.duplicateClosed).default(TOP_TEXTS.duplicateClosed.default),
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
        disabled: z.array(z.string().max(50)).max(50).default([]),
      })
      .strict()
      .prefault({}),
    accountCheck: z
      .object({
        /** e.g. https://pypi.org/user/{username}/ ; null turns the check off. */
        urlTemplate: z
          .string()
          .max(500)
          .url()
          .refine((u) => u.includes('{username}'), 'must contain {username}')
          .nullable()
          .default(null),
        cacheMinutes: bounded(0, CONFIG_BOUNDS.cacheMinutes, 'minutes').default(60),
        timeoutMs: bounded(1, CONFIG_BOUNDS.timeoutMs, 'milliseconds', { int: true }).default(5000),
      })
      .strict()
      .prefault({}),
    /** Public evidence for maintainers: the account's PyPI projects, their repositories and owner ids (docs/evidence.md). */
    evidence: z
      .object({
        enabled: z.boolean().default(false),
        /** PyPI or TestPyPI (https://test.pypi.org): its JSON API, XML-RPC and pages. */
        baseUrl: z
          .string()
          .max(200)
          .url()
          .refine((u) => /^https?:\/\/[^/?#]+\/?$/.test(u), 'must be a site root such as https://pypi.org')
          .default('https://pypi.org'),
        maxProjects: bounded(1, CONFIG_BOUNDS.evidenceProjects.max, 'projects', { int: true }).default(
          CONFIG_BOUNDS.evidenceProjects.default,
        ),
        timeoutMs: bounded(1, CONFIG_BOUNDS.timeoutMs, 'milliseconds', { int: true }).default(5000),
        /** PyPI answers are reused, and the evidence refreshed by the sweep, after this many hours. */
        cacheHours: bounded(0, CONFIG_BOUNDS.evidenceCacheHours, 'hours').default(24),
        /** false: gather nothing public into the status comment (the section is left out). */
        show: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    duplicates: z
      .object({
        /** flag: label and link; close: close the newer request as a duplicate. */
        action: z.enum(['flag', 'close', 'off']).default('flag'),
        /** Closed requests younger than this are listed for maintainers. */
        closedWithinDays: bounded(0, CONFIG_BOUNDS.closedWithinDays, 'days').default(180),
      })
      .strict()
      .prefault({}),
    timers: z
      .object({
        /** Requests carrying one of these labels are never reminded or closed by the timers. */
        exemptLabels: z.array(z.string().min(1).max(50)).max(20).default([]),
        incomplete: timer(7, 7),
        'awaiting-requester': timer(7, 7),
      })
      .strict()
      .prefault({}),
    /** Who handles a request: `/recovery claim` assigns; `start` claims an unclaimed request. */
    claims: z
      .object({
        /** `/recovery start` assigns whoever starts verification when nobody has claimed the request. */
        assignOnStart: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** Caps on what one comment can make the bot do or write. */
    limits: z
      .object({
        /** Commands run from one comment; the rest get one line saying they were ignored. */
        commandsPerComment: bounded(1, CONFIG_BOUNDS.commandsPerComment.max, 'commands', { int: true }).default(
          CONFIG_BOUNDS.commandsPerComment.default,
        ),
        /** Characters of one reply the bot posts; longer replies are cut on a line with a note. */
        replyLength: bounded(CONFIG_BOUNDS.replyLength.min, CONFIG_BOUNDS.replyLength.max, 'characters', { int: true }).default(
          CONFIG_BOUNDS.replyLength.default,
        ),
        /** History rows shown in the status comment; older ones are summarised in one line. */
        historyRows: bounded(1, CONFIG_BOUNDS.historyRows.max, 'rows', { int: true }).default(CONFIG_BOUNDS.historyRows.default),
      })
      .strict()
      .prefault({}),
    /** What each request is about, in order of recognition (src/kinds, docs/config.md). */
    kinds: kindsSchema,
    /** The kind of a request no kind's rules match. */
    defaultKind: defaultKindSchema,
    /** Where the texts of kinds send people: `{supportContact}`, `{privateContact}`. */
    contacts: contactsSchema,
    /** The language of the reason: a label and a note when it is not the team's. */
    language: languageSchema,
    /** Requests asking for priority get the queue policy, once. */
    urgency: urgencySchema,
  })
  .strict()
  .superRefine(uniqueLabelNames)
  .superRefine(kindReferences);

/**
 * Every state and flag label needs its own name, and none may be the form label: two states
 * sharing a label cannot be told apart, and moving away from a state named like the form label
 * would strip the form label and end the request. GitHub compares label names without case.
 */
function uniqueLabelNames(config: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (typeof config !== 'object' || config === null) return;
  const root = config as Record<string, unknown>;
  const seen = new Map<string, string>();
  const formLabel = typeof root.formLabel === 'string' ? root.formLabel.trim().toLowerCase() : null;
  for (const section of ['labels', 'flags'] as const) {
    const labels = root[section];
    if (typeof labels !== 'object' || labels === null) continue;
    for (const [key, spec] of Object.entries(labels as Record<string, unknown>)) {
      if (typeof spec !== 'object' || spec === null) continue;
      const name = (spec as Record<string, unknown>).name;
      if (typeof name !== 'string') continue;
      const folded = name.trim().toLowerCase();
      const where = `${section}.${key}.name`;
      if (formLabel !== null && folded === formLabel) {
        ctx.addIssue({ code: 'custom', path: [section, key, 'name'], message: 'must differ from formLabel' });
      }
      const first = seen.get(folded);
      if (first === undefined) seen.set(folded, where);
      else
        ctx.addIssue({
          code: 'custom',
          path: [section, key, 'name'],
          message: `is already the name of ${first}; every label needs its own name`,
        });
    }
  }
}

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/** Label spec of each state, keyed by state. */
export function stateLabelNames(config: Config): Record<State, string> {
  return Object.fromEntries(STATES.map((s) => [s, config.labels[s].name])) as Record<State, string>;
}
