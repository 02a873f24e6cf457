import { ProbotOctokit } from 'probot';
import { GitHubStandIn, type StandInOptions } from '../../src/standin/index.js';

/** Retries and throttling off, as test/helpers/probot.ts builds it (a function, so Probot cannot merge them back on). */
export const TestOctokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { ...(options.retry as object), enabled: false },
  throttle: { ...(options.throttle as object), enabled: false },
}));

export type Octokit = InstanceType<typeof TestOctokit>;

export const REPO = 'pypi/support';
export const owner = 'pypi';
export const repo = 'support';
export const INSTALLATION = 2;

export function octokitFor(standIn: GitHubStandIn, token: string): Octokit {
  return new TestOctokit({ auth: { token }, baseUrl: standIn.url });
}

export interface Harness {
  standIn: GitHubStandIn;
  /** Acts as the app's installation (token minted over HTTP). */
  app: Octokit;
  /** Acts as a user through a personal token. */
  user(login: string): Octokit;
}

/** A listening stand-in with pypi/support on installation 2, and clients for it. */
export async function startHarness(options: StandInOptions = {}): Promise<Harness> {
  const standIn = new GitHubStandIn({ now: '2026-11-20T10:00:00Z', appId: 123, ...options });
  standIn.addRepo(REPO, { installationId: INSTALLATION });
  await standIn.listen();
  const jwt = octokitFor(standIn, fakeJwt(123));
  const { data } = await jwt.request('POST /app/installations/{installation_id}/access_tokens', { installation_id: INSTALLATION });
  return {
    standIn,
    app: octokitFor(standIn, data.token),
    user(login) {
      const token = `user-token-${login}`;
      standIn.addToken(token, login);
      return octokitFor(standIn, token);
    },
  };
}

/** A structurally valid JWT (the stand-in reads `iss`, not the signature). */
export function fakeJwt(iss: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part({ iss, iat: 0, exp: 600 })}.signature`;
}

/** The status of a failed Octokit request (fails the test when it succeeds). */
export async function statusOf(
  promise: Promise<unknown>,
): Promise<{ status: number; data: unknown; headers: Record<string, string | undefined> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status: number; response?: { data: unknown; headers: Record<string, string | undefined> } };
    return { status: e.status, data: e.response?.data, headers: e.response?.headers ?? {} };
  }
  throw new Error('Expected the request to fail');
}
