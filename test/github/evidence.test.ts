import { redactJsonLine, redactText } from '../../src/github/logging.js';
import { loadConfig } from '../../src/github/load.js';
import type { Octokit } from '../../src/github/octokit.js';
import { sweepRepository } from '../../src/github/sweep.js';
import { decodeStatusData, ranDigest } from '../../src/comment/data.js';
import { maxEvidenceCalls } from '../../src/evidence/gather.js';
import { PypiClient } from '../../src/evidence/pypi-client.js';
import { PypiStandIn } from '../../src/standin/pypi/index.js';
import { formBody } from '../helpers/bodies.js';
import { INSTALLATION, MAINTAINER, openRequest, REPO, REQUESTER, snapshot, startApp, type AppHarness } from '../helpers/app.js';

const REQUESTER_ID = 5001;
const config = (extra = '') => `evidence:\n  enabled: true\n  timeoutMs: 500\n${extra}`;

/** The section of the status comment, from its summary to its end. */
function section(status: string | null): string {
  const body = status ?? '';
  const start = body.indexOf('<details><summary>Evidence for maintainers</summary>');
  expect(start).toBeGreaterThanOrEqual(0);
  return body.slice(start, body.indexOf('</details>', start) + '</details>'.length);
}

function rowOf(text: string, project: string): string {
  const row = text.split('\n').find((l) => l.startsWith(`| [${project}]`) || l.startsWith(`| ${project}`));
  expect(row).toBeDefined();
  return row as string;
}

