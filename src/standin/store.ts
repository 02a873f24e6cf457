import { createPublicKey, randomBytes, verify, type KeyObject } from 'node:crypto';
import { countCalls, filterCalls, type CallCounts, type CallFilter, type CallRecord } from './accounting.js';
import { Actor } from './actor.js';
import { Clock, isoSeconds } from './clock.js';
import { signAndSend, type SendResult } from './deliver.js';
import { HttpError } from './errors.js';
import { FaultPlan, type FaultHook, type FaultRule, type InjectedFault } from './faults.js';
import { hookDelivery, type HookDelivery, type HookDeliveryInput, type RedeliveryRequest } from './hooks.js';
import { RateLimits } from './limits.js';
import { createLabel, writeFiles, type LabelInput } from './mutations.js';
import type { Identity } from './routes/context.js';
import { StandInServer, type ServerHost, type UnexpectedCall } from './server.js';
import { blobSha, permissionOf, splitFullName, State } from './state.js';
import type { Permission, RepoRecord, RoleName, UserType } from './types.js';
import { commentView, eventView, issueView, labelView, type CommentView, type EventView, type IssueView, type LabelView } from './views.js';
import { pushDelivery, type PushDelivery, type WebhookDelivery } from './webhooks.js';

export interface StandInOptions {
  /** Start time (default: the wall clock at construction, whole seconds). */
  now?: string | number | Date;
  /** How far each write moves the clock on (default 1000 ms; 0 to freeze time). */
  autoAdvanceMs?: number;
  appSlug?: string;
  appId?: number;
  /**
   * The app's public key (or its private key, PEM): when given, the app's JWT must be signed with
   * it (RS256), as GitHub checks; otherwise any three-part token passes as the app's JWT.
   */
  appKey?: string;
  appName?: string;
  /** The account that owns the app and, by default, its installations. */
  appOwner?: string;
  /** Seed of the PRNG behind probabilistic faults (default 1). */
  seed?: number;
  /** Primary rate limits per caller: core per hour (default 5000), search per minute (default 30). */
  rateLimit?: { core?: number; search?: number };
}

export interface RepoOptions {
  /** The installation that can see the repository (default 1, created when unknown). */
  installationId?: number;
  defaultBranch?: string;
  /** Files on the default branch, path → text. */
  files?: Readonly<Record<string, string>>;
  labels?: readonly (string | LabelInput)[];
  /** login → role (`maintain`, `triage`, …) or an explicit permission pair. */
  permissions?: Readonly<Record<string, RoleName | Permission>>;
}

export type WebhookListener = (delivery: WebhookDelivery) => void;

const TOKEN_TTL_MS = 3_600_000;

/**
 * An in-memory GitHub for tests, load tests and a sandbox: repositories, labels, issues,
 * comments, reactions, events, permissions, files, installations and webhook deliveries, served
 * over HTTP as GitHub's REST API (see `listen`), with call accounting and fault injection.
 */
export class GitHubStandIn implements ServerHost {
  readonly clock: Clock;
  readonly state: State;
  readonly faults = new FaultPlan();
  readonly limits: RateLimits;
  /** Every request answered (or dropped), in order. */
  readonly calls: CallRecord[] = [];
  /** Requests to unknown routes and stand-in failures: tests should keep this empty. */
  readonly unexpected: UnexpectedCall[] = [];
  /** Every webhook delivery GitHub would have sent, from actors and REST writes alike. */
  readonly outbox: WebhookDelivery[] = [];
  /** The app's delivery log (`GET /app/hook/deliveries`), oldest first. */
  readonly hookDeliveries: HookDelivery[] = [];
  /** `POST /app/hook/deliveries/{id}/attempts` requests, in order. */
  readonly redeliveryRequests: RedeliveryRequest[] = [];
  readonly #tokens = new Map<string, Identity>();
  readonly #appKey: KeyObject | null;
  readonly #listeners = new Set<WebhookListener>();
  readonly #redeliveryListeners = new Set<(request: RedeliveryRequest) => void>();
  #server: StandInServer | null = null;

  constructor(options: StandInOptions = {}) {
    this.clock = new Clock(options.now ?? Date.now(), options.autoAdvanceMs ?? 1000);
    const slug = options.appSlug ?? 'recovery-triage';
    this.state = new State(this.clock, {
      id: options.appId ?? 1,
      slug,
      name: options.appName ?? slug,
      owner: options.appOwner ?? 'stand-in-org',
    });
    this.limits = new RateLimits({ core: options.rateLimit?.core ?? 5000, search: options.rateLimit?.search ?? 30 }, this.clock);
    this.faults.seed(options.seed ?? 1);
    this.#appKey = options.appKey ? createPublicKey(options.appKey) : null;
  }

