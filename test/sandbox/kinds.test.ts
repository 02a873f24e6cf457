import nock from 'nock';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import type { IssueDetail } from '../../src/sandbox/views.js';

// The sandbox's starter config has kinds: a request's reason picks its kind, label and texts there.
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect(/127\.0\.0\.1|localhost/);
});
afterAll(() => {
  nock.enableNetConnect();
});

let running: RunningSandbox;
let base: string;
beforeEach(async () => {
  running = await startSandbox({ port: 0, now: '2026-11-20T10:00:00Z' });
  base = running.url.replace(/\/$/, '');
});
afterEach(async () => {
  const sandbox = await running.handler.sandbox();
  expect(sandbox.gh.unexpected).toEqual([]);
  await running.close();
});

const BOXES = {
  e3: ['I never generated or have lost access to the recovery codes for my account'],
  e4: ['I agree to follow the PSF Code of Conduct'],
  e5: ['I understand that it may take a significant amount of time to process my account recovery request.'],
};

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }> {
  const response = await fetch(`${base}/api/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, data: (await response.json()) as T };
}

async function open(reason: string): Promise<IssueDetail> {
  const opened = await call<{ number: number }>('POST', 'issues', {
    as: 'requester',
    title: 'Account recovery request',
    answers: { e1: '`requester-name`', e2: reason, ...BOXES },
  });
  expect(opened.status).toBe(201);
  const { status, data } = await call<IssueDetail>('GET', `issues/${opened.data.number}`);
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
