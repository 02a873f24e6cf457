import { decodeStatusData, isStatusComment, replyKeysIn } from '../../src/comment/data.js';
import type { GitHubStandIn, WebhookDelivery } from '../../src/standin/index.js';
import { formBody, CODE_OF_CONDUCT } from '../helpers/bodies.js';
import { MAINTAINER, REPO, REQUESTER, STATE_LABELS, startApp } from '../helpers/app.js';

/**
 * What people do in every fleet scenario: three requests moving at once, by the requester and a
 * maintainer, each step as GitHub shows it (the stand-in emits the deliveries). Usernames differ,
 * so no request is a duplicate of another.
 */
export type Step = (gh: GitHubStandIn) => WebhookDelivery[];

const commentId = (gh: GitHubStandIn, n: number, body: string) => gh.comments(REPO, n).find((c) => c.body === body)?.id ?? 0;
const open = (gh: GitHubStandIn, username: string, options: { unchecked?: string[] } = {}) =>
  gh
    .as(REQUESTER)
    .openIssue(REPO, { title: 'Account recovery request', body: formBody({ username, ...options }), labels: ['account-recovery'] });

/** Rounds of steps; each round does at most one step per request (#1, #2, #3 in order). */
export const WORKLOAD: { issues: number[]; rounds: Step[][] } = {
  issues: [1, 2, 3],
  rounds: [
    [
      (gh) => open(gh, '`user-one`'),
      (gh) => open(gh, '`user-two`'),
      (gh) => open(gh, 'someone@example.com', { unchecked: [CODE_OF_CONDUCT] }),
    ],
    [
      (gh) => gh.as(MAINTAINER).comment(REPO, 1, '/recovery start'),
      (gh) => gh.as(MAINTAINER).addLabels(REPO, 2, 'recovery: verifying'),
      (gh) => gh.as(REQUESTER).editBody(REPO, 3, formBody({ username: '`user-three`' })),
    ],
    [
      (gh) => gh.as(REQUESTER).comment(REPO, 1, 'I answered the e-mail from my primary address.'),
      (gh) => gh.as(MAINTAINER).comment(REPO, 2, '/recovery ask Which projects do you maintain?'),
      (gh) => gh.as(MAINTAINER).comment(REPO, 3, 'Looking at this now.'),
    ],
    [
      (gh) => gh.as(MAINTAINER).comment(REPO, 1, '/recovery verifying'),
      (gh) => gh.as(REQUESTER).comment(REPO, 2, 'Only one, requests-extra.'),
      (gh) => gh.as(MAINTAINER).editComment(REPO, commentId(gh, 3, 'Looking at this now.'), 'Looking at this now.\n/recovery start'),
    ],
    [
      (gh) => gh.as(MAINTAINER).comment(REPO, 1, '/recovery complete'),
      (gh) => gh.as(MAINTAINER).comment(REPO, 2, '/recovery help'),
      (gh) => gh.as(MAINTAINER).addLabels(REPO, 3, 'recovery: verifying'),
    ],
  ],
};

export const BOT_LOGINS = ['recovery-triage[bot]', 'github-actions[bot]'];
const isBot = (login: string) => BOT_LOGINS.includes(login);

/** What must be the same at the end of every run as at the end of the sequential, fault-free one. */
export function outcome(gh: GitHubStandIn, issues: readonly number[]) {
  return issues.map((n) => {
    const issue = gh.issue(REPO, n);
    const comments = gh.comments(REPO, n);
    const bot = comments.filter((c) => isBot(c.user));
    const status = bot.filter((c) => isStatusComment(c.body));
    const data = decodeStatusData(status[0]?.body);
    const rows = data.history.map((e) => JSON.stringify(e));
    // Comment ids differ between runs: people's comments are named by their order.
    const people = comments.filter((c) => !isBot(c.user)).map((c) => c.id);
    const replyKeys = bot
      .filter((c) => !isStatusComment(c.body))
      .flatMap((c) => replyKeysIn(c.body))
      .map((k) => k.replace(/^c(\d+)(?:-[0-9a-f]+)?$/, (_m, id: string) => `comment${people.indexOf(Number(id))}`))
      .sort();
    return {
      number: n,
      state: issue.state,
      stateReason: issue.state === 'open' ? null : issue.state_reason,
      labels: [...issue.labels].sort(),
      stateLabels: issue.labels.filter((l) => STATE_LABELS.includes(l)),
      statusComments: status.length,
      lastState: data.history.at(-1)?.to ?? null,
      // The moves people made, in order (times differ between runs; the bot's identity may too).
      // Moves read from the body ("opened", "edited") are left out: whether the bot saw the body
      // before or after a quick edit is timing, and both are right.
      moves: data.history
        .filter((e) => e.event !== 'opened' && e.event !== 'edited')
        .map((e) => `${isBot(e.actor) ? 'bot' : e.actor}: ${e.event}: ${e.from ?? '-'} → ${e.to}`),
      duplicateRows: rows.length - new Set(rows).size,
      replyKeys,
      duplicateReplies: replyKeys.length - new Set(replyKeys).size,
      reactions: comments.filter((c) => !isBot(c.user)).map((c) => [...new Set(c.reactions.map((r) => r.content))].sort()),
    };
  });
}

export type Outcome = ReturnType<typeof outcome>;

/**
 * How each issue's status comment lived, from every delivery GitHub sent: created once, never
 * deleted, never a second one.
 */
export function statusLifecycle(gh: GitHubStandIn, issues: readonly number[]) {
  return issues.map((n) => {
    let created = 0;
    let deleted = 0;
    for (const d of gh.outbox) {
      if (d.name !== 'issue_comment') continue;
      const p = d.payload as { action: string; issue: { number: number }; comment: { body: string; user: { login: string } } };
      if (p.issue.number !== n || !isBot(p.comment.user.login) || !isStatusComment(p.comment.body)) continue;
      if (p.action === 'created') created += 1;
      if (p.action === 'deleted') deleted += 1;
    }
    return { number: n, created, deleted };
  });
}

/** The sequential, fault-free run: the real app in-process, each delivery handled before the next step. */
export async function referenceRun(): Promise<Outcome> {
  const h = await startApp();
  try {
    for (const round of WORKLOAD.rounds) for (const step of round) await h.deliver(step(h.gh));
    return outcome(h.gh, WORKLOAD.issues);
  } finally {
    await h.close();
  }
}
