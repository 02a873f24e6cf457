import { defaultConfig } from '../../src/config/load.js';
import { laggingLabels, type IssueEventView, type IssueView } from '../../src/triage/reconcile.js';

/** The pure check behind "events lag: settle": which state labels on the issue the events listing does not show yet. */

const config = defaultConfig();
const issue = (labels: string[]): IssueView => ({
  number: 1,
  author: 'requester',
  open: true,
  stateReason: null,
  closedAt: null,
  closedBy: null,
  labels,
  body: null,
  createdAt: '2026-11-20T10:00:00Z',
  updatedAt: '2026-11-20T10:05:00Z',
});
let id = 0;
const event = (kind: IssueEventView['kind'], label: string, byApp = false): IssueEventView => ({
  id: ++id,
  kind,
  actor: byApp ? 'recovery-triage[bot]' : 'alice',
  byApp,
  at: '2026-11-20T10:01:00Z',
  label,
  stateReason: null,
});

test('a state label without its labeled event, or with an unlabeled event last, lags; the recorded state and other labels never do', () => {
  const labels = ['account-recovery', 'recovery: triage', 'recovery: verifying'];
  expect(laggingLabels(issue(labels), 'triage', [], config)).toEqual(['recovery: verifying']);
  expect(laggingLabels(issue(labels), 'triage', [event('labeled', 'recovery: verifying')], config)).toEqual([]);
  expect(
    laggingLabels(issue(labels), 'triage', [event('labeled', 'Recovery: Verifying'), event('unlabeled', 'recovery: verifying')], config),
  ).toEqual(['recovery: verifying']);
  // Added by the app itself (a run that did not finish): listed, so not lagging.
  expect(laggingLabels(issue(labels), 'triage', [event('labeled', 'recovery: verifying', true)], config)).toEqual([]);
  expect(laggingLabels(issue(['account-recovery', 'recovery: triage']), 'triage', [], config)).toEqual([]);
  expect(laggingLabels(issue(['account-recovery', 'recovery: triage']), null, [], config)).toEqual(['recovery: triage']);
});
