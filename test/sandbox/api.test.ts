import { readFileSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Script } from 'node:vm';
import { STATUS_MARKER } from '../../src/comment/data.js';
import { Sandbox, sandboxHandler, type SandboxState } from '../../src/sandbox/index.js';
import { BOXES, useSandbox } from '../helpers/sandbox.js';
import type { IssueDetail } from '../../src/sandbox/views.js';
import { GitHubStandIn } from '../../src/standin/index.js';

// Nothing leaves the machine: only the sandbox and its stand-in, both on loopback, answer.
const sb = useSandbox();
const TOKEN = `pypi-AgEIcHlwaS5vcmcCJ${'A1b2C3d4'.repeat(12)}`;

async function open(username = '`requester-name`'): Promise<number> {
  const { status, data } = await sb.call<{ number: number }>('POST', 'issues', {
    as: 'requester',
    title: 'Account recovery request',
    answers: { e1: username, e2: 'I lost my phone.', ...BOXES },
  });
  expect(status).toBe(201);
  return data.number;
}

async function issue(number: number): Promise<IssueDetail> {
  const { status, data } = await sb.call<IssueDetail>('GET', `issues/${number}`);
  expect(status).toBe(200);
  return data;
}

function statusComments(detail: IssueDetail) {
  return detail.timeline.filter((t) => t.kind === 'comment' && t.status);
}

