import type { Context } from 'probot';

/** The authenticated client Probot hands each event. */
export type Octokit = Context['octokit'];
/** What the shell logs through: Probot's logger in the app, stderr in the CLI. */
export interface Logger {
  info(data: object, message: string): void;
  error(data: object, message: string): void;
}

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

/** Label names of an issue as the REST API and webhooks give them (objects, strings or nulls). */
export function labelNames(labels: readonly ({ name?: string | null } | string | null)[] | undefined): string[] {
  return (labels ?? []).map((l) => (typeof l === 'string' ? l : (l?.name ?? ''))).filter((name) => name !== '');
}
