import type { Problem } from '../checks/validate.js';
import { STATES, type State } from '../state/states.js';
import { causeOf, encodeStatusData, keepNewestRan, STATUS_MARKER, type HistoryEntry, type StatusData } from './data.js';
import { escapeInline, escapeMarkdown } from './escape.js';
import { capLines, cutWithEllipsis, DATA_BLOCK_MAX, githubLength, STATUS_COMMENT_MAX } from './limits.js';
import {
  commentLink,
  commonValues,
  defaultsOf,
  fillTemplate,
  STATUS_TEXTS,
  type PlaceholderValues,
  type StatusTextKey,
  type TextContext,
} from './texts.js';

export interface StatusView {
  state: State | null;
  /** Current problems with the form; shown while the request is incomplete. */
  problems: readonly Problem[];
  data: StatusData;
  /** State label names, for the history table. */
  labelOf: (state: State) => string;
  /** Warnings about sensitive data, already safe markdown (they never contain the values). */
  sensitiveWarnings: readonly string[];
  /** History rows shown (config `limits.historyRows`); older entries are summarised in one line. */
  historyRows?: number;
  /** Entries ever recorded, when the data keeps fewer; default `data.historyTotal`, else the rows kept. */
  historyTotal?: number;
  /** Upper bound of the whole comment (tests); default STATUS_COMMENT_MAX, never above it. */
  maxLength?: number;
  /**
   * The configured texts (`messages.status`) and the request's placeholder values; without it
   * the default texts are used and `{requester}`, `{issue}` are empty.
   */
  texts?: TextContext;
  /** The "Evidence for maintainers" section, already safe markdown (src/evidence/render.ts); absent: none. */
  evidence?: string;
  /** The request's kind and language (src/kinds): next steps for the requester, lines for maintainers. */
  kinds?: { requester: readonly string[]; maintainers: readonly string[] };
}

/** The smallest `maxLength` honoured: room for the fixed text and a small data block. */
const MIN_LENGTH = 4_000;

/** Default of config `limits.historyRows`. */
export const DEFAULT_HISTORY_ROWS = 40;

/** Per-item caps, before escaping: one long item cannot crowd out the others. */
const MAX_PROBLEM = 1_000;
const MAX_PROBLEMS = 100;
const MAX_NOTE = 1_000;
const MAX_WARNING = 4_000;

const DEFAULT_STATUS_TEXTS = defaultsOf(STATUS_TEXTS);

/** One status text, filled: the configured template (else the default) with the request's values. */
function text(view: StatusView, key: StatusTextKey, values: PlaceholderValues = {}): string {
  const configured = view.texts?.messages.status[key];
  const template = typeof configured === 'string' ? configured : DEFAULT_STATUS_TEXTS[key];
  const common = view.texts ? commonValues(view.texts) : {};
  return fillTemplate(template, { ...common, ...values });
}

/**
 * The sentence that links the comment which put the request in its state (an admin's question,
 * a denial); empty when no comment did (a label set by hand, a timer), so no text points at nothing.
 */
function linked(view: StatusView, key: StatusTextKey): string {
  const comment = commentLink(causeOf(view.data, view.state)?.comment);
  return comment === null ? '' : text(view, key, { comment });
}

/** Sentences joined on one line, empty ones left out. */
function sentences(...parts: string[]): string {
  return parts.filter((p) => p !== '').join(' ');
}

/**
 * The bot's one comment on a request: current status, what to do, and the audit trail. Always
 * under GitHub's size limit whatever the inputs: the data block at the end is kept whole (its
 * oldest entries thinned if it alone is too big), and the visible sections are cut, history
 * first, each with a line saying what was left out.
 */
