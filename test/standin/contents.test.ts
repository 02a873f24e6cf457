import nock from 'nock';
import { REPO, owner, repo, startHarness, statusOf, type Harness } from './helpers.js';

let h: Harness;
const CONFIG = '.github/recovery-triage.yml';
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(async () => {
  h = await startHarness();
  h.standIn.setFile(REPO, CONFIG, 'hello\n');
});
afterEach(async () => {
  expect(h.standIn.unexpected).toEqual([]);
  await h.standIn.close();
});

describe('contents', () => {
  test('the raw media type answers the text; JSON answers base64 content with the git blob sha', async () => {
    const raw = await h.app.rest.repos.getContent({ owner, repo, path: CONFIG, mediaType: { format: 'raw' } });
    expect(raw.data).toBe('hello\n');
    const json = await h.app.rest.repos.getContent({ owner, repo, path: CONFIG });
    const file = json.data as { type: string; encoding: string; content: string; sha: string; path: string; name: string };
    expect(file).toMatchObject({ type: 'file', encoding: 'base64', path: CONFIG, name: 'recovery-triage.yml' });
    expect(Buffer.from(file.content, 'base64').toString('utf8')).toBe('hello\n');
    // `git hash-object` of "hello\n".
    expect(file.sha).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    const versioned = await h.app.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner,
      repo,
      path: CONFIG,
      headers: { accept: 'application/vnd.github.raw' },
    });
    expect(versioned.data).toBe('hello\n');
  });

  test('If-None-Match with the ETag answers 304 without a body, counted apart from reads, until the file changes', async () => {
    const first = await h.app.rest.repos.getContent({ owner, repo, path: CONFIG, mediaType: { format: 'raw' } });
    const etag = first.headers.etag as string;
    expect(etag).toBe('"ce013625030ba8dba906f756967f9e9ca394464a"');
    h.standIn.resetCalls();
    const again = await statusOf(
      h.app.rest.repos.getContent({ owner, repo, path: CONFIG, mediaType: { format: 'raw' }, headers: { 'if-none-match': etag } }),
    );
    expect(again.status).toBe(304);
    expect(again.data).toBe('');
    expect(h.standIn.countCalls()).toEqual({ reads: 0, writes: 0, notModified: 1 });
    h.standIn.setFile(REPO, CONFIG, 'changed\n');
    const changed = await h.app.rest.repos.getContent({
      owner,
      repo,
      path: CONFIG,
      mediaType: { format: 'raw' },
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.data).toBe('changed\n');
  });

  test('every JSON GET has an ETag that a conditional request can reuse', async () => {
    h.standIn.as('alice').openIssue(REPO, { title: 'T', body: 'B' });
    const first = await h.app.rest.issues.get({ owner, repo, issue_number: 1 });
    const cached = await statusOf(
      h.app.rest.issues.get({ owner, repo, issue_number: 1, headers: { 'if-none-match': first.headers.etag as string } }),
    );
    expect(cached.status).toBe(304);
    h.standIn.as('bob').comment(REPO, 1, 'changes updated_at');
    const fresh = await h.app.rest.issues.get({ owner, repo, issue_number: 1, headers: { 'if-none-match': first.headers.etag as string } });
    expect(fresh.status).toBe(200);
  });

  test('absent files are 404; ref may name the default branch only; directories list their entries', async () => {
    expect((await statusOf(h.app.rest.repos.getContent({ owner, repo, path: 'nope.yml' }))).status).toBe(404);
    expect((await h.app.rest.repos.getContent({ owner, repo, path: CONFIG, ref: 'main', mediaType: { format: 'raw' } })).data).toBe(
      'hello\n',
    );
    const other = await statusOf(h.app.rest.repos.getContent({ owner, repo, path: CONFIG, ref: 'feature' }));
    expect(other.status).toBe(404);
    expect(other.data).toMatchObject({ message: 'No commit found for the ref feature' });
    h.standIn.setFile(REPO, '.github/ISSUE_TEMPLATE/account-recovery.yml', 'name: form');
    const listing = await h.app.rest.repos.getContent({ owner, repo, path: '.github' });
    expect((listing.data as { name: string; type: string }[]).map((e) => [e.name, e.type])).toEqual([
      ['ISSUE_TEMPLATE', 'dir'],
      ['recovery-triage.yml', 'file'],
    ]);
    const unencoded = await h.app.request(`GET /repos/${owner}/${repo}/contents/.github/ISSUE_TEMPLATE/account-recovery.yml`, {
      headers: { accept: 'application/vnd.github.v3.raw' },
    });
    expect(unencoded.data).toBe('name: form');
  });

  test('a pushed file is served at once', async () => {
    h.standIn.pushFiles(REPO, { [CONFIG]: 'pushed: true\n' }, 'maint');
    const raw = await h.app.rest.repos.getContent({ owner, repo, path: CONFIG, mediaType: { format: 'raw' } });
    expect(raw.data).toBe('pushed: true\n');
  });
});

describe('collaborator permission', () => {
  test('unknown users read; configured roles fold as GitHub folds them; the owner is admin', async () => {
    h.standIn.setPermission(REPO, 'maint', 'maintain');
    h.standIn.setPermission(REPO, 'tri', 'triage');
    h.standIn.setPermission(REPO, 'custom', { permission: 'write', role_name: 'recovery-helper' });
    h.standIn.setPermission(REPO, 'blocked', { permission: 'none', role_name: 'read' });
    const of = async (username: string) => {
      const { data } = await h.app.rest.repos.getCollaboratorPermissionLevel({ owner, repo, username });
      return [data.permission, data.role_name, data.user?.login];
    };
    expect(await of('stranger')).toEqual(['read', 'read', 'stranger']);
    expect(await of('maint')).toEqual(['write', 'maintain', 'maint']);
    expect(await of('tri')).toEqual(['read', 'triage', 'tri']);
    expect(await of('custom')).toEqual(['write', 'recovery-helper', 'custom']);
    expect(await of('blocked')).toEqual(['none', 'read', 'blocked']);
    expect(await of('pypi')).toEqual(['admin', 'admin', 'pypi']);
  });
});

test('GET /repos/{owner}/{repo} answers the repository', async () => {
  const { data } = await h.app.rest.repos.get({ owner, repo });
  expect(data).toMatchObject({ full_name: REPO, default_branch: 'main', owner: { login: 'pypi' }, private: false });
  expect((await statusOf(h.app.rest.repos.get({ owner, repo: 'nope' }))).status).toBe(404);
});
