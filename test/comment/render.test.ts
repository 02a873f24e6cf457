import { decodeStatusData, emptyStatusData, historyEntry, type StatusData } from '../../src/comment/data.js';
import { githubLength, GITHUB_BODY_LIMIT, STATUS_COMMENT_MAX } from '../../src/comment/limits.js';
import { renderStatusComment, type StatusView } from '../../src/comment/render.js';
import { defaultConfig } from '../../src/config/load.js';
import type { State } from '../../src/state/states.js';

const config = defaultConfig();
const labelOf = (s: State) => config.labels[s].name;
const DATA_PREFIX = '<!-- recovery-triage:data ';

function entries(n: number, reason = 'the requester replied'): StatusData['history'] {
  return Array.from({ length: n }, (_, i) =>
    historyEntry({
      at: `2026-11-20T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}Z`,
      actor: `maintainer-${i}`,
      event: '/recovery ask',
      from: 'triage',
      to: 'awaiting-requester',
      reason: `${reason} ${i}`,
    }),
  );
}

function view(overrides: Omit<Partial<StatusView>, 'data'> & { data?: Partial<StatusData> } = {}): StatusView {
  const { data, ...rest } = overrides;
  return {
    state: 'triage',
    problems: [],
    labelOf,
    sensitiveWarnings: [],
    ...rest,
    data: { ...emptyStatusData(), ...data },
  };
}

function tableRows(body: string): string[] {
  return body.split('\n').filter((l) => l.startsWith('| 2026'));
}

/** The data block is whole and last: its base64 JSON parses, and the bot reads it back. */
function expectIntactBlock(body: string): StatusData {
  const start = body.lastIndexOf(DATA_PREFIX);
  expect(start).toBeGreaterThan(0);
  const block = body.slice(start);
  expect(block).toMatch(/^<!-- recovery-triage:data [A-Za-z0-9+/=]+ -->$/);
  const json = JSON.parse(Buffer.from(block.slice(DATA_PREFIX.length, -4), 'base64').toString('utf8')) as StatusData;
  const decoded = decodeStatusData(body);
  expect(decoded.history).toEqual(json.history);
  expect(decoded.notes).toEqual(json.notes);
  return decoded;
}

describe('history rows', () => {
  test('exactly historyRows entries: every row, no summary line', () => {
    const body = renderStatusComment(view({ data: { history: entries(40) }, historyRows: 40 }));
    expect(tableRows(body)).toHaveLength(40);
    expect(body).not.toContain('not shown');
    expect(body).toContain('<details><summary>History</summary>');
  });

  test('one entry over historyRows: the newest rows, the oldest summarised with the full count', () => {
    const history = entries(41);
    const body = renderStatusComment(view({ data: { history }, historyRows: 40 }));
    const rows = tableRows(body);
    expect(rows).toHaveLength(40);
    expect(rows[0]).toContain('maintainer\\-1 ');
    expect(rows.at(-1)).toContain('maintainer\\-40');
    expect(body).toContain('*1 earlier entry not shown (41 in all).*');
  });

  test('the default is 40 rows; entries the data no longer keeps are counted too', () => {
    const body = renderStatusComment(view({ data: { history: entries(100) }, historyTotal: 250 }));
    expect(tableRows(body)).toHaveLength(40);
    expect(body).toContain('*210 earlier entries not shown (250 in all).*');
  });

  test('historyRows 1 (the config minimum) shows the newest row', () => {
    const body = renderStatusComment(view({ data: { history: entries(3) }, historyRows: 1 }));
    expect(tableRows(body)).toEqual([expect.stringContaining('maintainer\\-2')]);
    expect(body).toContain('*2 earlier entries not shown (3 in all).*');
  });
});

