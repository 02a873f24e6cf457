import { checkRequest } from '../../src/checks/validate.js';
import { decodeStatusData, emptyStatusData, type StatusData } from '../../src/comment/data.js';
import { renderStatusComment } from '../../src/comment/render.js';
import { defaultConfig } from '../../src/config/load.js';
import { configSchema, type Config } from '../../src/config/schema.js';
import { loadBundledForm } from '../../src/form/bundled.js';
import type { State } from '../../src/state/states.js';
import { startDraft } from '../../src/triage/draft.js';
import { finish } from '../../src/triage/finish.js';
import type { TriageInput } from '../../src/triage/request.js';
import { onTimer, type TimerEvent } from '../../src/triage/timer-event.js';
import { formBody } from '../helpers/bodies.js';

const NOW = '2026-11-20T10:00:00.000Z';
const ACTOR = { login: 'recovery-triage sweep', at: NOW };
const REMIND: TimerEvent = { step: 'remind', settings: { remindAfterDays: 7, closeAfterDays: 7 }, since: '2026-11-01T10:00:00.000Z' };
const CLOSE: TimerEvent = { ...REMIND, step: 'close' };

function request(state: State, data: Partial<StatusData> = {}, config: Config = defaultConfig()): TriageInput {
  const status = renderStatusComment({
    state,
    problems: [],
    data: {
      ...emptyStatusData(),
      history: [{ at: '2026-11-01T10:00:00Z', actor: 'alice', event: 'test', from: null, to: state, reason: 'set up' }],
      historyTotal: 1,
      ...data,
    },
    labelOf: (s) => config.labels[s].name,
    sensitiveWarnings: [],
  });
  return {
    config,
    template: loadBundledForm(),
    request: {
      number: 12,
      author: 'requester',
      open: true,
      labels: ['account-recovery', config.labels[state].name],
      body: formBody({ username: 'me@example.com' }),
      status: { id: 9012, body: status },
    },
  };
}

function plan(input: TriageInput, event: TimerEvent) {
  const draft = startDraft(decodeStatusData(input.request.status?.body));
  const next = onTimer(input, draft, event, ACTOR);
  return { draft, next, plan: finish(input, next, checkRequest(input.template, input.request.body, input.config.username)) };
}

describe('a reminder', () => {
  test('for an incomplete request: mentions the requester, asks for an edit, names the days left, records remindedAt', () => {
    const { next, plan: p } = plan(request('incomplete'), REMIND);
    expect(next.state).toBe('incomplete');
    expect(next.data.remindedAt).toBe(NOW);
    expect(p.replies).toHaveLength(1);
    const reply = p.replies[0].body;
    expect(reply).toMatch(/^@requester /);
    expect(reply).toContain('edit the issue');
    expect(reply).toContain('in the next 7 days, this request will be closed');
    // Only the status comment (new remindedAt) and the reply: no labels, the issue stays open.
    expect(p.addLabels).toEqual([]);
    expect(p.removeLabels).toEqual([]);
    expect(p.issue).toBe('none');
    expect(p.statusComment?.id).toBe(9012);
    expect(decodeStatusData(p.statusComment?.body).remindedAt).toBe(NOW);
  });

  test('for a request awaiting the requester: asks them to answer the admin, linking the admin’s comment', () => {
    const { plan: p } = plan(request('awaiting-requester'), REMIND);
    expect(p.replies[0].body).toMatch(/^@requester /);
    // Put there without a comment (a label set by hand): the link is its plain text.
    expect(p.replies[0].body).toContain('waiting for your answer to their comment. Please reply with a comment here.');
    expect(p.replies[0].body).not.toContain('edit the issue');
    const asked = {
      history: [
        {
          at: '2026-11-01T10:00:00Z',
          actor: 'alice',
          event: '/recovery ask',
          from: null,
          to: 'awaiting-requester' as const,
          reason: 'r',
          comment: 77,
        },
      ],
    };
    expect(plan(request('awaiting-requester', asked), REMIND).plan.replies[0].body).toContain(
      'waiting for your answer to [their comment](#issuecomment-77).',
    );
  });

  test('the reminder of an incomplete request links the status comment', () => {
    const { plan: p } = plan(request('incomplete'), REMIND);
    expect(p.replies[0].body).toContain('fix what [the status comment](#issuecomment-9012) lists');
  });

  test('with closing off, the reminder does not threaten to close', () => {
    const { plan: p } = plan(request('incomplete'), { ...REMIND, settings: { remindAfterDays: 7, closeAfterDays: null } });
    expect(p.replies[0].body).not.toMatch(/closed/);
  });

  test('uses the day count of the config, singular for one day', () => {
    const { plan: p } = plan(request('incomplete'), { ...REMIND, settings: { remindAfterDays: 3, closeAfterDays: 1 } });
    expect(p.replies[0].body).toContain('in the next 1 day,');
  });
});

