import nock from 'nock';
import { PypiClient, PypiError, parseUserPackages } from '../../src/evidence/pypi-client.js';
import { PypiStandIn } from '../../src/standin/pypi/index.js';

describe('PypiClient against the PyPI stand-in on loopback', () => {
  let pypi: PypiStandIn;
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterAll(() => {
    nock.enableNetConnect();
  });
  beforeEach(async () => {
    pypi = new PypiStandIn();
    pypi.addProject({
      name: 'octo-lib',
      roles: [
        { role: 'Owner', user: 'octocat' },
        { role: 'Maintainer', user: 'helper' },
      ],
      releasedAt: '2025-05-01T12:00:00.000000Z',
      projectUrls: { Source: 'https://github.com/octo-org/octo-lib' },
      trustedPublisher: { repository: 'octo-org/octo-lib', repositoryId: 555, ownerId: 77 },
    });
    pypi.addProject({ name: 'zeta_tool', roles: [{ role: 'Maintainer', user: 'octocat' }] });
    await pypi.listen();
  });
  afterEach(async () => {
    await pypi.close();
  });

  test('user_packages: the [role, project] pairs, owner roles first', async () => {
    const client = new PypiClient();
    expect(await client.userPackages(pypi.url, 'octocat', 2000)).toEqual([
      { role: 'Owner', project: 'octo-lib' },
      { role: 'Maintainer', project: 'zeta_tool' },
    ]);
    expect(await client.userPackages(pypi.url, 'nobody', 2000)).toEqual([]);
    expect(pypi.count('xmlrpc')).toBe(2);
  });

  test('the rate-limit fault, 429, 503, garbage and a slow answer each give a PypiError with a reason', async () => {
    const client = new PypiClient();
    const reason = async () => {
      try {
        await client.userPackages(pypi.url, 'octocat', 300);
        return 'no error';
      } catch (error) {
        expect(error).toBeInstanceOf(PypiError);
        return (error as PypiError).reason;
      }
    };
    pypi.fault({ kind: 'ratelimit-fault', times: 1 });
    expect(await reason()).toBe('PyPI rate limit (XML-RPC fault)');
    pypi.fault({ kind: '429', times: 1 });
    expect(await reason()).toBe('PyPI rate limit (HTTP 429)');
    pypi.fault({ kind: 'down', times: 1 });
    expect(await reason()).toBe('PyPI answered HTTP 503');
    pypi.fault({ kind: 'garbage', times: 1 });
    expect(await reason()).toBe('PyPI answered something unreadable');
    pypi.fault({ kind: 'slow', times: 1, delayMs: 1_000 });
    expect(await reason()).toBe('PyPI did not answer in time');
    expect(await reason()).toBe('no error');
  });

  test('the profile page lists the projects; an unknown account is null', async () => {
    const client = new PypiClient();
    expect(await client.profileProjects(pypi.url, 'octocat', 2000)).toEqual(['octo-lib', 'zeta_tool']);
    expect(await client.profileProjects(pypi.url, 'nobody', 2000)).toBeNull();
  });

  test('project JSON with ownership and provenance with the certificate ids; answers cached per project', async () => {
    let now = 0;
    const client = new PypiClient(fetch, { now: () => now });
    const project = await client.project(pypi.url, 'Octo_Lib', 2000, 24);
    expect(project).toMatchObject({
      name: 'octo-lib',
      version: '1.0.0',
      releasedAt: '2025-05-01T12:00:00Z',
      roles: [
        { role: 'Owner', user: 'octocat' },
        { role: 'Maintainer', user: 'helper' },
      ],
      urls: [{ label: 'Source', url: 'https://github.com/octo-org/octo-lib' }],
    });
    const publishers = await client.provenance(pypi.url, 'octo-lib', '1.0.0', project?.files[0] ?? '', 2000, 24);
    expect(publishers).toEqual([
      {
        kind: 'GitHub',
        repository: 'octo-org/octo-lib',
        certificate: { repositoryUri: 'https://github.com/octo-org/octo-lib', repositoryId: 555, ownerId: 77 },
      },
    ]);
    // No provenance: an empty list (404).
    expect(await client.provenance(pypi.url, 'zeta_tool', '1.0.0', 'zeta_tool-1.0.0.tar.gz', 2000, 24)).toEqual([]);
    expect(await client.project(pypi.url, 'no-such-project', 2000, 24)).toBeNull();
    const before = pypi.count();
    await client.project(pypi.url, 'octo-lib', 2000, 24);
    await client.provenance(pypi.url, 'octo-lib', '1.0.0', project?.files[0] ?? '', 2000, 24);
    expect(pypi.count()).toBe(before);
    now += 25 * 3_600_000;
    await client.project(pypi.url, 'octo-lib', 2000, 24);
    expect(pypi.count()).toBe(before + 1);
  });

  test('an XML-RPC answer of another shape is garbage, not an empty list', () => {
    expect(() => parseUserPackages('<html>hi</html>')).toThrow(PypiError);
    expect(() =>
      parseUserPackages(
        '<?xml version="1.0"?><methodResponse><params><param><value><string>x</string></value></param></params></methodResponse>',
      ),
    ).toThrow('PyPI answered something unreadable');
  });
});
