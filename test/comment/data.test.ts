import fc from 'fast-check';
import { DATA_BLOCK_MAX } from '../../src/comment/limits.js';
import { renderStatusComment } from '../../src/comment/render.js';
import {
  historyEntry,
  decodeStatusData,
  emptyStatusData,
  encodeStatusData,
  isStatusComment,
  MAX_RAN_COMMENTS,
  ranDigest,
  readStatusData,
  replyKeysIn,
  replyMarker,
  STATUS_MARKER,
} from '../../src/comment/data.js';

const block = (json: unknown) => `<!-- recovery-triage:data ${Buffer.from(JSON.stringify(json)).toString('base64')} -->`;

test('status data survives a round trip through the hidden block', () => {
  const data = {
    ...emptyStatusData(),
    history: [{ at: '2026-11-20T10:00:00Z', actor: 'a', event: 'opened', from: null, to: 'triage' as const, reason: 'form complete' }],
    historyTotal: 1,
    cursor: { comment: 12, event: 7, seenAt: '2026-11-20T10:00:00Z' },
    ran: { '12': [ranDigest('start')] },
    ranFloor: 3,
    queueAhead: 3,
    notes: ['note'],
    sensitive: ['pypi-token'],
    account: { username: 'x', verdict: 'exists' as const, canonical: null, at: '2026-11-20T10:00:00Z' },
    claimedBy: 'alice',
  };
  const body = `${STATUS_MARKER}\n\ntext\n\n${encodeStatusData(data)}`;
  expect(isStatusComment(body)).toBe(true);
  expect(decodeStatusData(body)).toEqual(data);
});

test('a missing, truncated or undecodable block gives fresh data instead of an error', () => {
  expect(decodeStatusData(null)).toEqual(emptyStatusData());
  expect(decodeStatusData('no block')).toEqual(emptyStatusData());
  expect(decodeStatusData('<!-- recovery-triage:data abc')).toEqual(emptyStatusData());
  expect(readStatusData('<!-- recovery-triage:data !!!notbase64 -->')).toEqual({ data: emptyStatusData(), dropped: ['data'] });
});

test('damaged fields are dropped one by one and named; the rest is kept', () => {
  const { data, dropped } = readStatusData(block({ history: [{ at: 1 }], queueAhead: 'many', remindedAt: '2026-11-20T10:00:00Z' }));
  expect(data.history).toEqual([]);
  expect(data.queueAhead).toBeNull();
  expect(data.remindedAt).toBe('2026-11-20T10:00:00Z');
  expect(dropped).toEqual(['history[0]', 'queueAhead']);
});

test('a history entry naming a state that does not exist ("escalated", "__proto__") is dropped, never trusted', () => {
  const good = { at: '2026-11-20T10:00:00Z', actor: 'a', event: 'opened', from: null, to: 'triage', reason: 'ok' };
  const { data, dropped } = readStatusData(
    block({ history: [good, { ...good, to: 'escalated' }, { ...good, to: '__proto__' }, { ...good, from: 'constructor' }] }),
  );
  expect(data.history).toEqual([good]);
  expect(dropped).toEqual(['history[1]', 'history[2]', 'history[3]']);
});

test('a `ran` map never lets a prototype key through, and keys must be comment ids', () => {
  const raw = `{"ran":{"__proto__":["x"],"5":["start"]}}`;
  const { data } = readStatusData(`<!-- recovery-triage:data ${Buffer.from(raw).toString('base64')} -->`);
  expect(Object.keys(data.ran)).toEqual(['5']);
  // Command lines stored before digests read as their digests.
  expect(data.ran['5']).toEqual([ranDigest('start')]);
  expect(Object.getPrototypeOf(data.ran)).toBeNull();
  expect(({} as Record<string, unknown>).x).toBeUndefined();
  expect(readStatusData(block({ ran: { abc: ['start'] } })).dropped).toEqual(['ran']);
  expect(readStatusData(block({ ran: '__proto__.abc' })).dropped).toEqual(['ran']);
  expect(Object.getPrototypeOf(readStatusData(block({ ran: '5.aaaaaa' })).data.ran)).toBeNull();
});

test('a full map from before digests keeps the older comments as run (the floor)', () => {
  const legacy = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [String(i + 11), ['help']]));
  expect(readStatusData(block({ ran: legacy })).data.ranFloor).toBe(10);
  expect(readStatusData(block({ ran: { '11': ['help'] } })).data.ranFloor).toBe(0);
});

