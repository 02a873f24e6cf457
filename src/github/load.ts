import { defaultConfig, validateConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { loadBundledForm } from '../form/bundled.js';
import { FormTemplateError, parseFormTemplate, skippedNote, type FormTemplate } from '../form/schema.js';
import { parseYaml } from '../form/yaml.js';
import type { Logger, Octokit, RepoRef } from './octokit.js';
import { ParseMemo, RepoFileCache } from './repo-files.js';

export const CONFIG_FILE = 'recovery-triage.yml';
export const CONFIG_PATH = `.github/${CONFIG_FILE}`;

export type ConfigOutcome =
  | { ok: true; config: Config; /** where it came from; null: defaults */ source: string | null }
  | { ok: false; source: string; errors: string[] };

type Parsed = { ok: true; value: unknown } | { ok: false; error: string };
/** A YAML error may quote the file: one line of it, cut short, reaches the config-error issue. */
const yamlMemo = new ParseMemo<Parsed>((text) => {
  const parsed = parseYaml(text, CONFIG_PATH);
  return parsed.ok ? parsed : { ok: false, error: (parsed.error.split('\n')[0] ?? '').slice(0, 200) };
});

/**
 * The repository's config as Probot's config plugin finds it: `.github/recovery-triage.yml` in the
 * repository, else in the owner's `.github` repository, else the defaults; `_extends: repo`,
 * `owner/repo` or `owner/repo:path` merges another file under it (one level, top-level keys).
 * Files come through the cache, so a warm event reads nothing. A file that cannot be read (any
 * error but 404) throws: the run fails and is retried rather than acting on the wrong config.
 */
export async function loadConfig(octokit: Octokit, repo: RepoRef, files: RepoFileCache): Promise<ConfigOutcome> {
  let where = `${repo.owner}/${repo.repo}: ${CONFIG_PATH}`;
  let text = await files.read(octokit, repo, CONFIG_PATH);
  if (text === null && repo.repo.toLowerCase() !== '.github') {
    const org = { owner: repo.owner, repo: '.github' };
    text = await files.read(octokit, org, CONFIG_PATH);
    where = `${repo.owner}/.github: ${CONFIG_PATH}`;
  }
  if (text === null) return { ok: true, config: defaultConfig(), source: null };
  const own = yamlMemo.get(text);
  if (!own.ok) return { ok: false, source: where, errors: [`${where}: ${own.error}`] };
  let raw: unknown = own.value;
  const base = extendsOf(raw, repo);
  if (base !== null) {
    const baseText = await files.read(octokit, base.repo, base.path);
    if (baseText === null)
      return { ok: false, source: where, errors: [`${where}: _extends: ${base.repo.owner}/${base.repo.repo}:${base.path} does not exist`] };
    const parsed = yamlMemo.get(baseText);
    if (!parsed.ok) return { ok: false, source: where, errors: [`${where}: _extends: ${parsed.error}`] };
    const { _extends: _ignored, ...rest } = raw as Record<string, unknown>;
    raw = { ...(isMapping(parsed.value) ? parsed.value : {}), ...rest };
  }
  const result = validateConfig(raw, where);
  return result.ok ? { ok: true, config: result.config, source: where } : { ok: false, source: where, errors: result.errors };
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function extendsOf(raw: unknown, repo: RepoRef): { repo: RepoRef; path: string } | null {
  if (!isMapping(raw) || typeof raw._extends !== 'string') return null;
  const match = /^(?:([A-Za-z0-9-]+)\/)?([A-Za-z0-9._-]+)(?::(.+))?$/.exec(raw._extends.trim());
  if (!match) return null;
  return { repo: { owner: match[1] ?? repo.owner, repo: match[2] }, path: match[3] ?? CONFIG_PATH };
}

const formMemo = new ParseMemo<{ ok: true; form: FormTemplate } | { ok: false; error: string }>((text) => {
  try {
    return { ok: true, form: parseFormTemplate(text, 'issue form') };
  } catch (error) {
    if (error instanceof FormTemplateError) return { ok: false, error: error.message };
    throw error;
  }
});

const noted = new Set<string>();

/**
 * The repository's own issue form (the single source of truth), parsed and compiled once per
 * text; the bundled form when the repository has none. A broken form is logged and null.
 */
export async function loadForm(
  octokit: Octokit,
  repo: RepoRef,
  path: string,
  files: RepoFileCache,
  log: Logger,
): Promise<FormTemplate | null> {
  const text = await files.read(octokit, repo, path);
  if (text === null) return loadBundledForm();
  const parsed = formMemo.get(text);
  if (parsed.ok) {
    // Element types the bot does not know are skipped, said once per form text.
    const note = skippedNote(parsed.form, `${repo.owner}/${repo.repo}: ${path}`);
    if (note !== null && !noted.has(text)) {
      noted.add(text);
      if (noted.size > 200) noted.delete(noted.values().next().value as string);
      log.info({ repo: `${repo.owner}/${repo.repo}`, path }, note);
    }
    return parsed.form;
  }
  log.error({ repo: `${repo.owner}/${repo.repo}`, path }, `recovery-triage: invalid issue form, no action taken: ${parsed.error}`);
  return null;
}

/** Paths whose change on the default branch must drop what is cached of a repository. */
export function watchedPaths(config: Config | null): string[] {
  return [CONFIG_PATH, config?.form ?? defaultConfig().form];
}
