import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';

/**
 * The sandbox driven in Debian's chromium, as a person would use it: a request through the
 * form, edits, comments, commands, a pasted secret and days passing. Screenshots of each step
 * go to test-output/sandbox/ (git-ignored). Skipped, with a message, without the browser.
 */
const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) {
  console.warn(`recovery-triage: the sandbox browser tests were skipped: ${CHROMIUM} is missing (on Debian: apt-get install chromium).`);
}
const describeInBrowser = HAVE_CHROMIUM ? describe : describe.skip;
const SHOTS = fileURLToPath(new URL('../../test-output/sandbox/', import.meta.url));
const TOKEN = `pypi-AgEIcHlwaS5vcmcCJ${'A1b2C3d4'.repeat(12)}`;
const STEP_MS = 20_000;

/** What the tests use of the page's window (the project compiles without the DOM library). */
interface BrowserWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

describeInBrowser('the sandbox in a browser', () => {
  let running: RunningSandbox;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const outside: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    mkdirSync(SHOTS, { recursive: true });
    running = await startSandbox({ port: 0, now: '2026-11-20T10:00:00Z' });
    dataDir = mkdtempSync(join(tmpdir(), 'sandbox-chromium-'));
    context = await chromium.launchPersistentContext(dataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    page = context.pages()[0] ?? (await context.newPage());
    const origin = new URL(running.url).origin;
    page.on('request', (request) => {
      if (!request.url().startsWith(`${origin}/`) && !request.url().startsWith('data:')) outside.push(request.url());
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('dialog', (dialog) => void dialog.accept());
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    await running?.close();
    nock.enableNetConnect();
  });

  /** Waits until the page has no request under way and has drawn the result. */
  async function settled(): Promise<void> {
    await page.waitForSelector('body[data-busy="false"]');
  }

  async function shot(name: string): Promise<void> {
    await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
  }

  async function statusText(): Promise<string> {
    const status = page.locator('[data-testid="comment"][data-status="true"]');
    expect(await status.count()).toBe(1);
    return status.innerText();
  }

  test(
    'the form with an e-mail as username: the status comment lists the problem',
    async () => {
      await page.goto(running.url);
      await settled();
      await page.click('[data-testid="new-request"]');
      await page.waitForSelector('[data-testid="issue-form"]');
      // The form is drawn from the repository's YAML: markdown, input, textarea, required boxes.
      expect(await page.locator('.form-markdown').innerText()).toContain('This issue is public.');
      expect(await page.inputValue('[data-testid="field-title"]')).toBe('Account recovery request');
      await page.fill('[data-testid="field-e1"]', 'me@example.com');
      await page.fill('[data-testid="field-e2"]', 'I lost the phone that held my authenticator app.');
      for (const box of await page.locator('input[type="checkbox"][data-option]').all()) await box.check();
      await shot('01-form');
      await page.click('[data-testid="submit-issue"]');
      await page.waitForSelector('[data-testid="request-state"][data-request="incomplete"]');
      await settled();
      expect(await statusText()).toContain('PyPI usernames are not e-mail addresses');
      expect(await page.locator('[data-testid="issue-title"]').innerText()).toBe('Account recovery request');
      const label = page.locator('[data-testid="issue-labels"] .label[data-label="recovery: incomplete"]');
      expect(await label.evaluate((el) => (globalThis as unknown as BrowserWindow).getComputedStyle(el).backgroundColor)).toBe(
        'rgb(251, 202, 4)',
      );
      // The bot's hidden data is not shown.
      expect(await page.locator('main').innerText()).not.toContain('recovery-triage:');
      await shot('02-incomplete');
    },
    STEP_MS,
  );

  test(
    'fixed by editing the body: state triage, still one status comment',
    async () => {
      await page.click('[data-testid="edit-body"]');
      const editor = page.locator('[data-testid="edit-body-text"]');
      await editor.fill((await editor.inputValue()).replace('me@example.com', '`requester-name`'));
      await page.click('[data-testid="edit-body-save"]');
      await page.waitForSelector('[data-testid="request-state"][data-request="triage"]');
      await settled();
      expect(await statusText()).toContain('your edit fixed the request');
      const labels = await page
        .locator('[data-testid="issue-labels"] .label')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-label')));
      expect(labels).toEqual(['account-recovery', 'recovery: triage']);
      await shot('03-triage');
    },
    STEP_MS,
  );

  test(
    'a pasted pypi- token: redacted in the page, and the warning appears',
    async () => {
      await page.selectOption('[data-testid="comment-as"]', 'requester');
      await page.fill('[data-testid="comment-body"]', `Here is my token in case it helps: ${TOKEN}`);
      await page.click('[data-testid="comment-submit"]');
      await page.waitForSelector('[data-testid="comment"][data-author="requester"]');
      await settled();
      const comment = await page.locator('[data-testid="comment"][data-author="requester"]').innerText();
      expect(comment).toContain('[redacted: PyPI API token]');
      expect(comment).toContain('edited');
      expect(await page.content()).not.toContain(TOKEN.slice(0, 24));
      expect(await statusText()).toContain('A secret was posted in this issue');
      await shot('04-token-redacted');
    },
    STEP_MS,
  );

  test(
    '/recovery start from a maintainer: the label moves and the bot reacts with a rocket',
    async () => {
      await page.selectOption('[data-testid="acting-as"]', 'alice');
      expect(await page.inputValue('[data-testid="comment-as"]')).toBe('alice');
      await page.fill('[data-testid="comment-body"]', '/recovery start');
      await page.click('[data-testid="comment-submit"]');
      await page.waitForSelector('[data-testid="request-state"][data-request="awaiting-requester"]');
      await settled();
      const labels = await page
        .locator('[data-testid="issue-labels"] .label')
        .evaluateAll((els) => els.map((el) => el.getAttribute('data-label')));
      expect(labels).toContain('recovery: awaiting-requester');
      expect(labels).not.toContain('recovery: triage');
      const start = page.locator('[data-testid="comment"][data-author="alice"]');
      expect(await start.locator('.comment-body').innerText()).toBe('/recovery start');
      expect(await start.locator('.reaction[data-content="rocket"]').innerText()).toBe('🚀 1');
      expect(await page.locator('[data-testid="assignees"]').innerText()).toBe('alice');
      await shot('05-recovery-start');
    },
    STEP_MS,
  );

  test(
    '14 days without an answer: reminded after 7, closed as not planned after 14',
    async () => {
      await page.fill('[data-testid="days"]', '7');
      await page.click('[data-testid="pass-days"]');
      await settled();
      await page.waitForSelector('[data-testid="comment"][data-author="recovery-triage[bot]"] >> text=A reminder');
      expect(await page.locator('[data-testid="now"]').innerText()).toMatch(/^2026-11-27 /);
      expect(await page.locator('[data-testid="issue-state"]').getAttribute('data-state')).toBe('open');
      await shot('06-reminded');
      await page.click('[data-testid="pass-days"]');
      await page.waitForSelector('[data-testid="issue-state"][data-reason="not_planned"]');
      await settled();
      expect(await page.locator('[data-testid="issue-state"]').innerText()).toBe('Closed as not planned');
      expect(await page.locator('[data-testid="request-state"]').getAttribute('data-request')).toBe('denied');
      const replies = await page
        .locator('[data-testid="comment"][data-author="recovery-triage[bot]"][data-status="false"]')
        .allInnerTexts();
      expect(replies.at(-1)).toContain('closed because there was no reply');
      await shot('07-closed');
      await page.click('[data-nav="list"]');
      await page.waitForSelector('[data-testid="issue-row"][data-number="1"][data-state="closed"][data-request="denied"]');
      await settled();
      await shot('08-requests');
    },
    STEP_MS,
  );

  test(
    'an invalid config is refused with the bot’s located errors',
    async () => {
      await page.click('[data-nav="settings"]');
      await page.waitForSelector('[data-testid="config-text"]');
      await page.fill('[data-testid="config-text"]', 'timers:\n  incomplete:\n    remindAfterDays: -1\n');
      await page.click('[data-testid="config-save"]');
      await page.waitForSelector('[data-testid="config-errors"] li');
      await settled();
      expect(await page.locator('[data-testid="config-errors"]').innerText()).toBe(
        '.github/recovery-triage.yml:3:5: timers.incomplete.remindAfterDays: must be more than 0 days',
      );
      expect(await page.locator('[data-testid="config-save-anyway"]').isVisible()).toBe(true);
      await shot('09-config-error');
    },
    STEP_MS,
  );

  test('the page asked nothing of any other host and threw nothing', () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
