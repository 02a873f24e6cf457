import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHmac, generateKeyPairSync, randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';

const root = fileURLToPath(new URL('../../', import.meta.url));
const children: ChildProcess[] = [];
const SECRET = 'start-test-secret';
const { privateKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
});

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  if (!existsSync(`${root}lib/index.js`)) {
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  }
}, 120_000);

afterAll(() => {
  for (const child of children) child.kill();
  nock.enableNetConnect();
});

function randomPort(): string {
  return String(30_000 + Math.floor(Math.random() * 20_000));
}

/** The environment of a fresh shell: no credentials, no timers that would call GitHub. */
function baseEnv(port: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    PORT: port,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    REDELIVER_INTERVAL_MINUTES: '0',
    RESYNC_INTERVAL_MINUTES: '0',
    READY_CHECK_AT_START: 'false',
  };
}

function credentials(): NodeJS.ProcessEnv {
  return { APP_ID: '123', PRIVATE_KEY: privateKey, WEBHOOK_SECRET: SECRET };
}

function start(env: NodeJS.ProcessEnv, cwd = root): ChildProcess {
  const child = spawn(process.execPath, ['bin/start.js'], { cwd, env });
  children.push(child);
  return child;
}

/** Resolves with everything printed once `text` has appeared, or rejects when the process ends. */
function waitFor(process: ChildProcess, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(text)) resolve(output);
    };
    process.stdout?.on('data', onData);
    process.stderr?.on('data', onData);
    process.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

/** Resolves with the exit code and everything printed. */
function exited(process: ChildProcess): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    let output = '';
    process.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    process.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    process.on('exit', (code) => resolve({ code, output }));
  });
}

function sign(body: string): string {
  return `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
}

const PING = { zen: 'Keep it logically awesome.', hook_id: 1, hook: { type: 'App', id: 1, events: ['issues'] } };

function deliver(url: string, body: string, signature = sign(body)): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': 'ping',
      'x-github-delivery': randomUUID(),
      'x-hub-signature-256': signature,
    },
    body,
  });
}

test('without GitHub App credentials, the bot serves the setup page on this machine and says so', async () => {
  const port = randomPort();
  const child = start(baseEnv(port));
  const output = await waitFor(child, 'Welcome to Probot');
  expect(output).toContain('recovery-triage: no GitHub App credentials');
  expect(output).toContain(`Open http://localhost:${port} to register the app`);
  // Registering from localhost would give the app a webhook URL GitHub cannot reach: it says so.
  expect(output).toContain('GitHub cannot reach localhost');
  expect(output).toContain('set WEBHOOK_PROXY_URL');
  expect(output).toContain('npx recovery-triage check');
  // The setup page offers to register the app from app.yml.
  const page = await fetch(`http://127.0.0.1:${port}/probot`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('recovery-triage');
  // The sandbox is served beside the setup page, and the console says where.
  expect(output).toContain(`http://localhost:${port}/sandbox/`);
  const sandbox = await fetch(`http://127.0.0.1:${port}/sandbox/`);
  expect(sandbox.status).toBe(200);
  expect(await sandbox.text()).toContain('<html');
  child.kill();
}, 30_000);

test('with WEBHOOK_PROXY_URL and no credentials, the manifest registers the proxy channel as the webhook URL', async () => {
  const port = randomPort();
  const channel = 'https://smee.io/recovery-triage-test';
  const child = start({ ...baseEnv(port), WEBHOOK_PROXY_URL: channel });
  const output = await waitFor(child, 'Welcome to Probot');
  expect(output).toContain(`Its webhook URL will be the proxy channel ${channel}`);
  const page = await (await fetch(`http://127.0.0.1:${port}/probot`)).text();
  // The manifest is posted to GitHub from a form field holding its JSON, HTML-escaped.
  expect(page.replace(/&quot;/g, '"')).toContain(`"hook_attributes":{"url":"${channel}"}`);
  child.kill();
}, 30_000);

test('in production without credentials it stops with a message instead of a setup page', async () => {
  const child = start({ ...baseEnv(randomPort()), NODE_ENV: 'production' });
  const { code, output } = await exited(child);
  expect(code).toBe(1);
  expect(output).toContain('APP_ID and PRIVATE_KEY (or PRIVATE_KEY_PATH) must be set when NODE_ENV=production');
  expect(output).not.toContain('Welcome to Probot');
}, 30_000);

