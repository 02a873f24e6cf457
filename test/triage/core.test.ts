import { checkRequest } from '../../src/checks/validate.js';
import { decodeStatusData } from '../../src/comment/data.js';
import { defaultConfig } from '../../src/config/load.js';
import { loadBundledForm } from '../../src/form/bundled.js';
import { parseCommands } from '../../src/commands/grammar.js';
import { deliveryKey, onComment } from '../../src/triage/comment-event.js';
import { startDraft } from '../../src/triage/draft.js';
import { finish } from '../../src/triage/finish.js';
import { onFormChecked } from '../../src/triage/form-event.js';
import { onClosedByHand, onStateLabelAdded } from '../../src/triage/label-events.js';
import { isEmptyPlan } from '../../src/triage/plan.js';
import type { RequestSnapshot, TriageInput } from '../../src/triage/request.js';
import { formBody } from '../helpers/bodies.js';

// The pure core: no Probot, no HTTP. Each test feeds a snapshot and reads the plan.
const config = defaultConfig();
const template = loadBundledForm();
const at = { login: 'requester', at: '2026-11-20T10:00:00Z' };

function input(request: Partial<RequestSnapshot> = {}): TriageInput {
  return {
    config,
    template,
    request: { number: 1, author: 'requester', open: true, labels: ['account-recovery'], body: formBody(), status: null, ...request },
  };
}

/** Runs a form event and returns the plan plus the snapshot GitHub would show after it. */
function formEvent(request: Partial<RequestSnapshot>) {
  const i = input(request);
  const check = checkRequest(template, i.request.body, config.username);
  const draft = onFormChecked(startDraft(i), check, 'opened', at);
  const plan = finish(i, draft, check);
  const after: Partial<RequestSnapshot> = {
    labels: [...i.request.labels.filter((l) => !plan.removeLabels.includes(l)), ...plan.addLabels],
    status: plan.statusComment ? { id: 9001, body: plan.statusComment.body } : i.request.status,
  };
  return { plan, after, check };
}

test('a new complete request: triage label, one new status comment', () => {
  const { plan } = formEvent({});
  expect(plan.addLabels).toEqual(['recovery: triage']);
  expect(plan.ensureLabels).toEqual([config.labels.triage]);
  expect(plan.statusComment?.id).toBeNull();
  expect(plan.issue).toBe('none');
});

test('the same event on the state it produced plans nothing: idempotent', () => {
  const first = formEvent({ body: formBody({ username: 'a b' }) });
  const again = formEvent({ body: formBody({ username: 'a b' }), ...first.after });
  expect(isEmptyPlan(again.plan)).toBe(true);
});

test('labels that are not state labels are never removed', () => {
  const { plan, after } = formEvent({ labels: ['account-recovery', 'priority', 'recovery: verifying', 'recovery: triage'] });
  expect(plan.removeLabels).toHaveLength(1);
  expect(after.labels).toEqual(expect.arrayContaining(['account-recovery', 'priority']));
  expect(after.labels?.filter((l) => l.startsWith('recovery: '))).toHaveLength(1);
});

test('problems are listed escaped in the status comment', () => {
  const { plan } = formEvent({ body: formBody({ username: '<b>@admin</b>' }) });
  expect(plan.statusComment?.body).toContain('Status: incomplete');
  expect(plan.statusComment?.body).not.toContain('<b>');
  expect(plan.statusComment?.body).not.toMatch(/@admin/);
});

test('a maintainer label on a closed request reopens it to match a non-final state', () => {
  const i = input({ open: false, labels: ['account-recovery', 'recovery: denied', 'recovery: triage'] });
  const draft = onStateLabelAdded(startDraft(i), i.request, config, 'triage', { login: 'admin', at: at.at }, true);
  expect(draft.state).toBe('triage');
  expect(draft.issue).toBe('reopen');
  const plan = finish(i, draft, checkRequest(template, i.request.body, config.username));
  expect(plan.removeLabels).toEqual(['recovery: denied']);
  expect(plan.issue).toBe('reopen');
});