export function renderStatusComment(view: StatusView): string {
  const max = Math.max(MIN_LENGTH, Math.min(view.maxLength ?? STATUS_COMMENT_MAX, STATUS_COMMENT_MAX));
  // Counted before the data is thinned, so the summary line keeps the full count.
  const recorded = historyTotal(view);
  const { block, data } = boundedData(view.data, Math.min(DATA_BLOCK_MAX, Math.floor(max / 2)));
  view = { ...view, data, historyTotal: recorded };
  const final = view.state === 'completed' || view.state === 'denied' || view.state === 'duplicate';

  const headlineText = [headline(view), ...(view.kinds?.requester ?? [])].join('\n\n');
  const warnings = view.sensitiveWarnings.map((w) => cutLines(String(w), MAX_WARNING, 'warning')).join('\n\n');
  const notes = renderNotes(view.data.notes, view.kinds?.maintainers ?? []);
  const history = historyRows(view);

  // Sections in order of appearance; `cut` are those that may shrink, least important first.
  const neverPost = text(view, 'neverPostSecrets');
  const fixed = githubLength([STATUS_MARKER, ...(final ? [] : [neverPost]), block].join('\n\n'));
  const evidence = view.evidence ?? '';
  const sections = { headline: headlineText, warnings, notes, evidence, history: renderHistory(history, history.rows.length) };
  const total = () =>
    fixed +
    Object.values(sections)
      .filter((s) => s !== '')
      .reduce((sum, s) => sum + githubLength(s) + 4, 0);

  if (total() > max) sections.history = shrinkHistory(history, githubLength(sections.history) - (total() - max));
  // The evidence is one collapsed block: cut whole, never half (its closing tag must stay).
  if (total() > max && sections.evidence !== '') sections.evidence = EVIDENCE_TOO_LONG;
  if (total() > max && sections.notes !== '') sections.notes = shrinkText(sections.notes, total() - max, 'note lines');
  if (total() > max && sections.warnings !== '') sections.warnings = shrinkText(sections.warnings, total() - max, 'warning lines');
  if (total() > max) sections.headline = shrinkText(sections.headline, total() - max, 'lines');
  // Only a tiny `maxLength` gets here: whatever is left goes, least important first.
  for (const key of ['history', 'evidence', 'notes', 'warnings'] as const) if (total() > max) sections[key] = '';

  const parts = [STATUS_MARKER, sections.headline];
  if (sections.warnings !== '') parts.push(sections.warnings);
  if (sections.notes !== '') parts.push(sections.notes);
  if (!final) parts.push(neverPost);
  if (sections.evidence !== '') parts.push(sections.evidence);
  if (sections.history !== '') parts.push(sections.history);
  parts.push(block);
  return parts.join('\n\n');
}

function headline(view: StatusView): string {
  switch (view.state) {
    case null:
    case 'incomplete':
      return incomplete(view);
    case 'triage':
      return triage(view);
    case 'awaiting-requester':
      return sentences(text(view, 'awaitingRequester'), linked(view, 'awaitingRequesterComment'));
    case 'verifying':
      return text(view, 'verifying');
    case 'completed':
      return text(view, 'completed');
    case 'denied':
      return sentences(text(view, 'denied'), linked(view, 'deniedComment'));
    case 'duplicate': {
      const original = causeOf(view.data, view.state)?.original;
      return sentences(text(view, 'duplicate'), original === undefined ? '' : text(view, 'duplicateOriginal', { original }));
    }
    default:
      // A state the hidden data should never hold; shown as incomplete rather than failing.
      return incomplete(view);
  }
}

function incomplete(view: StatusView): string {
  const problems = view.problems;
  const shown = problems.slice(0, MAX_PROBLEMS).map((p) => `- ${escapeMarkdown(cutWithEllipsis(String(p.message), MAX_PROBLEM))}`);
  if (problems.length > MAX_PROBLEMS) shown.push(`- …and ${problems.length - MAX_PROBLEMS} more problems not shown.`);
  return [text(view, 'incomplete'), shown.join('\n') || `- ${text(view, 'unreadable')}`, text(view, 'incompleteHowToFix')].join('\n\n');
}

