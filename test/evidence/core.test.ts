import { emptyStatusData } from '../../src/comment/data.js';
import { defaultConfig } from '../../src/config/load.js';
import { branchNeeds, evidenceNeeds, withoutHiddenEvidence, type AuthoredCommand } from '../../src/evidence/core.js';
import { redFlags, renderEvidence, sameAccount } from '../../src/evidence/render.js';
import { storedArgs } from '../../src/evidence/branch.js';
import type { EvidenceRecord } from '../../src/evidence/types.js';
import type { Draft } from '../../src/triage/request.js';
import type { State } from '../../src/state/states.js';

const config = () => {
  const c = defaultConfig();
  return { ...c, evidence: { ...c.evidence, enabled: true } };
};

function record(over: Partial<EvidenceRecord> = {}): EvidenceRecord {
  return {
    username: 'octo-pypi',
    at: '2026-11-20T10:00:00Z',
    status: 'ok',
    reason: null,
    requester: { login: 'requester', id: 5001, createdAt: '2019-01-01T00:00:00Z' },
    listedBy: 'user_packages',
    projectsTotal: 1,
    projects: [{ name: 'octo-lib', role: 'Owner', version: '1.0', releasedAt: '2025-01-01T00:00:00Z', error: null, links: [] }],
    ...over,
  };
}

function draft(state: State, evidence: EvidenceRecord | null): Draft {
  return {
    state,
    data: { ...emptyStatusData(), evidence },
    issue: 'none',
    replies: [],
    reactions: [],
    flags: [],
    redactBody: false,
    redactComments: [],
    assign: [],
    unassign: [],
  };
}

const cmd = (author: string, verb: string, args = ''): AuthoredCommand => ({
  author,
  command: { verb, args, line: `/recovery ${verb} ${args}` },
});
const facts = (maintainers: string[] = ['alice']) => ({ maintainers: new Map(maintainers.map((m) => [m, true])) });
const ctx = (over: { entered?: boolean; timers?: boolean; now?: string; username?: string | null } = {}) => ({
  config: config(),
  issue: { author: 'requester', authorId: 5001, open: true },
  username: over.username === undefined ? 'octo-pypi' : over.username,
  entered: over.entered ?? false,
  options: { now: over.now ?? '2026-11-20T12:00:00Z', timers: over.timers ?? false },
});

describe('when the core asks for evidence', () => {
  test('on entering triage, with the requester’s numeric id', () => {
    expect(evidenceNeeds(draft('triage', null), [], facts(), ctx({ entered: true }))).toEqual({
      username: 'octo-pypi',
      requester: { login: 'requester', id: 5001 },
      fresh: false,
    });
    // An ordinary run (a redelivery, a comment) asks nothing.
    expect(evidenceNeeds(draft('triage', record()), [], facts(), ctx())).toBeNull();
  });

  test('on /recovery evidence from a maintainer only, bypassing the cache', () => {
    expect(evidenceNeeds(draft('verifying', record()), [cmd('alice', 'evidence')], facts(), ctx())).toMatchObject({ fresh: true });
    expect(evidenceNeeds(draft('verifying', record()), [cmd('mallory', 'evidence')], facts(), ctx())).toBeNull();
  });

  test('from the sweep: a triage request whose evidence is older than cacheHours, or unavailable', () => {
    const fresh = record({ at: '2026-11-20T11:00:00Z' });
    expect(evidenceNeeds(draft('triage', fresh), [], facts(), ctx({ timers: true }))).toBeNull();
    expect(evidenceNeeds(draft('triage', fresh), [], facts(), ctx({ timers: true, now: '2026-11-21T11:00:00Z' }))).not.toBeNull();
    expect(evidenceNeeds(draft('triage', record({ status: 'unavailable' })), [], facts(), ctx({ timers: true }))).not.toBeNull();
    // Only requests waiting for an admin.
    expect(evidenceNeeds(draft('awaiting-requester', record({ status: 'unavailable' })), [], facts(), ctx({ timers: true }))).toBeNull();
  });

  test('never for an incomplete, closed or unreadable request, or with the config off', () => {
    expect(evidenceNeeds(draft('incomplete', null), [], facts(), ctx({ entered: true }))).toBeNull();
    expect(evidenceNeeds(draft('completed', null), [cmd('alice', 'evidence')], facts(), ctx())).toBeNull();
    expect(evidenceNeeds(draft('triage', null), [], facts(), ctx({ entered: true, username: null }))).toBeNull();
    const off = { ...ctx({ entered: true }), config: defaultConfig() };
    expect(evidenceNeeds(draft('triage', null), [], facts(), off)).toBeNull();
  });

  test('when the form names another account', () => {
    expect(evidenceNeeds(draft('triage', record({ username: 'other' })), [], facts(), ctx())).not.toBeNull();
  });
});

