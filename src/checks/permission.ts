import { PERMISSION_LEVELS, type PermissionLevel } from '../config/schema.js';

/** Older endpoints name write and read access `push` and `pull`. */
const ALIASES: Readonly<Record<string, PermissionLevel>> = { push: 'write', pull: 'read' };

/**
 * What GitHub's collaborator-permission endpoint
 * (`GET /repos/{owner}/{repo}/collaborators/{username}/permission`) says about a user.
 */
export interface CollaboratorAccess {
  /** `permission`: the legacy base role, `admin`, `write`, `read` or `none` (maintain → write, triage → read). */
  permission: string | null | undefined;
  /** `role_name`: the highest role from every grant; a base role or a custom role's own name. */
  roleName: string | null | undefined;
  /** `user.permissions`: the base role as booleans, when the response has them. */
  flags?: Partial<Record<'admin' | 'maintain' | 'push' | 'triage' | 'pull', boolean>> | null;
}

/** A base level from its name or alias; anything else (custom names, `none`, junk) is null. */
export function levelOf(value: string | null | undefined): PermissionLevel | null {
  if (typeof value !== 'string') return null;
  const name = value.trim().toLowerCase();
  if (Object.hasOwn(ALIASES, name)) return ALIASES[name];
  return PERMISSION_LEVELS.find((l) => l === name) ?? null;
}

function higher(a: PermissionLevel | null, b: PermissionLevel | null): PermissionLevel | null {
  if (a === null) return b;
  if (b === null) return a;
  return PERMISSION_LEVELS.indexOf(a) >= PERMISSION_LEVELS.indexOf(b) ? a : b;
}

/**
 * The base level a collaborator has, or null for no access. A `role_name` that is a base role
 * decides (it tells triage and maintain apart, which `permission` folds into read and write).
 * A custom role's name means nothing here, so its base decides: `permission`, raised by the
 * `user.permissions` booleans when present (a custom role based on Triage reads `permission:
 * read` with `triage: true`). `permission: none` (or missing) is no access, whatever else.
 */
export function effectiveLevel(access: CollaboratorAccess): PermissionLevel | null {
  const role = levelOf(access.roleName);
  if (role !== null) return role;
  const base = levelOf(access.permission);
  if (base === null) return null;
  const flags = access.flags ?? {};
  const fromFlags = flags.admin
    ? 'admin'
    : flags.maintain
      ? 'maintain'
      : flags.push
        ? 'write'
        : flags.triage
          ? 'triage'
          : flags.pull
            ? 'read'
            : null;
  return higher(base, fromFlags);
}

/**
 * Whether a collaborator reaches `minimum`: from the endpoint's fields (see `effectiveLevel`),
 * or from a level name (`permission`, a base `role_name`, `push`/`pull`). Unknown names and
 * `none` never do: denying is safe.
 */
export function meetsPermission(actual: string | CollaboratorAccess, minimum: PermissionLevel): boolean {
  const level = typeof actual === 'string' ? levelOf(actual) : effectiveLevel(actual);
  return level !== null && PERMISSION_LEVELS.indexOf(level) >= PERMISSION_LEVELS.indexOf(minimum);
}
