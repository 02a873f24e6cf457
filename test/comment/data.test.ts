import { renderStatusComment } from '../../src/comment/render.js';
import {
  historyEntry,
  decodeStatusData,
  emptyStatusData,
  encodeStatusData,
  isStatusComment,
  STATUS_MARKER,
} from '../../src/comment/data.js';

test('status data survives a round trip through the hidden block', () => {
  const data = {
    ...emptyStatusData(),
    history: [{ at: '2026-11-20T10:00:00Z', actor: 'a', event: 'opened', from: null, to: 'triage' as const, reason: 'form complete' }],
    handled: ['1:abc'],
    queueAhead: 3,
    notes: ['note'],
    sensitive: ['pypi-token'],
    account: { username: 'x', verdict: 'exists' as const, canonical: null, at: '2026-11-20T10:00:00Z' },
  };
  const body = `${STATUS_MARKER}\n\ntext\n\n${encodeStatusData(data)}`;
  expect(isStatusComment(body)).toBe(true);
  expect(decodeStatusData(body)).toEqual(data);
});

test('a missing, truncated or tampered block gives fresh data instead of an error', () => {
  expect(decodeStatusData(null)).toEqual(emptyStatusData());
  expect(decodeStatusData('no block')).toEqual(emptyStatusData());
  expect(decodeStatusData('<!-- recovery-triage:data abc')).toEqual(emptyStatusData());
  expect(decodeStatusData('<!-- recovery-triage:data !!!notbase64 -->')).toEqual(emptyStatusData());
  const odd = Buffer.from(JSON.stringify({ history: [{ at: 1 }], handled: 'x', queueAhead: 'many' })).toString('base64');
  expect(decodeStatusData(`<!-- recovery-triage:data ${odd} -->`)).toEqual(emptyStatusData());
});

test('only the newest handled keys and history entries are kept', () => {
  const data = { ...emptyStatusData(), handled: Array.from({ length: 500 }, (_, i) => `k${i}`) };
  const decoded = decodeStatusData(encodeStatusData(data));
  expect(decoded.handled).toHaveLength(200);
  expect(decoded.handled.at(-1)).toBe('k499');
});

test("the status comment stays under GitHub's 65,536-character limit however long the history", () => {
  const long = 'x'.repeat(400);
  const data = {
    ...emptyStatusData(),
    history: Array.from({ length: 300 }, (_, i) =>
      historyEntry({ at: `2026-11-20T10:00:${i}Z`, actor: long, event: long, from: 'triage', to: 'awaiting-requester', reason: long }),
    ),
    handled: Array.from({ length: 300 }, (_, i) => `${i}:0123456789abcdef`),
    notes: ['n'.repeat(500), 'm'.repeat(500)],
    sensitive: ['pypi-token', 'email'],
  };
  const decoded = decodeStatusData(encodeStatusData(data));
  const body = renderStatusComment({
    state: 'triage',
    problems: [],
    data: decoded,
    labelOf: (s) => s,
    sensitiveWarnings: ['w'.repeat(2000)],
  });
  expect(body.length).toBeLessThan(65_536);
});
