import { effectiveLevel, type CollaboratorAccess } from '../checks/permission.js';
import { statusOf, type Octokit, type RepoRef } from './octokit.js';

/** What the collaborator-permission endpoint says about a user; not a collaborator: no access. */
export async function repositoryAccess(octokit: Octokit, repo: RepoRef, username: string): Promise<CollaboratorAccess> {
  try {
    const { data } = await octokit.rest.repos.getCollaboratorPermissionLevel({ ...repo, username });
    return { permission: data.permission, roleName: data.role_name, flags: data.user?.permissions ?? null };
  } catch (error) {
    if (statusOf(error) === 404) return { permission: 'none', roleName: null, flags: null };
    throw error;
  }
}

/**
 * The user's base level on the repository as a name (`read` … `admin`), or "none". Custom
 * roles count as the base role they are built on; see `effectiveLevel` for how it decides.
 */
export async function repositoryPermission(octokit: Octokit, repo: RepoRef, username: string): Promise<string> {
  return effectiveLevel(await repositoryAccess(octokit, repo, username)) ?? 'none';
}
