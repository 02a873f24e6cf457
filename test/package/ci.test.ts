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

test('the release workflow tests, then tags vX.Y.Z and moves vX with scripts/release-action.sh, the version passed as data', () => {
  const release = parse(readFileSync(new URL('../../.github/workflows/release.yml', import.meta.url), 'utf8')) as {
    on: { workflow_dispatch: { inputs: { version: { required: boolean; type: string } } } };
    permissions: Record<string, string>;
    jobs: { release: { steps: { uses?: string; run?: string; env?: Record<string, string> }[] } };
  };
  expect(release.on.workflow_dispatch.inputs.version).toMatchObject({ required: true, type: 'string' });
  expect(release.permissions).toEqual({ contents: 'write' });
  const steps = release.jobs.release.steps;
  const runs = steps.map((s) => s.run ?? '');
  const at = (text: string) => runs.findIndex((r) => r.includes(text));
  // Tested before anything is tagged; the version must be package.json's.
  expect(at('npm test')).toBeGreaterThan(at('npm ci'));
  expect(at('scripts/release-action.sh')).toBeGreaterThan(at('npm test'));
  expect(at('require("./package.json").version')).toBeGreaterThanOrEqual(0);
  expect(at('git push --force origin "refs/tags/${VERSION%%.*}"')).toBeGreaterThan(at('scripts/release-action.sh'));
  for (const step of steps.filter((s) => s.run !== undefined)) {
    // The input reaches scripts through env only: an expression in a script is pasted in before bash runs.
    expect(step.run).not.toContain('${{');
    if (step.run?.includes('VERSION')) expect(step.env?.VERSION).toBe('${{ inputs.version }}');
  }
  // The tag the example workflow pins is the major tag this moves.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  const example = readFileSync(new URL('../../examples/workflows/recovery-triage.yml', import.meta.url), 'utf8');
  expect(example).toContain(`recovery-triage/recovery-triage@v${pkg.version.split('.')[0]}`);
});