describe('the status comment always fits', () => {
  test('the repro: 1,000 `/recovery ask` moves with long reasons stay under the limit, data block intact', () => {
    const history = entries(1000, 'x'.repeat(300));
    const body = renderStatusComment(view({ state: 'awaiting-requester', data: { history }, historyRows: 100 }));
    expect(githubLength(body)).toBeLessThanOrEqual(STATUS_COMMENT_MAX);
    expect(body.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(body).toContain('**Status: waiting for your reply.**');
    expectIntactBlock(body);
  });

  test('long notes, many warnings and many long problems: cut with markers, data block intact', () => {
    const body = renderStatusComment(
      view({
        state: 'incomplete',
        problems: Array.from({ length: 500 }, (_, i) => ({
          field: 'username',
          code: 'invalid' as const,
          message: `problem ${i} ${'p'.repeat(2000)}`,
        })),
        sensitiveWarnings: Array.from({ length: 200 }, (_, i) => `> [!CAUTION]\n> warning ${i}\n${'> w\n'.repeat(500)}`),
        data: { notes: Array.from({ length: 20 }, (_, i) => `note ${i} ${'n '.repeat(3000)}`), history: entries(100, 'r'.repeat(160)) },
        historyRows: 100,
      }),
    );
    expect(githubLength(body)).toBeLessThanOrEqual(STATUS_COMMENT_MAX);
    expect(body.startsWith('<!-- recovery-triage:status -->\n\n**Status: incomplete.**')).toBe(true);
    expect(body).toMatch(/\*\(\d+ more lines not shown\.\)\*/);
    expect(body).toMatch(/not shown/);
    expect(body).toContain('**Keep this issue free of secrets.**');
    expectIntactBlock(body);
  });

  test('a hand-edited data block too big on its own is thinned, oldest first, and still decodes', () => {
    const huge = {
      ...emptyStatusData(),
      history: entries(100, '漢'.repeat(160)),
      notes: Array.from({ length: 20 }, () => '語'.repeat(600)),
    };
    const body = renderStatusComment(view({ data: huge }));
    expect(githubLength(body)).toBeLessThanOrEqual(STATUS_COMMENT_MAX);
    const decoded = expectIntactBlock(body);
    expect(decoded.history.length).toBeGreaterThan(0);
    expect(decoded.history.at(-1)?.actor).toBe('maintainer-99');
    expect(decoded.history.length).toBeLessThan(100);
    // The thinned entries are still counted.
    expect(body).toContain(`(100 in all)`);
  });

  test('exactly at maxLength nothing is cut; one under, the history gives way first', () => {
    const v = view({
      state: 'incomplete',
      problems: Array.from({ length: 30 }, (_, i) => ({
        field: 'f',
        code: 'missing' as const,
        message: `problem ${i} ${'q'.repeat(300)}`,
      })),
      data: { history: entries(5) },
    });
    const natural = renderStatusComment(v);
    const length = githubLength(natural);
    expect(renderStatusComment({ ...v, maxLength: length })).toBe(natural);
    const cut = renderStatusComment({ ...v, maxLength: length - 1 });
    expect(githubLength(cut)).toBeLessThanOrEqual(length - 1);
    expect(cut).toContain('earlier entr');
    expect(cut).toContain('problem 29');
    expectIntactBlock(cut);
  });
});

describe('hostile hidden data and user text', () => {
  test('a history entry with a state that does not exist renders instead of throwing', () => {
    const history = [
      { at: '2026-11-20T10:00:00Z', actor: 'x', event: 'e', from: '__proto__', to: 'escalated', reason: 'r' },
      { at: '2026-11-20T10:00:00Z', actor: 'x', event: 'e', from: null, to: 'constructor', reason: 'r' },
    ] as unknown as StatusData['history'];
    const body = renderStatusComment({ ...view({ data: { history } }), labelOf: (s) => config.labels[s].name });
    expect(body).toContain('\\_\\_proto\\_\\_ → escalated');
    expect(body).toContain('— → constructor');
  });

  test('notes keep issue references and lose mentions, links and HTML', () => {
    const body = renderStatusComment(
      view({
        data: {
          notes: ['Possible duplicate: #3 is an open request for the same account.', '@admins see https://evil.example <img src=x> [x](y)'],
        },
      }),
    );
    expect(body).toContain('- Possible duplicate: #3 is an open request for the same account.');
    expect(body).not.toMatch(/@admins/);
    expect(body).not.toMatch(/https:\/\//);
    expect(body).not.toContain('<img');
    expect(body).not.toMatch(/(?<!\\)\]\(/);
  });

  test('problems and history fields are escaped', () => {
    const body = renderStatusComment(
      view({
        state: 'incomplete',
        problems: [{ field: 'username', code: 'invalid', message: 'ping @octocat <script> https://x.example' }],
        data: { history: [historyEntry({ at: 'now', actor: '@evil', event: '<b>', from: null, to: 'incomplete', reason: '[a](b)' })] },
      }),
    );
    expect(body).not.toMatch(/@(octocat|evil)/);
    expect(body).not.toMatch(/<(script|b)>/);
    expect(body).not.toMatch(/https:\/\//);
  });
});

describe('the default texts (messages.status) read as before the texts became templates', () => {
  const fixedEntry = historyEntry({
    at: '2026-11-20T10:00:00Z',
    actor: 'r',
    event: 'edited',
    from: 'incomplete',
    to: 'triage',
    reason: 'x',
  });

  test.each<[string, Partial<StatusData>, string]>([
    ['no queue count', {}, '**Status: waiting for an admin.** Thanks, your request is complete.\n\n'],
    ['none ahead', { queueAhead: 0 }, 'Thanks, your request is complete. No complete request is ahead of yours in the queue.\n\n'],
    ['one ahead', { queueAhead: 1 }, 'Thanks, your request is complete. 1 complete request is ahead of yours in the queue.\n\n'],
    ['many ahead', { queueAhead: 5 }, 'Thanks, your request is complete. 5 complete requests are ahead of yours in the queue.\n\n'],
    [
      'claimed (instead of the queue)',
      { queueAhead: 5, claimedBy: 'admin1' },
      'Thanks, your request is complete. An admin has taken your request and will get back to you here.\n\n',
    ],
    [
      'fixed by an edit, with another spelling',
      {
        history: [fixedEntry],
        account: { username: 'x', verdict: 'renamed', canonical: 'Real_Name', at: '2026-11-20T10:00:00Z' },
      },
      'Thanks, your edit fixed the request: it is now complete. The account check found this account spelled Real\\_Name; the admins will use that spelling.\n\n',
    ],
  ])('triage, %s', (_case, data, expected) => {
    expect(renderStatusComment(view({ data }))).toContain(expected);
  });

  test('incomplete: intro, problems, how to fix; an unreadable request gets one line', () => {
    const body = renderStatusComment(view({ state: 'incomplete', problems: [] }));
    expect(body).toContain(
      '**Status: incomplete.** Thanks for your request. Before an admin can look at it, please fix the following:\n\n- The request could not be read. Please fill in the account recovery form.\n\nTo fix it, **edit the issue**',
    );
  });
});
