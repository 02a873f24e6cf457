import { validationFailed } from './errors.js';
import type { IssueState } from './types.js';

/**
 * The part of GitHub's issue search syntax the stand-in understands: `repo:o/r`, `is:issue`,
 * `is:pr`, `is:open|closed`, `state:open|closed`, `label:"a b"` (repeatable: all; `label:a,b`:
 * either), `-label:x`, `no:label`, `no:assignee`, `author:`, `assignee:`, `in:title|body`,
 * `created:`/`updated:`/`closed:` with `<`, `<=`, `>`, `>=`, `a..b` or a bare date (that day), and
 * free words or "quoted phrases" (`-word` excludes), matched case-insensitively in the title and body. Unknown
 * qualifiers are searched for as words, as GitHub does.
 */

/** A half-open interval of epoch milliseconds: min ≤ t < max. */
export interface Interval {
  min: number;
  max: number;
}

export interface SearchQuery {
  repos: string[];
  pullRequests: boolean;
  state?: IssueState;
  /** Every group must match; within a group any label will do. */
  labels: string[][];
  notLabels: string[];
  noLabel: boolean;
  noAssignee: boolean;
  author?: string;
  assignee?: string;
  fields: Set<'title' | 'body'>;
  created: Interval[];
  updated: Interval[];
  closed: Interval[];
  words: string[];
  notWords: string[];
}

/** What search needs to know of an issue. */
export interface Searchable {
  repo: string;
  title: string;
  body: string | null;
  state: IssueState;
  labels: readonly string[];
  author: string;
  assignees: readonly string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
}

interface Token {
  negated: boolean;
  key?: string;
  value: string;
}

const DAY = 86_400_000;

export function tokenize(q: string): Token[] {
  const tokens: Token[] = [];
  const pattern = /(-?)(?:([a-zA-Z_]+):)?(?:"([^"]*)"?|(\S+))/g;
  for (const match of q.matchAll(pattern)) {
    const [, minus, key, quoted, bare] = match;
    const value = quoted ?? bare ?? '';
    if (value === '' && key === undefined) continue;
    tokens.push({ negated: minus === '-', ...(key !== undefined ? { key: key.toLowerCase() } : {}), value });
  }
  return tokens;
}

function invalid(message: string): never {
  throw validationFailed({ resource: 'Search', code: 'invalid', field: 'q', message });
}

/** Parses a date or date-time into the interval it names: a whole day for a bare date, one second otherwise. */
function instant(text: string): Interval {
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(ms)) invalid(`"${text}" is not a date`);
  return { min: ms, max: ms + (dateOnly ? DAY : 1000) };
}

export function dateInterval(text: string): Interval {
  const range = /^(.+)\.\.(.+)$/.exec(text);
  if (range) {
    const [from, to] = [range[1] as string, range[2] as string];
    return { min: from === '*' ? -Infinity : instant(from).min, max: to === '*' ? Infinity : instant(to).max };
  }
  const op = /^(<=|>=|<|>)?(.*)$/.exec(text) as RegExpExecArray;
  const at = instant(op[2] as string);
  switch (op[1]) {
    case '<':
      return { min: -Infinity, max: at.min };
    case '<=':
      return { min: -Infinity, max: at.max };
    case '>':
      return { min: at.max, max: Infinity };
    case '>=':
      return { min: at.min, max: Infinity };
    default:
      return at;
  }
}

function emptyQuery(): SearchQuery {
  return {
    repos: [],
    pullRequests: false,
    labels: [],
    notLabels: [],
    noLabel: false,
    noAssignee: false,
    fields: new Set(),
    created: [],
    updated: [],
    closed: [],
    words: [],
    notWords: [],
  };
}

type Apply = (query: SearchQuery, value: string, token: Token) => boolean;

const QUALIFIERS: Record<string, Apply> = {
  repo: (q, v) => (q.repos.push(v.toLowerCase()), true),
  is: (q, v) => isQualifier(q, v.toLowerCase()),
  type: (q, v) => isQualifier(q, v.toLowerCase()),
  state: (q, v) => isQualifier(q, v.toLowerCase()),
  label: (q, v, t) => (t.negated ? q.notLabels.push(v.toLowerCase()) : q.labels.push(v.toLowerCase().split(',')), true),
  no: (q, v) => {
    if (v === 'label') q.noLabel = true;
    else if (v === 'assignee') q.noAssignee = true;
    else return false;
    return true;
  },
  author: (q, v) => ((q.author = v.toLowerCase()), true),
  assignee: (q, v) => ((q.assignee = v.toLowerCase()), true),
  in: (q, v) => v.split(',').every((field) => (field === 'title' || field === 'body' ? (q.fields.add(field), true) : field === 'comments')),
  created: (q, v) => (q.created.push(dateInterval(v)), true),
  updated: (q, v) => (q.updated.push(dateInterval(v)), true),
  closed: (q, v) => (q.closed.push(dateInterval(v)), true),
};

function isQualifier(query: SearchQuery, value: string): boolean {
  if (value === 'issue') return true;
  if (value === 'pr' || value === 'pull-request') query.pullRequests = true;
  else if (value === 'open' || value === 'closed') query.state = value;
  else return false;
  return true;
}

export function parseSearchQuery(q: string): SearchQuery {
  if (q.trim() === '') throw validationFailed({ resource: 'Search', code: 'missing', field: 'q' });
  const query = emptyQuery();
  for (const token of tokenize(q)) {
    const apply = token.key === undefined ? undefined : QUALIFIERS[token.key];
    if (apply && token.negated && token.key !== 'label') invalid(`The stand-in does not support -${token.key}:`);
    if (apply && apply(query, token.value, token)) continue;
    const word = (token.key === undefined ? token.value : `${token.key}:${token.value}`).toLowerCase();
    (token.negated ? query.notWords : query.words).push(word);
  }
  return query;
}

function within(intervals: readonly Interval[], time: string | null): boolean {
  if (intervals.length === 0) return true;
  if (time === null) return false;
  const ms = Date.parse(time);
  return intervals.every((interval) => ms >= interval.min && ms < interval.max);
}

function text(item: Searchable, fields: ReadonlySet<'title' | 'body'>): string {
  const parts =
    fields.size === 0 ? [item.title, item.body ?? ''] : [...fields].map((f) => (f === 'title' ? item.title : (item.body ?? '')));
  return parts.join('\n').toLowerCase();
}

export function matches(query: SearchQuery, item: Searchable): boolean {
  const labels = item.labels.map((label) => label.toLowerCase());
  const assignees = item.assignees.map((login) => login.toLowerCase());
  if (query.pullRequests) return false;
  if (query.repos.length > 0 && !query.repos.includes(item.repo.toLowerCase())) return false;
  if (query.state && item.state !== query.state) return false;
  if (!query.labels.every((group) => group.some((label) => labels.includes(label)))) return false;
  if (query.notLabels.some((label) => labels.includes(label))) return false;
  if (query.noLabel && labels.length > 0) return false;
  if (query.noAssignee && assignees.length > 0) return false;
  if (query.author && item.author.toLowerCase() !== query.author) return false;
  if (query.assignee && !assignees.includes(query.assignee)) return false;
  if (!within(query.created, item.createdAt) || !within(query.updated, item.updatedAt) || !within(query.closed, item.closedAt))
    return false;
  const haystack = text(item, query.fields);
  return query.words.every((word) => haystack.includes(word)) && !query.notWords.some((word) => haystack.includes(word));
}
