import { fulcioIdentityOfBase64, type FulcioIdentity } from './fulcio.js';
import { normalizeProject } from './links.js';

type Fetch = typeof fetch;

/** Why a PyPI call gave nothing usable: a short phrase shown as "evidence unavailable (…)". */
export class PypiError extends Error {
  override name = 'PypiError';
  constructor(readonly reason: string) {
    super(reason);
  }
}

export interface PypiProject {
  name: string;
  version: string | null;
  /** Upload time of the newest file of the newest release. */
  releasedAt: string | null;
  /** `ownership.roles`: null when the answer has no `ownership` (older PyPI). */
  roles: { role: string; user: string }[] | null;
  organization: string | null;
  /** `info.project_urls` and `info.home_page`, as the uploader wrote them. */
  urls: { label: string; url: string }[];
  /** Files of the newest release. */
  files: string[];
}

export interface Publisher {
  kind: string;
  repository: string | null;
  certificate: FulcioIdentity | null;
}

/** Most bytes read of one answer: PyPI's JSON for a big project is well under this. */
const MAX_ANSWER = 2_000_000;
const MAX_URLS = 30;
const MAX_PROJECTS_LISTED = 1_000;

interface Cached<T> {
  value: T;
  expires: number;
}

export interface PypiClientOptions {
  maxEntries?: number;
  now?: () => number;
}

/**
 * Reads PyPI's public answers: the XML-RPC `user_packages`, the profile page, the JSON API per
 * project and PEP 740 provenance. Every call has its timeout; project and provenance answers are
 * cached per project for the configured hours (bounded, least recently used first out).
 */
export class PypiClient {
  private readonly cache = new Map<string, Cached<unknown>>();
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(
    private readonly fetchImpl: Fetch = fetch,
    options: PypiClientOptions = {},
  ) {
    this.maxEntries = Math.max(1, options.maxEntries ?? 2_000);
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.cache.size;
  }

  /** `[role, project]` pairs of the account (XML-RPC `user_packages`). */
  async userPackages(baseUrl: string, username: string, timeoutMs: number): Promise<{ role: string; project: string }[]> {
    const body = `<?xml version="1.0"?>\n<methodCall><methodName>user_packages</methodName><params><param><value><string>${xmlEscape(username)}</string></value></param></params></methodCall>`;
    const text = await this.call(`${web(baseUrl)}/pypi`, timeoutMs, {
      method: 'POST',
      headers: { 'content-type': 'text/xml', accept: 'text/xml' },
      body,
    });
    if (text === null) throw new PypiError('PyPI XML-RPC endpoint not found');
    return parseUserPackages(text);
  }

  /** Project names on the public profile page `/user/<name>/` (projects with releases); null: no such account. */
  async profileProjects(baseUrl: string, username: string, timeoutMs: number): Promise<string[] | null> {
    const text = await this.call(`${web(baseUrl)}/user/${encodeURIComponent(username)}/`, timeoutMs, { headers: { accept: 'text/html' } });
    if (text === null) return null;
    return parseProfile(text);
  }

  /** The JSON API's view of a project (`/pypi/<project>/json`); null when PyPI has no such project. */
  async project(baseUrl: string, name: string, timeoutMs: number, cacheHours: number, fresh = false): Promise<PypiProject | null> {
    return this.cached(`p\n${web(baseUrl)}\n${normalizeProject(name)}`, cacheHours, fresh, async () => {
      const text = await this.call(`${web(baseUrl)}/pypi/${encodeURIComponent(name)}/json`, timeoutMs, {
        headers: { accept: 'application/json' },
      });
      return text === null ? null : parseProject(text);
    });
  }

