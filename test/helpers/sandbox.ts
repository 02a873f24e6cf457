import nock from 'nock';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';

/** The form's three required boxes, ticked, as the sandbox's form API takes them. */
export const BOXES = {
  e3: ['I never generated or have lost access to the recovery codes for my account'],
  e4: ['I agree to follow the PSF Code of Conduct'],
  e5: ['I understand that it may take a significant amount of time to process my account recovery request.'],
};

export interface SandboxUnderTest {
  /** The sandbox of the running test. */
  readonly running: RunningSandbox;
  /** Its address, without the final slash. */
  readonly base: string;
  /** A call to its JSON API. */
  call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T }>;
}

/**
 * A fresh sandbox for each test of the file, on loopback only (nothing else answers), and after
 * each test the check that its stand-in saw no call it does not serve.
 */
export function useSandbox(now = '2026-11-20T10:00:00Z'): SandboxUnderTest {
  let running: RunningSandbox | null = null;
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
  beforeEach(async () => {
    running = await startSandbox({ port: 0, now });
  });
  afterEach(async () => {
    if (running === null) return;
    const sandbox = await running.handler.sandbox();
    expect(sandbox.gh.unexpected).toEqual([]);
    await running.close();
    running = null;
  });
  const current = (): RunningSandbox => {
    if (running === null) throw new Error('no sandbox is running outside a test');
    return running;
  };
  return {
    get running() {
      return current();
    },
    get base() {
      return current().url.replace(/\/$/, '');
    },
    async call<T>(method: string, path: string, body?: unknown) {
      const response = await fetch(`${this.base}/api/${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, data: (await response.json()) as T };
    },
  };
}
