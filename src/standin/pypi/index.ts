import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fulcioCertificate, type SigningIdentity } from './certificate.js';

export { fulcioCertificate, type SigningIdentity } from './certificate.js';

/** A project as the stand-in serves it. */
export interface PypiProjectSeed {
  name: string;
  /** `ownership.roles`: who is Owner or Maintainer. */
  roles: { role: 'Owner' | 'Maintainer'; user: string }[];
  organization?: string | null;
  version?: string;
  /** Upload time of the newest release's files. */
  releasedAt?: string;
  /** `info.project_urls`, as the uploader wrote them. */
  projectUrls?: Record<string, string>;
  homePage?: string | null;
  /** Published with Trusted Publishing from this repository (provenance with a Fulcio certificate). */
  trustedPublisher?: SigningIdentity & { environment?: string | null };
}

/** Which answers a fault hits. */
export type PypiRoute = 'xmlrpc' | 'profile' | 'json' | 'provenance';

/** slow: answers after `delayMs`; down: 503; 429: rate limited; garbage: 200 with junk; fault: an XML-RPC rate-limit fault. */
export type PypiFaultKind = 'slow' | 'down' | '429' | 'garbage' | 'ratelimit-fault';

export interface PypiFault {
  kind: PypiFaultKind;
  /** Routes it hits (all by default). */
  routes?: PypiRoute[];
  /** How many answers it spoils (unlimited by default). */
  times?: number;
  delayMs?: number;
}

export interface PypiCall {
  method: string;
  route: PypiRoute | 'other';
  path: string;
  status: number;
}

