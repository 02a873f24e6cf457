import { statusOf, type Octokit, type RepoRef } from './octokit.js';

interface Entry {
  /** File text; null when the file does not exist. */
  text: string | null;
  etag: string | null;
  checkedAt: number;
}

export interface FileCacheOptions {
  /** How long a read is trusted before it is checked again (a 304 answer costs no rate limit). */
  ttlMs?: number;
  /** Files remembered at most; the least recently used are dropped. */
  maxEntries?: number;
  now?: () => number;
}

/**
 * Repository files (the config, the issue form) read once and trusted for a while: a re-read
 * sends the ETag (`If-None-Match`), so an unchanged file answers 304, which GitHub does not count
 * against the rate limit. A `push` that touches a file on the default branch drops it at once.
 */
export class RepoFileCache {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;

  constructor(options: FileCacheOptions = {}) {
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.maxEntries = options.maxEntries ?? 1000;
    this.now = options.now ?? Date.now;
  }

  private readonly inflight = new Map<string, Promise<string | null>>();

  /** The file's text (null: it does not exist); concurrent reads of one file share one request. */
  read(octokit: Octokit, repo: RepoRef, path: string): Promise<string | null> {
    const key = keyOf(repo, path);
    const pending = this.inflight.get(key);
    if (pending) return pending;
    const reading = this.fetch(octokit, repo, path, key).finally(() => this.inflight.delete(key));
    this.inflight.set(key, reading);
    return reading;
  }

  private async fetch(octokit: Octokit, repo: RepoRef, path: string, key: string): Promise<string | null> {
    const cached = this.entries.get(key);
    if (cached && this.now() - cached.checkedAt < this.ttlMs) {
      this.touch(key, cached);
      return cached.text;
    }
    let entry: Entry;
    try {
      const headers: Record<string, string> = { accept: 'application/vnd.github.raw' };
      if (cached?.etag) headers['if-none-match'] = cached.etag;
      const response = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', { ...repo, path, headers });
      entry = { text: rawText(response.data), etag: response.headers.etag ?? null, checkedAt: this.now() };
    } catch (error) {
      const status = statusOf(error);
      if (status === 304 && cached) entry = { ...cached, checkedAt: this.now() };
      else if (status === 404) entry = { text: null, etag: null, checkedAt: this.now() };
      else throw error;
    }
    this.touch(key, entry);
    return entry.text;
  }

  /** Drops what is known of these paths (all of the repository's when none are named). */
  invalidate(repo: RepoRef, paths?: readonly string[]): void {
    if (paths === undefined) {
      const prefix = keyOf(repo, '');
      for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
      return;
    }
    for (const path of paths) this.entries.delete(keyOf(repo, path));
  }

  get size(): number {
    return this.entries.size;
  }

  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}

function keyOf(repo: RepoRef, path: string): string {
  return `${repo.owner.toLowerCase()}/${repo.repo.toLowerCase()}:${path}`;
}

/** Raw file contents arrive as text, or as bytes when GitHub sends no text content type. */
function rawText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  if (data instanceof Uint8Array) return new TextDecoder().decode(data);
  // A JSON answer (the Accept header was ignored): the base64 content.
  if (typeof data === 'object' && data !== null && 'content' in data && typeof data.content === 'string') {
    return Buffer.from(data.content, 'base64').toString('utf8');
  }
  throw new Error('unexpected response for a raw file');
}

/**
 * Keeps the result of parsing a text (a config, a form), so a file read once is parsed and
 * compiled once, however many events read it.
 */
export class ParseMemo<T> {
  private readonly entries = new Map<string, T>();
  constructor(
    private readonly parse: (text: string) => T,
    private readonly maxEntries = 200,
  ) {}

  get(text: string): T {
    const hit = this.entries.get(text);
    if (hit !== undefined) return hit;
    const value = this.parse(text);
    this.entries.set(text, value);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }
}