test("with credentials it answers /ping (the health check) and takes signed webhooks at Probot's path and at /", async () => {
  const port = randomPort();
  const child = start({ ...baseEnv(port), ...credentials() });
  await waitFor(child, `Listening on http://127.0.0.1:${port}`);
  const base = `http://127.0.0.1:${port}`;

  const ping = await fetch(`${base}/ping`);
  expect(ping.status).toBe(200);
  expect(await ping.text()).toBe('PONG');

  const body = JSON.stringify(PING);
  expect((await deliver(`${base}/api/github/webhooks`, body)).status).toBe(200);
  // `/` is the webhook URL that registering from the manifest gives the app.
  expect((await deliver(`${base}/`, body)).status).toBe(200);
  // Both check the signature.
  expect((await deliver(`${base}/`, body, sign('something else'))).status).toBe(400);
  expect((await deliver(`${base}/api/github/webhooks`, body, 'sha256=00')).status).toBe(400);
  // GET / is no webhook.
  expect((await fetch(`${base}/`)).status).toBe(404);
  // With credentials the sandbox is off (SANDBOX=true would turn it on).
  expect((await fetch(`${base}/sandbox/`)).status).toBe(404);
  child.kill();
}, 30_000);

test('SIGTERM: it stops taking deliveries, finishes what is in flight and exits 0 within SHUTDOWN_GRACE_SECONDS', async () => {
  const port = randomPort();
  const child = start({ ...baseEnv(port), ...credentials(), SHUTDOWN_GRACE_SECONDS: '3', LOG_FORMAT: 'json' });
  await waitFor(child, `Listening on http://127.0.0.1:${port}`);
  const done = exited(child);
  const signalled = Date.now();
  child.kill('SIGTERM');
  const { code, output } = await done;
  expect(code).toBe(0);
  expect(Date.now() - signalled).toBeLessThan(3000 + 1000);
  expect(output).toContain('SIGTERM; finishing the runs in flight');
  expect(output).toContain('stopped (drained)');
}, 30_000);

test('its logs keep requests out: a failing delivery logs neither the issue text nor tokens in it', async () => {
  // A stand-in GitHub on loopback that refuses every call, so that handling the event fails.
  const refused: string[] = [];
  const github = createServer((req, res) => {
    refused.push(`${req.method} ${req.url}`);
    res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Bad credentials' }));
  });
  await new Promise<void>((resolve) => github.listen(0, '127.0.0.1', resolve));
  try {
    const port = randomPort();
    const host = `127.0.0.1:${(github.address() as AddressInfo).port}`;
    const child = start({ ...baseEnv(port), ...credentials(), LOG_LEVEL: 'debug', GHE_HOST: host, GHE_PROTOCOL: 'http' });
    let output = await waitFor(child, `Listening on http://127.0.0.1:${port}`);
    const collect = (chunk: Buffer) => (output += chunk.toString());
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    const token = `ghp_${'a1B2c3D4e5'.repeat(4).slice(0, 36)}`;
    const user = { login: 'requester', id: 7, type: 'User' };
    const payload = {
      action: 'opened',
      issue: {
        number: 1,
        id: 1001,
        title: 'REQUEST-TITLE-5678',
        body: `### PyPI Username\n\nREQUESTER-TEXT-1234 ${token}`,
        labels: [{ name: 'account-recovery' }],
        state: 'open',
        user,
        created_at: '2026-11-20T10:00:00Z',
        updated_at: '2026-11-20T10:00:00Z',
      },
      repository: { id: 1, name: 'support', full_name: 'pypi/support', owner: { login: 'pypi', id: 1, type: 'Organization' } },
      installation: { id: 2 },
      sender: user,
    };
    const body = JSON.stringify(payload);
    const response = await fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'issues',
        'x-github-delivery': randomUUID(),
        'x-hub-signature-256': sign(body),
      },
      body,
    });
    await response.text();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    child.kill();
    // The bot did try GitHub, and the failure was logged...
    expect(refused.length).toBeGreaterThan(0);
    expect(output).toMatch(/ERROR|WARN/);
    // ...without the request's text or the token in it.
    expect(output).not.toContain(token);
    expect(output).not.toContain('REQUESTER-TEXT-1234');
    expect(output).not.toContain('REQUEST-TITLE-5678');
  } finally {
    github.close();
  }
}, 30_000);

