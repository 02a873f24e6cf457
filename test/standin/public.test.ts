import nock from 'nock';
import { startHarness, statusOf, type Harness } from './helpers.js';

let h: Harness;
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  expect(h.standIn.unexpected).toEqual([]);
  await h.standIn.close();
});

describe('public repositories, branches and users (what any token reads)', () => {
  test('a public repository of another account: 200 with its id and owner id, for an installation that does not have it', async () => {
    h.standIn.addUser('octo', { id: 4242 });
    const id = h.standIn.addPublicRepo('octo/lib');
    const { data } = await h.app.rest.repos.get({ owner: 'octo', repo: 'lib' });
    expect(data).toMatchObject({ id, full_name: 'octo/lib', private: false, owner: { login: 'octo', id: 4242 } });
    // An installed repository of another installation stays invisible, as before.
    h.standIn.addRepo('other/private', { installationId: 99 });
    expect((await statusOf(h.app.rest.repos.get({ owner: 'other', repo: 'private' }))).status).toBe(404);
  });

  test('a renamed or transferred repository: 301 to /repositories/{id}, which the client follows; a deleted one: 404', async () => {
    const id = h.standIn.addPublicRepo('octo/lib');
    h.standIn.renameRepo('octo/lib', 'new-owner/lib2');
    const { data } = await h.app.rest.repos.get({ owner: 'octo', repo: 'lib' });
    expect(data).toMatchObject({ id, full_name: 'new-owner/lib2', owner: { login: 'new-owner' } });
    const routes = h.standIn.calls.map((c) => `${c.route} ${c.status}`);
    expect(routes.slice(-2)).toEqual(['GET /repos/{owner}/{repo} 301', 'GET /repositories/{repository_id} 200']);
    // Without following: the answer GitHub gives.
    h.standIn.addToken('user-token-x', 'x');
    const manual = await fetch(`${h.standIn.url}/repos/octo/lib`, { redirect: 'manual', headers: { authorization: 'token user-token-x' } });
    expect(manual.status).toBe(301);
    expect(manual.headers.get('location')).toBe(`${h.standIn.url}/repositories/${id}`);
    expect(await manual.json()).toMatchObject({ message: 'Moved Permanently' });
    h.standIn.deleteRepo('new-owner/lib2');
    expect((await statusOf(h.app.rest.repos.get({ owner: 'new-owner', repo: 'lib2' }))).status).toBe(404);
  });

  test('branches: one that exists with its head commit time, one that does not (404)', async () => {
    h.standIn.addPublicRepo('octo/lib', { branches: { Zq7wLmP3xY9aB2cD: '2026-11-19T08:00:00Z' } });
    const { data } = await h.app.rest.repos.getBranch({ owner: 'octo', repo: 'lib', branch: 'Zq7wLmP3xY9aB2cD' });
    expect(data.name).toBe('Zq7wLmP3xY9aB2cD');
    expect(data.commit.commit.committer?.date).toBe('2026-11-19T08:00:00Z');
    expect((await h.app.rest.repos.getBranch({ owner: 'octo', repo: 'lib', branch: 'main' })).data.name).toBe('main');
    const missing = await statusOf(h.app.rest.repos.getBranch({ owner: 'octo', repo: 'lib', branch: 'nope' }));
    expect(missing.status).toBe(404);
  });

  test('users by login and by numeric id, with created_at; unknown ones 404', async () => {
    h.standIn.addUser('octo', { id: 4242, createdAt: '2012-03-04T05:06:07Z' });
    const byLogin = await h.app.rest.users.getByUsername({ username: 'octo' });
    expect(byLogin.data).toMatchObject({ login: 'octo', id: 4242, created_at: '2012-03-04T05:06:07Z' });
    const byId = await h.app.request('GET /user/{account_id}', { account_id: 4242 });
    expect(byId.data).toMatchObject({ login: 'octo', id: 4242, created_at: '2012-03-04T05:06:07Z' });
    expect((await statusOf(h.app.request('GET /user/{account_id}', { account_id: 1 }))).status).toBe(404);
    expect((await statusOf(h.app.rest.users.getByUsername({ username: 'ghost-nobody' }))).status).toBe(404);
  });
});
