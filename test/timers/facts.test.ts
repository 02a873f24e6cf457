import { emptyStatusData, statusCommentIn, STATUS_MARKER, type StatusData } from '../../src/comment/data.js';
import { labelSetAt, lastRequesterComment, timerFacts, type CommentRecord, type EventRecord } from '../../src/timers/facts.js';

const INCOMPLETE = 'recovery: incomplete';
const CREATED = new Date('2026-10-30T00:00:00Z');

function comment(id: number, login: string, createdAt: string, body = 'text', type = 'User'): CommentRecord {
  return { id, body, created_at: createdAt, user: { login, type } };
}

function labeled(name: string, createdAt: string, event = 'labeled'): EventRecord {
  return { event, created_at: createdAt, label: { name } };
}

function data(history: StatusData['history'] = [], remindedAt: string | null = null): StatusData {
  return { ...emptyStatusData(), history, remindedAt };
}

describe('lastRequesterComment', () => {
  test("is the requester's newest comment, matched without regard to case", () => {
    const comments = [
      comment(1, 'Requester', '2026-11-02T10:00:00Z'),
      comment(2, 'requester', '2026-11-05T10:00:00Z'),
      comment(3, 'requester', '2026-11-03T10:00:00Z'),
    ];
    expect(lastRequesterComment(comments, 'requester')).toEqual(new Date('2026-11-05T10:00:00Z'));
  });

  test('comments of bots and other people do not count', () => {
    const comments = [
      comment(1, 'requester', '2026-11-02T10:00:00Z'),
      comment(2, 'recovery-triage[bot]', '2026-11-09T10:00:00Z', `${STATUS_MARKER} status`, 'Bot'),
      comment(3, 'github-actions[bot]', '2026-11-09T11:00:00Z', 'A reminder', 'Bot'),
      comment(4, 'an-admin', '2026-11-10T10:00:00Z'),
      { id: 5, body: 'ghost', created_at: '2026-11-11T10:00:00Z', user: null },
    ];
    expect(lastRequesterComment(comments, 'requester')).toEqual(new Date('2026-11-02T10:00:00Z'));
    expect(lastRequesterComment(comments.slice(1), 'requester')).toBeNull();
  });

  test('a request filed by a bot account is not reset by that account posting the reminders', () => {
    const comments = [comment(1, 'github-actions[bot]', '2026-11-09T10:00:00Z', '@github-actions[bot] A reminder', 'Bot')];
    expect(lastRequesterComment(comments, 'github-actions[bot]')).toBeNull();
  });
});

describe('labelSetAt', () => {
  test('is the newest labeled event for the state label; other labels and unlabeling are ignored', () => {
    const events = [
      labeled(INCOMPLETE, '2026-11-01T10:00:00Z'),
      labeled('RECOVERY: INCOMPLETE', '2026-11-04T10:00:00Z'),
      labeled('recovery: triage', '2026-11-06T10:00:00Z'),
      labeled(INCOMPLETE, '2026-11-07T10:00:00Z', 'unlabeled'),
      { event: 'commented', created_at: '2026-11-08T10:00:00Z' },
    ];
    expect(labelSetAt(events, INCOMPLETE, 'incomplete', data(), CREATED)).toEqual(new Date('2026-11-04T10:00:00Z'));
  });

  test("without an event: the bot's record of entering the state, else the issue's creation", () => {
    const entered = { at: '2026-11-02T00:00:00Z', actor: 'requester', event: 'opened', from: null, to: 'incomplete' as const, reason: 'x' };
    expect(labelSetAt([], INCOMPLETE, 'incomplete', data([entered]), CREATED)).toEqual(new Date('2026-11-02T00:00:00Z'));
    // A last entry into another state says nothing about this label.
    const other = { ...entered, to: 'triage' as const };
    expect(labelSetAt([], INCOMPLETE, 'incomplete', data([entered, other]), CREATED)).toEqual(CREATED);
  });
});

test('statusCommentIn finds the bot comment with the marker, not a user quoting it', () => {
  const comments = [
    comment(1, 'requester', '2026-11-02T10:00:00Z', `> ${STATUS_MARKER}`),
    comment(2, 'recovery-triage[bot]', '2026-11-01T10:00:00Z', 'hello', 'Bot'),
    comment(3, 'recovery-triage[bot]', '2026-11-01T10:00:01Z', `${STATUS_MARKER}\nbody`, 'Bot'),
  ];
  expect(statusCommentIn(comments)).toEqual({ id: 3, body: `${STATUS_MARKER}\nbody` });
  expect(statusCommentIn(comments.slice(0, 2))).toBeNull();
});

test('timerFacts gathers the three times', () => {
  const result = timerFacts({
    comments: [comment(1, 'requester', '2026-11-03T00:00:00Z')],
    events: [labeled(INCOMPLETE, '2026-11-01T00:00:00Z')],
    author: 'requester',
    state: 'incomplete',
    labelName: INCOMPLETE,
    data: data([], '2026-11-09T00:00:00Z'),
    createdAt: CREATED,
  });
  expect(result).toEqual({
    labelSetAt: new Date('2026-11-01T00:00:00Z'),
    requesterRepliedAt: new Date('2026-11-03T00:00:00Z'),
    remindedAt: new Date('2026-11-09T00:00:00Z'),
  });
});

test('a recorded command in the same state later than the label event restarts the clock', () => {
  const data = {
    ...emptyStatusData(),
    history: [
      {
        at: '2026-11-10T00:00:00Z',
        actor: 'admin',
        event: '/recovery ask',
        from: 'awaiting-requester' as const,
        to: 'awaiting-requester' as const,
        reason: 'asked again',
      },
    ],
  };
  const events = [{ event: 'labeled', created_at: '2026-11-01T00:00:00Z', label: { name: 'recovery: awaiting-requester' } }];
  expect(
    labelSetAt(events, 'recovery: awaiting-requester', 'awaiting-requester', data, new Date('2026-10-01T00:00:00Z')).toISOString(),
  ).toBe('2026-11-10T00:00:00.000Z');
});