test('closing by hand is recorded once; a final state stays', () => {
  const i = input({ open: false, labels: ['account-recovery', 'recovery: triage'] });
  const closed = onClosedByHand(startDraft(i), 'not_planned', at);
  expect(closed.state).toBe('denied');
  expect(onClosedByHand(closed, 'completed', at)).toBe(closed);
});

describe('comments', () => {
  const check = checkRequest(template, formBody(), config.username);
  const awaiting = input({ labels: ['account-recovery', 'recovery: awaiting-requester'] });

  test('the requester commenting while awaited moves the request to verifying', () => {
    const draft = onComment(awaiting, startDraft(awaiting), check, {
      id: 1,
      body: 'done',
      author: at,
      commands: [],
      created: true,
      isMaintainer: false,
    });
    expect(draft.state).toBe('verifying');
    expect(draft.data.handled).toEqual([deliveryKey(1, 'done')]);
  });

  test('anyone else commenting, or an edit, moves nothing and records nothing', () => {
    const base = startDraft(awaiting);
    const other = { login: 'someone', at: at.at };
    expect(onComment(awaiting, base, check, { id: 1, body: 'hi', author: other, commands: [], created: true, isMaintainer: false })).toBe(
      base,
    );
    expect(onComment(awaiting, base, check, { id: 1, body: 'hi', author: at, commands: [], created: false, isMaintainer: false })).toBe(
      base,
    );
  });

  test('a handled delivery is not run again', () => {
    const body = '/recovery complete';
    const event = { id: 2, body, author: { login: 'admin', at: at.at }, commands: parseCommands(body), created: true, isMaintainer: true };
    const once = onComment(awaiting, startDraft(awaiting), check, event);
    expect(once.state).toBe('completed');
    expect(once.issue).toBe('close-completed');
    const again = onComment(awaiting, once, check, event);
    expect(again).toBe(once);
    expect(decodeStatusData(finish(awaiting, once, check).statusComment?.body).history.at(-1)?.event).toBe('/recovery complete');
  });
});

test('a second question while awaiting the requester is recorded, so the timers start again', () => {
  const i = input({ labels: ['account-recovery', 'recovery: awaiting-requester'] });
  const start = { ...startDraft(i), data: { ...startDraft(i).data, remindedAt: '2026-11-25T00:00:00Z' } };
  const body = '/recovery ask Which e-mail address did you sign up with?';
  const admin = { login: 'admin', at: '2026-11-26T00:00:00Z' };
  const draft = onComment(i, start, checkRequest(template, formBody(), config.username), {
    id: 3,
    body,
    author: admin,
    commands: parseCommands(body),
    created: true,
    isMaintainer: true,
  });
  expect(draft.state).toBe('awaiting-requester');
  expect(draft.data.remindedAt).toBeNull();
  expect(draft.data.history.at(-1)).toMatchObject({
    at: admin.at,
    event: '/recovery ask',
    from: 'awaiting-requester',
    to: 'awaiting-requester',
  });
  expect(draft.replies[0]).toContain('> Which e\\-mail address did you sign up with?');
});

test('a long deny reason is stored as rendered, so the redelivered command plans nothing', () => {
  const i = input({ labels: ['account-recovery', 'recovery: triage'] });
  const body = `/recovery deny ${'not a recovery case, '.repeat(20)}`;
  const event = { id: 4, body, author: { login: 'admin', at: at.at }, commands: parseCommands(body), created: true, isMaintainer: true };
  const check = checkRequest(template, formBody(), config.username);
  const first = finish(i, onComment(i, startDraft(i), check, event), check);
  const after = input({
    open: false,
    labels: ['account-recovery', 'recovery: denied'],
    status: { id: 9001, body: first.statusComment?.body ?? '' },
  });
  expect(isEmptyPlan(finish(after, onComment(after, startDraft(after), check, event), check))).toBe(true);
});
