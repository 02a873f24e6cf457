import type { WebhookDelivery } from '../../src/standin/index.js';
import { formBody } from '../helpers/bodies.js';
import { openRequest, REPO, snapshot, startApp } from '../helpers/app.js';

describe.each([
  ['a fresh repository (no labels yet)', false],
  ['a repository that has the labels', true],
])('the opened + labeled pair delivered at once, on %s', (_name, labels) => {
  test.each([1, 2, 3, 4, 5])('one status comment and one state label, round %i', async () => {
    const h = await startApp({ labels });
    try {
      // Two new requests at once, each sending opened plus one labeled per label.
      const first = openRequest(h.gh, formBody());
      const second = openRequest(h.gh, formBody({ username: 'other-name' }));
      const settled = await h.deliverAtOnce([...first, ...second]);
      expect(settled.filter((s) => s.status === 'rejected')).toEqual([]);
      for (const n of [1, 2]) {
        const s = snapshot(h.gh, n);
        expect(s.statusComments).toBe(1);
        expect(s.stateLabels).toEqual(['recovery: triage']);
      }
      expect(h.gh.unexpected).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

test('benign answers are success: a label created meanwhile (422 already_exists), a label already removed (404)', async () => {
  const h = await startApp();
  try {
    await h.deliver(openRequest(h.gh, formBody({ username: 'a b' })));
    // Another replica created the triage label meanwhile: the bot's create answers 422 already_exists.
    h.gh.addLabel(REPO, 'recovery: triage', { color: '0e8a16' });
    // The old label's removal lands but its answer is lost: the run fails once.
    h.gh.inject({ method: 'DELETE', kind: 'after-write' });
    await expect(h.deliver(h.gh.as('requester').editBody(REPO, 1, formBody()))).rejects.toThrow();
    // The next event finds the old label gone and finishes the run without an error.
    h.gh.resetCalls();
    await h.deliver(h.gh.as('requester').comment(REPO, 1, 'thanks'));
    expect(h.gh.calls.filter((c) => c.status >= 400).map((c) => c.status)).toEqual([]);
    const s = snapshot(h.gh, 1);
    expect(s.stateLabels).toEqual(['recovery: triage']);
    expect(s.statusComments).toBe(1);
  } finally {
    await h.close();
  }
});

test("two status comments left by an old race are folded into the oldest; another app's marker is never ours", async () => {
  const h = await startApp();
  try {
    await h.deliver(openRequest(h.gh));
    const original = snapshot(h.gh, 1).status ?? '';
    // A second status comment by the app (a race from before), and one by another app echoing the marker.
    h.gh.asApp().comment(REPO, 1, original);
    h.gh.addUser('echo-bot[bot]', { type: 'Bot' });
    h.gh.as('echo-bot[bot]').comment(REPO, 1, `quoting: ${original}`);
    await h.deliver(h.gh.as('requester').comment(REPO, 1, 'any news?'));
    const s = snapshot(h.gh, 1);
    expect(s.statusComments).toBe(1);
    expect(s.comments.some((c) => c.user === 'echo-bot[bot]')).toBe(true);
  } finally {
    await h.close();
  }
});

test('a close and a reopen between the run reading the issue and reading its events: the run never closes the reopened issue', async () => {
  const h = await startApp();
  try {
    await h.deliver(openRequest(h.gh, formBody()));
    const later: WebhookDelivery[] = [];
    let fired = false;
    let reopened = false;
    h.gh.setFaultHook((call) => {
      // The maintainer closes just before the bot reads the events, and reopens before its next write.
      if (!fired && call.route === 'GET /repos/{owner}/{repo}/issues/{issue_number}/events') {
        fired = true;
        later.push(...h.gh.as('alice').close(REPO, 1, 'not_planned'));
      } else if (fired && !reopened && call.method !== 'GET') {
        reopened = true;
        later.push(...h.gh.as('alice').reopen(REPO, 1));
      }
      return null;
    });
    await h.deliver(h.gh.as('alice').addLabels(REPO, 1, 'recovery: verifying'));
    h.gh.setFaultHook(null);
    expect(later).toHaveLength(2);
    await h.deliver(later);
    const s = snapshot(h.gh, 1);
    expect(s.state).toBe('open');
    expect(s.stateLabels).toEqual(['recovery: triage']);
  } finally {
    await h.close();
  }
});
