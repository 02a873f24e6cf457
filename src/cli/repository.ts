/**
 * The files `check`, `lint` and `preview` read, found as the bot finds them: run inside a
 * repository checkout, its `.github/recovery-triage.yml` and the form that config names (by
 * default `.github/ISSUE_TEMPLATE/account-recovery.yml`); the built-in defaults and the bundled
 * form only where the repository has none. `--config` and `--template` still name files directly.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { CONFIG_PATH } from '../github/load.js';
import type { CliIo } from './command.js';

/** The folder the command runs in. */
export function cwdOf(io: CliIo): string {
  return io.cwd ?? process.cwd();
}

/** The checkout `from` is in: the nearest folder upwards holding `.git` (a folder, or a worktree's file); null outside one. */
export function findRepoRoot(from: string): string | null {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** The config file to read: the one given, else the checkout's `.github/recovery-triage.yml` when it has one. */
export function configPathFor(given: string | undefined, io: CliIo): string | undefined {
  if (given !== undefined) return given;
  const root = findRepoRoot(cwdOf(io));
  if (root === null) return undefined;
  const path = join(root, CONFIG_PATH);
  return isFile(path) ? path : undefined;
}

/**
 * Where the config's `form` path is read from: the folder holding the config's `.github` folder;
 * else the checkout the command runs in; else (a loose config outside any checkout) the current
 * folder. Null when neither a config nor a checkout says where (the bundled form is used).
 */
export function formRootFor(configPath: string | undefined, io: CliIo): string | null {
  if (configPath !== undefined) {
    const folder = dirname(resolve(cwdOf(io), configPath));
    if (basename(folder) === '.github') return dirname(folder);
  }
  const root = findRepoRoot(cwdOf(io));
  if (root !== null) return root;
  return configPath !== undefined ? cwdOf(io) : null;
}

/** The repository's form file the config names, or why there is none (the bundled form is then used, as the bot does). */
export function formPathFor(
  configPath: string | undefined,
  config: Config,
  io: CliIo,
): { path: string } | { path: null; note: string | null } {
  const root = formRootFor(configPath, io);
  if (root === null) return { path: null, note: null };
  const path = resolve(root, config.form);
  if (isFile(path)) return { path };
  return { path: null, note: `the config's form ${shown(path, io)} does not exist; using the bundled form, as the bot does` };
}

/** One line saying which files were read, for standard error. */
export function sourcesLine(command: string, sources: Sources): string {
  return `recovery-triage ${command}: using config ${sources.config ?? '(built-in defaults)'}, form ${sources.form ?? '(bundled form)'}\n`;
}

/** The files a command read, as shown to the user (relative to the current folder when inside it). */
export interface Sources {
  /** The config file; null: the built-in defaults. */
  config: string | null;
  /** The form file; null: the bundled form. */
  form: string | null;
}

/** `path` relative to the current folder when it is inside it, else absolute. */
export function shown(path: string, io: CliIo): string {
  const absolute = resolve(cwdOf(io), path);
  const rel = relative(cwdOf(io), absolute);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : absolute;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
