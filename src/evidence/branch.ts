import { escapeInline } from '../comment/escape.js';
import { parseRepoArg } from './links.js';
import { formatTime } from './render.js';
import type { BranchFact, BranchNeed, EvidenceRecord } from './types.js';

/** Characters of a recovery token the bot ever shows or keeps. */
export const TOKEN_KEPT = 4;

/** A branch name git accepts and a token can be: no spaces, no `..`, at most 100 characters. */
const TOKEN = /^[A-Za-z0-9._-]{1,100}$/;

/** The token cut to its first characters and an ellipsis: what the bot shows and stores. */
export function shortToken(token: string): string {
  return token.length <= TOKEN_KEPT ? token : `${token.slice(0, TOKEN_KEPT)}…`;
}

export interface BranchArgs {
  owner: string;
  repo: string;
  token: string;
}

/** `OWNER/REPO TOKEN`, or a problem that never repeats the token. */
export function parseBranchArgs(args: string): BranchArgs | { problem: string } {
  const words = args
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length !== 2) return { problem: '`/recovery branch` needs a repository and a token: `OWNER/REPO TOKEN`.' };
  const repo = parseRepoArg(words[0] as string);
  if (repo === null) return { problem: `"${escapeInline(words[0] as string, 60)}" is not a GitHub repository (\`OWNER/REPO\`).` };
  const token = words[1] as string;
  if (!TOKEN.test(token) || token.includes('..'))
    return { problem: `The token (starting \`${escapeInline(shortToken(token), 10)}\`) is not a branch name this command looks up.` };
  return { ...repo, token };
}

export function branchKey(args: BranchArgs): string {
  return `${args.owner}/${args.repo}`.toLowerCase() + `\n${args.token}`;
}

export function branchNeed(args: BranchArgs): BranchNeed {
  return { key: branchKey(args), owner: args.owner, repo: args.repo, token: args.token };
}

/**
 * The arguments of a command as the bot keeps them (the commands it ran, in the hidden data):
 * a `/recovery branch` token is cut to its first characters.
 */
export function storedArgs(verb: string, args: string): string {
  if (verb !== 'branch') return args;
  const words = args.trim().split(/\s+/);
  return words.map((w, i) => (i === 0 ? w : shortToken(w))).join(' ');
}

function repoLink(fullName: string): string {
  const [owner, name] = fullName.split('/') as [string, string];
  return `[${escapeInline(fullName, 140)}](https://github.com/${encodeURIComponent(owner)}/${encodeURIComponent(name)})`;
}

/** The answer to `/recovery branch`: facts about the branch now, the token cut. */
export function branchReply(args: BranchArgs, fact: BranchFact | undefined, evidence: EvidenceRecord | null): string {
  const token = `\`${escapeInline(shortToken(args.token), 10)}\``;
  const named = `${args.owner}/${args.repo}`;
  if (fact === undefined || fact.error !== null)
    return `The branch could not be looked up now (${escapeInline(fact?.error ?? 'no answer', 80)}); run the command again later.`;
  if (fact.repo === null) return `${repoLink(named)} does not resolve on GitHub now (no such public repository).`;
  const repo = fact.repo;
  const where =
    repo.fullName.toLowerCase() === named.toLowerCase() ? repoLink(repo.fullName) : `${repoLink(named)} (now ${repoLink(repo.fullName)})`;
  const branch =
    fact.branch === null
      ? `There is no branch ${token} in ${where} now.`
      : `A branch ${token} exists in ${where} now; its head commit is dated ${formatTime(fact.branch.committedAt)}.`;
  let table: string;
  if (evidence === null || evidence.status !== 'ok') table = 'No evidence table was gathered to compare it with.';
  else {
    const listed = evidence.projects.flatMap((p) => p.links.filter((l) => l.now?.id === repo.id || l.repoId === repo.id).map(() => p.name));
    table =
      listed.length === 0
        ? `Repository id ${repo.id} is not one of the repositories in the evidence table.`
        : `Repository id ${repo.id} is in the evidence table (project ${[...new Set(listed)].map((n) => escapeInline(n, 100)).join(', ')}).`;
  }
  return `${branch} ${table}`;
}