  /** The publishers of a file's PEP 740 provenance; empty when it has none (404). */
  async provenance(
    baseUrl: string,
    project: string,
    version: string,
    filename: string,
    timeoutMs: number,
    cacheHours: number,
    fresh = false,
  ): Promise<Publisher[]> {
    const path = [project, version, filename].map(encodeURIComponent).join('/');
    return this.cached(`v\n${web(baseUrl)}\n${normalizeProject(project)}\n${version}\n${filename}`, cacheHours, fresh, async () => {
      const text = await this.call(`${web(baseUrl)}/integrity/${path}/provenance`, timeoutMs, {
        headers: { accept: 'application/vnd.pypi.integrity.v1+json' },
      });
      return text === null ? [] : parseProvenance(text);
    });
  }

  private async cached<T>(key: string, cacheHours: number, fresh: boolean, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit && fresh) this.cache.delete(key);
    else if (hit) {
      this.cache.delete(key);
      if (hit.expires > this.now()) {
        this.cache.set(key, hit);
        return hit.value as T;
      }
    }
    const value = await load();
    if (cacheHours > 0) {
      this.cache.set(key, { value, expires: this.now() + cacheHours * 3_600_000 });
      while (this.cache.size > this.maxEntries) {
        const oldest = this.cache.keys().next().value;
        if (oldest === undefined) break;
        this.cache.delete(oldest);
      }
    }
    return value;
  }

  /** The answer's text; null for 404; PypiError for anything else that is not a 200. */
  private async call(url: string, timeoutMs: number, init: RequestInit): Promise<string | null> {
    let response: Response;
    try {
      response = await this.fetchImpl(url, { ...init, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const name = (error as { name?: string }).name;
      throw new PypiError(name === 'TimeoutError' || name === 'AbortError' ? 'PyPI did not answer in time' : 'PyPI could not be reached');
    }
    if (response.status === 404 || response.status === 410) {
      await response.body?.cancel().catch(() => undefined);
      return null;
    }
    if (response.status === 429) throw new PypiError('PyPI rate limit (HTTP 429)');
    if (response.status !== 200) {
      await response.body?.cancel().catch(() => undefined);
      throw new PypiError(`PyPI answered HTTP ${response.status}`);
    }
    const length = Number(response.headers.get('content-length') ?? '0');
    if (length > MAX_ANSWER) throw new PypiError('PyPI answer too large');
    let text: string;
    try {
      text = await response.text();
    } catch {
      throw new PypiError('PyPI did not answer in time');
    }
    if (text.length > MAX_ANSWER) throw new PypiError('PyPI answer too large');
    return text;
  }
}

function web(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlUnescape(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]{1,6}|#\d{1,7}|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e === 'amp') return '&';
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'quot') return '"';
    if (e === 'apos') return "'";
    const code = e.startsWith('#x') ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : '';
  });
}

const STRING_VALUE = String.raw`<value>\s*(?:<string>([^<]*)</string>|([^<]*))\s*</value>`;
const PAIR = new RegExp(String.raw`<array>\s*<data>\s*${STRING_VALUE}\s*${STRING_VALUE}\s*</data>\s*</array>`, 'g');

/**
 * The `methodResponse` of `user_packages`: an array of `[role, project]` arrays (warehouse
 * returns `(role_name, project.name)` tuples), or a fault (code -32500 with
 * `HTTPTooManyRequests: …` when rate-limited). Only that shape is read; anything else is garbage.
 */
export function parseUserPackages(xml: string): { role: string; project: string }[] {
  if (!/^\s*(?:<\?xml[^>]*\?>\s*)?<methodResponse>/.test(xml)) throw new PypiError('PyPI answered something unreadable');
  if (/<fault>/.test(xml)) {
    const fault = /<name>faultString<\/name>\s*<value>\s*(?:<string>)?([^<]*)/.exec(xml)?.[1] ?? '';
    throw new PypiError(/TooManyRequests/i.test(fault) ? 'PyPI rate limit (XML-RPC fault)' : 'PyPI XML-RPC fault');
  }
  if (!/<params>\s*<param>\s*<value>\s*<array>\s*<data>/.test(xml)) throw new PypiError('PyPI answered something unreadable');
  const pairs: { role: string; project: string }[] = [];
  for (const match of xml.matchAll(PAIR)) {
    if (pairs.length >= MAX_PROJECTS_LISTED) break;
    pairs.push({ role: xmlUnescape(match[1] ?? match[2] ?? '').trim(), project: xmlUnescape(match[3] ?? match[4] ?? '').trim() });
  }
  return pairs.filter((p) => p.project !== '');
}

