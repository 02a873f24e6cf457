import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

test('app.yml asks for what the bot uses and nothing more', () => {
  const manifest = parse(readFileSync(new URL('../app.yml', import.meta.url), 'utf8')) as Record<string, unknown>;
  expect(manifest.default_permissions).toEqual({ issues: 'write', metadata: 'read', contents: 'read' });
  // push: a change of the config or the form on the default branch drops the cached copy;
  // label: a deleted label is forgotten (test/github/subscriptions.test.ts keeps these in step).
  expect(manifest.default_events).toEqual(['issues', 'issue_comment', 'push', 'label']);
  // Probot fills in the webhook URL; a fixed one here would override it.
  expect(manifest).not.toHaveProperty('hook_attributes');
});

test('the form template and its config disable blank issues and carry the form label', () => {
  const form = parse(readFileSync(new URL('../.github/ISSUE_TEMPLATE/account-recovery.yml', import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
  const config = parse(readFileSync(new URL('../.github/ISSUE_TEMPLATE/config.yml', import.meta.url), 'utf8')) as Record<string, unknown>;
  expect(form.title).toBe('Account recovery request');
  expect(form.labels).toEqual(['account-recovery']);
  expect(config.blank_issues_enabled).toBe(false);
});

interface Workflow {
  on: Record<string, { types?: string[]; inputs?: Record<string, { type: string }> } | { cron: string }[] | null>;
  permissions: Record<string, string>;
  concurrency: { group: string; 'cancel-in-progress': boolean; queue?: string };
  jobs: Record<string, { if?: string; steps: { uses?: string; run?: string; with?: Record<string, string> }[] }>;
}

/**
 * A job's `if:` as GitHub evaluates it, for the forms the example uses: `==`, `!`, `&&`, `||`,
 * `contains(list.*.name, 'x')`, and property access where a missing property is null.
 */
function jobCondition(text: string): (github: Record<string, unknown>) => boolean {
  const inner = /^\$\{\{([\s\S]*)\}\}$/.exec(text.trim())?.[1];
  if (inner === undefined) throw new Error(`not an expression: ${text}`);
  const js = inner
    .replace(/contains\(([\w.]+)\.\*\.(\w+),/g, (_m, list: string, key: string) => `contains((${list} ?? []).map((x) => x?.${key}),`)
    .replace(/\b(github(?:\.[\w]+)+)/g, (path: string) => path.split('.').join('?.'))
    .replace(/==/g, '===');
  if (/[^\w\s.?'!&|()=,:>[\]-]/.test(js)) throw new Error(`unexpected syntax in ${inner}`);
  const evaluate = new Function('github', 'contains', `return (${js});`) as (g: unknown, c: unknown) => unknown;
  const contains = (list: unknown, item: unknown) => Array.isArray(list) && list.includes(item);
  return (github) => Boolean(evaluate(github, contains));
}

function workflow(name: string): Workflow {
  return parse(readFileSync(new URL(`../examples/workflows/${name}`, import.meta.url), 'utf8')) as Workflow;
}

test('app.yml points its home page at the project and leaves the webhook URL to registration', () => {
  const text = readFileSync(new URL('../app.yml', import.meta.url), 'utf8');
  const manifest = parse(text) as Record<string, unknown>;
  expect(manifest.url).toBe('https://github.com/recovery-triage/recovery-triage');
  expect(manifest.public).toBe(false);
  // The comment tells where the URL comes from: the proxy channel or the setup page's address.
  expect(text).toContain('WEBHOOK_PROXY_URL');
  expect(text.replace(/\n#\s*/g, ' ')).toContain('bin/start.js accepts webhooks at `/` as well as at /api/github/webhooks');
});

test('the Action-mode workflow: requests only (the form label), a daily sweep, least permissions, one run at a time in the repository', () => {
  const flow = workflow('recovery-triage.yml');
  expect(flow.on.issues).toEqual({ types: ['opened', 'edited', 'labeled', 'unlabeled', 'closed', 'reopened'] });
  expect(flow.on.issue_comment).toEqual({ types: ['created', 'edited'] });
  expect((flow.on.schedule as { cron: string }[])[0]?.cron).toMatch(/^\d+ \d+ \* \* \*$/);
  expect((flow.on.workflow_dispatch as { inputs: Record<string, { type: string }> }).inputs['dry-run'].type).toBe('boolean');
  expect(flow.permissions).toEqual({ issues: 'write', contents: 'read' });
  // One run at a time in the repository (issue runs and the sweep alike), every pending run kept in order.
  expect(flow.concurrency).toEqual({ group: 'recovery-triage', 'cancel-in-progress': false, queue: 'max' });
  const [job] = Object.values(flow.jobs);
  const runs = jobCondition(job.if ?? '');
  const issue = (labels: string[], pr = false) => ({
    number: 7,
    labels: labels.map((name) => ({ name })),
    ...(pr ? { pull_request: {} } : {}),
  });
  // Requests: any event on an issue with the form label, the labeled event that adds it included.
  expect(runs({ event_name: 'issues', event: { action: 'opened', issue: issue(['account-recovery']) } })).toBe(true);
  expect(
    runs({ event_name: 'issues', event: { action: 'labeled', label: { name: 'account-recovery' }, issue: issue(['account-recovery']) } }),
  ).toBe(true);
  expect(runs({ event_name: 'issues', event: { action: 'labeled', label: { name: 'account-recovery' }, issue: issue([]) } })).toBe(true);
  expect(runs({ event_name: 'issue_comment', event: { action: 'created', issue: issue(['account-recovery', 'recovery: triage']) } })).toBe(
    true,
  );
  // The sweep.
  expect(runs({ event_name: 'schedule', event: {} })).toBe(true);
  expect(runs({ event_name: 'workflow_dispatch', event: { inputs: { 'dry-run': true } } })).toBe(true);
  // Everything else skips the job: other issues, pull requests, their comments.
  expect(runs({ event_name: 'issues', event: { action: 'opened', issue: issue(['bug']) } })).toBe(false);
  expect(runs({ event_name: 'issues', event: { action: 'labeled', label: { name: 'bug' }, issue: issue(['bug']) } })).toBe(false);
  expect(runs({ event_name: 'issue_comment', event: { action: 'created', issue: issue([]) } })).toBe(false);
  expect(runs({ event_name: 'issue_comment', event: { action: 'created', issue: issue(['account-recovery'], true) } })).toBe(false);
  // No server, no app, no build: one step, the action, with the workflow's own token (its default).
  expect(job.steps).toEqual([{ uses: 'recovery-triage/recovery-triage@v0', with: { 'dry-run': '${{ inputs.dry-run || false }}' } }]);
});

test('the sweep-only workflow (server mode) is scheduled, has the permissions it needs and runs the action', () => {
  const flow = workflow('recovery-triage-sweep.yml');
  expect(Object.keys(flow.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
  expect((flow.on.schedule as { cron: string }[])[0]?.cron).toMatch(/^\d+ \d+ \* \* \*$/);
  expect(flow.permissions).toEqual({ issues: 'write', contents: 'read' });
  expect(flow.concurrency).toEqual({ group: 'recovery-triage', 'cancel-in-progress': false, queue: 'max' });
  expect(flow.jobs.sweep.steps.map((s) => s.uses)).toEqual(['recovery-triage/recovery-triage@v0']);
  // The sweep must recognise the status comments the app wrote under its own name.
  expect((flow.jobs.sweep.steps[0] as { env?: Record<string, string> }).env).toEqual({ RECOVERY_TRIAGE_BOT_LOGIN: 'recovery-triage[bot]' });
  // Nothing to replace before use: no placeholder repository, no checkout and build of the bot.
  const text = readFileSync(new URL('../examples/workflows/recovery-triage-sweep.yml', import.meta.url), 'utf8');
  expect(text).not.toContain('your-org');
  expect(text).not.toContain('npm ci');
});