describe('closing', () => {
  test('moves to denied through the timeout rule, records why, and closes as not planned', () => {
    const { next, plan: p } = plan(request('awaiting-requester', { remindedAt: '2026-11-08T10:00:00.000Z' }), CLOSE);
    expect(next.state).toBe('denied');
    expect(next.data.remindedAt).toBeNull();
    expect(next.data.history.at(-1)).toEqual({
      at: NOW,
      actor: 'recovery-triage sweep',
      event: 'timer',
      from: 'awaiting-requester',
      to: 'denied',
      reason: 'no reply from the requester since 2026-11-01',
    });
    expect(p.addLabels).toEqual(['recovery: denied']);
    expect(p.removeLabels).toEqual(['recovery: awaiting-requester']);
    expect(p.issue).toBe('close-not-planned');
    expect(p.replies).toHaveLength(1);
    expect(p.replies[0].body).toMatch(/^@requester /);
    expect(p.replies[0].body).toContain('closed because there was no reply');
    expect(p.replies[0].body).toContain('`/recovery reopen`');
    expect(p.replies[0].body).toContain('open a new request');
    expect(decodeStatusData(p.statusComment?.body).history.at(-1)?.event).toBe('timer');
  });

  test('an incomplete request is closed the same way', () => {
    const { plan: p } = plan(request('incomplete'), CLOSE);
    expect(p.addLabels).toEqual(['recovery: denied']);
    expect(p.removeLabels).toEqual(['recovery: incomplete']);
    expect(p.issue).toBe('close-not-planned');
  });
});

test.each<[State, TimerEvent]>([
  ['triage', REMIND],
  ['triage', CLOSE],
  ['denied', CLOSE],
  ['verifying', REMIND],
])('a timer step in state %s changes nothing', (state, event) => {
  const open = request(state);
  // A final state is a closed issue: the timer leaves it as it is.
  const input = state === 'denied' ? { ...open, request: { ...open.request, open: false } } : open;
  const { draft, next, plan: p } = plan(input, event);
  expect(next).toBe(draft);
  expect(p.replies).toEqual([]);
  expect(p.issue).toBe('none');
});

describe('the texts are templates (messages.timers)', () => {
  const config = configSchema.parse({
    username: { platform: 'Py[PI]' },
    messages: {
      timers: {
        remindIncomplete: 'Hello {requester}: {issue} on {platform} still needs an edit.',
        remindAwaitingRequester: 'Hello {requester}, please answer.',
        closeWarning: 'Closing in {days}.',
        closed: 'Closed {issue}, {requester}.',
      },
    },
  });

  test('a reminder is the bot’s mention, the state’s template and the close warning, values escaped', () => {
    const { plan: p } = plan(request('incomplete', {}, config), { ...REMIND, settings: { remindAfterDays: 7, closeAfterDays: 1 } });
    expect(p.replies[0].body).toBe('@requester Hello requester: #12 on Py\\[PI\\] still needs an edit. Closing in 1 day.');
    const waiting = plan(request('awaiting-requester', {}, config), REMIND).plan;
    expect(waiting.replies[0].body).toBe('@requester Hello requester, please answer. Closing in 7 days.');
  });

  test('without closing, no warning is added', () => {
    const { plan: p } = plan(request('incomplete', {}, config), { ...REMIND, settings: { remindAfterDays: 7, closeAfterDays: null } });
    expect(p.replies[0].body).toBe('@requester Hello requester: #12 on Py\\[PI\\] still needs an edit.');
  });

  test('closing posts the configured text after the mention', () => {
    const { plan: p } = plan(request('awaiting-requester', {}, config), CLOSE);
    expect(p.replies[0].body).toBe('@requester Closed #12, requester.');
    expect(p.issue).toBe('close-not-planned');
  });

  test('with the defaults the texts read as before, pointing neither up nor down', () => {
    const { plan: p } = plan(request('awaiting-requester'), REMIND);
    expect(p.replies[0].body).toBe(
      '@requester A reminder: an admin is waiting for your answer to their comment. Please reply with a comment here. If there is no reply in the next 7 days, this request will be closed.',
    );
  });
});
