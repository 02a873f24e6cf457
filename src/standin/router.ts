/**
 * Route templates as Octokit writes them (`GET /repos/{owner}/{repo}/issues/{issue_number}`)
 * compiled into segment matchers. Parameters ending in `_number` or `_id` only match digits; a
 * final `{path}` takes the rest of the path, slashes included (encoded or not).
 */

export type Params = Readonly<Record<string, string>>;

interface Segment {
  literal?: string;
  param?: string;
}

export interface CompiledRoute<T> {
  method: string;
  template: string;
  /** `METHOD /template`, the name calls and faults use. */
  route: string;
  segments: Segment[];
  rest: boolean;
  value: T;
}

export function compile<T>(route: string, value: T): CompiledRoute<T> {
  const [method, template] = route.split(' ') as [string, string];
  const segments = template
    .split('/')
    .slice(1)
    .map((part): Segment => (part.startsWith('{') ? { param: part.slice(1, -1) } : { literal: part }));
  const last = segments[segments.length - 1];
  return { method, template, route, segments, rest: last?.param === 'path', value };
}

function numeric(name: string): boolean {
  return name.endsWith('_number') || name.endsWith('_id');
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export function matchPath<T>(route: CompiledRoute<T>, parts: readonly string[]): Params | null {
  if (route.rest ? parts.length < route.segments.length : parts.length !== route.segments.length) return null;
  const params: Record<string, string> = {};
  for (const [i, segment] of route.segments.entries()) {
    const raw = route.rest && i === route.segments.length - 1 ? parts.slice(i).join('/') : (parts[i] as string);
    const value = decode(raw);
    if (value === null) return null;
    if (segment.literal !== undefined && segment.literal !== value) return null;
    if (segment.param !== undefined) {
      if (value === '' || (numeric(segment.param) && !/^\d+$/.test(value))) return null;
      params[segment.param] = value;
    }
  }
  return params;
}

export class Router<T> {
  readonly #routes: CompiledRoute<T>[];

  constructor(routes: readonly (readonly [string, T])[]) {
    this.#routes = routes.map(([route, value]) => compile(route, value));
  }

  match(method: string, pathname: string): { route: CompiledRoute<T>; params: Params } | null {
    const parts = pathname.replace(/\/+$/, '').split('/').slice(1);
    for (const route of this.#routes) {
      if (route.method !== method) continue;
      const params = matchPath(route, parts);
      if (params) return { route, params };
    }
    return null;
  }
}
