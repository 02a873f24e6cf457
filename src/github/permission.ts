import { statusOf, type Octokit, type RepoRef } from './octokit.js';

/**
 * The user's permission on the repository. `role_name` tells triage and maintain apart
 * (`permission` folds them into read and write). Not a collaborator: "none".
 */
export async function repositoryPermission(octokit: Octokit, repo: RepoRef, username: string): Promise<string> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    return data.role_name || data.permission;
  } catch (error) {
    if (statusOf(error) === 404) return 'none';
    throw error;
  }
}