/** Project names linked from a profile page (`<a class="package-snippet" href="/project/<name>/">`). */
export function parseProfile(html: string): string[] {
  const names = new Set<string>();
  for (const match of html.matchAll(/href="\/project\/([^"/?#]{1,200})\/"/g)) {
    if (names.size >= MAX_PROJECTS_LISTED) break;
    try {
      names.add(decodeURIComponent(match[1] as string));
    } catch {
      // A malformed escape is not a project.
    }
  }
  return [...names];
}

function object(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

function str(value: unknown, max = 500): string | null {
  return typeof value === 'string' && value.length <= max ? value : null;
}

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new PypiError('PyPI answered something unreadable');
  }
}

/** `/pypi/<project>/json` (warehouse's legacy JSON API: `info`, `urls`, `ownership`). */
export function parseProject(text: string): PypiProject {
  const root = object(json(text));
  const info = object(root?.info);
  if (root === null || info === null) throw new PypiError('PyPI answered something unreadable');
  const urls: { label: string; url: string }[] = [];
  const projectUrls = object(info.project_urls);
  for (const [label, url] of Object.entries(projectUrls ?? {}).slice(0, MAX_URLS)) {
    const u = str(url);
    if (u !== null) urls.push({ label: label.slice(0, 100), url: u });
  }
  const home = str(info.home_page);
  if (home !== null && home !== '') urls.push({ label: 'Homepage', url: home });
  const files: string[] = [];
  let releasedAt: string | null = null;
  for (const file of Array.isArray(root.urls) ? root.urls.slice(0, 200) : []) {
    const f = object(file);
    const filename = str(f?.filename, 300);
    const at = str(f?.upload_time_iso_8601, 40) ?? str(f?.upload_time, 40);
    if (filename !== null) files.push(filename);
    const iso = at === null ? null : isoOf(at);
    if (iso !== null && (releasedAt === null || iso > releasedAt)) releasedAt = iso;
  }
  const ownership = object(root.ownership);
  const roles = Array.isArray(ownership?.roles)
    ? ownership.roles.flatMap((r) => {
        const o = object(r);
        const role = str(o?.role, 40);
        const user = str(o?.user, 100);
        return role !== null && user !== null ? [{ role, user }] : [];
      })
    : null;
  return {
    name: str(info.name, 200) ?? '',
    version: str(info.version, 100),
    releasedAt,
    roles,
    organization: str(ownership?.organization, 100),
    urls,
    files,
  };
}

function isoOf(text: string): string | null {
  const ms = Date.parse(text.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
  return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : null;
}

/** PEP 740 provenance: `attestation_bundles[].publisher` and each attestation's certificate. */
export function parseProvenance(text: string): Publisher[] {
  const root = object(json(text));
  if (root === null || !Array.isArray(root.attestation_bundles)) throw new PypiError('PyPI answered something unreadable');
  const publishers: Publisher[] = [];
  for (const bundle of root.attestation_bundles.slice(0, 10)) {
    const b = object(bundle);
    const publisher = object(b?.publisher);
    if (publisher === null) continue;
    const attestations = Array.isArray(b?.attestations) ? b.attestations : [];
    const material = object(object(attestations[0])?.verification_material);
    publishers.push({
      kind: str(publisher.kind, 40) ?? '',
      repository: str(publisher.repository, 200),
      certificate: fulcioIdentityOfBase64(material?.certificate),
    });
  }
  return publishers;
}
