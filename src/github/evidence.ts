import type { GithubEvidencePort } from '../evidence/gather.js';
import type { RepoNow } from '../evidence/types.js';
import type { Octokit } from './octokit.js';

function status(error: unknown): number | undefined {
  const s = (error as { status?: unknown }).status;
  return typeof s === 'number' ? s : undefined;
}

async function orNull<T>(call: () => Promise<T>): Promise<T | null> {
  try {
    return await call();
  } catch (error) {
    if (status(error) === 404) return null;
    throw error;
  }
}

interface RepoData {
  id: number;
  full_name: string;
  owner: { login: string; id: number } | null;
}

/**
 * GitHub's public reads for the evidence, over the installation's Octokit: `GET /repos/{owner}/{repo}`
 * (its 301 for a renamed or transferred repository is followed by the client), `GET /user/{account_id}`
 * and `GET /repos/{owner}/{repo}/branches/{branch}`. Ids are what is compared, never logins.
 */
export function githubEvidencePort(octokit: Octokit): GithubEvidencePort {
  return {
    async repository(owner, repo): Promise<RepoNow | null> {
      const data = await orNull(async () => (await octokit.rest.repos.get({ owner, repo })).data as unknown as RepoData);
      if (data === null || data.owner === null) return null;
      return { fullName: data.full_name, id: data.id, ownerLogin: data.owner.login, ownerId: data.owner.id };
    },
    async user(id) {
      const data = await orNull(
        async () => (await octokit.request('GET /user/{account_id}', { account_id: id })).data as { login: string; created_at?: string },
      );
      return data === null ? null : { login: data.login, createdAt: data.created_at ?? null };
    },
    async branch(owner, repo, branch) {
      const data = await orNull(async () => (await octokit.rest.repos.getBranch({ owner, repo, branch })).data);
      if (data === null) return null;
      const commit = data.commit.commit;
      return { committedAt: commit.committer?.date ?? commit.author?.date ?? null };
    },
  };
}