/** A raw request, for headers fetch will not send (Host). */
function rawGet(path: string, headers: Record<string, string>): Promise<number> {
  const url = new URL(path, sb.base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the page', () => {
  test('served on loopback at /sandbox/, with a policy that loads nothing from elsewhere', async () => {
    expect(sb.running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/sandbox\/$/);
    const root = await fetch(sb.base.replace(/\/sandbox$/, '/'), { redirect: 'manual' });
    expect(root.status).toBe(302);
    expect(root.headers.get('location')).toBe('/sandbox/');
    const bare = await fetch(sb.base, { redirect: 'manual' });
    expect(bare.headers.get('location')).toBe('/sandbox/');
    const page = await fetch(`${sb.base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    const html = await page.text();
    expect(html).toContain('<script src="app.js" defer></script>');
    expect(html).not.toMatch(/https?:\/\//);
    for (const asset of ['app.js', 'style.css']) {
      const response = await fetch(`${sb.base}/${asset}`);
      expect(response.status).toBe(200);
      expect(await response.text()).not.toMatch(/(?:src|href|url)\s*[=(]\s*['"]?https?:/);
    }
    expect((await fetch(`${sb.base}/nope`)).status).toBe(404);
    expect((await fetch(sb.base.replace(/\/sandbox$/, '/elsewhere'))).status).toBe(404);
  });

  test('the page script, compiled from src/sandbox/client/app.ts, parses as a classic script; the style sheet is the file', async () => {
    const js = await (await fetch(`${sb.base}/app.js`)).text();
    expect(js).toContain('function drawNew(');
    expect(js).not.toMatch(/: HTMLElement\b|\bas HTMLInputElement\b/);
    expect(() => new Script(js, { filename: 'app.js' })).not.toThrow();
    const css = await (await fetch(`${sb.base}/style.css`)).text();
    expect(css).toBe(readFileSync(new URL('../../src/sandbox/client/style.css', import.meta.url), 'utf8'));
  });
});

describe('as a handler among others (Probot’s addHandler)', () => {
  test('answers only under its path, and can point Probot’s setup page to itself', async () => {
    const handler = sandboxHandler({ setupPageNotice: true, now: '2026-11-20T10:00:00Z' });
    const setupPage = (_req: IncomingMessage, res: ServerResponse) => {
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end('<!DOCTYPE html><html><body class="height-full"><h1>Welcome</h1></body></html>');
      return true;
    };
    const server = createServer((req, res) => {
      void (async () => {
        if (await handler(req, res)) return;
        if ((req.url ?? '').startsWith('/probot') && setupPage(req, res)) return;
        res.writeHead(404).end();
      })();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const setup = await (await fetch(`${origin}/probot`)).text();
      expect(setup).toMatch(
        /^<!DOCTYPE html><html><body class="height-full"><div class="flash flash-full text-center" data-sandbox-notice>.*href="\/sandbox\/".*<h1>Welcome<\/h1>/,
      );
      expect((await fetch(`${origin}/sandbox/`)).status).toBe(200);
      expect((await fetch(`${origin}/sandbox/api/state`)).status).toBe(200);
      expect((await fetch(`${origin}/sandboxes`)).status).toBe(404);
      expect((await fetch(`${origin}/`)).status).toBe(404);
    } finally {
      await handler.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('safety', () => {
  test('requests addressed to another host name are refused (DNS rebinding)', async () => {
    expect(await rawGet('/sandbox/api/state', { host: 'evil.example' })).toBe(403);
    expect(await rawGet('/sandbox/api/state', { host: `localhost:${new URL(sb.base).port}` })).toBe(200);
  });

  test('writes need a JSON body from the page’s own origin', async () => {
    const form = await fetch(`${sb.base}/api/time`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'days=3',
    });
    expect(form.status).toBe(403);
    const foreign = await fetch(`${sb.base}/api/time`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://evil.example' },
      body: JSON.stringify({ days: 3 }),
    });
    expect(foreign.status).toBe(403);
    expect((await sb.call<SandboxState>('GET', 'state')).data.now).toBe('2026-11-20T10:00:00Z');
    expect((await fetch(`${sb.base}/api/state`, { method: 'DELETE' })).status).toBe(405);
    const big = await fetch(`${sb.base}/api/issues/1/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ as: 'requester', body: 'x'.repeat(1_100_000) }),
    }).catch(() => null);
    expect(big === null || big.status === 413).toBe(true);
  });

  test('the sandbox is the project’s stand-in with the real app, and ignores the environment’s credentials, DRY_RUN and REDIS_URL', async () => {
    const saved = { ...process.env };
    Object.assign(process.env, {
      APP_ID: '999',
      PRIVATE_KEY: 'not a key',
      GITHUB_TOKEN: 'ghp_not_a_token',
      DRY_RUN: 'true',
      REDIS_URL: 'redis://192.0.2.1:6379',
    });
    try {
      const sandbox = await Sandbox.create({ now: '2026-11-20T10:00:00Z' });
      try {
        expect(sandbox.gh).toBeInstanceOf(GitHubStandIn);
        expect(sandbox.gh.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        const { number } = await sandbox.openIssue({
          as: 'requester',
          title: 'Account recovery request',
          answers: { e1: '`requester-name`', e2: 'Lost it.', ...BOXES },
        });
        // Not a dry run: the bot wrote its labels and status comment to the stand-in.
        expect(sandbox.issue(number).request).toBe('triage');
        expect(sandbox.gh.calls.every((c) => c.status < 400)).toBe(true);
        expect(sandbox.gh.unexpected).toEqual([]);
      } finally {
        await sandbox.close();
      }
    } finally {
      process.env = saved;
    }
  });
});

