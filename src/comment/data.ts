import { createHash } from 'node:crypto';
import { z } from 'zod';
import { evidenceSchema, type EvidenceRecord } from '../evidence/types.js';
import { STATES, type State } from '../state/states.js';

/** Hidden marker that identifies the bot's one status comment on an issue. */
export const STATUS_MARKER = '<!-- recovery-triage:status -->';
const DATA_PREFIX = '<!-- recovery-triage:data ';
const DATA_SUFFIX = ' -->';
/** Marker that ties a reply to what caused it, so a reply owed is posted exactly once. */
const REPLY_PREFIX = '<!-- recovery-triage:reply ';
/** GitHub caps a comment at 65,536 characters: the stored history is bounded in entries and length. */
export const MAX_STORED_HISTORY = 100;
/**
 * Comments whose commands are remembered (as short digests), so an edit runs only the commands
 * it adds. Older ones are summed up by `ranFloor`: an edit of a comment at or below it runs
 * nothing, so a command is never run twice however many comments came before.
 */
export const MAX_RAN_COMMENTS = 400;
const MAX_RAN_PER_COMMENT = 50;
/** How many comments the `ran` map held before digests and the floor (version 2 data up to 0.x). */
const LEGACY_RAN_COMMENTS = 50;
const DIGEST = /^[0-9a-f]{6}$/;
const MAX_FIELD = { actor: 40, event: 60, reason: 160 } as const;
const MAX_NOTES = 20;
const MAX_NOTE = 600;

export interface HistoryEntry {
  /** ISO time of what caused it (the comment, the label event, the edit). */
  at: string;
  actor: string;
  /** What caused it: "opened", "edited", "/recovery start", "label set by hand", ... */
  event: string;
  from: State | null;
  to: State;
  reason: string;
  /** The person's comment that caused it (a command), so the status comment can link to it. */
  comment?: number;
  /** The request this one duplicates, when it moved to duplicate. */
  original?: number;
}

export interface AccountRecord {
  username: string;
  verdict: 'exists' | 'missing' | 'renamed';
  /** The spelling the platform uses, when it redirected to another one. */
  canonical: string | null;
  /** When the verdict was reached. */
  at: string;
}

/** How far the bot has read the request: everything up to here has been acted on. */
export interface Cursor {
  /** Highest comment id acted on (comments are numbered in creation order). */
  comment: number;
  /** Highest issue event id acted on (labels, closes and reopens by people). */
  event: number;
  /** Latest comment update acted on, so edits made after it are read again. */
  seenAt: string | null;
}

/** Facts the bot keeps between runs, stored invisibly in its status comment. */
export interface StatusData {
  version: 2;
  history: HistoryEntry[];
  /** Entries ever recorded (older ones are dropped from `history`). */
  historyTotal: number;
  cursor: Cursor;
  /** Commands already run, per comment id (digests of the whitespace-normalised lines, see ranDigest), for edits. */
  ran: Record<string, string[]>;
  /** Comments up to this id whose commands are not in `ran` any more are taken as fully run. */
  ranFloor: number;
  /** Complete requests ahead of this one, as last counted. */
  queueAhead: number | null;
  /** When a timer reminder was posted for the current state, if it was. */
  remindedAt: string | null;
  /** Notes for maintainers from checks that ran once (duplicates, account check). */
  notes: string[];
  /** Sensitive-data kinds seen so far (never their values). */
  sensitive: string[];
  /** Last verdict of the optional account check, for the username it was made for. */
  account: AccountRecord | null;
  /** The maintainer who claimed the request, if any. */
  claimedBy: string | null;
  /** Digest of the body as last read (redactions applied), so an edit is noticed. */
  bodyHash: string | null;
  /** When the requester last edited an incomplete request: its timer runs from there. */
  timerSince: string | null;
  /** Public evidence about the account, as last gathered (bounded; docs/evidence.md). */
  evidence: EvidenceRecord | null;
  /** The request's kind (src/kinds); `by` is the maintainer who set it, which makes it stick. */
  kind?: KindRecord | null;
  /** The reason's language (ISO 639-1) as last detected; null when unsure. */
  language?: string | null;
  /** When the queue policy was owed to a request asking for priority (posted once). */
  urgency?: string | null;
  /** The redirect kind whose text was posted and the issue closed (done once). */
  redirected?: string | null;
}

export interface KindRecord {
  id: string;
  /** Login of the maintainer who set it with `/recovery kind`; null when recognised by the bot. */
  by: string | null;
  at: string;
  /** How the bot recognised it (src/kinds/classify.ts); absent for a maintainer's choice. */
  rule?: 'answer' | 'words' | 'pattern' | 'default';
}

/**
 * The entry that put the request in `state` last: the move into it, or a later command that kept
 * it there (a second `/recovery ask`). Undefined when the history kept none.
 */
