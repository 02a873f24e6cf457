import type { State } from '../state/states.js';

/** Hidden marker that identifies the bot's one status comment on an issue. */
export const STATUS_MARKER = '<!-- recovery-triage:status -->';
const DATA_PREFIX = '<!-- recovery-triage:data ';
const DATA_SUFFIX = ' -->';
/** Enough to recognise redeliveries; older keys are dropped so the comment stays small. */
const MAX_HANDLED_KEYS = 200;
/** GitHub caps a comment at 65,536 characters: the history is bounded in entries and length. */
const MAX_HISTORY = 40;
const MAX_FIELD = { actor: 40, event: 60, reason: 160 } as const;

export interface HistoryEntry {
  /** ISO time taken from the webhook payload, so a redelivery renders the same text. */
  at: string;
  actor: string;
  /** What caused it: "opened", "edited", "/recovery start", "label set by hand", ... */
  event: string;
  from: State | null;
  to: State;
  reason: string;
}

/** Facts the bot keeps between events, stored invisibly in its status comment. */
export interface StatusData {
  version: 1;
  history: HistoryEntry[];
  /** Comment deliveries already acted on: `<comment id>:<body hash>`. */
  handled: string[];
  /** Complete requests ahead of this one when it entered triage. */
  queueAhead: number | null;
  /** When a timer reminder was posted for the current state, if it was. */
  remindedAt: string | null;
  /** Notes for maintainers from checks that ran once (duplicates, account check). */
  notes: string[];
  /** Sensitive-data kinds seen so far (never their values). */
  sensitive: string[];
  /** Last verdict of the optional account check, for the username it was made for. */
  account: AccountRecord | null;
}

export interface AccountRecord {
  username: string;
  verdict: 'exists' | 'missing' | 'renamed';
  /** The spelling the platform uses, when it redirected to another one. */
  canonical: string | null;
  /** When the verdict was reached (the event's time). */
  at: string;
}

/** A history entry cut to the stored lengths, so what is rendered now is what is read back later. */
export function historyEntry(entry: HistoryEntry): HistoryEntry {
  return {
    ...entry,
    actor: entry.actor.slice(0, MAX_FIELD.actor),
    event: entry.event.slice(0, MAX_FIELD.event),
    reason: entry.reason.slice(0, MAX_FIELD.reason),
  };
}

export function emptyStatusData(): StatusData {
  return {
    version: 1,
    history: [],
    handled: [],
    queueAhead: null,
    remindedAt: null,
    notes: [],
    sensitive: [],
    account: null,
  };
}

export function isStatusComment(body: string | null | undefined): boolean {
  return typeof body === 'string' && body.includes(STATUS_MARKER);
}

/** The bot's status comment among an issue's comments: a bot's comment carrying the marker. */
export function statusCommentIn(
  comments: readonly { id: number; body?: string | null; user: { type?: string } | null }[],
): { id: number; body: string } | null {
  const mine = comments.find((c) => c.user?.type === 'Bot' && isStatusComment(c.body));
  return mine ? { id: mine.id, body: mine.body ?? '' } : null;
}

export function encodeStatusData(data: StatusData): string {
  const trimmed: StatusData = {
    ...data,
    history: data.history.slice(-MAX_HISTORY),
    handled: data.handled.slice(-MAX_HANDLED_KEYS),
  };
  return `${DATA_PREFIX}${Buffer.from(JSON.stringify(trimmed), 'utf8').toString('base64')}${DATA_SUFFIX}`;
}

/** Reads the data block; a missing or damaged block gives fresh data instead of failing. */
export function decodeStatusData(body: string | null | undefined): StatusData {
  if (!body) return emptyStatusData();
  const start = body.indexOf(DATA_PREFIX);
  if (start < 0) return emptyStatusData();
  const end = body.indexOf(DATA_SUFFIX, start + DATA_PREFIX.length);
  if (end < 0) return emptyStatusData();
  try {
    const json: unknown = JSON.parse(Buffer.from(body.slice(start + DATA_PREFIX.length, end), 'base64').toString('utf8'));
    return { ...emptyStatusData(), ...pickKnown(json) };
  } catch {
    return emptyStatusData();
  }
}

function pickKnown(json: unknown): Partial<StatusData> {
  if (typeof json !== 'object' || json === null) return {};
  const o = json as Record<string, unknown>;
  const strings = (v: unknown): string[] | undefined => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? v : undefined);
  const nullableString = (v: unknown): string | null | undefined => (v === null || typeof v === 'string' ? v : undefined);
  const picked: Partial<StatusData> = {};
  if (Array.isArray(o.history)) picked.history = o.history.filter(isHistoryEntry);
  const handled = strings(o.handled);
  if (handled) picked.handled = handled;
  if (o.queueAhead === null || typeof o.queueAhead === 'number') picked.queueAhead = o.queueAhead;
  const remindedAt = nullableString(o.remindedAt);
  if (remindedAt !== undefined) picked.remindedAt = remindedAt;
  const notes = strings(o.notes);
  if (notes) picked.notes = notes;
  const sensitive = strings(o.sensitive);
  if (sensitive) picked.sensitive = sensitive;
  if (isAccountRecord(o.account)) picked.account = o.account;
  return picked;
}

function isHistoryEntry(v: unknown): v is HistoryEntry {
  if (typeof v !== 'object' || v === null) return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.at === 'string' &&
    typeof e.actor === 'string' &&
    typeof e.event === 'string' &&
    typeof e.to === 'string' &&
    typeof e.reason === 'string'
  );
}

function isAccountRecord(v: unknown): v is AccountRecord {
  if (typeof v !== 'object' || v === null) return false;
  const a = v as Record<string, unknown>;
  return (
    typeof a.username === 'string' &&
    (a.verdict === 'exists' || a.verdict === 'missing' || a.verdict === 'renamed') &&
    (a.canonical === null || typeof a.canonical === 'string') &&
    typeof a.at === 'string'
  );
}