function triage(view: StatusView): string {
  const last = view.data.history.at(-1);
  const fixed = last?.from === 'incomplete' && last.to === 'triage';
  const ahead = view.data.queueAhead;
  const queue =
    typeof ahead !== 'number' || !Number.isFinite(ahead)
      ? ''
      : ahead === 0
        ? text(view, 'queueNone')
        : text(view, ahead === 1 ? 'queueOne' : 'queueMany', { queueAhead: ahead });
  const account = view.data.account;
  const spelling =
    account?.verdict === 'renamed' && account.canonical
      ? text(view, 'accountSpelling', { username: cutWithEllipsis(String(account.canonical).replace(/\s+/g, ' ').trim(), 60) })
      : '';
  const claimedBy = view.data.claimedBy;
  const claimed = claimedBy ? text(view, 'claimed', { assignee: String(claimedBy) }) : queue;
  return [sentences(text(view, fixed ? 'triageFixed' : 'triage'), spelling, claimed), text(view, 'triageNext')].join('\n\n');
}

/**
 * Notes are the bot's own text, but they travel through the hidden data, which anyone with
 * write access can edit: mentions, links and HTML are neutralised, issue references (#12) kept.
 */
function renderNotes(notes: readonly string[], facts: readonly string[] = []): string {
  if (notes.length === 0 && facts.length === 0) return '';
  const lines = [
    // The bot's own lines, already safe Markdown (kind and language).
    ...facts.map((f) => `- ${cutWithEllipsis(f, MAX_NOTE)}`),
    ...notes.map((n) => `- ${safeNote(cutWithEllipsis(String(n).replace(/\s+/g, ' ').trim(), MAX_NOTE))}`),
  ];
  return ['**For maintainers:**', ...lines].join('\n');
}

const WORD_JOINER = '\u2060';