export function causeOf(data: StatusData, state: State | null): HistoryEntry | undefined {
  if (state === null) return undefined;
  for (let i = data.history.length - 1; i >= 0; i--) {
    const entry = data.history[i];
    if (entry.to !== state) return undefined;
    if (entry.from !== state || entry.comment !== undefined) return entry;
  }
  return undefined;
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
    version: 2,
    history: [],
    historyTotal: 0,
    cursor: { comment: 0, event: 0, seenAt: null },
    ran: {},
    ranFloor: 0,
    queueAhead: null,
    remindedAt: null,
    notes: [],
    sensitive: [],
    account: null,
    claimedBy: null,
    bodyHash: null,
    timerSince: null,
    evidence: null,
  };
}

export function isStatusComment(body: string | null | undefined): boolean {
  return typeof body === 'string' && body.includes(STATUS_MARKER);
}

/** The reply marker for a cause key; the key is hashed so user text never reaches it. */
export function replyMarker(key: string): string {
  return `${REPLY_PREFIX}${key} -->`;
}

/** Reply keys found in a comment body written by the bot. */
export function replyKeysIn(body: string | null | undefined): string[] {
  if (!body) return [];
  const keys: string[] = [];
  let at = body.indexOf(REPLY_PREFIX);
  while (at >= 0) {
    const end = body.indexOf(DATA_SUFFIX, at + REPLY_PREFIX.length);
    if (end < 0) break;
    keys.push(body.slice(at + REPLY_PREFIX.length, end));
    at = body.indexOf(REPLY_PREFIX, end);
  }
  return keys;
}

/** What `ran` keeps of a command line: a short digest (a command in one comment is told apart from the others). */
export function ranDigest(commandKey: string): string {
  return DIGEST.test(commandKey) ? commandKey : createHash('sha256').update(commandKey).digest('hex').slice(0, 6);
}

/**
 * The newest MAX_RAN_COMMENTS comments of `ran`, and the floor raised past the ones left out.
 * Exported for the renderer, which thins the data the same way when it must.
 */
export function keepNewestRan(data: StatusData, max: number): Pick<StatusData, 'ran' | 'ranFloor'> {
  const ids = Object.keys(data.ran)
    .map(Number)
    .sort((a, b) => a - b);
  const kept = max > 0 ? ids.slice(-max) : [];
  const dropped = ids.slice(0, ids.length - kept.length);
  return {
    ran: Object.fromEntries(kept.map((id) => [String(id), data.ran[String(id)].slice(-MAX_RAN_PER_COMMENT).map(ranDigest)])),
    ranFloor: Math.max(data.ranFloor, ...dropped),
  };
}

/** `ran` as one compact string: `<id in base 36>.<digest><digest>…` per comment, comma-separated. */
function packRan(ran: Record<string, string[]>): string {
  return Object.entries(ran)
    .map(([id, digests]) => `${Number(id).toString(36)}.${digests.join('')}`)
    .join(',');
}

const PACKED_RAN = /^(?:[0-9a-z]{1,13}\.(?:[0-9a-f]{6}){0,100})(?:,[0-9a-z]{1,13}\.(?:[0-9a-f]{6}){0,100})*$/;

function unpackRan(packed: string): Record<string, string[]> | null {
  if (packed === '') return Object.create(null) as Record<string, string[]>;
  if (packed.length > 200_000 || !PACKED_RAN.test(packed)) return null;
  const ran = Object.create(null) as Record<string, string[]>;
  for (const entry of packed.split(',')) {
    const [id, digests] = entry.split('.');
    const n = Number.parseInt(id, 36);
    if (!Number.isSafeInteger(n)) return null;
    ran[String(n)] = digests.match(/.{6}/g) ?? [];
  }
  return ran;
}

export function encodeStatusData(data: StatusData): string {
  const { ran, ranFloor } = keepNewestRan(data, MAX_RAN_COMMENTS);
  const trimmed = {
    ...data,
    history: data.history.slice(-MAX_STORED_HISTORY),
    ran: packRan(ran),
    ranFloor,
    notes: data.notes.slice(0, MAX_NOTES).map((n) => n.slice(0, MAX_NOTE)),
  };
  return `${DATA_PREFIX}${Buffer.from(JSON.stringify(trimmed), 'utf8').toString('base64')}${DATA_SUFFIX}`;
}

const state = z.enum(STATES);
const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const isoTime = z.string().max(40);
const entrySchema = z.object({
  at: isoTime,
  actor: z.string().max(200),
  event: z.string().max(200),
  from: state.nullable(),
  to: state,
  reason: z.string().max(1000),
  comment: count.optional(),
  original: count.optional(),
});
const accountSchema = z.object({
  username: z.string().max(200),
  verdict: z.enum(['exists', 'missing', 'renamed']),
  canonical: z.string().max(200).nullable(),
  at: isoTime,
});
const cursorSchema = z.object({ comment: count, event: count, seenAt: isoTime.nullable() });
const strings = (max: number) => z.array(z.string().max(max)).max(1000);