  get appId(): number {
    return this.state.app.id;
  }

  get appSlug(): string {
    return this.state.app.slug;
  }

  /** `<appSlug>[bot]`, the login installation tokens act as. */
  get botLogin(): string {
    return this.state.botLogin;
  }

  // -------------------------------------------------------------------------------------------
  // Setup (no webhooks, and time stands still)

  addInstallation(id: number, options: { account?: string; repos?: readonly string[] } = {}): void {
    const installation = this.state.installation(id);
    if (options.account) installation.account = this.state.user(options.account, 'Organization').login;
    for (const name of options.repos ?? []) installation.repos.add(this.state.repo(name).fullName.toLowerCase());
  }

  addRepo(fullName: string, options: RepoOptions = {}): void {
    const { owner, name } = splitFullName(fullName);
    if (this.state.findRepo(fullName)) throw new Error(`Repository ${fullName} already exists`);
    this.state.user(owner);
    const at = this.clock.now();
    const repo = this.newRepo(owner, name, at, {
      defaultBranch: options.defaultBranch ?? 'main',
      installationId: options.installationId ?? 1,
    });
    this.state.installation(repo.installationId, owner).repos.add(repo.fullName.toLowerCase());
    for (const label of options.labels ?? []) createLabel(this.state, repo, typeof label === 'string' ? { name: label } : label, at);
    for (const [path, text] of Object.entries(options.files ?? {})) this.setFile(repo.fullName, path, text);
    for (const [login, role] of Object.entries(options.permissions ?? {})) this.setPermission(repo.fullName, login, role);
  }

  /** A repository record with nothing in it yet, registered under its full name. */
  private newRepo(
    owner: string,
    name: string,
    at: string,
    extra: Pick<RepoRecord, 'defaultBranch' | 'installationId'> & Partial<RepoRecord>,
  ): RepoRecord {
    const fullName = `${owner}/${name}`;
    const repo: RepoRecord = {
      id: this.state.nextId('repo'),
      owner,
      name,
      fullName,
      createdAt: at,
      pushedAt: at,
      headSha: blobSha(`${fullName}@${at}`),
      labels: new Map(),
      issues: new Map(),
      nextIssueNumber: 1,
      files: new Map(),
      permissions: new Map(),
      ...extra,
    };
    this.state.repos.set(fullName.toLowerCase(), repo);
    return repo;
  }

  addUser(login: string, options: { type?: UserType; id?: number; createdAt?: string } = {}): void {
    const user = this.state.user(login, options.type, options.id);
    if (options.createdAt !== undefined) user.createdAt = options.createdAt;
  }

  /**
   * A public repository of another account, that no installation of the app sees but any token
   * reads (GET /repos, its branches), e.g. a project's source repository for the evidence.
   */
  addPublicRepo(fullName: string, options: { ownerId?: number; branches?: Readonly<Record<string, string>> } = {}): number {
    const { owner, name } = splitFullName(fullName);
    if (this.state.findRepo(fullName)) throw new Error(`Repository ${fullName} already exists`);
    this.state.user(owner, undefined, options.ownerId);
    const at = this.clock.now();
    const repo = this.newRepo(owner, name, at, { defaultBranch: 'main', installationId: 0, public: true, branches: new Map() });
    for (const [branch, committedAt] of Object.entries(options.branches ?? {})) this.addBranch(repo.fullName, branch, committedAt);
    return repo.id;
  }

  /** A branch whose head commit is dated `committedAt`. */
  addBranch(repo: string, branch: string, committedAt: string = this.clock.now()): void {
    const record = this.state.repo(repo);
    record.branches ??= new Map();
    record.branches.set(branch, { name: branch, sha: blobSha(`${record.fullName}:${branch}@${committedAt}`), committedAt });
  }

  /** Renames or transfers a repository: its old name answers 301 to the new one, as GitHub does. */
  renameRepo(from: string, to: string): void {
    const record = this.state.repo(from);
    const { owner, name } = splitFullName(to);
    this.state.repos.delete(record.fullName.toLowerCase());
    this.state.moved.set(record.fullName.toLowerCase(), record.id);
    this.state.user(owner);
    Object.assign(record, { owner, name, fullName: `${owner}/${name}` });
    this.state.repos.set(record.fullName.toLowerCase(), record);
    this.state.moved.delete(record.fullName.toLowerCase());
  }

  /** Deletes a public repository (its name then answers 404). */
  deleteRepo(fullName: string): void {
    this.state.repos.delete(this.state.repo(fullName).fullName.toLowerCase());
  }

  addLabel(repo: string, name: string, options: { color?: string; description?: string | null } = {}): void {
    createLabel(this.state, this.state.repo(repo), { name, ...options }, this.clock.now());
  }

