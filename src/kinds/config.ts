import { z } from 'zod';
import { templateProblems, type TextSpec } from '../comment/texts.js';
import { DEFAULT_CONTACTS, DEFAULT_KIND, DEFAULT_KINDS, DEFAULT_URGENCY_WORDS } from './defaults.js';
import { patternProblem, wordRegExp } from './fold.js';
import { KIND_TEXT, LANGUAGE_NOTE, URGENCY_TEXT } from './texts.js';

/**
 * The config of kinds, language and urgency (docs/config.md): zod schemas that
 * src/config/schema.ts puts under `kinds`, `defaultKind`, `contacts`, `language` and `urgency`,
 * and the checks across keys (ids that must exist), located by key path.
 */

const MAX_MESSAGE = 10_000;
export const MAX_KINDS = 30;

/** Written like a state: lower case letters, digits and -. */
export const KIND_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const kindId = z.string().regex(KIND_ID, 'kind ids use a-z, 0-9 and - (at most 40 characters, not starting with -)');
/** ISO 639-1: two lower-case letters. */
const languageCode = z.string().regex(/^[a-z]{2}$/, 'must be a two-letter ISO 639-1 language code, like en or pt');

function template(spec: TextSpec) {
  return z
    .string()
    .max(MAX_MESSAGE, `must be at most ${MAX_MESSAGE} characters`)
    .superRefine((text, ctx) => {
      for (const message of templateProblems(text, spec)) ctx.addIssue({ code: 'custom', message });
    });
}

const word = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .refine((w) => wordRegExp(w) !== null, 'must hold at least one letter or digit');
const pattern = z
  .string()
  .min(1, 'must not be empty')
  .max(300, 'must be at most 300 characters')
  .superRefine((p, ctx) => {
    const problem = patternProblem(p);
    if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
  });
const hexColour = z.string().regex(/^[0-9a-fA-F]{6}$/, 'must be a 6-digit hex colour without #');
const labelName = z.string().min(1, 'must not be empty').max(50, "must be at most 50 characters (GitHub's limit)");
const labelDescription = z.string().max(100, "must be at most 100 characters (GitHub's limit)");

const kindLabel = z.union([
  labelName,
  z.object({ name: labelName, color: hexColour.default('d4c5f9'), description: labelDescription.default('') }).strict(),
]);

const matchSchema = z
  .object({
    /** Form answers: field key → values; a dropdown or a ticked checkbox with one of them matches. */
    answers: z
      .record(z.string().min(1).max(100), z.array(z.string().min(1).max(500)).min(1).max(50))
      .refine((r) => Object.keys(r).length <= 20, 'at most 20 fields')
      .default({}),
    /** Words or phrases in the reason; a final * matches any ending. */
    words: z.array(word).max(300).default([]),
    /** Regular expressions over the folded reason (lower case, accents removed). */
    patterns: z.array(pattern).max(50).default([]),
  })
  .strict()
  .prefault({});

export const kindSchema = z
  .object({
    id: kindId,
    /** Label added while the request is of this kind; none when absent. */
    label: kindLabel.nullable().default(null),
    match: matchSchema,
    nextSteps: template(KIND_TEXT).default(''),
    /** `redirect`: post nextSteps and close as not planned (the request belongs elsewhere). */
    action: z.enum(['none', 'redirect']).default('none'),
  })
  .strict()
  .superRefine((kind, ctx) => {
    if (kind.action === 'redirect' && kind.nextSteps.trim() === '')
      ctx.addIssue({ code: 'custom', path: ['nextSteps'], message: 'a redirect kind needs the text it posts' });
  });

export type KindConfig = z.infer<typeof kindSchema>;
export type KindLabel = KindConfig['label'];

function defaultKinds(): z.input<typeof kindSchema>[] {
  return DEFAULT_KINDS.map((k) => ({
    id: k.id,
    label: k.label,
    match: { answers: { ...(k.match.answers ?? {}) }, words: [...(k.match.words ?? [])], patterns: [...(k.match.patterns ?? [])] },
    nextSteps: k.nextSteps,
    action: k.action ?? 'none',
  }));
}

export const kindsSchema = z
  .array(kindSchema)
  .max(MAX_KINDS, `at most ${MAX_KINDS} kinds`)
  .default(() => defaultKinds().map((k) => kindSchema.parse(k)));

export const defaultKindSchema = kindId.default(DEFAULT_KIND);

export const contactsSchema = z
  .object({
    /** Where requesters write about the account's e-mail address: `{supportContact}`. */
    support: z.string().min(1).max(200).default(DEFAULT_CONTACTS.support),
    /** The private channel for cases not discussed in public: `{privateContact}`. */
    private: z.string().min(1).max(200).default(DEFAULT_CONTACTS.private),
  })
  .strict()
  .prefault({});

