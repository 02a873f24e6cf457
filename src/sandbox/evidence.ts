import type { GitHubStandIn } from '../standin/index.js';
import type { PypiStandIn } from '../standin/pypi/index.js';

/** The sandbox requester's numeric GitHub id (what the evidence compares). */
export const SANDBOX_REQUESTER_ID = 31_337;
/** The recovery token the sandbox's repository has a branch for (try `/recovery branch`). */
export const SANDBOX_TOKEN = 'Zq7wLmP3xY9aB2cD';

/**
 * Public facts for the sandbox's evidence: the PyPI account `requester-pypi` owns `sandbox-lib`,
 * published with Trusted Publishing from `requester/sandbox-lib` (the requester's own repository,
 * which has a branch named SANDBOX_TOKEN), and maintains `old-helper`, whose metadata links to
 * `requester/old-helper`, a repository since transferred to another account.
 */
export function seedSandboxEvidence(gh: GitHubStandIn, pypi: PypiStandIn): void {
  gh.addUser('requester', { id: SANDBOX_REQUESTER_ID, createdAt: '2019-04-02T08:00:00Z' });
  gh.addUser('old-helper-org', { id: 88_001, createdAt: '2012-01-01T00:00:00Z' });
  const repoId = gh.addPublicRepo('requester/sandbox-lib', {
    ownerId: SANDBOX_REQUESTER_ID,
    branches: { [SANDBOX_TOKEN]: gh.clock.now() },
  });
  gh.addPublicRepo('requester/old-helper');
  gh.renameRepo('requester/old-helper', 'old-helper-org/old-helper');
  pypi.addProject({
    name: 'sandbox-lib',
    roles: [{ role: 'Owner', user: 'requester-pypi' }],
    releasedAt: '2025-09-14T10:20:00Z',
    projectUrls: { Source: 'https://github.com/requester/sandbox-lib' },
    trustedPublisher: { repository: 'requester/sandbox-lib', repositoryId: repoId, ownerId: SANDBOX_REQUESTER_ID },
  });
  pypi.addProject({
    name: 'old-helper',
    roles: [
      { role: 'Owner', user: 'someone-else' },
      { role: 'Maintainer', user: 'requester-pypi' },
    ],
    releasedAt: '2017-06-01T00:00:00Z',
    projectUrls: { Homepage: 'https://github.com/requester/old-helper' },
  });
}
