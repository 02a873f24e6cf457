// The GitHub stand-in in a worker thread, so that the main thread's heap holds only the app
// (Probot, its Octokit, the bot's caches) while the heap benchmark measures it. The main thread
// asks for people's actions by message and gets back the webhook deliveries they cause.
import { parentPort, workerData } from 'node:worker_threads';
import { GitHubStandIn } from '../lib/standin/index.js';

const { now, appId, appSlug, repos, labels, maintainers } = workerData;
const gh = new GitHubStandIn({ now, appId, appSlug, rateLimit: { core: 1e9, search: 1e9 } });
for (const [index, repo] of repos.entries()) {
  gh.addRepo(repo, {
    installationId: index + 1,
    labels: labels.map((name) => ({ name, color: 'ededed' })),
    permissions: Object.fromEntries(maintainers.map((login) => [login, 'maintain'])),
  });
}
await gh.listen();

const ops = {
  open: ({ repo, login, body }) => gh.as(login).openIssue(repo, { title: 'Account recovery request', body, labels: ['account-recovery'] }),
  editBody: ({ repo, login, number, body }) => gh.as(login).editBody(repo, number, body),
  comment: ({ repo, login, number, body }) => gh.as(login).comment(repo, number, body),
  editComment: ({ repo, login, id, body }) => gh.as(login).editComment(repo, id, body),
  calls: () => {
    const counts = gh.countCalls();
    const unexpected = gh.unexpected.length;
    gh.resetCalls();
    return { ...counts, unexpected };
  },
  snapshot: ({ repo }) =>
    gh.issues(repo).map((i) => ({
      number: i.number,
      labels: i.labels,
      status: i.comments.filter((c) => c.user === gh.botLogin && c.body.includes('<!-- recovery-triage:status -->')).length,
    })),
};

parentPort.on('message', ({ id, op, args }) => {
  try {
    const result = ops[op](args ?? {});
    // Deliveries are handed to the main thread; the stand-in keeps no copy.
    gh.outbox.length = 0;
    parentPort.postMessage({ id, result });
  } catch (error) {
    parentPort.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
parentPort.postMessage({ ready: gh.url });