describe('requests, as on GitHub', () => {
  test('an e-mail as username: the status comment lists the problem; an edit fixes it, one status comment', async () => {
    const number = await open('me@example.com');
    let detail = await issue(number);
    expect(detail.request).toBe('incomplete');
    expect(detail.labels.map((l) => l.name)).toEqual(['account-recovery', 'recovery: incomplete']);
    expect(detail.labels[1]).toMatchObject({ color: 'fbca04', textColor: '#000000' });
    const [status] = statusComments(detail);
    expect(status?.kind === 'comment' && status.html).toContain('PyPI usernames are not e-mail addresses');
    // The hidden marker and data never reach the page.
    expect(JSON.stringify(detail)).not.toContain(STATUS_MARKER);
    expect(JSON.stringify(detail)).not.toContain('recovery-triage:data');
    expect(detail.activity[0]).toMatchObject({ actor: 'requester', what: 'opened a request', issue: number });
    expect(detail.activity[0]?.bot.did).toEqual(expect.arrayContaining(['added a label', 'commented']));

    const edited = detail.body.replace('me@example.com', '`requester-name`');
    expect((await sb.call('POST', `issues/${number}/edit`, { as: 'requester', body: edited })).status).toBe(200);
    detail = await issue(number);
    expect(detail.request).toBe('triage');
    expect(statusComments(detail)).toHaveLength(1);
    expect(
      detail.timeline.filter((t) => t.kind === 'event' && t.event === 'unlabeled' && t.label?.name === 'recovery: incomplete'),
    ).toHaveLength(1);

    const { data: state } = await sb.call<SandboxState>('GET', 'state');
    expect(state.issues).toEqual([expect.objectContaining({ number, state: 'open', request: 'triage', author: 'requester' })]);
  });

  test('GitHub’s required fields hold unless skipped; a preview is the body GitHub would write', async () => {
    const refused = await sb.call<{ error: string; details: string[] }>('POST', 'issues', {
      as: 'requester',
      title: 'Account recovery request',
      answers: { e1: '`x`' },
    });
    expect(refused.status).toBe(422);
    expect(refused.data.details).toEqual(
      expect.arrayContaining(['Reason for request', 'Code of Conduct: I agree to follow the PSF Code of Conduct']),
    );
    const preview = await sb.call<{ body: string; html: string; missing: string[] }>('POST', 'preview', { answers: { e1: '`x`' } });
    expect(preview.data.body).toMatch(/^### PyPI Username\n\n`x`\n\n### Reason for request\n\n_No response_\n\n/);
    // Rendered as the page renders bodies, with what GitHub would refuse it for.
    expect(preview.data.html).toMatch(/^<h3>PyPI Username<\/h3>\n<p><code>x<\/code><\/p>\n<h3>Reason for request<\/h3>/);
    expect(preview.data.missing).toContain('Reason for request');
    const opened = await sb.call<{ number: number }>('POST', 'issues', {
      as: 'requester',
      title: 'Account recovery request',
      answers: { e1: '`x`' },
      skipRequired: true,
    });
    expect(opened.status).toBe(201);
    expect((await issue(opened.data.number)).request).toBe('incomplete');
    expect((await sb.call('POST', 'issues', { as: 'nobody', title: 't', answers: {} })).status).toBe(422);
    expect((await sb.call('POST', 'issues', { as: 'requester', title: ' ', answers: {}, skipRequired: true })).status).toBe(422);
    expect((await sb.call('POST', 'issues', { as: 'requester', title: 't', answers: { e1: 5 } })).status).toBe(400);
  });

  test('commands, reactions, redaction, labels, close and reopen', async () => {
    const number = await open();
    // A token pasted by the requester: redacted in the comment, and the status warns.
    await sb.call('POST', `issues/${number}/comments`, { as: 'requester', body: `my token is ${TOKEN}` });
    let detail = await issue(number);
    expect(JSON.stringify(detail)).not.toContain(TOKEN.slice(0, 30));
    const pasted = detail.timeline.find((t) => t.kind === 'comment' && t.author === 'requester');
    expect(pasted?.kind === 'comment' && pasted.html).toContain('[redacted: PyPI API token]');
    expect(pasted?.kind === 'comment' && pasted.edited).toBe(true);
    const [status] = statusComments(detail);
    expect(status?.kind === 'comment' && status.html).toContain('A secret was posted in this issue');

    // Someone without rights cannot start verification; a maintainer can.
    await sb.call('POST', `issues/${number}/comments`, { as: 'mallory', body: '/recovery start' });
    expect((await issue(number)).request).toBe('triage');
    await sb.call('POST', `issues/${number}/comments`, { as: 'alice', body: '/recovery start' });
    detail = await issue(number);
    expect(detail.request).toBe('awaiting-requester');
    const start = detail.timeline.find((t) => t.kind === 'comment' && t.author === 'alice');
    expect(start?.kind === 'comment' && start.reactions).toEqual([
      { content: 'rocket', emoji: '🚀', count: 1, users: ['recovery-triage[bot]'] },
    ]);
    expect(detail.assignees).toEqual(['alice']);

    // Labels by hand.
    expect((await sb.call('POST', `issues/${number}/labels`, { as: 'alice', add: 'needs: docs' })).status).toBe(200);
    expect((await issue(number)).labels.map((l) => l.name)).toContain('needs: docs');
    await sb.call('POST', `issues/${number}/labels`, { as: 'alice', remove: 'needs: docs' });
    expect((await issue(number)).labels.map((l) => l.name)).not.toContain('needs: docs');
    expect((await sb.call('POST', `issues/${number}/labels`, { as: 'alice', remove: 'never there' })).status).toBe(404);
    expect((await sb.call('POST', `issues/${number}/labels`, { as: 'alice' })).status).toBe(400);

    // Close by hand, reopen.
    await sb.call('POST', `issues/${number}/state`, { as: 'alice', state: 'closed', reason: 'not_planned' });
    detail = await issue(number);
    expect(detail).toMatchObject({ state: 'closed', stateReason: 'not_planned' });
    await sb.call('POST', `issues/${number}/state`, { as: 'alice', state: 'open' });
    expect((await issue(number)).state).toBe('open');
    expect((await sb.call('POST', `issues/${number}/state`, { as: 'alice', state: 'gone' })).status).toBe(400);
    expect((await sb.call('GET', 'issues/99')).status).toBe(404);
    expect((await sb.call('POST', 'issues/99/comments', { as: 'alice', body: 'x' })).status).toBe(404);
    expect((await sb.call('POST', `issues/${number}/comments`, { as: 'alice', body: '  ' })).status).toBe(422);
  });

  test('letting 14 days pass while awaiting the requester: reminded after 7, closed as not planned after 14', async () => {
    const number = await open();
    await sb.call('POST', `issues/${number}/comments`, { as: 'alice', body: '/recovery start' });
    const week = await sb.call<{ now: string; sweeps: { at: string; lines: string[] }[] }>('POST', 'time', { days: 7 });
    expect(week.status).toBe(200);
    expect(week.data.now.slice(0, 10)).toBe('2026-11-27');
    expect(week.data.sweeps.flatMap((s) => s.lines)).toEqual([`#${number} awaiting-requester: timer: remind`]);
    let detail = await issue(number);
    expect(detail.state).toBe('open');
    const replies = () =>
      detail.timeline
        .filter((t) => t.kind === 'comment' && t.author === 'recovery-triage[bot]' && !t.status)
        .map((t) => (t.kind === 'comment' ? t.html : ''));
    expect(replies().at(-1)).toContain('A reminder');
    await sb.call('POST', 'time', { days: 7 });
    detail = await issue(number);
    expect(detail).toMatchObject({ state: 'closed', stateReason: 'not_planned', request: 'denied' });
    expect(replies().at(-1)).toContain('closed because there was no reply');
    const { data: state } = await sb.call<SandboxState>('GET', 'state');
    expect(state.activity.at(-1)?.notes).toEqual([expect.stringMatching(new RegExp(`sweep: #${number} denied: timer: close$`))]);
    // The bot's log: each applied plan names its request, stamped with the sandbox clock (14 days on).
    const { data: log } = await sb.call<{ lines: { at: string; msg: string; issue?: number }[] }>('GET', 'log');
    const applied = log.lines.filter((l) => l.msg === 'recovery-triage: plan applied');
    expect(applied.length).toBeGreaterThan(2);
    for (const line of applied) expect(line.issue).toBe(number);
    expect(applied.at(-1)?.at.slice(0, 10)).toBe('2026-12-04');
    for (const days of [0, 1.5, 400]) expect((await sb.call('POST', 'time', { days })).status).toBe(422);
    expect((await sb.call('POST', 'time', { days: '3' })).status).toBe(400);
  });
});

describe('form and config, edited in the page', () => {
  test('an invalid config is refused with located errors; saved anyway, the bot reports it in its config issue', async () => {
    const number = await open();
    const bad = 'timers:\n  incomplete:\n    remindAfterDays: -1\n';
    const refused = await sb.call<{ saved: boolean; errors: { message: string; line: number }[] }>('POST', 'files', {
      kind: 'config',
      text: bad,
    });
    expect(refused.status).toBe(422);
    expect(refused.data.saved).toBe(false);
    expect(refused.data.errors).toEqual([
      { message: '.github/recovery-triage.yml:3:5: timers.incomplete.remindAfterDays: must be more than 0 days', line: 3, col: 5 },
    ]);
    const checked = await sb.call<{ saved: boolean }>('POST', 'files', {
      kind: 'config',
      text: 'formLabel: account-recovery\n',
      dryRun: true,
    });
    expect(checked).toEqual({ status: 200, data: expect.objectContaining({ saved: false, errors: [] }) });

    const forced = await sb.call<{ saved: boolean }>('POST', 'files', { kind: 'config', text: bad, force: true });
    expect(forced.data.saved).toBe(true);
    const { data: state } = await sb.call<SandboxState>('GET', 'state');
    expect(state.files.config.text).toBe(bad);
    expect(state.files.config.errors).toHaveLength(1);
    await sb.call('POST', `issues/${number}/comments`, { as: 'requester', body: 'any news?' });
    const { data: after } = await sb.call<SandboxState>('GET', 'state');
    const configIssue = after.issues.find((i) => i.author === 'recovery-triage[bot]');
    expect(configIssue?.title).toMatch(/config/i);
  });

  test('a new config and a new form: the bot reads them at once (the push drops its cache)', async () => {
    const config = "labels:\n  triage:\n    name: 'recovery: ready'\n    color: '00ff00'\n";
    expect((await sb.call('POST', 'files', { kind: 'config', text: config })).status).toBe(200);
    const form = [
      'name: Recovery',
      'description: Get your account back',
      'title: Recovery',
      'labels: [account-recovery]',
      'body:',
      '  - type: input',
      '    id: username',
      '    attributes: { label: Username }',
      '    validations: { required: true }',
      '  - type: dropdown',
      '    id: factor',
      '    attributes: { label: Lost factors, multiple: true, options: [Phone, Security key, Recovery codes] }',
    ].join('\n');
    const badForm = await sb.call<{ errors: { message: string }[] }>('POST', 'files', {
      kind: 'form',
      text: form.replace('label: Username', 'labl: Username'),
    });
    expect(badForm.status).toBe(422);
    expect(badForm.data.errors.map((e) => e.message)).toContain(
      '.github/ISSUE_TEMPLATE/account-recovery.yml:8:19: body.0.attributes: unknown key "labl"',
    );
    expect((await sb.call('POST', 'files', { kind: 'form', text: form })).status).toBe(200);
    const { data: state } = await sb.call<SandboxState>('GET', 'state');
    expect(state.form?.elements.map((e) => e.kind)).toEqual(['input', 'dropdown']);
    const opened = await sb.call<{ number: number; body: string }>('POST', 'issues', {
      as: 'requester',
      title: 'Recovery',
      answers: { e0: '`someone`', e1: ['Phone', 'Recovery codes'] },
    });
    expect(opened.data.body).toBe('### Username\n\n`someone`\n\n### Lost factors\n\nPhone, Recovery codes');
    const detail = await issue(opened.data.number);
    expect(detail.request).toBe('triage');
    expect(detail.labels.find((l) => l.name === 'recovery: ready')).toMatchObject({ color: '00ff00' });
    expect((await sb.call('POST', 'files', { kind: 'form', text: '  ' })).status).toBe(422);
    expect((await sb.call('POST', 'files', { kind: 'other', text: 'x' })).status).toBe(400);
  });

  test('reset starts again with an empty repository', async () => {
    await open();
    const { data } = await sb.call<SandboxState>('POST', 'reset', {});
    expect(data.issues).toEqual([]);
    expect((await sb.call<SandboxState>('GET', 'state')).data.issues).toEqual([]);
  });
});