  /** Sets a file on the default branch without a push delivery. */
  setFile(repo: string, path: string, text: string): void {
    writeFiles(this.state, this.state.repo(repo), { [path]: text }, this.clock.now());
  }

  removeFile(repo: string, path: string): void {
    writeFiles(this.state, this.state.repo(repo), { [path]: null }, this.clock.now());
  }

  /** Commits files (`null` removes one) as `login` and returns the `push` delivery GitHub would send. */
  pushFiles(repo: string, files: Readonly<Record<string, string | null>>, login: string, message = 'Update files'): PushDelivery {
    const record = this.state.repo(repo);
    const delivery = pushDelivery(this.state, record, writeFiles(this.state, record, files), login, message);
    this.emit([delivery]);
    return delivery;
  }

  /** A role (`maintain` → permission write, `triage` → read, …) or an explicit pair. */
  setPermission(repo: string, login: string, role: RoleName | Permission): void {
    const permission = typeof role === 'string' ? permissionOf(role) : { ...role };
    this.state.user(login);
    this.state.repo(repo).permissions.set(login.toLowerCase(), permission);
  }

  /** Lets requests with `Authorization: token <token>` act as `login` (e.g. a CLI's GITHUB_TOKEN). */
  addToken(token: string, login: string): void {
    this.state.user(login);
    this.#tokens.set(token, { kind: 'user', login });
  }

  /** An installation token without the HTTP exchange. */
  installationToken(installationId: number): string {
    return this.mintInstallationToken(installationId).token;
  }

  // -------------------------------------------------------------------------------------------
  // Actors

  /** Acts as a user, as through GitHub's web UI. */
  as(login: string): Actor {
    this.state.user(login);
    return new Actor(this, { login, viaApp: false });
  }

  /** Acts as the app's bot without going through HTTP. */
  asApp(): Actor {
    return new Actor(this, { login: this.botLogin, viaApp: true });
  }

  // -------------------------------------------------------------------------------------------
  // Inspection

