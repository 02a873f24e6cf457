import { decodeStatusData, encodeStatusData, STATUS_MARKER } from '../../src/comment/data.js';
import { formBody } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, snapshot, startApp, type AppHarness } from '../helpers/app.js';

/**
 * An edited comment runs only what its edit added, however many comments with commands came
 * before it (the record keeps digests of the commands of the newest 400 such comments, and a
 * floor below which an edit runs nothing).
 */

let h: AppHarness;
beforeEach(async () => {
  h = await startApp();
});
afterEach(async () => {
  await h.close();
});

const COUNT = 56;

async function manyHelps(): Promise<number[]> {
  await h.deliver(openRequest(h.gh, formBody()));
  const ids: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const [d] = h.gh.as(MAINTAINER).comment(REPO, 1, `/recovery help\nthanks ${i}`);
    ids.push(d.payload.comment.id);
    await h.deliver([d]);
  }
  expect(snapshot(h.gh, 1).replies).toHaveLength(COUNT);
  return ids;
}

test(`after ${COUNT} comments with commands, editing the oldest (a typo fix) runs nothing; an edit that adds a command runs only it`, async () => {
  const ids = await manyHelps();
  h.gh.resetCalls();
  await h.deliver(h.gh.as(MAINTAINER).editComment(REPO, ids[0], '/recovery help\nThanks 0'));
  expect(snapshot(h.gh, 1).replies).toHaveLength(COUNT);
  expect(h.gh.calls.filter((c) => c.method === 'POST').map((c) => c.route)).toEqual([]);

  await h.deliver(h.gh.as(MAINTAINER).editComment(REPO, ids[1], '/recovery help\n/recovery claim\nthanks 1'));
  const s = snapshot(h.gh, 1);
  expect(s.replies).toHaveLength(COUNT);
  expect(h.gh.issue(REPO, 1).assignees).toEqual([MAINTAINER]);
  expect(decodeStatusData(s.status).history.at(-1)).toMatchObject({ actor: MAINTAINER, event: '/recovery claim' });
});

test('an edit of a comment below the floor (its commands no longer listed) runs nothing', async () => {
  const ids = await manyHelps();
  // The record as it is after more commented comments than it lists: the oldest ten left out.
  const status = h.gh.comments(REPO, 1).find((c) => c.body.includes(STATUS_MARKER));
  if (!status) throw new Error('no status comment');
  const data = decodeStatusData(status.body);
  for (const id of ids.slice(0, 10)) delete data.ran[String(id)];
  data.ranFloor = ids[9];
  h.gh
    .as('recovery-triage[bot]')
    .editComment(REPO, status.id, status.body.replace(/<!-- recovery-triage:data [^>]*-->/, encodeStatusData(data)));
  await h.deliver(h.gh.as(MAINTAINER).editComment(REPO, ids[3], '/recovery help\nThanks 3'));
  expect(snapshot(h.gh, 1).replies).toHaveLength(COUNT);
  // A comment above the floor still runs what its edit adds.
  await h.deliver(h.gh.as(MAINTAINER).editComment(REPO, ids[10], '/recovery help\n/recovery help\nthanks 10'));
  expect(snapshot(h.gh, 1).replies).toHaveLength(COUNT + 1);
});
