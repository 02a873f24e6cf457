import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nock from 'nock';

const root = fileURLToPath(new URL('../../', import.meta.url));
let child: ChildProcess | null = null;

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  if (!existsSync(`${root}lib/index.js`)) {
    execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
  }
}, 120_000);

afterAll(() => {
  child?.kill();
  nock.enableNetConnect();
});

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

test('without GitHub App credentials, the bot serves the setup page on this machine and says so', async () => {
  const port = String(30_000 + Math.floor(Math.random() * 20_000));
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'info' };
  child = spawn(process.execPath, ['bin/start.js'], { cwd: root, env });
  const output = await waitFor(child, 'Welcome to Probot');
  expect(output).toContain('recovery-triage: no GitHub App credentials');
  expect(output).toContain(`Open http://localhost:${port} to register the app`);
  expect(output).toContain('npx recovery-triage check');
  // The setup page offers to register the app from app.yml.
  const page = await fetch(`http://127.0.0.1:${port}/probot`);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('recovery-triage');
}, 30_000);