  issue(repo: string, number: number): IssueView {
    const record = this.state.repo(repo);
    return issueView(this.state, record, this.#issue(record, number));
  }

  issues(repo: string): IssueView[] {
    const record = this.state.repo(repo);
    return [...record.issues.values()].map((issue) => issueView(this.state, record, issue));
  }

  comments(repo: string, number: number): CommentView[] {
    const record = this.state.repo(repo);
    return this.state.issueComments(this.#issue(record, number)).map((comment) => commentView(this.state, comment));
  }

  labels(repo: string): LabelView[] {
    return [...this.state.repo(repo).labels.values()].map(labelView);
  }

  events(repo: string, number: number): EventView[] {
    return this.#issue(this.state.repo(repo), number).events.map(eventView);
  }

  file(repo: string, path: string): string | undefined {
    return this.state.repo(repo).files.get(path)?.text;
  }

  #issue(repo: RepoRecord, number: number) {
    const issue = repo.issues.get(number);
    if (!issue) throw new Error(`No issue #${number} in ${repo.fullName}`);
    return issue;
  }

  // -------------------------------------------------------------------------------------------
  // Webhooks

  onWebhook(listener: WebhookListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  emit(deliveries: readonly WebhookDelivery[]): void {
    for (const delivery of deliveries) {
      this.outbox.push(delivery);
      for (const listener of this.#listeners) listener(delivery);
    }
  }

  recordDelivery(input: HookDeliveryInput): HookDelivery {
    const delivery = hookDelivery(this.state.nextId('delivery'), this.clock.now(), input);
    this.hookDeliveries.push(delivery);
    return delivery;
  }

  /** Payloads of the deliveries sent with deliverTo, by guid: what a redelivery sends again. */
  readonly #sent = new Map<string, WebhookDelivery>();
  #redeliverTo: { url: string; secret: string } | null = null;
  /** Redeliveries going on (sent after their request was answered, as GitHub does). */
  readonly redeliveriesInFlight = new Set<Promise<unknown>>();

  /**
   * Where `POST /app/hook/deliveries/{id}/attempts` sends the delivery again (as GitHub does,
   * after answering 202), or null to only record the request.
   */
  setRedeliveryTarget(target: { url: string; secret: string } | null): void {
    this.#redeliverTo = target;
  }

  /** Sends a delivery to the app (signed) and records it in the delivery log with the answer. */
  async deliverTo(url: string, secret: string, delivery: WebhookDelivery, options: { redelivery?: boolean } = {}): Promise<SendResult> {
    this.#sent.set(delivery.id, delivery);
    const result = await signAndSend(url, secret, delivery, { appId: this.appId });
    const { payload } = delivery;
    this.recordDelivery({
      guid: delivery.id,
      event: delivery.name,
      action: 'action' in payload ? payload.action : null,
      status_code: result.status,
      installationId: payload.installation.id,
      repositoryId: payload.repository.id,
      redelivery: options.redelivery ?? false,
      duration: result.ms / 1000,
    });
    return result;
  }

  requestRedelivery(deliveryId: number): RedeliveryRequest {
    const delivery = this.hookDeliveries.find((d) => d.id === deliveryId);
    if (!delivery) throw new HttpError(404, 'Not Found');
    const request = { deliveryId, guid: delivery.guid, at: this.clock.now() };
    this.redeliveryRequests.push(request);
    for (const listener of this.#redeliveryListeners) listener(request);
    const original = this.#sent.get(delivery.guid);
    const target = this.#redeliverTo;
    if (original && target) {
      const sending = this.deliverTo(target.url, target.secret, original, { redelivery: true }).catch(() => undefined);
      this.redeliveriesInFlight.add(sending);
      void sending.finally(() => this.redeliveriesInFlight.delete(sending));
    }
    return request;
  }

  /**
   * Called on each `POST /app/hook/deliveries/{id}/attempts`, for a test that sends the delivery
   * again itself (the fleet suite: its original payload from `outbox`, to whichever replica is up)
   * rather than to one fixed `setRedeliveryTarget`.
   */
  onRedelivery(listener: (request: RedeliveryRequest) => void): () => void {
    this.#redeliveryListeners.add(listener);
    return () => this.#redeliveryListeners.delete(listener);
  }

  // -------------------------------------------------------------------------------------------
  // Calls and faults

  countCalls(filter?: CallFilter): CallCounts {
    return countCalls(this.calls, filter);
  }

  callsTo(filter?: CallFilter): CallRecord[] {
    return filterCalls(this.calls, filter);
  }

  /** Forgets recorded calls, unexpected requests and rate-limit windows. */
  resetCalls(): void {
    this.calls.length = 0;
    this.unexpected.length = 0;
    this.limits.reset();
  }

  recordCall(call: CallRecord): void {
    this.calls.push(call);
  }

  recordUnexpected(call: UnexpectedCall): void {
    this.unexpected.push(call);
  }

  inject(rule: FaultRule): InjectedFault {
    return this.faults.inject(rule);
  }

  setFaultHook(hook: FaultHook | null): void {
    this.faults.setHook(hook);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  seed(seed: number): void {
    this.faults.seed(seed);
  }

  // -------------------------------------------------------------------------------------------
  // Authentication

  mintInstallationToken(installationId: number): { token: string; expiresAt: string } {
    this.state.installation(installationId);
    const token = `ghs_${String(this.state.nextId('token')).padStart(6, '0')}${randomBytes(15).toString('hex')}`;
    this.#tokens.set(token, { kind: 'installation', installationId });
    return { token, expiresAt: isoSeconds(this.clock.nowMs() + TOKEN_TTL_MS) };
  }

  authenticate(authorization: string | undefined): Identity {
    if (!authorization) throw new HttpError(401, 'Requires authentication');
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(authorization.trim())?.[1];
    const known = token === undefined ? undefined : this.#tokens.get(token);
    if (known) return known;
    if (token !== undefined && token.split('.').length === 3) return this.#appFromJwt(token);
    throw new HttpError(401, 'Bad credentials');
  }

  /** Any three-part token is the app's JWT; its `iss`, when readable, must be the app id. */
  #appFromJwt(token: string): Identity {
    let issuer: unknown;
    try {
      issuer = (JSON.parse(Buffer.from(token.split('.')[1] as string, 'base64url').toString('utf8')) as { iss?: unknown }).iss;
    } catch {
      throw new HttpError(401, 'A JSON web token could not be decoded');
    }
    if (issuer !== undefined && String(issuer) !== String(this.appId)) {
      throw new HttpError(401, `'Issuer' claim ('iss') must be the app id ${this.appId}, got ${String(issuer)}`);
    }
    if (this.#appKey !== null) {
      const [header, payload, signature] = token.split('.') as [string, string, string];
      const signed = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), this.#appKey, Buffer.from(signature, 'base64url'));
      if (!signed) throw new HttpError(401, 'A JSON web token could not be decoded');
    }
    return { kind: 'app' };
  }

  // -------------------------------------------------------------------------------------------
  // HTTP

  /** Serves the REST API; resolves to (and sets) `url`, e.g. `http://127.0.0.1:PORT`. */
  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    if (this.#server) throw new Error(`Already listening on ${this.#server.url}`);
    this.#server = await StandInServer.start(this, port, host);
    return this.#server.url;
  }

  get url(): string {
    if (!this.#server) throw new Error('The stand-in is not listening: call listen() first');
    return this.#server.url;
  }

  async close(): Promise<void> {
    const server = this.#server;
    this.#server = null;
    await server?.close();
  }
}
