import type { FaultKind } from './faults.js';

/** One request the server answered (or dropped). */
export interface CallRecord {
  method: string;
  /** `METHOD /template`, e.g. `GET /repos/{owner}/{repo}/issues/{issue_number}`; the bare path for unknown routes. */
  route: string;
  path: string;
  status: number;
  installationId?: number;
  login?: string;
  /** The stand-in clock when the request arrived. */
  at: string;
  fault?: FaultKind;
}

export type CallFilter =
  ((call: CallRecord) => boolean) | { method?: string; route?: string | RegExp; installationId?: number; login?: string; since?: string };

export interface CallCounts {
  /** GET and HEAD requests answered with anything but 304. */
  reads: number;
  /** Every other method. */
  writes: number;
  /** 304 answers to conditional requests (they do not cost rate limit on GitHub). */
  notModified: number;
}

export function isRead(method: string): boolean {
  return method === 'GET' || method === 'HEAD';
}

function accepts(filter: CallFilter | undefined, call: CallRecord): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'function') return filter(call);
  if (filter.method && filter.method.toUpperCase() !== call.method) return false;
  if (filter.installationId !== undefined && filter.installationId !== call.installationId) return false;
  if (filter.login !== undefined && filter.login.toLowerCase() !== call.login?.toLowerCase()) return false;
  if (filter.since !== undefined && Date.parse(call.at) < Date.parse(filter.since)) return false;
  if (filter.route instanceof RegExp) return filter.route.test(call.route);
  if (filter.route === undefined) return true;
  return filter.route.startsWith('/') ? call.route.slice(call.route.indexOf(' ') + 1) === filter.route : call.route === filter.route;
}

export function countCalls(calls: readonly CallRecord[], filter?: CallFilter): CallCounts {
  const counts: CallCounts = { reads: 0, writes: 0, notModified: 0 };
  for (const call of calls) {
    if (!accepts(filter, call)) continue;
    if (call.status === 304) counts.notModified++;
    else if (isRead(call.method)) counts.reads++;
    else counts.writes++;
  }
  return counts;
}

export function filterCalls(calls: readonly CallRecord[], filter?: CallFilter): CallRecord[] {
  return calls.filter((call) => accepts(filter, call));
}
