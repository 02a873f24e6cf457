import nock from 'nock';
import { effectiveLevel, meetsPermission } from '../../src/checks/permission.js';
import { PERMISSION_LEVELS } from '../../src/config/schema.js';
import { repositoryAccess, repositoryPermission } from '../../src/github/permission.js';
import { API, TestOctokit } from '../helpers/probot.js';

describe('meetsPermission', () => {
  test.each(PERMISSION_LEVELS.flatMap((actual, a) => PERMISSION_LEVELS.map((minimum, m) => [actual, minimum, a >= m] as const)))(
    '%s against minimum %s is %p',
    (actual, minimum, expected) => {
      expect(meetsPermission(actual, minimum)).toBe(expected);
    },
  );

  test('the levels are ordered read < triage < write < maintain < admin', () => {
    expect(meetsPermission('triage', 'triage')).toBe(true);
    expect(meetsPermission('read', 'triage')).toBe(false);
    expect(meetsPermission('write', 'maintain')).toBe(false);
    expect(meetsPermission('admin', 'maintain')).toBe(true);
  });

  test('the older push and pull names map to write and read', () => {
    expect(meetsPermission('push', 'write')).toBe(true);
    expect(meetsPermission('push', 'maintain')).toBe(false);
    expect(meetsPermission('pull', 'read')).toBe(true);
    expect(meetsPermission('pull', 'triage')).toBe(false);
  });

  test('case and surrounding spaces do not matter', () => {
    expect(meetsPermission(' Admin ', 'admin')).toBe(true);
  });

  test.each(['none', '', 'owner', 'security-manager', 'constructor', '__proto__', 'toString'])(
    'unknown value "%s" never passes, not even the lowest minimum',
    (actual) => {
      expect(meetsPermission(actual, 'read')).toBe(false);
    },
  );
});

describe('effectiveLevel: role_name first, a custom role by its base', () => {
  const read = { admin: false, maintain: false, push: false, triage: false, pull: true };
  const triage = { ...read, triage: true };
  const write = { ...triage, push: true };
  const maintain = { ...write, maintain: true };
  const admin = { ...maintain, admin: true };

  test.each([
    // Base roles: role_name tells triage and maintain apart, which permission folds away.
    [{ permission: 'read', roleName: 'triage', flags: triage }, 'triage'],
    [{ permission: 'write', roleName: 'maintain', flags: maintain }, 'maintain'],
    [{ permission: 'admin', roleName: 'admin', flags: admin }, 'admin'],
    [{ permission: 'read', roleName: 'read', flags: read }, 'read'],
    // Custom roles: the base decides, raised by the booleans.
    [{ permission: 'write', roleName: 'support-lead', flags: write }, 'write'],
    [{ permission: 'read', roleName: 'issue-wrangler', flags: triage }, 'triage'],
    [{ permission: 'write', roleName: 'release-manager', flags: maintain }, 'maintain'],
    [{ permission: 'read', roleName: 'auditor', flags: read }, 'read'],
    // Without the booleans, permission alone.
    [{ permission: 'write', roleName: 'support-lead' }, 'write'],
    [{ permission: 'read', roleName: 'issue-wrangler', flags: null }, 'read'],
    // No access.
    [{ permission: 'none', roleName: 'support-lead', flags: write }, null],
    [{ permission: undefined, roleName: undefined }, null],
    [{ permission: '__proto__', roleName: 'constructor' }, null],
  ] as const)('%j → %s', (access, expected) => {
    expect(effectiveLevel(access)).toBe(expected);
  });

  test('the repro: a custom role based on Write passes the default triage minimum, not maintain', () => {
    const access = { permission: 'write', roleName: 'support-lead', flags: write };
    expect(meetsPermission(access, 'triage')).toBe(true);
    expect(meetsPermission(access, 'write')).toBe(true);
    expect(meetsPermission(access, 'maintain')).toBe(false);
  });

  test('a custom role based on Read does not pass triage', () => {
    expect(meetsPermission({ permission: 'read', roleName: 'viewer-plus', flags: read }, 'triage')).toBe(false);
  });
});

describe('repositoryPermission (GitHub API)', () => {
  const octokit = new TestOctokit({ auth: { token: 'test-token' } });
  const repo = { owner: 'pypi', repo: 'support' };
  const path = (user: string) => `/repos/pypi/support/collaborators/${user}/permission`;

  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    expect(nock.isDone()).toBe(true);
    nock.cleanAll();
  });
  afterAll(() => nock.enableNetConnect());

  test('the repro: a support-lead custom role based on Write is a maintainer under the default minimum', async () => {
    nock(API)
      .get(path('lead'))
      .reply(200, {
        permission: 'write',
        role_name: 'support-lead',
        user: { login: 'lead', permissions: { admin: false, maintain: false, push: true, triage: true, pull: true } },
      });
    const level = await repositoryPermission(octokit, repo, 'lead');
    expect(level).toBe('write');
    expect(meetsPermission(level, 'triage')).toBe(true);
  });

  test('a triage role reads permission "read" and role_name "triage": it is triage', async () => {
    nock(API)
      .get(path('t'))
      .reply(200, { permission: 'read', role_name: 'triage', user: { login: 't' } });
    expect(await repositoryPermission(octokit, repo, 't')).toBe('triage');
  });

  test('not a collaborator (404) is none; other errors are thrown', async () => {
    nock(API).get(path('stranger')).reply(404, { message: 'Not Found' });
    expect(await repositoryPermission(octokit, repo, 'stranger')).toBe('none');
    nock(API).get(path('x')).reply(500, { message: 'boom' });
    await expect(repositoryPermission(octokit, repo, 'x')).rejects.toMatchObject({ status: 500 });
  });

  test('repositoryAccess keeps every field the decision uses', async () => {
    nock(API)
      .get(path('w'))
      .reply(200, {
        permission: 'read',
        role_name: 'wrangler',
        user: { login: 'w', permissions: { pull: true, triage: true, push: false, admin: false } },
      });
    expect(await repositoryAccess(octokit, repo, 'w')).toEqual({
      permission: 'read',
      roleName: 'wrangler',
      flags: { pull: true, triage: true, push: false, admin: false },
    });
  });
});