const languageTexts = z
  .object({
    note: template(LANGUAGE_NOTE).optional(),
    urgency: template(URGENCY_TEXT).optional(),
    kinds: z.record(z.string().max(40), template(KIND_TEXT)).optional(),
  })
  .strict();

export const languageSchema = z
  .object({
    /** Detect the language of the reason; false turns labels and notes off. */
    detect: z.boolean().default(true),
    /** The language the team works in. */
    team: languageCode.default('en'),
    /** Label of a request in another language; {code} is the language's code. null: no label. */
    label: z
      .object({
        name: labelName.refine((n) => n.includes('{code}'), 'must contain {code}').default('language: {code}'),
        color: hexColour.default('bfdadc'),
        description: labelDescription.default('The request is written in this language'),
      })
      .strict()
      .nullable()
      .default({ name: 'language: {code}', color: 'bfdadc', description: 'The request is written in this language' }),
    /** Shown in the status comment of a request in another language; null: no note. */
    note: template(LANGUAGE_NOTE).nullable().default(LANGUAGE_NOTE.default),
    /** The team's translations of the requester's notes, by language code. */
    texts: z
      .record(languageCode, languageTexts)
      .refine((r) => Object.keys(r).length <= 50, 'at most 50 languages')
      .default({}),
  })
  .strict()
  .prefault({});

export const urgencySchema = z
  .object({
    words: z
      .array(word)
      .max(300)
      .default([...DEFAULT_URGENCY_WORDS]),
    patterns: z.array(pattern).max(50).default([]),
    /** The queue policy, posted once; null turns the answer off. */
    text: template(URGENCY_TEXT).nullable().default(URGENCY_TEXT.default),
  })
  .strict()
  .prefault({});

/**
 * Checks across keys: kind ids are unique, `defaultKind` and the ids under
 * `language.texts.<code>.kinds` name a kind, kind labels differ from each other and from the
 * state and flag labels. Each problem names its key.
 */
export function kindReferences(config: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (typeof config !== 'object' || config === null) return;
  const root = config as Record<string, unknown>;
  const kinds = Array.isArray(root.kinds) ? (root.kinds as unknown[]) : [];
  const ids = new Map<string, number>();
  kinds.forEach((kind, i) => {
    const id = (kind as { id?: unknown } | null)?.id;
    if (typeof id !== 'string') return;
    if (ids.has(id)) ctx.addIssue({ code: 'custom', path: ['kinds', i, 'id'], message: `is already the id of kinds.${ids.get(id)}` });
    else ids.set(id, i);
  });
  const known = () => (ids.size === 0 ? 'no kinds are configured' : `the kinds are ${[...ids.keys()].join(', ')}`);
  if (typeof root.defaultKind === 'string' && !ids.has(root.defaultKind)) {
    ctx.addIssue({ code: 'custom', path: ['defaultKind'], message: `names no kind; ${known()}` });
  }
  const texts = (root.language as { texts?: unknown } | undefined)?.texts;
  if (typeof texts === 'object' && texts !== null) {
    for (const [code, entry] of Object.entries(texts as Record<string, unknown>)) {
      const byKind = (entry as { kinds?: unknown } | null)?.kinds;
      if (typeof byKind !== 'object' || byKind === null) continue;
      for (const id of Object.keys(byKind)) {
        if (!ids.has(id))
          ctx.addIssue({ code: 'custom', path: ['language', 'texts', code, 'kinds', id], message: `names no kind; ${known()}` });
      }
    }
  }
  // Kind labels: each its own name, none a state or flag label (GitHub compares without case).
  const taken = new Map<string, string>();
  for (const section of ['labels', 'flags'] as const) {
    const labels = root[section];
    if (typeof labels !== 'object' || labels === null) continue;
    for (const [key, spec] of Object.entries(labels as Record<string, unknown>)) {
      const name = (spec as { name?: unknown } | null)?.name;
      if (typeof name === 'string') taken.set(name.trim().toLowerCase(), `${section}.${key}.name`);
    }
  }
  if (typeof root.formLabel === 'string') taken.set(root.formLabel.trim().toLowerCase(), 'formLabel');
  kinds.forEach((kind, i) => {
    const name = labelNameOf((kind as { label?: KindLabel } | null)?.label ?? null);
    if (name === null) return;
    const folded = name.trim().toLowerCase();
    const first = taken.get(folded);
    const path = typeof (kind as { label?: unknown }).label === 'string' ? ['kinds', i, 'label'] : ['kinds', i, 'label', 'name'];
    if (first !== undefined)
      ctx.addIssue({ code: 'custom', path, message: `is already the name of ${first}; every label needs its own name` });
    else taken.set(folded, `kinds.${i}.label`);
  });
}

export function labelNameOf(label: KindLabel | undefined): string | null {
  if (label === null || label === undefined) return null;
  return typeof label === 'string' ? label : label.name;
}
