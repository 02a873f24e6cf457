import type { Config } from '../config/schema.js';
import { statesFromLabels } from '../state/labels.js';
import { STATES, type State } from '../state/states.js';
import { countKinds, countLanguages, type KindCount, type LanguageCount } from '../kinds/count.js';

/** What the queue computations read of one request issue. */
export interface QueueRequest {
  number: number;
  /** ISO time the issue was opened. */
  createdAt: string;
  open: boolean;
  labels: string[];
}

export interface AgedRequest {
  number: number;
  ageDays: number;
}

export interface QueueGroup {
  count: number;
  /** The request opened first; null when the group is empty. */
  oldest: AgedRequest | null;
  medianAgeDays: number | null;
}

export interface StateGroup extends QueueGroup {
  /** null: the request has no state label. */
  state: State | null;
  label: string | null;
}

/**
 * The queue report; `--json` prints it as is:
 * {
 *   "repo": "owner/name",
 *   "scope": "open" | "all",          // "all" also counts closed requests
 *   "now": "2026-11-20T10:00:00.000Z",
 *   "total":  { "count": 4, "oldest": { "number": 3, "ageDays": 12 } | null, "medianAgeDays": 4.8 | null },
 *   "states": [                        // states that have requests, in state order, "(no state)" last
 *     { "state": "incomplete" | … | null, "label": "recovery: incomplete" | null,
 *       "count": 2, "oldest": { "number": 3, "ageDays": 12 }, "medianAgeDays": 7.5 }
 *   ],
 *   "kinds": [{ "kind": "email" | … | null, "count": 1 }],          // by kind label, config order
 *   "languages": [{ "language": "pt" | … | null, "count": 1 }]    // by language label; null: team's or unsure
 * }
 * Ages are now − created_at in days, rounded to one decimal.
 */
export interface QueueReport {
  repo: string;
  scope: 'open' | 'all';
  now: string;
  total: QueueGroup;
  states: StateGroup[];
  /** Requests per kind (by kind label; src/kinds/count.ts), config order, null (unknown) last. */
  kinds?: KindCount[];
  /** Requests per language label, null: the team's language or not detected. */
  languages?: LanguageCount[];
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** Counts, oldest and median age per state label and overall. */
export function buildQueueReport(
  requests: readonly QueueRequest[],
  config: Config,
  now: Date,
  meta: { repo: string; scope: 'open' | 'all' },
): QueueReport {
  // A request with two state labels is counted once, under the first in state order.
  const stateOf = (r: QueueRequest): State | null => statesFromLabels(r.labels, config)[0] ?? null;
  const order: (State | null)[] = [...STATES, null];
  const states = order
    .map((state) => ({ state, members: requests.filter((r) => stateOf(r) === state) }))
    .filter((g) => g.members.length > 0)
    .map(({ state, members }) => ({ state, label: state === null ? null : config.labels[state].name, ...group(members, now) }));
  return {
    ...meta,
    now: now.toISOString(),
    total: group(requests, now),
    states,
    kinds: countKinds(requests, config),
    languages: countLanguages(requests, config),
  };
}

function group(members: readonly QueueRequest[], now: Date): QueueGroup {
  const aged = members
    .map((r) => ({ number: r.number, age: (now.getTime() - Date.parse(r.createdAt)) / DAY_MS }))
    .sort((a, b) => b.age - a.age || a.number - b.number);
  const first = aged[0];
  return {
    count: aged.length,
    oldest: first === undefined ? null : { number: first.number, ageDays: round1(first.age) },
    medianAgeDays: aged.length === 0 ? null : round1(median(aged.map((a) => a.age))),
  };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}

/**
 * Open requests in triage that were opened before this one: how many are ahead of it. When the
 * request is not in the list (it is about to get the triage label), issue numbers give the
 * order, since GitHub numbers issues in the order they are opened.
 */
export function queuePosition(requests: readonly QueueRequest[], issueNumber: number, triageLabel: string): number {
  const target = requests.find((r) => r.number === issueNumber);
  const wanted = triageLabel.toLowerCase();
  const ahead = (r: QueueRequest): boolean => {
    if (target === undefined) return r.number < issueNumber;
    const diff = Date.parse(r.createdAt) - Date.parse(target.createdAt);
    return diff < 0 || (diff === 0 && r.number < issueNumber);
  };
  return requests.filter((r) => r.open && r.number !== issueNumber && r.labels.some((l) => l.toLowerCase() === wanted) && ahead(r)).length;
}