describe('/recovery branch in the core', () => {
  test('lookups only for maintainers, valid arguments, not yet made', () => {
    const needs = branchNeeds(
      [cmd('alice', 'branch', 'o/r Zq7wLmP3xY9aB2cD'), cmd('mallory', 'branch', 'o/r abcdefgh'), cmd('alice', 'branch', 'nonsense')],
      facts(),
    );
    expect(needs).toEqual([{ key: 'o/r\nZq7wLmP3xY9aB2cD', owner: 'o', repo: 'r', token: 'Zq7wLmP3xY9aB2cD' }]);
    expect(
      branchNeeds([cmd('alice', 'branch', 'o/r Zq7wLmP3xY9aB2cD')], {
        ...facts(),
        branches: new Map([['o/r\nZq7wLmP3xY9aB2cD', { repo: null, branch: null, error: null }]]),
      }),
    ).toEqual([]);
  });

  test('what the hidden data keeps of the command: 4 characters of the token', () => {
    expect(storedArgs('branch', 'o/r Zq7wLmP3xY9aB2cD')).toBe('o/r Zq7w…');
    expect(storedArgs('branch', 'o/r   Zq7wLmP3xY9aB2cD extra')).toBe('o/r Zq7w… extr…');
    expect(storedArgs('ask', 'o/r Zq7wLmP3xY9aB2cD')).toBe('o/r Zq7wLmP3xY9aB2cD');
  });
});

describe('the section', () => {
  test('same account by numeric id, unknown without one', () => {
    const link = {
      source: 'self-declared' as const,
      repo: 'a/b',
      repoId: null,
      ownerId: null,
      now: { fullName: 'a/b', id: 1, ownerLogin: 'a', ownerId: 5001 },
      status: 'ok' as const,
    };
    expect(sameAccount(link, 5001)).toBe('yes');
    expect(sameAccount(link, 5002)).toBe('no');
    expect(sameAccount(link, null)).toBe('unknown');
    expect(sameAccount({ ...link, now: null, status: 'missing' }, 5001)).toBe('unknown');
    // A certificate's owner id counts when GitHub did not answer.
    expect(sameAccount({ ...link, source: 'provenance', now: null, ownerId: 5001, status: 'unknown' }, 5001)).toBe('yes');
  });

  test('an account with no projects is flagged; a link that no longer resolves is flagged', () => {
    expect(redFlags(record({ projectsTotal: 0, projects: [] }))).toEqual(['The PyPI account octo\\-pypi lists no projects.']);
    const gone = record({
      projects: [
        {
          name: 'octo-lib',
          role: 'Owner',
          version: '1',
          releasedAt: null,
          error: null,
          links: [{ source: 'self-declared', repo: 'a/gone', repoId: null, ownerId: null, now: null, status: 'missing' }],
        },
      ],
    });
    expect(redFlags(gone)).toEqual(['octo\\-lib: the link to a/gone no longer resolves on GitHub.']);
    expect(renderEvidence(gone, 'https://test.pypi.org')).toContain('[octo\\-lib](https://test.pypi.org/project/octo-lib/)');
  });

  test('never a verdict, whatever the facts', () => {
    for (const r of [
      record(),
      record({ status: 'unavailable', reason: 'PyPI did not answer in time' }),
      record({ projectsTotal: 0, projects: [] }),
    ]) {
      const text = renderEvidence(r, 'https://pypi.org');
      expect(text).not.toMatch(/verified|eligible|owner confirmed|approved/i);
      expect(text.startsWith('<details><summary>Evidence for maintainers</summary>')).toBe(true);
      expect(text.endsWith('</details>')).toBe(true);
    }
  });
});

describe('turning the section off', () => {
  test('drops the evidence from the hidden data too', () => {
    const on = config();
    expect(withoutHiddenEvidence(draft('triage', record()), on).data.evidence).not.toBeNull();
    expect(withoutHiddenEvidence(draft('triage', record()), { ...on, evidence: { ...on.evidence, show: false } }).data.evidence).toBeNull();
    expect(withoutHiddenEvidence(draft('triage', record()), defaultConfig()).data.evidence).toBeNull();
  });
});
