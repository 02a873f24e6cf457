import type { CheckResult } from '../checks/validate.js';
import type { KindRecord, StatusData } from '../comment/data.js';
import { fillTemplate, type PlaceholderValues } from '../comment/texts.js';
import type { Config, LabelSpec } from '../config/schema.js';
import type { FormTemplate } from '../form/schema.js';
import { isFinal, type State } from '../state/states.js';
import { moveTo } from '../triage/draft.js';
import type { Actor, Draft } from '../triage/request.js';
import { asksForPriority, classify, kindById, reasonText } from './classify.js';
import { labelNameOf, type KindConfig } from './config.js';
import { detectLanguage, languageName } from './language.js';

/** States in which the bot's own recognition may still close a request (no maintainer has taken it). */
const BOT_MAY_REDIRECT: readonly (State | null)[] = [null, 'incomplete', 'triage'];

export interface KindContext {
  config: Config;
  template: FormTemplate;
  check: Pick<CheckResult, 'fields'>;
  body: string | null;
  /** The requester's login (mentioned in the replies). */
  author: string;
  issue: number;
  open: boolean;
  /** The record as the run read it (before this run's commands). */
  before: StatusData;
  /** The bot, at the time of the cause. */
  actor: Actor;
}

/**
 * Kind, language and urgency of a request, decided on every run from the live body and the
 * record: a kind a maintainer set (`/recovery kind`) sticks; otherwise the first kind whose rules
 * match. Labels follow a change of kind or language (added and taken off when it changes, so a
 * label people remove by hand is not forced back). A redirect kind posts its text and closes the
 * request once; a request asking for priority gets the queue policy once.
 */
export function onKinds(draft: Draft, ctx: KindContext): Draft {
  const { config } = ctx;
  const reason = reasonText(ctx.template, ctx.check, ctx.body);
  const current = draft.data.kind ?? null;
  const stuck = current !== null && current.by !== null && kindById(config, current.id) !== null;
  let record: KindRecord;
  if (stuck) record = current;
  else {
    const match = classify(config, ctx.template, ctx.check, ctx.body);
    record =
      current !== null && current.id === match.id && current.by === null && current.rule === match.rule
        ? current
        : { id: match.id, by: null, at: current?.id === match.id ? current.at : ctx.actor.at, rule: match.rule };
  }

  const previousLanguage = ctx.before.language ?? null;
  const guess = config.language.detect ? detectLanguage(reason).code : null;
  // Unsure after an edit: the last confident answer stands.
  const language = config.language.detect ? (guess ?? previousLanguage) : null;

  const add: LabelSpec[] = [];
  const remove: string[] = [];
  const beforeKind = ctx.before.kind ?? null;
  if (beforeKind?.id !== record.id) {
    const wanted = kindLabel(kindById(config, record.id));
    const old = kindLabel(kindById(config, beforeKind?.id));
    if (wanted !== null) add.push(wanted);
    if (old !== null && (wanted === null || old.name.toLowerCase() !== wanted.name.toLowerCase())) remove.push(old.name);
  }
  if (ctx.before.language === undefined || previousLanguage !== language) {
    const wanted = languageLabel(config, language);
    const old = languageLabel(config, previousLanguage);
    if (wanted !== null) add.push(wanted);
    if (old !== null && (wanted === null || old.name.toLowerCase() !== wanted.name.toLowerCase())) remove.push(old.name);
  }

  let next: Draft = {
    ...draft,
    data: { ...draft.data, kind: record, language },
    flags: [...draft.flags, ...add.map((l) => l.name).filter((n) => !draft.flags.includes(n))],
    labelSpecs: [...(draft.labelSpecs ?? []), ...add],
    unlabel: [...(draft.unlabel ?? []), ...remove],
  };

  const kind = kindById(config, record.id);
  const values = placeholderValues(config, ctx.author, ctx.issue, language);
  const open = ctx.open && (next.state === null || !isFinal(next.state));
  if (kind !== null && kind.action === 'redirect' && open && (next.data.redirected ?? null) === null) {
    if (stuck || BOT_MAY_REDIRECT.includes(next.state)) {
      const text = fillTemplate(kindText(config, kind, language), values);
      const why = stuck ? `kind ${kind.id} set by ${record.by}` : `kind ${kind.id}: belongs elsewhere`;
      next = moveTo(next, 'denied', ctx.actor, `kind ${kind.id}`, why, 'close-not-planned');
      next = {
        ...next,
        data: { ...next.data, redirected: kind.id },
        replies: [...next.replies, { key: `redirect-${kind.id}`, body: `@${ctx.author} ${text}` }],
      };
      return next;
    }
  }

  const policy = config.urgency.text === null ? null : (requesterText(config, language, 'urgency') ?? config.urgency.text);
  if (policy !== null && open && (next.data.urgency ?? null) === null && asksForPriority(config, reason)) {
    next = {
      ...next,
      data: { ...next.data, urgency: ctx.actor.at },
      replies: [...next.replies, { key: 'urgency', body: `@${ctx.author} ${fillTemplate(policy, values)}` }],
    };
  }
  return next;
}

