// The pure core as the shell drives it: `decide(observation, facts, options)`, asked again with
// the facts it says it needs, until it returns a plan.
import { defaultConfig } from '../lib/config/load.js';
import { loadBundledForm } from '../lib/form/bundled.js';
import { decide, emptyFacts } from '../lib/triage/reconcile.js';

export const config = defaultConfig();
export const template = loadBundledForm();
export const NO_DUPLICATES = Object.freeze({ open: [], original: null, closed: [] });

/** An observation of a request with no status comment yet (its first run). */
export function firstObservation(number, author, body, at, comments = []) {
  return {
    config,
    template,
    issue: {
      number,
      author,
      open: true,
      stateReason: null,
      closedAt: null,
      closedBy: null,
      labels: ['account-recovery'],
      body,
      createdAt: at,
      updatedAt: at,
    },
    status: null,
    extraStatus: [],
    comments,
    replyKeys: new Set(),
  };
}

/**
 * Runs `decide` until it is done, answering what it asks: people's events (none), the rights of
 * command authors (`maintainers`), the queue (`queueAhead`, no duplicates), the account check (none).
 */
export function decideFully(obs, { queueAhead = 0, maintainers = [], now = obs.issue.updatedAt } = {}) {
  let facts = emptyFacts();
  const options = { now, timers: false, refreshQueue: false };
  for (let round = 0; round < 6; round++) {
    const decision = decide(obs, facts, options);
    if (decision.kind === 'done') return decision;
    const { needs } = decision;
    const rights = new Map(facts.maintainers);
    for (const login of needs.maintainers) rights.set(login, maintainers.includes(login));
    facts = {
      events: needs.events ? [] : facts.events,
      maintainers: rights,
      queue: needs.queue ? { queueAhead, duplicates: NO_DUPLICATES } : facts.queue,
      account: needs.account !== null ? null : facts.account,
    };
  }
  throw new Error('decide did not settle');
}
