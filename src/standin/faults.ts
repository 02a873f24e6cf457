import { SeededRandom } from './random.js';

/** What goes wrong with one request. */
export type Fault =
  /** Answer at once with this status; 403 is a secondary rate limit (`retry-after: 1`). */
  | { kind: 'status'; status: 500 | 502 | 503 | 403 }
  /** Hold the request for `ms`, then destroy the socket without answering. Nothing is written. */
  | { kind: 'timeout'; ms?: number }
  /** Perform the request (the write lands), then answer 502 instead of the result. */
  | { kind: 'after-write' }
  /** Wait `ms`, then answer normally. */
  | { kind: 'latency'; ms: number };

export type FaultKind = Fault['kind'];

export type FaultRule = Fault & {
  method?: string;
  /** A route template, `GET /repos/{owner}/{repo}/issues` or just `/repos/{owner}/{repo}/issues`, or a pattern. */
  route?: string | RegExp;
  /** How many times the rule fires: 1 by default, unlimited by default when `probability` is set. */
  times?: number;
  /** Fire on a matching request with this probability, drawn from the seeded PRNG (`standIn.seed(n)`). */
  probability?: number;
};

/** What a fault rule or hook sees of a request. */
export interface FaultCall {
  method: string;
  /** `METHOD /template`, e.g. `POST /repos/{owner}/{repo}/issues/{issue_number}/labels`. */
  route: string;
  path: string;
  installationId?: number;
  login?: string;
}

export type FaultHook = (call: FaultCall) => Fault | null | undefined;

export const DEFAULT_TIMEOUT_MS = 1000;

/** A rule once injected: how often it fired and how many firings are left. */
export class InjectedFault {
  fired = 0;
  remaining: number;
  readonly fault: Fault;

  constructor(readonly rule: FaultRule) {
    this.remaining = rule.times ?? (rule.probability === undefined ? 1 : Infinity);
    this.fault = toFault(rule);
  }

  matches(call: FaultCall): boolean {
    if (this.remaining <= 0) return false;
    if (this.rule.method && this.rule.method.toUpperCase() !== call.method) return false;
    return routeMatches(this.rule.route, call.route);
  }
}

function toFault(rule: FaultRule): Fault {
  switch (rule.kind) {
    case 'status':
      return { kind: 'status', status: rule.status };
    case 'timeout':
      return { kind: 'timeout', ms: rule.ms ?? DEFAULT_TIMEOUT_MS };
    case 'after-write':
      return { kind: 'after-write' };
    case 'latency':
      return { kind: 'latency', ms: rule.ms };
  }
}

function routeMatches(pattern: string | RegExp | undefined, route: string): boolean {
  if (pattern === undefined) return true;
  if (pattern instanceof RegExp) return pattern.test(route);
  return pattern.startsWith('/') ? route.slice(route.indexOf(' ') + 1) === pattern : route === pattern;
}

/** Decides, per request, which fault (if any) applies: the hook first, then rules in order. */
export class FaultPlan {
  readonly #rules: InjectedFault[] = [];
  readonly #random = new SeededRandom(1);
  #hook: FaultHook | null = null;

  inject(rule: FaultRule): InjectedFault {
    const injected = new InjectedFault(rule);
    this.#rules.push(injected);
    return injected;
  }

  setHook(hook: FaultHook | null): void {
    this.#hook = hook;
  }

  clear(): void {
    this.#rules.length = 0;
    this.#hook = null;
  }

  seed(seed: number): void {
    this.#random.seed(seed);
  }

  decide(call: FaultCall): Fault | null {
    const hooked = this.#hook?.(call);
    if (hooked) return hooked;
    for (const rule of this.#rules) {
      if (!rule.matches(call)) continue;
      if (rule.rule.probability !== undefined && this.#random.next() >= rule.rule.probability) continue;
      rule.fired++;
      rule.remaining--;
      return rule.fault;
    }
    return null;
  }
}
