import nock from 'nock';
import { accountCheckDue, verdictOf, withAccount } from '../../src/checks/account.js';
import type { CheckResult } from '../../src/checks/validate.js';
import { defaultConfig } from '../../src/config/load.js';
import { AccountChecker } from '../../src/github/account.js';
import { loadBundledForm } from '../../src/form/bundled.js';

const template = loadBundledForm();

const TEMPLATE = 'https://pypi.org/user/{username}/';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe('verdictOf', () => {
  test.each([
    [
      { status: 200, location: null },
      { verdict: 'exists', canonical: null },
    ],
    [
      { status: 404, location: null },
      { verdict: 'missing', canonical: null },
    ],
    [
      { status: 301, location: 'https://pypi.org/user/Real-Name/' },
      { verdict: 'renamed', canonical: 'Real-Name' },
    ],
    [
      { status: 301, location: '/user/Real-Name/' },
      { verdict: 'renamed', canonical: 'Real-Name' },
    ],
    [
      { status: 302, location: 'https://pypi.org/user/someone/' },
      { verdict: 'exists', canonical: null },
    ],
    [{ status: 301, location: 'https://pypi.org/account/login/' }, null],
    [{ status: 500, location: null }, null],
    [{ status: 503, location: null }, null],
    [{ status: null, location: null }, null],
  ])('%j → %j', (answer, expected) => {
    expect(verdictOf(answer, TEMPLATE, 'someone')).toEqual(expected);
  });
});

describe('accountCheckDue', () => {
  const record = { username: 'Someone', verdict: 'missing' as const, canonical: null, at: '2026-11-20T10:00:00Z' };
  test('due for a new username, not for the same one (any case) within the cache time', () => {
    expect(accountCheckDue(null, 'someone', '2026-11-20T10:00:00Z', 60)).toBe(true);
    expect(accountCheckDue(record, 'other', '2026-11-20T10:01:00Z', 60)).toBe(true);
    expect(accountCheckDue(record, 'someone', '2026-11-20T10:59:00Z', 60)).toBe(false);
    expect(accountCheckDue(record, 'someone', '2026-11-20T11:01:00Z', 60)).toBe(true);
  });
});

describe('withAccount', () => {
  const config = defaultConfig();
  const check: CheckResult = { valid: true, fields: { username: 'someone' }, problems: [], username: 'someone' };
  test('a missing account is a not-found problem that names the username', () => {
    const result = withAccount(check, { username: 'someone', verdict: 'missing', canonical: null, at: 'x' }, config, template);
    expect(result.valid).toBe(false);
    expect(result.problems).toEqual([
      { field: 'username', code: 'not-found', message: expect.stringContaining('no PyPI account with the username "someone"') },
    ]);
  });
  test('a redirect to another spelling is accepted under that spelling', () => {
    const result = withAccount(check, { username: 'someone', verdict: 'renamed', canonical: 'SomeOne', at: 'x' }, config, template);
    expect(result).toMatchObject({ valid: true, username: 'SomeOne', fields: { username: 'SomeOne' } });
  });
  test('a verdict for another username is ignored', () => {
    expect(withAccount(check, { username: 'other', verdict: 'missing', canonical: null, at: 'x' }, config, template)).toBe(check);
  });
});

describe('AccountChecker', () => {
  test('asks the profile URL once and caches the verdict', async () => {
    const scope = nock('https://pypi.org').get('/user/someone/').once().reply(404);
    const checker = new AccountChecker();
    expect(await checker.check(TEMPLATE, 'someone', 1000, 60)).toEqual({ verdict: 'missing', canonical: null });
    expect(await checker.check(TEMPLATE, 'SOMEONE', 1000, 60)).toEqual({ verdict: 'missing', canonical: null });
    expect(scope.isDone()).toBe(true);
  });

  test('does not follow redirects: a 301 to another spelling is read from Location', async () => {
    nock('https://pypi.org').get('/user/someone/').reply(301, '', { location: 'https://pypi.org/user/SomeOne/' });
    expect(await new AccountChecker().check(TEMPLATE, 'someone', 1000, 60)).toEqual({ verdict: 'renamed', canonical: 'SomeOne' });
  });

  test('server errors and timeouts give no verdict and are not cached', async () => {
    const scope = nock('https://pypi.org').get('/user/someone/').reply(500).get('/user/someone/').delay(500).reply(200);
    const checker = new AccountChecker();
    expect(await checker.check(TEMPLATE, 'someone', 1000, 60)).toBeNull();
    expect(await checker.check(TEMPLATE, 'someone', 50, 60)).toBeNull();
    expect(scope.isDone()).toBe(true);
  });

  test('an existing account', async () => {
    nock('https://pypi.org').get('/user/some.one/').reply(200, '<html></html>');
    expect(await new AccountChecker().check(TEMPLATE, 'some.one', 1000, 0)).toEqual({ verdict: 'exists', canonical: null });
  });
});