function safeNote(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/\b(https?|ftp|mailto|www)(?=[:.])/gi, `$1${WORD_JOINER}`)
    .replace(/@/g, `@${WORD_JOINER}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, (c) => `\\${c}`);
}

interface HistoryRows {
  /** Rendered rows, oldest first, at most `historyRows`. */
  rows: string[];
  /** Entries not rendered: older rows beyond the cap and entries the data no longer keeps. */
  total: number;
}

function historyRows(view: StatusView): HistoryRows {
  const history = view.data.history;
  const cap = Math.max(0, Math.floor(view.historyRows ?? DEFAULT_HISTORY_ROWS));
  const shown = cap === 0 ? [] : history.slice(-cap);
  return { rows: shown.map((h) => historyRow(h, view.labelOf)), total: historyTotal(view) };
}

/** Entries ever recorded: the view's count, else the data's own count, never fewer than kept. */
function historyTotal(view: StatusView): number {
  const stored = (view.data as { historyTotal?: unknown }).historyTotal;
  const declared = view.historyTotal ?? (typeof stored === 'number' && Number.isSafeInteger(stored) ? stored : 0);
  return Math.max(Number.isSafeInteger(declared) ? declared : 0, view.data.history.length);
}

function historyRow(h: HistoryEntry, labelOf: (s: State) => string): string {
  const from = h.from ? escapeInline(labelFor(h.from, labelOf), 60) : '—';
  return `| ${escapeInline(String(h.at), 30)} | ${escapeInline(String(h.actor), 40)} | ${escapeInline(String(h.event), 60)} | ${from} → ${escapeInline(labelFor(h.to, labelOf), 60)} | ${escapeInline(String(h.reason), 160)} |`;
}

/** The label of a state; a value that is not a state (damaged data) is shown as it is, escaped. */
function labelFor(state: unknown, labelOf: (s: State) => string): string {
  if (typeof state !== 'string' || !(STATES as readonly string[]).includes(state)) return String(state);
  try {
    const label = labelOf(state as State);
    return typeof label === 'string' ? label : String(state);
  } catch {
    return state;
  }
}

/** The history table with its newest `count` rows; the rest summarised with the full count. */
function renderHistory(history: HistoryRows, count: number): string {
  if (history.total === 0 && history.rows.length === 0) return '';
  const rows = count > 0 ? history.rows.slice(-count) : [];
  const hidden = history.total - rows.length;
  return [
    '<details><summary>History</summary>',
    '',
    ...(hidden > 0 ? [`*${hidden} earlier ${hidden === 1 ? 'entry' : 'entries'} not shown (${history.total} in all).*`, ''] : []),
    ...(rows.length > 0 ? ['| when (UTC) | who | event | state | why |', '| --- | --- | --- | --- | --- |', ...rows, ''] : []),
    '</details>',
  ].join('\n');
}

/** The history with as many of its newest rows as fit in `room` (at least the summary). */
function shrinkHistory(history: HistoryRows, room: number): string {
  // The most rows that fit, by bisection: the length grows with the row count.
  let low = 0;
  let high = history.rows.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (githubLength(renderHistory(history, mid)) <= room) low = mid;
    else high = mid - 1;
  }
  return renderHistory(history, low);
}

function shrinkText(text: string, over: number, what: string): string {
  return capLines(text, Math.max(0, githubLength(text) - over), (omitted) =>
    omitted > 0 ? `*(${omitted} more ${what} not shown.)*` : '*(Shortened to fit.)*',
  );
}

function cutLines(text: string, max: number, what: string): string {
  return capLines(text, max, (omitted) => (omitted > 0 ? `*(${omitted} more lines of this ${what} not shown.)*` : '*(Shortened.)*'));
}

/**
 * The data block, whole, and the data it holds (shown the same). If the data alone would not fit (it is bounded when stored, but a
 * hand-edited block may hold anything), its longest lists are thinned, oldest entries first,
 * until it does; the entry count (`historyTotal`) is kept.
 */
function boundedData(data: StatusData, max: number): { block: string; data: StatusData } {
  let block = encodeStatusData(data);
  let current = data;
  for (let round = 0; round < 40 && githubLength(block) > max; round++) {
    current = thinned(current);
    block = encodeStatusData(current);
  }
  return { block, data: current };
}

function thinned(data: StatusData): StatusData {
  const next: Record<string, unknown> = { ...data };
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) {
      // Lists grow at the end: keep the newest half (history, notes, kinds).
      next[key] = value.slice(Math.ceil(value.length / 2));
    } else if (key === 'evidence' && value !== null && typeof value === 'object') {
      // The evidence record: its project rows are halved, the record kept readable.
      const projects = (value as { projects?: unknown }).projects;
      next[key] = Array.isArray(projects) ? { ...value, projects: projects.slice(0, Math.floor(projects.length / 2)) } : null;
    } else if (key === 'cursor' || key === 'account' || key === 'kind') {
      // Small records: only over-long strings in them are cut.
      next[key] = value !== null && typeof value === 'object' ? shortStrings(value as Record<string, unknown>) : value;
    } else if (key === 'ran') {
      // Commands run per comment id: the newest half, the floor raised past the rest.
      Object.assign(next, keepNewestRan(data, Math.floor(Object.keys(data.ran).length / 2)));
    } else if (value !== null && typeof value === 'object') {
      // Keyed lists: keep the newest half of the keys.
      const keys = Object.keys(value).sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
      const kept = keys.slice(Math.ceil(keys.length / 2));
      next[key] = Object.fromEntries(kept.map((k) => [k, (value as Record<string, unknown>)[k]]));
    } else if (typeof value === 'string' && value.length > MAX_KEPT_STRING) {
      next[key] = cutWithEllipsis(value, MAX_KEPT_STRING);
    }
  }
  return next as unknown as StatusData;
}

const MAX_KEPT_STRING = 200;

const EVIDENCE_TOO_LONG =
  '<details><summary>Evidence for maintainers</summary>\n\nToo long to show in this comment; `/recovery evidence` gathers it again.\n\n</details>';

function shortStrings(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(record).map(([k, v]) => [
      k,
      typeof v === 'string' && v.length > MAX_KEPT_STRING ? cutWithEllipsis(v, MAX_KEPT_STRING) : v,
    ]),
  );
}
