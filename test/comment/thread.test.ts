import { createSweepCommand } from '../../src/cli/sweep.js';
import { STATUS_MARKER } from '../../src/comment/data.js';
import type { CommentView } from '../../src/standin/index.js';
import { fakeIo } from '../cli/fake-io.js';
import { formBody } from '../helpers/bodies.js';
import { MAINTAINER, openRequest, REPO, REQUESTER, startApp, type AppHarness } from '../helpers/app.js';
import { TestOctokit } from '../helpers/probot.js';

// The status comment is the FIRST comment of a request: everything people write, and every reply
// of the bot, comes after it. This test plays whole threads with the real app on the stand-in and
// reads each as GitHub shows it, in order: no text may point up or down, and every link to a
// comment must land on a comment of the thread that is the one the text names.

const DAY = 86_400_000;
const BOT = 'recovery-triage[bot]';
let h: AppHarness;

beforeEach(async () => {
  h = await startApp({ files: { '.github/recovery-triage.yml': 'duplicates:\n  action: close\n' } });
  h.gh.addToken('sweep-token', BOT);
});
afterEach(async () => {
  await h.close();
});

async function sweep(): Promise<void> {
  const command = createSweepCommand((token) => new TestOctokit({ auth: { token }, baseUrl: h.gh.url }));
  const now = new Date(h.gh.clock.now()).toISOString();
  const code = await command.run(['--repo', REPO, '--bot-login', BOT, '--now', now, '--force-now'], {
    ...fakeIo(),
    env: { GITHUB_TOKEN: 'sweep-token' },
  });
  expect(code).toBe(0);
}

async function say(login: string, number: number, body: string): Promise<void> {
  await h.deliver(h.gh.as(login).comment(REPO, number, body));
}

/** What a link's text promises about the comment it points at. */
const TARGETS: { text: RegExp; is: (target: CommentView, thread: CommentView[]) => boolean; what: string }[] = [
  { text: /^the status comment$/i, is: (c) => c.user === BOT && c.body.includes(STATUS_MARKER), what: 'the status comment' },
  { text: /^their comment$/i, is: (c) => c.user === MAINTAINER && /^\/recovery (ask|start)\b/m.test(c.body), what: "the admin's question" },
  {
    text: /^the comment that closed it$/i,
    is: (c) => c.user !== BOT && /^\/recovery (deny|withdraw)\b/m.test(c.body),
    what: 'the comment that closed the request',
  },
];

interface Link {
  from: number;
  text: string;
  target: number;
}

/**
 * Reads a thread as a person does: checks every bot comment and returns the links it found.
 * Fails on any "above"/"below", on a link to no comment of the thread, on a link whose text does
 * not name what it points at, and on a reply that points at a comment written after it.
 */
function readThread(number: number, statusAt = 0): { thread: CommentView[]; links: Link[] } {
  const thread = h.gh.comments(REPO, number);
  const problems: string[] = [];
  expect(thread[statusAt]?.body).toContain(STATUS_MARKER);
  expect(thread.filter((c) => c.body.includes(STATUS_MARKER))).toHaveLength(1);
  const links: Link[] = [];
  thread.forEach((comment, at) => {
    if (comment.user !== BOT) return;
    const visible = comment.body.replace(/<!--[\s\S]*?-->/g, '');
    for (const word of visible.match(/\b(above|below)\b/gi) ?? []) problems.push(`comment ${at} says "${word}"`);
    if (/\bthe linked\b/i.test(visible)) problems.push(`comment ${at} mentions a link it does not hold`);
    for (const match of visible.matchAll(/\[([^\]]+)\]\(([^)]*)\)/g)) {
      const [, text, href] = match;
      const id = /^#issuecomment-(\d+)$/.exec(href);
      if (id === null) {
        if (href.includes('issuecomment')) problems.push(`comment ${at} links "${href}", not an anchor on this page`);
        continue;
      }
      const index = thread.findIndex((c) => c.id === Number(id[1]));
      if (index < 0) {
        problems.push(`comment ${at} links ${href}, which is no comment of this thread`);
        continue;
      }
      // A reply points back at what it answers; the status comment (edited in place) may point anywhere.
      if (at !== statusAt && index > at) problems.push(`comment ${at} links comment ${index}, written after it`);
      const target = TARGETS.find((t) => t.text.test(text));
      if (target === undefined) problems.push(`comment ${at}: no rule for the link text "${text}"`);
      else if (!target.is(thread[index], thread)) problems.push(`comment ${at}: "${text}" points at comment ${index}, not ${target.what}`);
      links.push({ from: at, text, target: index });
    }
  });
  expect(problems).toEqual([]);
  return { thread, links };
}

function statusOf(thread: CommentView[]): string {
  return thread.find((c) => c.body.includes(STATUS_MARKER))?.body ?? '';
}