/** Each field is checked on its own: one damaged field falls back to its default, the rest is kept. */
const FIELDS = {
  historyTotal: count,
  ranFloor: count,
  cursor: cursorSchema,
  queueAhead: count.nullable(),
  remindedAt: isoTime.nullable(),
  notes: strings(MAX_NOTE * 2),
  sensitive: strings(60),
  account: accountSchema.nullable(),
  claimedBy: z.string().max(100).nullable(),
  bodyHash: z
    .string()
    .regex(/^[0-9a-f]{1,64}$/)
    .nullable(),
  timerSince: isoTime.nullable(),
  evidence: evidenceSchema.nullable(),
  kind: z
    .object({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/),
      by: z.string().max(100).nullable(),
      at: isoTime,
      rule: z.enum(['answer', 'words', 'pattern', 'default']).optional(),
    })
    .nullable(),
  language: z
    .string()
    .regex(/^[a-z]{2,3}$/)
    .nullable(),
  urgency: isoTime.nullable(),
  redirected: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,39}$/)
    .nullable(),
} as const;

export interface DecodedStatusData {
  data: StatusData;
  /** What was dropped as unreadable (field names or `history[i]`), for a log line. */
  dropped: string[];
}

/**
 * Reads the data block strictly: anything that does not match the schema (a state that does not
 * exist, a wrong type, a key like `__proto__`) is dropped and named, never trusted, never fatal.
 * Data from version 1 (a list of handled comment keys) becomes a comment cursor.
 */
export function readStatusData(body: string | null | undefined): DecodedStatusData {
  const dropped: string[] = [];
  const data = emptyStatusData();
  const json = rawJson(body);
  if (json === undefined) return { data, dropped };
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { data, dropped: ['data'] };
  const o = json as Record<string, unknown>;

  if (Array.isArray(o.history)) {
    o.history.slice(-MAX_STORED_HISTORY * 2).forEach((raw, i) => {
      const parsed = entrySchema.safeParse(raw);
      if (parsed.success) data.history.push(historyEntry(parsed.data));
      else dropped.push(`history[${i}]`);
    });
  } else if (o.history !== undefined) dropped.push('history');

  for (const [key, schema] of Object.entries(FIELDS) as [keyof typeof FIELDS, z.ZodType][]) {
    if (!Object.hasOwn(o, key) || o[key] === undefined) continue;
    const parsed = schema.safeParse(o[key]);
    if (parsed.success) (data as unknown as Record<string, unknown>)[key] = parsed.data;
    else dropped.push(key);
  }
  data.historyTotal = Math.max(data.historyTotal, data.history.length);

  if (typeof o.ran === 'string') {
    const ran = unpackRan(o.ran);
    if (ran) data.ran = ran;
    else dropped.push('ran');
  } else if (o.ran !== undefined) {
    // Before digests: the command lines themselves, for the newest 50 commented comments.
    const ran = z.record(z.string().regex(/^\d{1,20}$/), strings(500).max(MAX_RAN_PER_COMMENT * 2)).safeParse(o.ran);
    if (ran.success) {
      data.ran = Object.create(null) as Record<string, string[]>;
      for (const [id, lines] of Object.entries(ran.data)) data.ran[id] = lines.map(ranDigest);
      // A full legacy map had dropped older comments: those count as run.
      const ids = Object.keys(data.ran).map(Number);
      if (o.ranFloor === undefined && ids.length >= LEGACY_RAN_COMMENTS) data.ranFloor = Math.min(...ids) - 1;
    } else dropped.push('ran');
  }
  // Version 1 kept `<comment id>:<hash>` keys of handled comments: the highest id is the cursor.
  if (o.cursor === undefined && Array.isArray(o.handled)) {
    const ids = o.handled.map((k) => (typeof k === 'string' ? Number.parseInt(k.split(':')[0] ?? '', 10) : NaN));
    const highest = Math.max(0, ...ids.filter((n) => Number.isSafeInteger(n)));
    data.cursor = { ...data.cursor, comment: highest };
  }
  return { data, dropped };
}

/** The status data, or fresh data when the block is missing or damaged. */
export function decodeStatusData(body: string | null | undefined): StatusData {
  return readStatusData(body).data;
}

function rawJson(body: string | null | undefined): unknown {
  if (!body) return undefined;
  const start = body.lastIndexOf(DATA_PREFIX);
  if (start < 0) return undefined;
  const end = body.indexOf(DATA_SUFFIX, start + DATA_PREFIX.length);
  if (end < 0) return undefined;
  try {
    return JSON.parse(Buffer.from(body.slice(start + DATA_PREFIX.length, end), 'base64').toString('utf8'));
  } catch {
    return null;
  }
}
