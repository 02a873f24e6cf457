import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
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

/** axe-core in the page (injected from the axe-core package), as far as the tests use it. */
interface AxeWindow {
  axe?: {
    run(
      context: unknown,
      options: unknown,
    ): Promise<{ violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
  };
  document: unknown;
}

/** What the keyboard walk uses of the page (the project compiles without the DOM library). */
interface KeyboardElement {
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  getClientRects(): { length: number };
  closest(selector: string): unknown;
}
interface KeyboardWindow {
  document: {
    activeElement: KeyboardElement | null;
    querySelectorAll(selector: string): Iterable<KeyboardElement> & ArrayLike<KeyboardElement>;
  };
  getComputedStyle(element: KeyboardElement): { outlineStyle: string; outlineWidth: string };
}

/** What the keyboard tests read of the focused element. */
interface FocusWindow {
  document: { activeElement: { getAttribute(name: string): string | null; tagName: string } | null };
}

describeInBrowser('the sandbox in a browser', () => {
  let running: RunningSandbox;
  let context: BrowserContext;
  let page: Page;
  let dataDir: string;
  const outside: string[] = [];
  const pageErrors: string[] = [];
  /** Pages and states the accessibility check ran on. */
  const checked: string[] = [];

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

  /**
   * Runs axe-core on the page as it is: no serious or critical violation. The engine is evaluated
   * through the browser's debugging protocol, so the page's policy (scripts from itself only) stays on.
   */
  async function accessible(name: string): Promise<void> {
    if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axe.source);
    const violations = await page.evaluate(async () => {
      const w = globalThis as unknown as AxeWindow;
      const result = await w.axe!.run(w.document, { resultTypes: ['violations'] });
      return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? null,
        help: v.help,
        targets: v.nodes.map((n) => n.target.join(' ')),
      }));
    });
    checked.push(name);
    expect({ page: name, violations: violations.filter((v) => v.impact === 'serious' || v.impact === 'critical') }).toEqual({
      page: name,
      violations: [],
    });
  }

  /** Presses Tab until the element with `testid` has the focus (at most `max` presses); false if it never does. */
  async function tabTo(testid: string, max = 80): Promise<boolean> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(
        () => (globalThis as unknown as FocusWindow).document.activeElement?.getAttribute('data-testid') ?? null,
      );
      if (focused === testid) return true;
    }
    return false;
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
      await accessible('requests (none yet)');
      expect(await page.locator('label[for="days"], #time-form label').first().innerText()).toMatch(/^Let\s+day pass$/);
      await page.click('[data-testid="new-request"]');
      await page.waitForSelector('[data-testid="issue-form"]');
      await accessible('new request form');
      // The form is drawn from the repository's YAML: markdown, input, textarea, required boxes.
      expect(await page.locator('.form-markdown').innerText()).toContain('This issue is public.');
      expect(await page.inputValue('[data-testid="field-title"]')).toBe('Account recovery request');
      await page.fill('[data-testid="field-e1"]', 'me@example.com');
      await page.fill('[data-testid="field-e2"]', 'I lost the phone that held my authenticator app.');
      const boxes = await page.locator('input[type="checkbox"][data-option]').all();
      // All but the last box ticked: the preview names what GitHub would refuse.
      for (const box of boxes.slice(0, -1)) await box.check();
      await page.selectOption('[data-testid="submit-as"]', 'mallory');

      // The preview shows the rendered body and keeps every answer.
      await page.click('[data-testid="preview-body"]');
      await page.waitForSelector('[data-testid="body-preview-box"]:visible');
      await settled();
      const rendered = page.locator('[data-testid="body-preview-rendered"]');
      expect(await rendered.locator('h3').allInnerTexts()).toEqual([
        'PyPI Username',
        'Reason for request',
        'Recovery Codes',
        'Code of Conduct',
        'Acknowledgement',
      ]);
      expect(await rendered.innerText()).toContain('me@example.com');
      expect(await rendered.locator('input[type="checkbox"]').count()).toBe(boxes.length);
      expect(await page.locator('[data-testid="body-preview-missing"]').innerText()).toMatch(
        /^GitHub would refuse it: required answers missing: /,
      );
      expect(await page.locator('[data-testid="body-preview"]').textContent()).toContain('### PyPI Username\n\nme@example.com');
      expect(await page.inputValue('[data-testid="field-e1"]')).toBe('me@example.com');
      expect(await page.inputValue('[data-testid="field-e2"]')).toBe('I lost the phone that held my authenticator app.');
      expect(await page.inputValue('[data-testid="field-title"]')).toBe('Account recovery request');
      expect(await page.inputValue('[data-testid="submit-as"]')).toBe('mallory');
      for (const [i, box] of boxes.entries()) expect(await box.isChecked()).toBe(i < boxes.length - 1);
      await accessible('new request form with the preview');
      await shot('01-preview');
      await boxes.at(-1)!.check();
      await page.selectOption('[data-testid="submit-as"]', 'requester');
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
      await accessible('request, incomplete');
      await shot('02-incomplete');
    },
    STEP_MS,
  );

  test(
    'fixed by editing the body: state triage, still one status comment',
    async () => {
      await page.click('[data-testid="edit-body"]');
      const editor = page.locator('[data-testid="edit-body-text"]');
      await accessible('request, editing the body');
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
      // By keyboard only: choose who acts, pick the command from the list, send the comment.
      await page.locator('[data-testid="issue-title"]').click();
      expect(await tabTo('acting-as')).toBe(true);
      for (let i = 0; i < 5 && (await page.inputValue('[data-testid="acting-as"]')) !== 'alice'; i++)
        await page.keyboard.press('ArrowDown');
      expect(await page.inputValue('[data-testid="acting-as"]')).toBe('alice');
      expect(await page.inputValue('[data-testid="comment-as"]')).toBe('alice');
      await page.locator('[data-testid="issue-title"]').click();
      expect(await tabTo('command-picker')).toBe(true);
      await page.keyboard.press('ArrowDown');
      // Picking a command puts it in the comment box and moves the focus there.
      await page.waitForFunction(
        () => (globalThis as unknown as FocusWindow).document.activeElement?.getAttribute('data-testid') === 'comment-body',
      );
      expect(await page.inputValue('[data-testid="comment-body"]')).toBe('/recovery start');
      expect(await tabTo('comment-submit', 10)).toBe(true);
      await page.keyboard.press('Enter');
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
      // The status comment links the comment that started the verification.
      const link = page.locator('[data-testid="comment"][data-status="true"] a', { hasText: 'Their comment' });
      const startId = await start.getAttribute('data-comment-id');
      expect(await link.getAttribute('href')).toBe(`#issuecomment-${startId}`);
      // Following it moves to that comment and stays on the request.
      await link.click();
      const after = await page.evaluate(() => {
        const w = globalThis as unknown as FocusWindow & { location: { hash: string } };
        return { hash: w.location.hash, focused: w.document.activeElement?.getAttribute('id') ?? null };
      });
      expect(after).toEqual({ hash: '#/issues/1', focused: `issuecomment-${startId}` });
      await accessible('request, awaiting the requester');
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
      await accessible('request, closed');
      await shot('07-closed');
      await page.click('[data-nav="list"]');
      await page.waitForSelector('[data-testid="issue-row"][data-number="1"][data-state="closed"][data-request="denied"]');
      await settled();
      await accessible('requests');
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
      await accessible('form & config, with an error');
      await shot('09-config-error');
    },
    STEP_MS,
  );

  test(
    'the bot log: each applied plan names its request, at the sandbox clock’s time',
    async () => {
      await page.click('[data-nav="log"]');
      await page.waitForSelector('[data-testid="log"] tbody tr');
      await settled();
      const rows = await page
        .locator('[data-testid="log"] tbody tr')
        .evaluateAll((trs) => trs.map((tr) => (tr as unknown as { innerText: string }).innerText.split('\t')));
      const applied = rows.filter((r) => r[3] === 'recovery-triage: plan applied');
      expect(applied.length).toBeGreaterThan(3);
      for (const row of applied) expect(row[2]).toBe('#1');
      // The sandbox clock started on 2026-11-20 and 14 days passed; the machine's clock is elsewhere.
      for (const row of rows) expect(row[0] >= '2026-11-20' && row[0] <= '2026-12-05').toBe(true);
      expect(rows.at(-1)?.[0].slice(0, 10)).toBe('2026-12-04');
      await accessible('bot log');
      await shot('10-log');
    },
    STEP_MS,
  );

  test(
    'the keyboard reaches every control of every page, in order, with a visible focus',
    async () => {
      for (const [route, ready] of [
        ['#/', '[data-testid="issue-list"]'],
        ['#/new', '[data-testid="issue-form"]'],
        ['#/issues/1', '[data-testid="composer"]'],
        ['#/settings', '[data-testid="form-text"]'],
        ['#/log', '[data-testid="log"]'],
      ] as const) {
        await page.evaluate((hash) => ((globalThis as unknown as { location: { hash: string } }).location.hash = hash), route);
        await page.waitForSelector(ready);
        await settled();
        // Every visible control of the page, numbered in document order; then Tab from the top.
        const controls = await page.evaluate(() => {
          const d = (globalThis as unknown as KeyboardWindow).document;
          const all = d.querySelectorAll(
            'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"])',
          );
          let n = 0;
          for (const el of Array.from(all)) {
            if (el.getClientRects().length === 0 || el.closest('[hidden]') !== null) continue;
            el.setAttribute('data-kb', String(n++));
          }
          return n;
        });
        // The top bar and the navigation alone hold eight.
        expect(controls).toBeGreaterThan(8);
        // A click on the page's name, top left: the keyboard starts from the top, as after loading.
        await page.click('.brand');
        const reached: number[] = [];
        const unfocusedOutline: number[] = [];
        for (let i = 0; i < controls + 5; i++) {
          await page.keyboard.press('Tab');
          const at = await page.evaluate(() => {
            const d = (globalThis as unknown as KeyboardWindow).document;
            const el = d.activeElement;
            const kb = el?.getAttribute('data-kb');
            if (el === null || kb === null || kb === undefined) return null;
            const style = (globalThis as unknown as KeyboardWindow).getComputedStyle(el);
            return { kb: Number(kb), ring: style.outlineStyle !== 'none' && style.outlineWidth !== '0px' };
          });
          if (at === null || reached.includes(at.kb)) break;
          reached.push(at.kb);
          if (!at.ring) unfocusedOutline.push(at.kb);
        }
        expect({ route, reached }).toEqual({ route, reached: Array.from({ length: controls }, (_, i) => i) });
        expect({ route, unfocusedOutline }).toEqual({ route, unfocusedOutline: [] });
      }
    },
    STEP_MS * 2,
  );

  test('the accessibility check ran on every page and state', () => {
    expect(checked).toEqual([
      'requests (none yet)',
      'new request form',
      'new request form with the preview',
      'request, incomplete',
      'request, editing the body',
      'request, awaiting the requester',
      'request, closed',
      'requests',
      'form & config, with an error',
      'bot log',
    ]);
  });

  test('the page asked nothing of any other host and threw nothing', () => {
    expect(outside).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