/** A stand-in smee.io channel: an event stream that sends one webhook once a client connects. */
function fakeChannel(message: Record<string, unknown>): Promise<{ server: Server; url: string; connected: Promise<void> }> {
  let onConnect: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (onConnect = resolve));
  const clients: ServerResponse[] = [];
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url !== '/channel') {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.write('event: ready\ndata: {}\n\n');
    res.write(`data: ${JSON.stringify(message)}\n\n`);
    clients.push(res);
    onConnect();
  });
  server.on('close', () => clients.forEach((c) => c.destroy()));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/channel`, connected });
    }),
  );
}

test('with WEBHOOK_PROXY_URL, webhooks sent to the channel reach the bot through smee-client, signature checked', async () => {
  const body = PING;
  const channel = await fakeChannel({
    'x-github-event': 'ping',
    'x-github-delivery': randomUUID(),
    'x-hub-signature-256': sign(JSON.stringify(body)),
    body,
    query: {},
  });
  try {
    const port = randomPort();
    const child = start({ ...baseEnv(port), ...credentials(), WEBHOOK_PROXY_URL: channel.url });
    const output = await waitFor(child, `POST http://127.0.0.1:${port}/api/github/webhooks - 200`);
    await channel.connected;
    expect(output).toContain(`Forwarding ${channel.url} to http://127.0.0.1:${port}/api/github/webhooks`);
    expect(output).not.toContain('npm install --save-dev smee-client');
    child.kill();
  } finally {
    channel.server.closeAllConnections();
    channel.server.close();
  }
}, 30_000);

describe('an install without smee-client (npm ci --omit=dev, the Docker image)', () => {
  let dir: string;

  beforeAll(() => {
    // The package as installed for production: bin/, lib/ and every dependency but smee-client.
    dir = mkdtempSync(join(tmpdir(), 'recovery-triage-start-'));
    mkdirSync(join(dir, 'bin'));
    copyFileSync(join(root, 'bin', 'start.js'), join(dir, 'bin', 'start.js'));
    symlinkSync(join(root, 'lib'), join(dir, 'lib'));
    mkdirSync(join(dir, 'node_modules'));
    for (const entry of readdirSync(join(root, 'node_modules'))) {
      if (entry !== 'smee-client' && entry !== '.bin') symlinkSync(join(root, 'node_modules', entry), join(dir, 'node_modules', entry));
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('in production, a .pem file in the working directory counts as the key, as Probot reads it', async () => {
    writeFileSync(join(dir, 'recovery-triage.private-key.pem'), privateKey);
    try {
      const port = randomPort();
      const child = start({ ...baseEnv(port), NODE_ENV: 'production', APP_ID: '123', WEBHOOK_SECRET: SECRET }, dir);
      const output = await waitFor(child, `:${port}`);
      expect(output).not.toContain('must be set when NODE_ENV=production');
      expect(await (await fetch(`http://127.0.0.1:${port}/ping`)).text()).toBe('PONG');
      child.kill();
    } finally {
      rmSync(join(dir, 'recovery-triage.private-key.pem'));
    }
  }, 30_000);

  test('WEBHOOK_PROXY_URL prints what to do, and the server still runs, unproxied, without fetching anything', async () => {
    const port = randomPort();
    const child = start({ ...baseEnv(port), ...credentials(), WEBHOOK_PROXY_URL: 'http://127.0.0.1:9/channel' }, dir);
    const output = await waitFor(child, `Listening on http://127.0.0.1:${port}`);
    expect(output).toContain(
      'WEBHOOK_PROXY_URL is set (http://127.0.0.1:9/channel), but smee-client is not installed, so webhooks are not proxied.',
    );
    expect(output).toContain('in production, unset WEBHOOK_PROXY_URL');
    expect(output).not.toContain('npx');
    const ping = await fetch(`http://127.0.0.1:${port}/ping`);
    expect(await ping.text()).toBe('PONG');
    child.kill();
  }, 30_000);
});