describe('evidence for maintainers (real app, GitHub and PyPI stand-ins on loopback)', () => {
  let h: AppHarness;
  let pypi: PypiStandIn;

  async function start(extraConfig = '') {
    pypi = new PypiStandIn();
    await pypi.listen();
    h = await startApp({
      files: { '.github/recovery-triage.yml': config(extraConfig) },
      labels: true,
      // Links in the comment name pypi.org; the requests go to the stand-in.
      app: { pypi: new PypiClient(pypi.fetchFor('https://pypi.org')) },
    });
    h.gh.addUser(REQUESTER, { id: REQUESTER_ID, createdAt: '2019-03-01T00:00:00Z' });
  }

  afterEach(async () => {
    await h.close();
    await pypi.close();
  });

  test('Trusted Publishing from the requester’s repository: yes, by numeric id; a project without a repository', async () => {
    await start();
    const repoId = h.gh.addPublicRepo(`${REQUESTER}/octo-lib`, { ownerId: REQUESTER_ID });
    pypi.addProject({
      name: 'octo-lib',
      roles: [{ role: 'Owner', user: 'octo-pypi' }],
      releasedAt: '2025-05-01T12:00:00Z',
      trustedPublisher: { repository: `${REQUESTER}/octo-lib`, repositoryId: repoId, ownerId: REQUESTER_ID },
    });
    pypi.addProject({ name: 'bare-tool', roles: [{ role: 'Maintainer', user: 'octo-pypi' }] });

    await h.deliverAtOnce(openRequest(h.gh, formBody({ username: '`octo-pypi`' })));
    const s = snapshot(h.gh, 1);
    expect(s.stateLabels).toEqual(['recovery: triage']);
    const text = section(s.status);
    expect(text).toContain('| Project | PyPI role | Repository | Source | Owner | Same GitHub account as the requester |');
    expect(rowOf(text, 'octo\\-lib')).toBe(
      `| [octo\\-lib](https://pypi.org/project/octo-lib/) | Owner | [requester/octo\\-lib](https://github.com/requester/octo-lib) | provenance | [requester](https://github.com/requester) (id ${REQUESTER_ID}) | yes |`,
    );
    expect(rowOf(text, 'bare\\-tool')).toBe(
      '| [bare\\-tool](https://pypi.org/project/bare-tool/) | Maintainer | none found | – | – | unknown |',
    );
    expect(text).toContain('No red flags.');
    for (const word of [/verified/i, /eligible/i, /owner confirmed/i]) expect(text).not.toMatch(word);
    // Stored bounded in the hidden data, and read back the same.
    const data = decodeStatusData(s.status);
    expect(data.evidence?.projects.map((p) => p.name)).toEqual(['octo-lib', 'bare-tool']);
    expect(data.evidence?.projects[0]?.links[0]).toMatchObject({ source: 'provenance', repoId, ownerId: REQUESTER_ID, status: 'ok' });
    // A redelivery gathers nothing again and writes nothing.
    const before = pypi.count();
    const writes = h.gh.countCalls().writes;
    await h.deliver([h.gh.as(REQUESTER).comment(REPO, 1, 'Any news?')[0] as never]);
    expect(pypi.count()).toBe(before);
    expect(snapshot(h.gh, 1).status).toContain(text);
    expect(h.gh.countCalls().writes - writes).toBeLessThanOrEqual(4);
    // A maintainer's /recovery evidence asks PyPI again, its cached answers bypassed.
    await h.deliver(h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery evidence'));
    expect(pypi.count('json')).toBe(4);
    expect(pypi.count('provenance')).toBe(4);
    expect(snapshot(h.gh, 1).replies.at(-1)).toContain('Evidence for maintainers');
  });

  test('a self-declared link under a login equal to the requester’s but another id: no, flagged', async () => {
    await start();
    h.gh.addUser('someone-else', { id: 7001 });
    // The repository the metadata names moved to another account (GitHub answers 301 for the old name).
    h.gh.addPublicRepo(`${REQUESTER}/old-tool`);
    h.gh.renameRepo(`${REQUESTER}/old-tool`, 'someone-else/old-tool');
    pypi.addProject({
      name: 'old-tool',
      roles: [{ role: 'Owner', user: 'old-pypi' }],
      releasedAt: '2018-01-01T00:00:00Z',
      projectUrls: { Source: `https://github.com/${REQUESTER}/old-tool` },
    });
    await h.deliverAtOnce(openRequest(h.gh, formBody({ username: '`old-pypi`' })));
    const s = snapshot(h.gh, 1);
    expect(s.stateLabels).toEqual(['recovery: triage']);
    const text = section(s.status);
    const row = rowOf(text, 'old\\-tool');
    expect(row).toContain('| self-declared |');
    expect(row).toContain('(id 7001)');
    expect(row.endsWith('| no |')).toBe(true);
    expect(text).toContain('**Red flags**');
    expect(text).toContain(
      "- old\\-tool links to requester/old\\-tool, under a login equal to the requester's, but that repository's owner is GitHub id 7001, not the requester's id 5001 (a renamed or re-registered login).",
    );
    expect(text).toContain('- old\\-tool: the link to requester/old\\-tool now points to someone\\-else/old\\-tool (id');
    // The requester's account (2019) is younger than the project's latest release (2018).
    expect(text).toContain(
      "- The requester's GitHub account was created on 2019-03-01, after the latest release of old\\-tool (2018-01-01).",
    );
    // The 301 was followed: the old name, then the repository by id.
    expect(h.gh.countCalls({ route: 'GET /repos/{owner}/{repo}' }).reads).toBe(1);
    expect(h.gh.countCalls({ route: 'GET /repositories/{repository_id}' }).reads).toBe(1);
  });

  test('PyPI down: evidence unavailable (reason), the request is triaged as usual; /recovery evidence tries again', async () => {
    await start();
    pypi.addProject({ name: 'octo-lib', roles: [{ role: 'Owner', user: 'octo-pypi' }] });
    pypi.fault({ kind: 'down' });
    await h.deliverAtOnce(openRequest(h.gh, formBody({ username: '`octo-pypi`' })));
    let s = snapshot(h.gh, 1);
    expect(s.stateLabels).toEqual(['recovery: triage']);
    expect(s.status).toContain('recovery-triage:status');
    expect(section(s.status)).toContain(
      'Evidence unavailable (PyPI answered HTTP 503; profile page\\: PyPI answered HTTP 503), tried at 2026-11-20 10:00:01 UTC',
    );
    expect(decodeStatusData(s.status).evidence).toMatchObject({ status: 'unavailable' });

    pypi.clearFaults();
    await h.deliver(h.gh.as(MAINTAINER).comment(REPO, 1, '/recovery evidence'));
    s = snapshot(h.gh, 1);
    expect(section(s.status)).toContain('[octo\\-lib](https://pypi.org/project/octo-lib/)');
    expect(s.stateLabels).toEqual(['recovery: triage']);
    // Not for anyone else: the requester's /recovery evidence is refused and gathers nothing.
    const before = pypi.count();
    await h.deliver(h.gh.as(REQUESTER).comment(REPO, 1, '/recovery evidence'));
    expect(pypi.count()).toBe(before);
    expect(snapshot(h.gh, 1).replies.at(-1)).toContain('Only people with');
  });

  test('the sweep refreshes evidence older than cacheHours, and only then', async () => {
    await start();
    pypi.addProject({ name: 'octo-lib', roles: [{ role: 'Owner', user: 'octo-pypi' }] });
    await h.deliverAtOnce(openRequest(h.gh, formBody({ username: '`octo-pypi`' })));
    expect(section(snapshot(h.gh, 1).status)).toContain('gathered 2026-11-20 10:00:01 UTC');
    const octokit = (await h.probot.auth(INSTALLATION)) as unknown as Octokit;
    const loaded = await loadConfig(octokit, { owner: 'pypi', repo: 'support' }, h.app.services.files);
    if (!loaded.ok) throw new Error('config');
    const sweep = () =>
      sweepRepository(
        octokit,
        { owner: 'pypi', repo: 'support' },
        loaded.config,
        h.app.services,
        { now: new Date(h.gh.clock.nowMs()), windowHours: 1, concurrency: 1, maxWrites: null, refreshQueue: true },
        h.probot.log,
      );
    // Within cacheHours (24): nothing asked, nothing written.
    h.gh.clock.advance(3_600_000);
    let calls = pypi.count();
    let report = await sweep();
    expect(pypi.count()).toBe(calls);
    expect(report.writes).toBe(0);
    // A day later: gathered again (PyPI's cache expired with it), one write.
    h.gh.clock.advance(24 * 3_600_000);
    calls = pypi.count();
    report = await sweep();
    expect(pypi.count()).toBeGreaterThan(calls);
    expect(report.lines.map((l) => l.result?.summary)).toEqual([['evidence gathered']]);
    expect(section(snapshot(h.gh, 1).status)).toContain('gathered 2026-11-21 11:00');
  });

  test('XML-RPC rate-limit fault: the profile page is the fallback', async () => {
    await start();
    pypi.addProject({ name: 'octo-lib', roles: [{ role: 'Owner', user: 'octo-pypi' }] });
    pypi.fault({ kind: 'ratelimit-fault', routes: ['xmlrpc'] });
    await h.deliverAtOnce(openRequest(h.gh, formBody({ username: '`octo-pypi`' })));
    const text = section(snapshot(h.gh, 1).status);
    expect(text).toContain('Projects listed by the public profile page');
    expect(rowOf(text, 'octo\\-lib')).toContain('| Owner |');
    expect(pypi.count('profile')).toBe(1);
  });

  test('a hostile project name and URL are escaped, never links or HTML', async () => {
    await start();
    pypi.addProject({
      name: '<img src=x onerror=alert(1)>@everyone',
      roles: [{ role: 'Owner', user: 'evil-pypi' }],
    });
    pypi.addProject({
      name: 'ok-name',
      roles: [{ role: 'Owner', user: 'evil-pypi' }],
      projectUrls: { Source: 'https://github.com/x/y)](javascript:alert(1)) <script>', Homepage: 'javascript:alert(1)' },
    });
    await h.deliverAtOnce(openRequest(h.gh, formBody({ username: '`evil-pypi`' })));
    const s = snapshot(h.gh, 1);
    expect(s.stateLabels).toEqual(['recovery: triage']);
    const text = section(s.status);
    // Every `<` is escaped (GitHub shows `\<` as text), no link to a script, no mention.
    expect(text).not.toMatch(/(?<!\\)<(?:img|script)|javascript:|@everyone/);
    expect(text).toContain('unknown (not a valid project name)');
    expect(text).toContain('\\<img src\\=x onerror\\=alert\\(1\\)\\>@\u2060everyone');
    expect(rowOf(text, 'ok\\-name')).toContain('none found');
  });

  test('/recovery branch: found and not found; the token is cut to 4 characters in the reply and in everything stored', async () => {
    await start();
    const token = 'Zq7wLmP3xY9aB2cD';
    const repoId = h.gh.addPublicRepo(`${REQUESTER}/octo-lib`, { ownerId: REQUESTER_ID, branches: { [token]: '2026-11-20T09:30:00Z' } });
    pypi.addProject({
      name: 'octo-lib',
      roles: [{ role: 'Owner', user: 'octo-pypi' }],
      trustedPublisher: { repository: `${REQUESTER}/octo-lib`, repositoryId: repoId, ownerId: REQUESTER_ID },
    });
    await h.deliverAtOnce(openRequest(h.gh, formBody({ username: '`octo-pypi`' })));

    const asked = h.gh.as(MAINTAINER).comment(REPO, 1, `/recovery branch ${REQUESTER}/octo-lib ${token}`);
    await h.deliver(asked);
    let s = snapshot(h.gh, 1);
    const found = s.replies.at(-1) ?? '';
    expect(found).toContain('A branch `Zq7w…` exists in [requester/octo\\-lib](https://github.com/requester/octo-lib) now');
    expect(found).toContain('its head commit is dated 2026-11-20 09:30:00 UTC');
    expect(found).toContain(`Repository id ${repoId} is in the evidence table (project octo\\-lib)`);

    await h.deliver(h.gh.as(MAINTAINER).comment(REPO, 1, `/recovery branch ${REQUESTER}/octo-lib Nope1234nope5678`));
    s = snapshot(h.gh, 1);
    expect(s.replies.at(-1)).toContain('There is no branch `Nope…` in');

    // Not one stored or written character past the fourth, in any comment of the bot or in its logs.
    const bot = s.comments.filter((c) => c.user === 'recovery-triage[bot]').map((c) => c.body);
    const data = decodeStatusData(s.status);
    const stored = JSON.stringify(data);
    for (const secret of [token, 'Nope1234nope5678', token.slice(0, 5), 'Nope1']) {
      expect(bot.join('\n')).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
    // The record keeps digests of the commands it ran, made from the cut token, never the whole one.
    expect(Object.values(data.ran).flat()).toEqual(
      expect.arrayContaining([ranDigest(`branch ${REQUESTER}/octo-lib Zq7w…`), ranDigest(`branch ${REQUESTER}/octo-lib Nope…`)]),
    );
    expect(Object.values(data.ran).flat()).not.toContain(ranDigest(`branch ${REQUESTER}/octo-lib ${token}`));
    // A redelivery of the first command runs nothing again: no lookup, no write.
    const writes = h.gh.countCalls().writes;
    const lookups = h.gh.countCalls({ route: 'GET /repos/{owner}/{repo}/branches/{branch}' }).reads;
    await h.deliver(asked);
    expect(h.gh.countCalls().writes).toBe(writes);
    expect(h.gh.countCalls({ route: 'GET /repos/{owner}/{repo}/branches/{branch}' }).reads).toBe(lookups);
  });

  test('budget: at most 2 + 2·maxProjects PyPI calls and 1 + 2·maxProjects GitHub calls per gathering', async () => {
    await start('  maxProjects: 3\n');
    for (let i = 0; i < 8; i++) {
      const name = `pkg-${i}`;
      h.gh.addPublicRepo(`${REQUESTER}/${name}`, { ownerId: REQUESTER_ID });
      pypi.addProject({
        name,
        roles: [{ role: 'Owner', user: 'busy-pypi' }],
        projectUrls: { Source: `https://github.com/${REQUESTER}/${name}`, Mirror: `https://github.com/mirror-${i}/${name}` },
        trustedPublisher: { repository: `pub-${i}/${name}`, repositoryId: 900 + i, ownerId: 800 + i },
      });
    }
    const github = () =>
      h.gh.countCalls({ route: /^GET \/(repos\/\{owner\}\/\{repo\}|repositories\/\{repository_id\}|user\/\{account_id\})$/ }).reads;
    const before = github();
    await h.deliverAtOnce(openRequest(h.gh, formBody({ username: '`busy-pypi`' })));
    const max = maxEvidenceCalls(3);
    expect(max).toEqual({ pypi: 8, github: 7 });
    // user_packages, then 3 projects × (JSON + provenance).
    expect(pypi.count()).toBe(7);
    expect(pypi.count()).toBeLessThanOrEqual(max.pypi);
    // The requester, then 3 projects × (provenance repository + self-declared repository).
    expect(github() - before).toBe(7);
    const text = section(snapshot(h.gh, 1).status);
    expect(text).toContain('3 of 8 shown');
    expect(text.split('\n').filter((l) => l.startsWith('| [pkg'))).toHaveLength(6);
  });
});

describe('the server logs keep 4 characters of a branch token', () => {
  test('a branch lookup URL in a log line is cut after the fourth character of the branch name', () => {
    const line = 'GitHub request: GET https://api.github.com/repos/requester/octo-lib/branches/Zq7wLmP3xY9aB2cD - 404';
    expect(redactText(line)).toBe('GitHub request: GET https://api.github.com/repos/requester/octo-lib/branches/Zq7w… - 404');
    expect(redactJsonLine(JSON.stringify({ msg: line }))).not.toContain('Zq7wL');
  });
});
