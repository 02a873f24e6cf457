import { decodeStatusData } from '../../src/comment/data.js';
import { formBody } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, REQUESTER, snapshot, startApp, type AppHarness } from '../helpers/app.js';

// Kinds, language and urgency through the real app and the GitHub stand-in: labels, texts,
// the redirect's close, the correction's stickiness, counted writes.
let h: AppHarness;
beforeEach(async () => {
  h = await startApp();
});
afterEach(async () => {
  await h.close();
});

const ORGANIZATION = 'Our organization request has been pending approval for two months, please approve it.';

function writes(): string[] {
  return h.gh
    .callsTo()
    .filter((c) => c.method !== 'GET')
    .map((c) => c.route);
}

test('a redirect kind posts its text and closes as not planned exactly once, over redeliveries, concurrent events and edits', async () => {
  const { gh } = h;
  const opened = openRequest(gh, formBody({ reason: ORGANIZATION }));
  // GitHub sends opened + labeled at once; both arrive twice (a redelivery) at the same time.
  await h.deliverAtOnce([...opened, ...opened]);
  let s = snapshot(gh, 1);
  expect(s.state).toBe('closed');
  expect(s.stateReason).toBe('not_planned');
  expect(s.labels).toEqual(['account-recovery', 'kind: organization', 'recovery: denied']);
  expect(s.replies).toHaveLength(1);
  expect(s.replies[0]).toMatch(/^@requester This tracker handles the recovery of personal accounts only\./);
  const data = decodeStatusData(s.status);
  expect(data.kind).toMatchObject({ id: 'organization', by: null, rule: 'pattern' });
  expect(data.redirected).toBe('organization');
  expect(data.history.map((e) => `${e.to} ${e.event}`)).toEqual(['triage opened', 'denied kind organization']);
  const closes = gh.calls.filter((c) => c.route === 'PATCH /repos/{owner}/{repo}/issues/{issue_number}');
  expect(closes).toHaveLength(1);

  // Redelivered again later: nothing is written. Edited by the requester: only the record notes
  // the edit; no second reply, no second close, no label.
  gh.resetCalls();
  await h.deliver(opened);
  expect(writes()).toEqual([]);
  await h.deliver(gh.as(REQUESTER).editBody(REPO, 1, formBody({ reason: `${ORGANIZATION} Please!` })));
  expect(writes()).toEqual(['PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}']);
  s = snapshot(gh, 1);
  expect(s.replies).toHaveLength(1);
  expect(s.state).toBe('closed');

  // A maintainer reopens it (a personal account after all): it is not redirected again.
  gh.resetCalls();
  await h.deliver(gh.as(MAINTAINER).comment(REPO, 1, '/recovery reopen'));
  s = snapshot(gh, 1);
  expect(s.state).toBe('open');
  expect(s.stateLabels).toEqual(['recovery: triage']);
  expect(s.replies.filter((r) => r.includes('personal accounts only'))).toHaveLength(1);
});

test("a maintainer's /recovery kind correction: history records it, label and texts follow, later edits keep it", async () => {
  const { gh } = h;
  await h.deliverAtOnce(openRequest(gh, formBody({ reason: 'I no longer have access to my old e-mail address at my previous job.' })));
  let s = snapshot(gh, 1);
  expect(s.labels).toContain('kind: e-mail');
  expect(s.status).toContain('This request is about the e-mail address of the account.');
  expect(s.status).toContain('Kind: `email` (from words in the reason)');

  await h.deliver(gh.as(MAINTAINER).comment(REPO, 1, '/recovery kind suspended'));
  s = snapshot(gh, 1);
  expect(s.labels).toContain('kind: security-team');
  expect(s.labels).not.toContain('kind: e-mail');
  expect(s.status).toContain('handled privately by the security team');
  expect(s.status).not.toContain('This request is about the e-mail address');
  expect(s.status).toContain('Kind: `suspended` (set with `/recovery kind` by `alice`)');
  const data = decodeStatusData(s.status);
  expect(data.kind).toMatchObject({ id: 'suspended', by: MAINTAINER });
  expect(data.history.at(-1)).toMatchObject({ actor: MAINTAINER, event: '/recovery kind', reason: 'kind email → suspended' });

  // The requester edits the body (still about e-mail): the correction sticks, no label moves.
  gh.resetCalls();
  await h.deliver(gh.as(REQUESTER).editBody(REPO, 1, formBody({ reason: 'Lost access to my email, and it was never verified.' })));
  s = snapshot(gh, 1);
  expect(decodeStatusData(s.status).kind).toMatchObject({ id: 'suspended', by: MAINTAINER });
  expect(s.labels).toContain('kind: security-team');
  expect(s.labels).not.toContain('kind: e-mail');
  expect(writes().filter((w) => w.includes('/labels'))).toEqual([]);

  // An unknown id is refused with the list of kinds; nothing changes.
  await h.deliver(gh.as(MAINTAINER).comment(REPO, 1, '/recovery kind nonsense'));
  s = snapshot(gh, 1);
  expect(s.replies.at(-1)).toContain('There is no kind "nonsense". The kinds are: `suspended`, `testpypi`');
  expect(decodeStatusData(s.status).kind?.id).toBe('suspended');
});

test('a request asking for priority gets the queue policy once, and keeps its place', async () => {
  const { gh } = h;
  await h.deliverAtOnce(openRequest(gh, formBody({ reason: 'I lost my authenticator app. This is URGENT, please help ASAP!' })));
  let s = snapshot(gh, 1);
  expect(s.replies).toHaveLength(1);
  expect(s.replies[0]).toMatch(/^@requester We understand that this is pressing\. Requests are handled in the order they arrive/);
  expect(s.stateLabels).toEqual(['recovery: triage']);
  expect(s.status).toContain('No complete request is ahead of yours');
  await h.deliver(gh.as(REQUESTER).editBody(REPO, 1, formBody({ reason: 'Lost my authenticator app. Urgente, por favor!' })));
  s = snapshot(gh, 1);
  expect(s.replies).toHaveLength(1);
});

test('a request in Portuguese: a language label and a note; English requests get neither', async () => {
  const { gh } = h;
  await h.deliverAtOnce(
    openRequest(gh, formBody({ reason: 'Perdi meu celular com o aplicativo autenticador e não consigo mais entrar na minha conta.' })),
  );
  let s = snapshot(gh, 1);
  expect(s.labels).toEqual(['account-recovery', 'language: pt', 'recovery: triage']);
  expect(s.status).toContain('Your request seems to be written in Portuguese. The admins work in English');
  expect(s.status).toContain('Language: Portuguese (`pt`).');
  expect(s.status).toContain('Kind: `second-factor` (from words in the reason)');
  expect(s.status).toContain('Next steps for a lost second factor');

  // Rewritten in English: the label comes off, the note goes.
  await h.deliver(
    gh.as(REQUESTER).editBody(REPO, 1, formBody({ reason: 'I lost my phone with the authenticator app and I cannot sign in any more.' })),
  );
  s = snapshot(gh, 1);
  expect(s.labels).toEqual(['account-recovery', 'recovery: triage']);
  expect(s.status).not.toContain('seems to be written in');
  expect(s.status).toContain("Language: English (`en`), the team's language.");
});
