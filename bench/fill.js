// Fills a stand-in repository directly with open requests in the state the bot would have left
// them in (state label and status comment, computed by the pure core), without running the app.
import { benchBodies } from './bodies.js';
import { decideFully, firstObservation } from './core.js';

const DAY = 86_400_000;

export const STATE_LABELS = [
  'recovery: incomplete',
  'recovery: triage',
  'recovery: awaiting-requester',
  'recovery: verifying',
  'recovery: completed',
  'recovery: denied',
  'recovery: duplicate',
];

/**
 * `count` requests opened over the last `spanDays` days (the clock ends where it started plus
 * the span): four in five complete and waiting in triage, one in five incomplete.
 */
export function fillQueue(gh, repo, count, { spanDays = 30 } = {}) {
  const bodies = benchBodies(Math.min(count, 500), 11);
  const bot = gh.asApp();
  const step = Math.floor((spanDays * DAY) / count);
  let inTriage = 0;
  for (let i = 0; i < count; i++) {
    gh.clock.advance(step);
    const author = `requester-${i}`;
    const body = bodies[i % bodies.length].replace(/`user-\d+`/, `\`user-${i}\``);
    const [opened] = gh.as(author).openIssue(repo, { title: 'Account recovery request', body, labels: ['account-recovery'] });
    const { number, created_at: at } = opened.payload.issue;
    const decision = decideFully(firstObservation(number, author, body, at), { queueAhead: inTriage });
    const { plan } = decision;
    if (plan.addLabels.length > 0) bot.addLabels(repo, number, plan.addLabels);
    if (plan.statusComment) bot.comment(repo, number, plan.statusComment.body);
    if (decision.state === 'triage') inTriage++;
  }
  // The deliveries those writes would have sent are not needed.
  gh.outbox.length = 0;
  return { inTriage, incomplete: count - inTriage };
}
