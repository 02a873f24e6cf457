import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

interface Job {
  strategy?: { matrix: { node: number[] } };
  steps: { uses?: string; run?: string; with?: Record<string, unknown> }[];
}

const ci = parse(readFileSync(new URL('../../.github/workflows/ci.yml', import.meta.url), 'utf8')) as {
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
};

test('CI runs the README commands (.ci/run) on Node.js 20, 22 and 24', () => {
  const test = ci.jobs.test;
  expect(test.strategy?.matrix.node).toEqual([20, 22, 24]);
  expect(test.steps.find((s) => s.uses?.startsWith('actions/setup-node@'))?.with?.['node-version']).toBe('${{ matrix.node }}');
  expect(test.steps.at(-1)?.run).toBe('bash .ci/run');
  expect(ci.permissions).toEqual({ contents: 'read' });
});

test('CI checks the package contents, the committed schema, and builds and health-checks the Docker image', () => {
  const runs = Object.values(ci.jobs).flatMap((j) => j.steps.map((s) => s.run ?? ''));
  expect(runs).toContain('npm run pack:check');
  expect(runs).toContain('node scripts/schema.js --check');
  expect(runs.some((r) => r.startsWith('docker build -t recovery-triage:ci .'))).toBe(true);
  expect(runs.some((r) => r.includes('.State.Health.Status') && r.includes('/ping'))).toBe(true);
});
