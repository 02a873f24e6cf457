import type { Octokit } from './octokit.js';

/** Octokit method names that write (issues, reactions): each is guarded. */
const WRITES = /^(create|add|remove|update|delete|set|lock|unlock)/;

/**
 * The same client, but every writing call first awaits `guard` (which throws when the run may no
 * longer write, e.g. it lost its issue's lock). Reads go through untouched.
 */
export function guardWrites(octokit: Octokit, guard: () => Promise<void>): Octokit {
  const groups = new Map<PropertyKey, unknown>();
  const wrapGroup = (group: object): object =>
    new Proxy(group, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (typeof value !== 'function' || typeof prop !== 'string' || !WRITES.test(prop)) return value;
        return async (...args: unknown[]) => {
          await guard();
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
  const rest = new Proxy(octokit.rest, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'object' || value === null) return value;
      if (!groups.has(prop)) groups.set(prop, wrapGroup(value));
      return groups.get(prop);
    },
  });
  const request = async (route: unknown, ...rest: unknown[]) => {
    if (typeof route === 'string' && /^(POST|PATCH|PUT|DELETE) /.test(route)) await guard();
    return (octokit.request as (...a: unknown[]) => unknown)(route, ...rest);
  };
  return new Proxy(octokit, {
    get(target, prop, receiver) {
      if (prop === 'rest') return rest;
      if (prop === 'request') return request;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  }) as Octokit;
}
