import { PERMISSION_LEVELS, type PermissionLevel } from '../config/schema.js';

/** Older endpoints name write and read access `push` and `pull`. */
const ALIASES: Readonly<Record<string, PermissionLevel>> = { push: 'write', pull: 'read' };

/**
 * Whether a collaborator permission (`permission` or `role_name` from the API) reaches
 * `minimum`. Unknown values, custom role names included, and `none` never do: denying is safe.
 */
export function meetsPermission(actual: string, minimum: PermissionLevel): boolean {
  const name = actual.trim().toLowerCase();
  const level = Object.hasOwn(ALIASES, name) ? ALIASES[name] : PERMISSION_LEVELS.find((l) => l === name);
  return level !== undefined && PERMISSION_LEVELS.indexOf(level) >= PERMISSION_LEVELS.indexOf(minimum);
}
