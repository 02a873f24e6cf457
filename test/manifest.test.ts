import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

test('app.yml asks for what the bot uses and nothing more', () => {
  const manifest = parse(readFileSync(new URL('../app.yml', import.meta.url), 'utf8')) as Record<string, unknown>;
  expect(manifest.default_permissions).toEqual({ issues: 'write', metadata: 'read', contents: 'read' });
  expect(manifest.default_events).toEqual(['issues', 'issue_comment']);
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

test('the example sweep workflow is scheduled, has the permissions it needs and runs the sweep', () => {
  const workflow = parse(readFileSync(new URL('../examples/workflows/recovery-triage-sweep.yml', import.meta.url), 'utf8')) as {
    on: { schedule: { cron: string }[] };
    permissions: Record<string, string>;
    jobs: { sweep: { steps: { run?: string; env?: Record<string, string> }[] } };
  };
  expect(workflow.on.schedule[0]?.cron).toMatch(/^\S+ \S+ \* \* \*$/);
  expect(workflow.permissions).toEqual({ issues: 'write', contents: 'read' });
  const sweep = workflow.jobs.sweep.steps.find((s) => s.run?.includes(' sweep --repo '));
  expect(sweep?.env?.GITHUB_TOKEN).toBe('${{ secrets.GITHUB_TOKEN }}');
});