const MAX_BODY = 100_000;

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function html(text: string): string {
  return xml(text).replace(/"/g, '&quot;');
}

function normalize(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/**
 * PyPI on loopback, with the answers the evidence reads, shaped as warehouse writes them: the
 * JSON API (`/pypi/<project>/json` with `info`, `urls`, `ownership`), PEP 740 provenance
 * (`/integrity/<project>/<version>/<file>/provenance`, 404 when none), the XML-RPC
 * `user_packages` (POST /pypi; `[role, project]` pairs, fault -32500 `HTTPTooManyRequests` when
 * rate-limited) and the profile page `/user/<name>/`. Faults (slow, down, 429, garbage) per route.
 */
export class PypiStandIn {
  readonly users = new Set<string>();
  readonly projects = new Map<string, PypiProjectSeed & { certificate: string | null }>();
  readonly calls: PypiCall[] = [];
  readonly #faults: PypiFault[] = [];
  #server: Server | null = null;
  #url = '';

  get url(): string {
    if (this.#url === '') throw new Error('PypiStandIn: call listen() first');
    return this.#url;
  }

  addUser(name: string): void {
    this.users.add(name.toLowerCase());
  }

  addProject(seed: PypiProjectSeed): void {
    for (const r of seed.roles) this.addUser(r.user);
    const certificate = seed.trustedPublisher ? Buffer.from(fulcioCertificate(seed.trustedPublisher)).toString('base64') : null;
    this.projects.set(normalize(seed.name), { ...seed, certificate });
  }

  fault(fault: PypiFault): void {
    this.#faults.push({ ...fault });
  }

  clearFaults(): void {
    this.#faults.length = 0;
  }

  /** Calls made, optionally of one route. */
  count(route?: PypiRoute): number {
    return route === undefined ? this.calls.length : this.calls.filter((c) => c.route === route).length;
  }

  /**
   * A fetch that sends requests for `base` (e.g. https://pypi.org) here instead, so links in
   * what the bot writes still name the real site (the sandbox).
   */
  fetchFor(base: string): typeof fetch {
    const prefix = base.replace(/\/+$/, '');
    return async (input, init) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.startsWith(prefix)) return new Response(null, { status: 404 });
      return fetch(`${this.url}${url.slice(prefix.length)}`, init);
    };
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<void> {
    const server = createServer((req, res) => void this.#handle(req, res));
    await new Promise<void>((resolve) => server.listen(port, host, resolve));
    this.#server = server;
    this.#url = `http://${host}:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  #take(route: PypiRoute): PypiFault | null {
    for (const fault of this.#faults) {
      if (fault.routes && !fault.routes.includes(route)) continue;
      if (fault.times !== undefined) {
        if (fault.times <= 0) continue;
        fault.times -= 1;
      }
      return fault;
    }
    return null;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://pypi.local');
    const path = url.pathname;
    const route: PypiRoute | 'other' =
      req.method === 'POST' && /^\/(?:pypi|RPC2)\/?$/.test(path)
        ? 'xmlrpc'
        : /^\/user\/[^/]+\/$/.test(path)
          ? 'profile'
          : /^\/pypi\/[^/]+\/json\/?$/.test(path)
            ? 'json'
            : /^\/integrity\/[^/]+\/[^/]+\/[^/]+\/provenance\/?$/.test(path)
              ? 'provenance'
              : 'other';
    const body = await readBody(req);
    const send = (status: number, text: string, type: string, headers: Record<string, string> = {}) => {
      this.calls.push({ method: req.method ?? 'GET', route, path, status });
      if (res.destroyed) return;
      res.writeHead(status, { 'content-type': type, ...headers });
      res.end(text);
    };
    const fault = route === 'other' ? null : this.#take(route);
    if (fault?.kind === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 2_000));
    if (fault?.kind === 'down') return send(503, '<html><body>Service Unavailable</body></html>', 'text/html');
    if (fault?.kind === '429') return send(429, 'Too Many Requests', 'text/plain', { 'retry-after': '60' });
    if (fault?.kind === 'garbage') return send(200, '{"info": [1, 2', route === 'xmlrpc' ? 'text/xml' : 'application/json');

    if (route === 'xmlrpc') {
      const method = /<methodName>([^<]*)<\/methodName>/.exec(body)?.[1];
      const name = /<string>([^<]*)<\/string>/.exec(body)?.[1] ?? '';
      if (fault?.kind === 'ratelimit-fault')
        return send(
          200,
          faultXml(
            -32500,
            'HTTPTooManyRequests: The action could not be performed because there were too many requests by the client. Limit may reset in 1 seconds.',
          ),
          'text/xml',
        );
      if (method !== 'user_packages') return send(200, faultXml(-32601, `server error; requested method not found`), 'text/xml');
      return send(200, userPackagesXml(this.#rolesOf(unxml(name))), 'text/xml');
    }
    if (route === 'profile') {
      const name = decodeURIComponent(path.split('/')[2] ?? '');
      if (!this.users.has(name.toLowerCase())) return send(404, '<html><body>Not Found</body></html>', 'text/html');
      return send(
        200,
        profileHtml(
          name,
          this.#rolesOf(name).map((r) => r[1]),
        ),
        'text/html; charset=utf-8',
      );
    }
    if (route === 'json') {
      const project = this.projects.get(normalize(decodeURIComponent(path.split('/')[2] ?? '')));
      if (!project) return send(404, JSON.stringify({ message: 'Not Found' }), 'application/json');
      return send(200, JSON.stringify(projectJson(project)), 'application/json');
    }
    if (route === 'provenance') {
      const [, , projectName, version, filename] = path.split('/').map((p) => decodeURIComponent(p));
      const project = this.projects.get(normalize(projectName ?? ''));
      if (!project || project.certificate === null || version !== versionOf(project) || !filesOf(project).includes(filename ?? ''))
        return send(404, JSON.stringify({ message: 'No provenance available for ' + (filename ?? '') }), 'application/json');
      return send(200, JSON.stringify(provenanceJson(project, project.certificate)), 'application/vnd.pypi.integrity.v1+json');
    }
    return send(404, 'Not Found', 'text/plain');
  }

  /** `[role, project]` pairs of a user, as warehouse orders them (role descending, then project). */
  #rolesOf(user: string): [string, string][] {
    const pairs: [string, string][] = [];
    for (const project of this.projects.values())
      for (const r of project.roles) if (r.user.toLowerCase() === user.toLowerCase()) pairs.push([r.role, project.name]);
    return pairs.sort((a, b) => (a[0] === b[0] ? a[1].localeCompare(b[1]) : b[0].localeCompare(a[0])));
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > MAX_BODY) break;
  }
  return text;
}

function unxml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function faultXml(code: number, message: string): string {
  return `<?xml version='1.0'?>\n<methodResponse>\n<fault>\n<value><struct>\n<member>\n<name>faultCode</name>\n<value><int>${code}</int></value>\n</member>\n<member>\n<name>faultString</name>\n<value><string>${xml(message)}</string></value>\n</member>\n</struct></value>\n</fault>\n</methodResponse>\n`;
}

/** As Python's xmlrpc.client marshals a list of tuples of strings. */
function userPackagesXml(pairs: [string, string][]): string {
  const values = pairs
    .map(
      ([role, project]) =>
        `<value><array><data>\n<value><string>${xml(role)}</string></value>\n<value><string>${xml(project)}</string></value>\n</data></array></value>\n`,
    )
    .join('');
  return `<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><array><data>\n${values}</data></array></value>\n</param>\n</params>\n</methodResponse>\n`;
}

function profileHtml(user: string, projects: string[]): string {
  const items = projects
    .map(
      (p) =>
        `<a class="package-snippet" href="/project/${encodeURIComponent(p)}/">\n  <h3 class="package-snippet__title">${html(p)}</h3>\n</a>`,
    )
    .join('\n');
  return `<!DOCTYPE html>\n<html lang="en"><head><title>Profile of ${html(user)} · PyPI</title></head>\n<body><h1 class="author-profile__name">${html(user)}</h1>\n<h2>${projects.length} projects</h2>\n<div class="package-list">\n${items}\n</div></body></html>\n`;
}

function versionOf(project: PypiProjectSeed): string {
  return project.version ?? '1.0.0';
}

function filesOf(project: PypiProjectSeed): string[] {
  const v = versionOf(project);
  const base = project.name.replace(/[-.]+/g, '_');
  return [`${base}-${v}.tar.gz`, `${base}-${v}-py3-none-any.whl`];
}

function projectJson(project: PypiProjectSeed) {
  const version = versionOf(project);
  const at = project.releasedAt ?? '2024-01-01T00:00:00.000000Z';
  return {
    info: {
      name: project.name,
      version,
      summary: `${project.name} package`,
      home_page: project.homePage ?? null,
      project_urls: project.projectUrls ?? null,
      author: null,
      license: 'MIT',
      requires_python: '>=3.9',
      yanked: false,
    },
    last_serial: 1_000_000,
    ownership: { roles: project.roles.map((r) => ({ role: r.role, user: r.user })), organization: project.organization ?? null },
    urls: filesOf(project).map((filename) => ({
      filename,
      packagetype: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
      python_version: filename.endsWith('.whl') ? 'py3' : 'source',
      upload_time: at.replace(/Z$/, '').replace(/\.\d+$/, ''),
      upload_time_iso_8601: at,
      url: `https://files.pythonhosted.org/packages/xx/${filename}`,
      yanked: false,
    })),
    vulnerabilities: [],
  };
}

function provenanceJson(project: PypiProjectSeed, certificate: string) {
  const publisher = project.trustedPublisher as NonNullable<PypiProjectSeed['trustedPublisher']>;
  return {
    version: 1,
    attestation_bundles: [
      {
        publisher: {
          kind: 'GitHub',
          repository: publisher.repository,
          workflow: publisher.workflow ?? 'release.yml',
          environment: publisher.environment ?? 'pypi',
        },
        attestations: [
          {
            version: 1,
            verification_material: {
              certificate,
              transparency_entries: [{ logIndex: '123456', kindVersion: { kind: 'dsse', version: '0.0.1' } }],
            },
            envelope: { statement: Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}').toString('base64'), signature: 'MEUCIQ==' },
          },
        ],
      },
    ],
  };
}