test('version 1 data (handled comment keys) becomes a comment cursor', () => {
  const { data } = readStatusData(block({ version: 1, history: [], handled: ['10:abcd', '42:ef01', 'junk'] }));
  expect(data.cursor.comment).toBe(42);
});

test('only the newest history entries and commented commands are kept', () => {
  const entry = historyEntry({ at: '2026-11-20T10:00:00Z', actor: 'a', event: 'e', from: 'triage', to: 'verifying', reason: 'r' });
  const ran = Object.fromEntries(Array.from({ length: MAX_RAN_COMMENTS + 30 }, (_, i) => [String(i + 1), ['start']]));
  const decoded = decodeStatusData(encodeStatusData({ ...emptyStatusData(), history: Array(300).fill(entry), historyTotal: 300, ran }));
  expect(decoded.history).toHaveLength(100);
  expect(decoded.historyTotal).toBe(300);
  expect(Object.keys(decoded.ran)).toHaveLength(MAX_RAN_COMMENTS);
  expect(decoded.ran[String(MAX_RAN_COMMENTS + 30)]).toEqual([ranDigest('start')]);
  expect(decoded.ran['1']).toBeUndefined();
  // The comments left out are summed up by the floor: their commands count as run.
  expect(decoded.ranFloor).toBe(30);
  // All of it, with the longest history, stays inside the data block's room.
  const block = encodeStatusData({ ...emptyStatusData(), history: Array(300).fill(entry), historyTotal: 300, ran: decoded.ran });
  expect(block.length).toBeLessThan(DATA_BLOCK_MAX);
});

test('reply markers are found again in a body, several per body', () => {
  const body = `hello\n\n${replyMarker('c12')}\n${replyMarker('remind-incomplete-2026-11-20T10:00:00.000Z')}`;
  expect(replyKeysIn(body)).toEqual(['c12', 'remind-incomplete-2026-11-20T10:00:00.000Z']);
  expect(replyKeysIn('no markers')).toEqual([]);
});

test("the status comment stays under GitHub's 65,536-character limit however long the history", () => {
  const long = 'x'.repeat(400);
  const data = {
    ...emptyStatusData(),
    history: Array.from({ length: 300 }, (_, i) =>
      historyEntry({ at: `2026-11-20T10:00:${i}Z`, actor: long, event: long, from: 'triage', to: 'awaiting-requester', reason: long }),
    ),
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

test('the commands run per comment survive the packed form; the ones left out are always below the floor', () => {
  const digests = fc.array(fc.stringMatching(/^[0-9a-f]{6}$/), { maxLength: 4 });
  fc.assert(
    fc.property(
      fc.dictionary(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }).map(String), digests, { maxKeys: MAX_RAN_COMMENTS + 20 }),
      fc.nat(),
      (ran, floor) => {
        const decoded = decodeStatusData(encodeStatusData({ ...emptyStatusData(), ran, ranFloor: floor }));
        const ids = Object.keys(ran)
          .map(Number)
          .sort((a, b) => a - b);
        const kept = ids.slice(-MAX_RAN_COMMENTS);
        expect(
          Object.keys(decoded.ran)
            .map(Number)
            .sort((a, b) => a - b),
        ).toEqual(kept);
        for (const id of kept) expect(decoded.ran[String(id)]).toEqual(ran[String(id)]);
        for (const id of ids.slice(0, ids.length - kept.length)) expect(decoded.ranFloor).toBeGreaterThanOrEqual(id);
        expect(decoded.ranFloor).toBeGreaterThanOrEqual(floor);
      },
    ),
    { numRuns: 60 },
  );
});

test('when the data block must be thinned to fit, the comments it leaves out of `ran` fall below the floor', () => {
  const long = 'x'.repeat(400);
  const ran = Object.fromEntries(Array.from({ length: MAX_RAN_COMMENTS }, (_, i) => [String(1000 + i), [ranDigest('help')]]));
  const data = {
    ...emptyStatusData(),
    history: Array.from({ length: 100 }, (_, i) =>
      historyEntry({ at: `2026-11-20T10:00:${i}Z`, actor: long, event: long, from: 'triage', to: 'verifying', reason: long }),
    ),
    historyTotal: 100,
    ran,
  };
  const body = renderStatusComment({ state: 'verifying', problems: [], data, labelOf: (s) => s, sensitiveWarnings: [] });
  const stored = decodeStatusData(body);
  const kept = Object.keys(stored.ran).map(Number);
  expect(kept.length).toBeLessThan(MAX_RAN_COMMENTS);
  expect(kept.length).toBeGreaterThan(0);
  expect(stored.ranFloor).toBe(Math.min(...kept) - 1);
});
