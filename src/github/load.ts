import type { Context } from 'probot';
import { validateConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { loadBundledForm } from '../form/bundled.js';
import { FormTemplateError, parseFormTemplate, type FormTemplate } from '../form/schema.js';
import { statusCommentIn } from '../comment/data.js';
import { statusOf, type Octokit, type Logger, type RepoRef } from './octokit.js';

export const CONFIG_FILE = 'recovery-triage.yml';

/** The repository's config, or null (logged with the offending keys) when it is invalid. */
export async function loadConfig(context: Pick<Context, 'config' | 'log'>, where: string): Promise<Config | null> {
  let raw: unknown;
  try {
    raw = await context.config(CONFIG_FILE);
  } catch (error) {
    context.log.error({ err: error, repo: where }, `recovery-triage: cannot read .github/${CONFIG_FILE}; no action taken`);
    return null;
  }
  const result = validateConfig(raw, `${where}: .github/${CONFIG_FILE}`);
  if (result.ok) return result.config;
  context.log.error(
    { repo: where, errors: result.errors },
    `recovery-triage: invalid config, no action taken:\n${result.errors.join('\n')}`,
  );
  return null;
}

/**
 * The repository's own issue form (the single source of truth), or the bundled one when the
 * repository has none. A broken form is logged and nothing is done.
 */
export async function loadForm(octokit: Octokit, repo: RepoRef, path: string, log: Logger): Promise<FormTemplate | null> {
  let text: string;
  try {
    const response = await octokit.rest.repos.getContent({ ...repo, path, mediaType: { format: 'raw' } });
    text = rawText(response.data);
  } catch (error) {
    if (statusOf(error) === 404) return loadBundledForm();
    throw error;
  }
  try {
    return parseFormTemplate(text, `${repo.owner}/${repo.repo}: ${path}`);
  } catch (error) {
    if (!(error instanceof FormTemplateError)) throw error;
    log.error({ repo: `${repo.owner}/${repo.repo}` }, `recovery-triage: invalid issue form, no action taken: ${error.message}`);
    return null;
  }
}

/** The bot's status comment on an issue, found by its hidden marker among bot comments. */
export async function findStatusComment(
  octokit: Octokit,
  repo: RepoRef,
  issueNumber: number,
): Promise<{ id: number; body: string } | null> {
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issueNumber, per_page: 100 });
  return statusCommentIn(comments);
}

/** Raw file contents arrive as text, or as bytes when GitHub sends no text content type. */
function rawText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  throw new Error('unexpected response for a raw file');
}
