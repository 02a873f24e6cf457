import nock from 'nock';
import { encodeStatusData, emptyStatusData, readStatusData } from '../../src/comment/data.js';
import { gatherEvidence, type GithubEvidencePort } from '../../src/evidence/gather.js';
import { PypiClient } from '../../src/evidence/pypi-client.js';
import { redFlags, renderEvidence } from '../../src/evidence/render.js';
import { renderStatusComment } from '../../src/comment/render.js';
import { STATUS_COMMENT_MAX } from '../../src/comment/limits.js';
import { boundedEvidence, type EvidenceRecord, type RepoNow } from '../../src/evidence/types.js';
import { PypiStandIn } from '../../src/standin/pypi/index.js';

const settings = (pypi: PypiStandIn, maxProjects = 20) => ({ baseUrl: pypi.url, maxProjects, timeoutMs: 1000, cacheHours: 1 });
const need = { username: 'octo-pypi', requester: { login: 'requester', id: 5001 } };

/** A GitHub that knows a few repositories, counting what it is asked. */
function github(repos: Record<string, RepoNow | 'error'>): GithubEvidencePort & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async repository(owner, name) {
      asked.push(`${owner}/${name}`);
      const found = repos[`${owner}/${name}`];
      if (found === 'error') throw Object.assign(new Error('boom'), { status: 502 });
      return found ?? null;
    },
    async user(id) {
      asked.push(`user ${id}`);
      return { login: 'requester', createdAt: '2020-01-01T00:00:00Z' };
    },
    async branch() {
      return null;
    },
  };
}

describe('gatherEvidence', () => {
  let pypi: PypiStandIn;
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  });
  afterAll(() => nock.enableNetConnect());
  beforeEach(async () => {
    pypi = new PypiStandIn();
    await pypi.listen();
  });
  afterEach(async () => {
    await pypi.close();
  });

  test('a provenance repository whose name now belongs to another repository (id differs): moved, flagged', async () => {
    pypi.addProject({
      name: 'octo-lib',
      roles: [{ role: 'Owner', user: 'octo-pypi' }],
      trustedPublisher: { repository: 'requester/octo-lib', repositoryId: 555, ownerId: 5001 },
    });
    const gh = github({ 'requester/octo-lib': { fullName: 'requester/octo-lib', id: 999, ownerLogin: 'requester', ownerId: 5001 } });
    const record = await gatherEvidence(need, settings(pypi), new PypiClient(), gh, '2026-11-20T10:00:00Z');
    expect(record.projects[0]?.links[0]).toMatchObject({ source: 'provenance', repoId: 555, ownerId: 5001, status: 'moved' });
    expect(redFlags(record)).toEqual([
      'octo\\-lib: the link to requester/octo\\-lib (id 555 in the certificate) now points to requester/octo\\-lib (id 999).',
    ]);
  });

  test('a GitHub failure leaves the cells unknown and says so; the rest is kept', async () => {
    pypi.addProject({
      name: 'octo-lib',
      roles: [{ role: 'Owner', user: 'octo-pypi' }],
      projectUrls: { Source: 'https://github.com/requester/octo-lib' },
    });
    const record = await gatherEvidence(
      need,
      settings(pypi),
      new PypiClient(),
      github({ 'requester/octo-lib': 'error' }),
      '2026-11-20T10:00:00Z',
    );
    expect(record.status).toBe('ok');
    expect(record.reason).toBe('some GitHub lookups failed');
    expect(record.projects[0]?.links[0]).toMatchObject({ source: 'self-declared', now: null, status: 'unknown' });
  });

  test('an unknown account on the profile page (user_packages down) is unavailable: no such PyPI account', async () => {
    pypi.fault({ kind: 'down', routes: ['xmlrpc'] });
    const record = await gatherEvidence(need, settings(pypi), new PypiClient(), github({}), '2026-11-20T10:00:00Z');
    expect(record).toMatchObject({ status: 'unavailable', reason: 'no such PyPI account' });
  });

  test('what is stored stays bounded: 30 projects with long names fit the data block and read back', () => {
    const long = 'x'.repeat(400);
    const record: EvidenceRecord = {
      username: long,
      at: '2026-11-20T10:00:00Z',
      status: 'ok',
      reason: long,
      requester: { login: long, id: 1, createdAt: null },
      listedBy: 'user_packages',
      projectsTotal: 1000,
      projects: Array.from({ length: 60 }, (_, i) => ({
        name: `${long}${i}`,
        role: long,
        version: long,
        releasedAt: null,
        error: long,
        links: Array.from({ length: 5 }, () => ({
          source: 'self-declared' as const,
          repo: long,
          repoId: null,
          ownerId: null,
          now: { fullName: long, id: 1, ownerLogin: long, ownerId: 2 },
          status: 'ok' as const,
        })),
      })),
    };
    const bounded = boundedEvidence(record);
    expect(bounded.projects).toHaveLength(30);
    expect(bounded.projects.every((p) => p.links.length <= 2)).toBe(true);
    // Worst case (every string at its cap): a bounded data block...
    const block = encodeStatusData({ ...emptyStatusData(), evidence: bounded });
    expect(block.length).toBeLessThan(60_000);
    const read = readStatusData(`x\n${block}`);
    expect(read.dropped).toEqual([]);
    expect(read.data.evidence?.projects).toHaveLength(30);
    // ...and the status comment still fits GitHub's limit: the data keeps fewer rows, the section is cut whole.
    const comment = renderStatusComment({
      state: 'triage',
      problems: [],
      data: { ...emptyStatusData(), evidence: bounded },
      labelOf: (s) => s,
      sensitiveWarnings: [],
      evidence: renderEvidence(bounded, 'https://pypi.org'),
    });
    expect(comment.length).toBeLessThanOrEqual(STATUS_COMMENT_MAX);
    expect(comment).toContain('<details><summary>Evidence for maintainers</summary>');
    const kept = readStatusData(comment);
    expect(kept.dropped).toEqual([]);
    expect(kept.data.evidence?.projects.length).toBeGreaterThan(0);
    // A realistic account (short names) keeps all of its 20 projects.
    const usual = boundedEvidence({
      ...record,
      username: 'octo-pypi',
      reason: null,
      requester: { login: 'requester', id: 1, createdAt: null },
      projects: Array.from({ length: 20 }, (_, i) => ({
        name: `octo-lib-${i}`,
        role: 'Owner',
        version: '1.2.3',
        releasedAt: '2025-01-01T00:00:00Z',
        error: null,
        links: [
          {
            source: 'provenance' as const,
            repo: `octo-org/octo-lib-${i}`,
            repoId: 123456789,
            ownerId: 987654,
            now: { fullName: `octo-org/octo-lib-${i}`, id: 123456789, ownerLogin: 'octo-org', ownerId: 987654 },
            status: 'ok' as const,
          },
          {
            source: 'self-declared' as const,
            repo: `someone/octo-lib-${i}`,
            repoId: null,
            ownerId: null,
            now: null,
            status: 'missing' as const,
          },
        ],
      })),
    });
    expect(encodeStatusData({ ...emptyStatusData(), evidence: usual }).length).toBeLessThan(15_000);
  });
});