test('incomplete, then reminded: the reminder links the status comment, which comes first', async () => {
  await h.deliver(openRequest(h.gh, formBody({ username: 'me@example.com' })));
  let { thread } = readThread(1);
  expect(statusOf(thread)).toContain('Status: incomplete');
  h.gh.clock.advance(8 * DAY);
  await sweep();
  const read = readThread(1);
  thread = read.thread;
  expect(thread).toHaveLength(2);
  expect(thread[1].body).toMatch(/^@requester A reminder: this request is still incomplete/);
  expect(read.links).toEqual([{ from: 1, text: 'the status comment', target: 0 }]);
});

test('triage, awaiting-requester (asked twice, reminded), verifying, completed: every link lands on the right comment', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  expect(statusOf(readThread(1).thread)).toContain('Status: waiting for an admin');

  await say(MAINTAINER, 1, 'Hello!\n\n/recovery ask Which projects do you maintain?');
  let read = readThread(1);
  expect(statusOf(read.thread)).toContain('Status: waiting for your reply');
  // The status (first) links the admin's question (second); the bot's reply with it is third.
  expect(read.links).toEqual([{ from: 0, text: 'Their comment', target: 1 }]);
  expect(read.thread[2].body).toMatch(/^@requester A maintainer needs more information/);

  // A second question: the status now links the newer one.
  await say(MAINTAINER, 1, '/recovery ask And which e-mail address?');
  read = readThread(1);
  expect(read.links).toEqual([{ from: 0, text: 'Their comment', target: 3 }]);

  // The reminder links the question it waits for, written before it.
  h.gh.clock.advance(8 * DAY);
  await sweep();
  read = readThread(1);
  expect(read.thread.at(-1)?.body).toMatch(/^@requester A reminder: an admin is waiting for your answer to \[their comment\]/);
  expect(read.links).toContainEqual({ from: read.thread.length - 1, text: 'their comment', target: 3 });

  await say(REQUESTER, 1, 'Only sampleproject.');
  read = readThread(1);
  expect(statusOf(read.thread)).toContain('Status: being verified');
  expect(read.links.filter((l) => l.from === 0)).toEqual([]);

  await say(MAINTAINER, 1, '/recovery complete');
  read = readThread(1);
  expect(statusOf(read.thread)).toContain('Status: completed');
  expect(read.links.filter((l) => l.from === 0)).toEqual([]);
});

test('denied with a reason, and withdrawn: the status links the comment that closed it', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  await say(MAINTAINER, 1, 'We checked.\n/recovery deny The account belongs to an organisation.');
  let read = readThread(1);
  expect(statusOf(read.thread)).toContain('Status: closed');
  expect(read.links).toEqual([{ from: 0, text: 'The comment that closed it', target: 1 }]);

  await h.deliver(openRequest(h.gh, formBody({ username: '`other-name`' }), 'someone'));
  await say('someone', 2, '/recovery withdraw');
  read = readThread(2);
  expect(read.links).toEqual([{ from: 0, text: 'The comment that closed it', target: 1 }]);
});

test('denied by the timer, or by hand: the status says closed and points at nothing it cannot link', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  await say(MAINTAINER, 1, '/recovery ask Which projects?');
  h.gh.clock.advance(8 * DAY);
  await sweep();
  h.gh.clock.advance(8 * DAY);
  await sweep();
  let read = readThread(1);
  expect(statusOf(read.thread)).toContain('Status: closed');
  expect(read.thread.at(-1)?.body).toMatch(/^@requester This request has been closed because there was no reply/);
  expect(read.links.filter((l) => l.from === 0)).toEqual([]);

  await h.deliver(openRequest(h.gh, formBody({ username: '`other-name`' }), 'someone'));
  await h.deliver(h.gh.as(MAINTAINER).close(REPO, 2, 'not_planned'));
  read = readThread(2);
  expect(statusOf(read.thread)).toContain('Status: closed');
  expect(read.links).toEqual([]);
});

test('duplicates, by command and by the duplicate check: the status names the request to follow', async () => {
  await h.deliver(openRequest(h.gh, formBody()));
  // Same account, second request: closed by the duplicate check (duplicates.action close). The
  // first run's reply is posted before the status comment, which then comes second.
  await h.deliver(openRequest(h.gh, formBody(), 'someone'));
  let read = readThread(2, 1);
  expect(read.thread[0].body).toMatch(/^@someone There is already an open request for the same account: #1\./);
  expect(statusOf(read.thread)).toContain(
    '**Status: duplicate.** Another request covers the same account, so this one was closed. Please follow #1 instead.',
  );
  expect(h.gh.issue(REPO, 1).state).toBe('open');

  await h.deliver(openRequest(h.gh, formBody({ username: '`third-name`' }), 'third'));
  await say(MAINTAINER, 3, '/recovery duplicate #1');
  read = readThread(3);
  expect(statusOf(read.thread)).toContain('Please follow #1 instead.');
  expect(read.links).toEqual([]);
});
