import type { Context } from 'probot';

/** The authenticated client Probot hands each event. */
export type Octokit = Context['octokit'];
export type Logger = Context['log'];

export interface RepoRef {
  owner: string;
  repo: string;
}

/** HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | null {
  if (typeof error === 'object' && error !== null && 'status' in error) {
    const status = (error as { status: unknown }).status;
    return typeof status === 'number' ? status : null;
  }
  return null;
}
