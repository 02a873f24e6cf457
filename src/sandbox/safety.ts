/**
 * The sandbox's safety rules, as pure functions of the environment so that they are tested
 * on their own: when it runs at all, and where it listens.
 */

export interface SandboxDecision {
  enabled: boolean;
  /** One sentence saying why, for the console. */
  reason: string;
}

/** Whether GitHub App credentials are configured (as Probot and `bin/start.js` see them). */
export function hasAppCredentials(env: NodeJS.ProcessEnv, options: { keyFile?: boolean } = {}): boolean {
  const set = (value: string | undefined) => value !== undefined && value.trim() !== '';
  return set(env.APP_ID) && (set(env.PRIVATE_KEY) || set(env.PRIVATE_KEY_PATH) || options.keyFile === true);
}

/**
 * The sandbox is off whenever app credentials are set, unless `SANDBOX=true`: a server holding a
 * real app's key serves the real app, not a playground, unless someone asked for both.
 * `SANDBOX=false` turns it off in any case. `keyFile`: a `.pem` file in the working directory,
 * which Probot takes as the key.
 */
export function sandboxDecision(env: NodeJS.ProcessEnv, options: { keyFile?: boolean } = {}): SandboxDecision {
  const flag = (env.SANDBOX ?? '').trim().toLowerCase();
  if (flag === 'false' || flag === '0' || flag === 'off' || flag === 'no') {
    return { enabled: false, reason: 'the sandbox is off: SANDBOX=false' };
  }
  if (hasAppCredentials(env, options)) {
    if (flag === 'true') {
      return {
        enabled: true,
        reason: 'the sandbox is on although app credentials are set (SANDBOX=true); it never uses them',
      };
    }
    return {
      enabled: false,
      reason: 'the sandbox is off because GitHub App credentials are set (APP_ID and a private key); set SANDBOX=true to serve it anyway',
    };
  }
  return { enabled: true, reason: 'no GitHub App credentials: the sandbox is on' };
}

const LOOPBACK_NAMES = new Set(['localhost', 'ip6-localhost', 'ip6-loopback']);

/** Whether a host name or address only reaches this machine (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (LOOPBACK_NAMES.has(bare) || bare.endsWith('.localhost')) return true;
  if (bare === '::1' || bare === '0:0:0:0:0:0:0:1') return true;
  const v4 = bare.replace(/^::ffff:/, '');
  return /^127(?:\.\d{1,3}){3}$/.test(v4);
}

export interface ListenChoice {
  host: string;
  /** Set when the sandbox would be reachable from other machines. */
  warning: string | null;
}

/** Loopback unless `HOST` says otherwise; another host gets a warning. */
export function listenHost(env: NodeJS.ProcessEnv, fallback = '127.0.0.1'): ListenChoice {
  const host = env.HOST?.trim() || fallback;
  if (isLoopback(host)) return { host, warning: null };
  return {
    host,
    warning: `HOST=${host}: the sandbox listens beyond this machine, and anyone who can reach it can act in it (it holds no credentials and reaches no GitHub)`,
  };
}

/**
 * The `Host` header names a loopback name. A page of another site that points a host name at
 * 127.0.0.1 (DNS rebinding) sends its own name, and is refused when the server listens on loopback.
 */
export function loopbackHostHeader(header: string | undefined): boolean {
  if (header === undefined || header === '') return false;
  const host = header.startsWith('[') ? header.slice(0, header.indexOf(']') + 1) : header.replace(/:\d+$/, '');
  return isLoopback(host);
}

/**
 * A request that changes the sandbox must come from its own page: a JSON body (other sites'
 * pages cannot send one without a CORS preflight, which is never answered) and, when the browser
 * names an origin, the origin of the page's own host.
 */
export function sameOriginWrite(headers: { origin?: string; host?: string; 'content-type'?: string }): string | null {
  const type = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json') return 'writes take a JSON body (content-type: application/json)';
  const origin = headers.origin;
  if (origin === undefined || origin === '') return null;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return 'the request comes from another origin';
  }
  return originHost.toLowerCase() === (headers.host ?? '').toLowerCase() ? null : 'the request comes from another origin';
}