export function kindLabel(kind: KindConfig | null): LabelSpec | null {
  if (kind === null) return null;
  const name = labelNameOf(kind.label);
  if (name === null) return null;
  return typeof kind.label === 'string'
    ? { name, color: 'd4c5f9', description: `Kind of request: ${kind.id}`.slice(0, 100) }
    : { name, color: kind.label?.color ?? 'd4c5f9', description: kind.label?.description ?? '' };
}

/** The label of a request in `code`; none for the team's language, for unsure detection, or with labels off. */
export function languageLabel(config: Config, code: string | null): LabelSpec | null {
  const spec = config.language.label;
  if (code === null || code === config.language.team || spec === null) return null;
  return { name: spec.name.split('{code}').join(code), color: spec.color, description: spec.description };
}

/** A requester-facing text in the request's language, when the team wrote one. */
function requesterText(config: Config, language: string | null, key: 'note' | 'urgency'): string | null {
  if (language === null || !Object.hasOwn(config.language.texts, language)) return null;
  return config.language.texts[language][key] ?? null;
}

/** The next steps of `kind`, in the request's language when the team wrote them. */
export function kindText(config: Config, kind: KindConfig, language: string | null): string {
  if (language !== null && Object.hasOwn(config.language.texts, language)) {
    const byKind = config.language.texts[language].kinds;
    if (byKind !== undefined && Object.hasOwn(byKind, kind.id)) return byKind[kind.id];
  }
  return kind.nextSteps;
}

export function placeholderValues(
  config: Config,
  requester: string | null,
  issue: number | null,
  language: string | null,
): PlaceholderValues {
  const translated = language !== null && Object.hasOwn(config.language.texts, language);
  return {
    requester,
    issue,
    platform: config.username.platform,
    supportContact: config.contacts.support,
    privateContact: config.contacts.private,
    language: language === null ? null : languageName(language, translated ? language : 'en'),
    teamLanguage: languageName(config.language.team, translated && language !== null ? language : 'en'),
  };
}

/** What the status comment shows of the kind and language. */
export interface KindView {
  /** For the requester: the kind's next steps and the language note (safe Markdown). */
  requester: string[];
  /** For maintainers: one line each (safe Markdown). */
  maintainers: string[];
}

const RULE_TEXT: Record<NonNullable<KindRecord['rule']>, string> = {
  answer: 'from a form answer',
  words: 'from words in the reason',
  pattern: 'from a pattern in the reason',
  default: 'no rule matched: the default kind',
};

export function kindView(config: Config, data: StatusData, state: State | null, requester: string | null, issue: number | null): KindView {
  const view: KindView = { requester: [], maintainers: [] };
  const record = data.kind ?? null;
  const language = data.language ?? null;
  const kind = kindById(config, record?.id);
  const values = placeholderValues(config, requester, issue, language);
  const waiting = state === null || state === 'incomplete' || state === 'triage';
  if (kind !== null && waiting && kind.action !== 'redirect') {
    const text = fillTemplate(kindText(config, kind, language), values).trim();
    if (text !== '') view.requester.push(text);
  }
  const foreign = language !== null && language !== config.language.team;
  if (foreign && (state === null || !isFinal(state))) {
    const note = requesterText(config, language, 'note') ?? config.language.note;
    if (note !== null && note.trim() !== '') view.requester.push(fillTemplate(note, values).trim());
  }
  if (kind !== null && record !== null) {
    const how = record.by !== null ? `set with \`/recovery kind\` by ${safeLogin(record.by)}` : RULE_TEXT[record.rule ?? 'default'];
    view.maintainers.push(`Kind: \`${kind.id}\` (${how}); \`/recovery kind <id>\` corrects it.`);
  }
  if (config.language.detect) {
    view.maintainers.push(
      language === null
        ? 'Language: not detected with confidence.'
        : `Language: ${languageName(language)} (\`${language}\`)${foreign ? '' : ", the team's language"}.`,
    );
  }
  return view;
}

/** A login as plain text: the characters GitHub allows, never a mention. */
function safeLogin(login: string): string {
  return `\`${login.replace(/[^A-Za-z0-9-[\]]/g, '').slice(0, 40)}\``;
}
