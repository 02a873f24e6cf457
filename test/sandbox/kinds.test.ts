import { BOXES, useSandbox } from '../helpers/sandbox.js';
import type { IssueDetail } from '../../src/sandbox/views.js';

// The sandbox's starter config has kinds: a request's reason picks its kind, label and texts there.
const sb = useSandbox();

async function open(reason: string): Promise<IssueDetail> {
  const opened = await sb.call<{ number: number }>('POST', 'issues', {
    as: 'requester',
    title: 'Account recovery request',
    answers: { e1: '`requester-name`', e2: reason, ...BOXES },
  });
  expect(opened.status).toBe(201);
  const { status, data } = await sb.call<IssueDetail>('GET', `issues/${opened.data.number}`);
  expect(status).toBe(200);
  return data;
}

function texts(detail: IssueDetail): string[] {
  return detail.timeline.flatMap((t) => (t.kind === 'comment' && t.bot ? [t.html] : []));
}

test('a reason about e-mail gets its kind label and next steps; an organization request is redirected and closed', async () => {
  const email = await open('I lost access to my email when I changed jobs.');
  expect(email.labels.map((l) => l.name)).toContain('kind: e-mail');
  expect(texts(email).join('\n')).toContain('from the address you want on the account');

  const organization = await open('Our organization request is still pending approval.');
  expect(organization.state).toBe('closed');
  expect(organization.stateReason).toBe('not_planned');
  expect(organization.labels.map((l) => l.name)).toContain('kind: organization');
  expect(texts(organization).join('\n')).toContain('Requests about organizations are answered elsewhere');
});

test('a request in Portuguese asking for priority: a language label, a note, the queue policy once', async () => {
  const detail = await open('Perdi o meu autenticador e não consigo entrar na conta. Por favor, é urgente!');
  expect(detail.labels.map((l) => l.name)).toEqual(expect.arrayContaining(['language: pt', 'recovery: triage']));
  const all = texts(detail).join('\n');
  expect(all).toContain('Your request seems to be written in Portuguese');
  expect(all.match(/Requests are handled in the order they arrive/g)).toHaveLength(1);
});
