import { createHash } from 'node:crypto';
import { withAccount, type AccountVerdict } from '../checks/account.js';
import type { Duplicates } from '../checks/duplicates.js';
import { redactedKindsIn, SENSITIVE_KINDS } from '../checks/sensitive/index.js';
import { checkRequest, type CheckResult } from '../checks/validate.js';
import { parseCommands, type ParsedCommand } from '../commands/grammar.js';
import { capReply } from '../comment/limits.js';
import { readStatusData, type AccountRecord, type StatusData } from '../comment/data.js';
import type { Config } from '../config/schema.js';
import type { FormTemplate } from '../form/schema.js';
import { stateOfLabel, statesFromLabels } from '../state/labels.js';
import { isFinal, type State } from '../state/states.js';
import { decideTimer, timerOf } from '../timers/decide.js';
import { onComment } from './comment-event.js';
import { moveTo, startDraft } from './draft.js';
import { finish } from './finish.js';
import { onFormChecked } from './form-event.js';
import { onJoinedQueue } from './intake.js';
import { onClosedByHand } from './label-events.js';
import type { Plan } from './plan.js';
import type { Actor, Draft, TriageInput } from './request.js';
import { findingsFor, onSensitiveText, redactForConfig } from './sensitive-event.js';
import { onTimer } from './timer-event.js';
import { onKinds } from '../kinds/step.js';

/** The issue as GitHub shows it now (never a webhook payload's copy). */
export interface IssueView {
  number: number;
  author: string;
  open: boolean;
  stateReason: string | null;
  closedAt: string | null;
  closedBy: string | null;
  /** Closed by this app itself (a run that closed it and did not finish). */
  closedByApp?: boolean;
  labels: string[];
  /** Logins the issue is assigned to. */
  assignees?: string[];
  body: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A comment on the request that this app did not write. */
export interface CommentView {
  id: number;
  author: string;
  /** Written by a bot (another app): never runs commands or counts as a reply. */
  isBot: boolean;
  body: string;
  createdAt: string;
  updatedAt: string;
}

/** An issue event (GET /issues/{n}/events) that may move the request. */
export interface IssueEventView {
  id: number;
  kind: 'labeled' | 'unlabeled' | 'closed' | 'reopened';
  actor: string;
  /** Done by this app (its own writes are never treated as people's changes). */
  byApp: boolean;
  at: string;
  label: string | null;
  stateReason: string | null;
}

/** What a run reads before deciding: the live issue, the bot's comments, people's comments. */
export interface Observation {
  config: Config;
  template: FormTemplate;
  issue: IssueView;
  /** The bot's status comment (the oldest, when a race left several). */
  status: { id: number; body: string } | null;
  /** Further status comments of this app, to fold into the first. */
  extraStatus: number[];
  comments: CommentView[];
  /** Keys of the replies this app has already posted on the issue. */
  replyKeys: ReadonlySet<string>;
}

export interface QueueFacts {
  queueAhead: number;
  duplicates: Duplicates;
}

/** Facts fetched on demand, when the core asks for them. */
export interface Facts {
  /** People's label, close and reopen events; null until asked for. */
  events: IssueEventView[] | null;
  /** Whether each login (lower case) has the configured rights. */
  maintainers: ReadonlyMap<string, boolean>;
  queue: QueueFacts | null;
  /** The account check's verdict for `Needs.account`; undefined until asked, null for no answer. */
  account: AccountVerdict | null | undefined;
}

export interface RunOptions {
  /** The run's time (the clock, or the sweep's `--now`): used for timers and account verdicts. */
  now: string;
  /** Run the requester-silence timers (the sweep does). */
  timers: boolean;
  /** Recount the queue position of a request waiting in triage (the sweep does). */
  refreshQueue: boolean;
  /**
   * Read people's label, close and reopen events even when the labels agree with the record:
   * a trigger said such an event happened (a close and a reopen leave no other trace).
   */
  readEvents?: boolean;
}

export interface Needs {
  maintainers: string[];
  events: boolean;
  queue: { username: string | null; createdAt: string } | null;
  account: string | null;
}

export type Decision =
  | { kind: 'needs'; needs: Needs }
  | { kind: 'done'; plan: Plan; state: State | null; data: StatusData; dropped: string[]; summary: string[] };

export function emptyFacts(): Facts {
  return { events: null, maintainers: new Map(), queue: null, account: undefined };
}

/** Who the history names for what the bot decided on its own (timers, duplicate checks). */
const BOT_ACTOR = 'recovery-triage';

type Item =
  | { kind: 'event'; at: string; order: number; event: IssueEventView }
  | { kind: 'comment'; at: string; order: number; comment: CommentView; commands: ParsedCommand[]; created: boolean; replyKey: string };

/**
 * One reconciliation of a request, level-triggered: from what GitHub shows now and the record
 * in the bot's status comment, the request the bot wants, and the writes that get there.
 * Pure: when it needs more facts (rights of a command's author, people's label events, the
 * queue, the account check) it says so and the shell asks again with them. Running it twice on
 * the same GitHub state plans nothing the second time.
 */
export function decide(obs: Observation, facts: Facts, options: RunOptions): Decision {
  const { config, template, issue } = obs;
  const { data: recorded, dropped } = readStatusData(obs.status?.body);
  const needs: Needs = { maintainers: [], events: false, queue: null, account: null };
  const summary: string[] = [];
  const items = collectItems(obs, recorded, facts);

  // The account check runs when the username changes or someone asks for a recheck.
  const base = checkRequest(template, issue.body, config.username);
  let account: AccountRecord | null = recorded.account;
  const recheck = items.some((i) => i.kind === 'comment' && i.commands.some((c) => c.verb === 'recheck'));
  if (config.accountCheck.urlTemplate && base.valid && base.username) {
    const stale = account === null || account.username.toLowerCase() !== base.username.toLowerCase();
    if (stale || recheck) {
      if (facts.account === undefined) needs.account = base.username;
      else if (facts.account !== null) account = { username: base.username, ...facts.account, at: options.now };
    }
  }
  const check = withAccount(base, account, config, template);

  let draft = startDraft({ ...recorded, account });
  const recordedState = draft.state;
  const liveStates = statesFromLabels(issue.labels, config);
  const expectOpen = recordedState === null || !isFinal(recordedState);
  const drift =
    liveStates.length !== (recordedState === null ? 0 : 1) ||
    (recordedState !== null && liveStates[0] !== recordedState) ||
    issue.open !== expectOpen;
  if ((drift || options.readEvents === true) && facts.events === null) needs.events = true;

  for (const item of items) {
    const login = item.kind === 'comment' ? (item.commands.length > 0 ? item.comment.author : null) : labelActor(item.event, config);
    if (login !== null && !facts.maintainers.has(login.toLowerCase()) && !needs.maintainers.includes(login.toLowerCase())) {
      needs.maintainers.push(login.toLowerCase());
    }
  }
  if (needs.events || needs.account !== null || needs.maintainers.length > 0) return { kind: 'needs', needs };

  const input: TriageInput = {
    config,
    template,
    request: {
      number: issue.number,
      author: issue.author,
      open: issue.open,
      labels: issue.labels,
      body: issue.body,
      status: obs.status,
      assignees: issue.assignees ?? [],
    },
  };

  // The live body decides between incomplete and triage while no maintainer has taken over.
  const firstRun = obs.status === null && recorded.history.length === 0;
  draft = onFormChecked(draft, check, firstRun ? 'opened' : 'edited', {
    login: issue.author,
    at: firstRun ? issue.createdAt : issue.updatedAt,
  });
  draft = sensitiveBody(draft, issue.body ?? '', config);
  draft = noticeEdit(draft, recorded, issue, config);

  for (const item of withUnexplained(items, issue, expectOpen)) {
    if (item.kind === 'event') draft = onPeopleEvent(draft, item.event, input, check, facts);
    else draft = onCommentItem(draft, item, input, check, facts);
  }
  // Kind, language and urgency, after the commands (a `/recovery kind` correction sticks).
  draft = onKinds(draft, {
    config,
    template,
    check,
    body: issue.body,
    author: issue.author,
    issue: issue.number,
    open: issue.open,
    before: recorded,
    actor: { login: BOT_ACTOR, at: firstRun ? issue.createdAt : issue.updatedAt },
  });

  // A request that joined the queue in this run learns its place and its duplicates.
  const entered = joinedQueue(recorded, draft);
  const refresh = options.refreshQueue && draft.state === 'triage' && issue.open;
  if (entered || refresh) {
    if (facts.queue === null)
      return { kind: 'needs', needs: { ...needs, queue: { username: check.username, createdAt: issue.createdAt } } };
    if (entered) {
      draft = onJoinedQueue(draft, facts.queue.queueAhead, facts.queue.duplicates, config, issue.author, {
        login: BOT_ACTOR,
        at: draft.data.history.at(-1)?.at ?? options.now,
      });
    } else if (draft.data.queueAhead !== facts.queue.queueAhead) {
      draft = { ...draft, data: { ...draft.data, queueAhead: facts.queue.queueAhead } };
      summary.push('queue position refreshed');
    }
  }

  if (options.timers && issue.open) draft = runTimer(draft, obs, input, options.now, summary);
  // The app closed the issue in a run that did not finish, for a reason this run cannot see
  // again (a timer): the close stands.
  // A close the record already explains (a final state, then reopened by a command in this run) is not that.
  if (!issue.open && issue.closedByApp === true && expectOpen && (draft.state === null || !isFinal(draft.state))) {
    draft = onClosedByHand(draft, issue.stateReason, { login: issue.closedBy ?? BOT_ACTOR, at: issue.closedAt ?? issue.updatedAt });
  }

  draft = { ...draft, data: advanceCursor(draft.data, obs, items) };
  const plan = finish(input, draft, check);
  return {
    kind: 'done',
    plan: {
      ...plan,
      deleteComments: obs.extraStatus,
      replies: plan.replies
        .filter((r) => !obs.replyKeys.has(r.key))
        .map((r) => ({ ...r, body: capReply(r.body, config.limits.replyLength) })),
    },
    state: draft.state,
    data: draft.data,
    dropped,
    summary,
  };
}

/** People's comments and label/close/reopen events the record has not seen, in time order. */
function collectItems(obs: Observation, recorded: StatusData, facts: Facts): Item[] {
  const items: Item[] = [];
  const { cursor } = recorded;
  for (const comment of obs.comments) {
    if (comment.isBot) continue;
    if (comment.id > cursor.comment) {
      items.push({
        kind: 'comment',
        at: comment.createdAt,
        order: comment.id,
        comment,
        commands: parseCommands(comment.body),
        created: true,
        replyKey: `c${comment.id}`,
      });
    } else if (cursor.seenAt !== null && comment.updatedAt > cursor.seenAt) {
      // An edit runs only the commands it added.
      const commands = added(recorded.ran[String(comment.id)] ?? [], parseCommands(comment.body));
      items.push({
        kind: 'comment',
        at: comment.updatedAt,
        order: comment.id,
        comment,
        commands,
        created: false,
        replyKey: `c${comment.id}-${hash(commands.map(commandKey).join('\n'))}`,
      });
    }
  }
  for (const event of facts.events ?? []) {
    if (event.byApp || event.id <= cursor.event) continue;
    // The issue was read first: an event after that read belongs to the next run (its own trigger),
    // or this run would act on labels and an open/closed state it has not seen.
    if (event.at > obs.issue.updatedAt) continue;
    // Only state labels move a request; other labels are none of the bot's business.
    if (
      (event.kind === 'labeled' || event.kind === 'unlabeled') &&
      (event.label === null || stateOfLabel(event.label, obs.config) === null)
    )
      continue;
    items.push({ kind: 'event', at: event.at, order: event.id, event });
  }
  // Events before comments at the same second: a label set, then a command about it.
  return items.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.kind === b.kind ? a.order - b.order : a.kind === 'event' ? -1 : 1));
}

/**
 * A close or reopen that people's events do not show (the events lag behind, or the bot's own
 * unfinished close) still counts, at the time the issue gives: a request is never reopened or
 * left open against what GitHub shows.
 */
function withUnexplained(items: Item[], issue: IssueView, expectOpen: boolean): Item[] {
  const shown = (kind: IssueEventView['kind']) => items.some((i) => i.kind === 'event' && i.event.kind === kind);
  let synthetic: IssueEventView | null = null;
  // The app's own unfinished close is explained by the rest of the run (see decide).
  if (!issue.open && expectOpen && !shown('closed') && issue.closedByApp !== true) {
    synthetic = {
      id: 0,
      kind: 'closed',
      actor: issue.closedBy ?? 'ghost',
      byApp: false,
      at: issue.closedAt ?? issue.updatedAt,
      label: null,
      stateReason: issue.stateReason,
    };
  } else if (issue.open && !expectOpen && !shown('reopened')) {
    synthetic = { id: 0, kind: 'reopened', actor: issue.author, byApp: false, at: issue.updatedAt, label: null, stateReason: null };
  }
  if (synthetic === null) return items;
  const at = synthetic.at;
  return [...items.filter((i) => i.at <= at), { kind: 'event', at, order: 0, event: synthetic }, ...items.filter((i) => i.at > at)];
}

/** The login whose rights decide an event: only a state label set by hand needs them. */
function labelActor(event: IssueEventView, config: Config): string | null {
  if (event.byApp || event.kind !== 'labeled' || event.label === null) return null;
  return stateOfLabel(event.label, config) === null ? null : event.actor;
}

function onPeopleEvent(draft: Draft, event: IssueEventView, input: TriageInput, check: CheckResult, facts: Facts): Draft {
  const actor: Actor = { login: event.actor, at: event.at };
  switch (event.kind) {
    case 'labeled': {
      const added = event.label === null ? null : stateOfLabel(event.label, input.config);
      if (added === null || added === draft.state) return draft;
      // From anyone without the rights the label is undone: the final diff takes it off again.
      if (facts.maintainers.get(event.actor.toLowerCase()) !== true) return draft;
      return moveTo(draft, added, actor, 'label set by hand', `label "${input.config.labels[added].name}" added`);
    }
    case 'unlabeled':
      // A state label taken off with none left is put back by the final diff.
      return draft;
    case 'closed':
      return draft.state !== null && isFinal(draft.state) ? draft : onClosedByHand(draft, event.stateReason, actor);
    case 'reopened':
      return draft.state !== null && isFinal(draft.state) ? onFormChecked(draft, check, 'reopened', actor) : draft;
  }
}

function onCommentItem(
  draft: Draft,
  item: Extract<Item, { kind: 'comment' }>,
  input: TriageInput,
  check: CheckResult,
  facts: Facts,
): Draft {
  const { comment } = item;
  const author: Actor = { login: comment.author, at: item.at };
  const next = onComment(input, draft, check, {
    id: comment.id,
    body: comment.body,
    author,
    commands: item.commands,
    created: item.created,
    isMaintainer: facts.maintainers.get(comment.author.toLowerCase()) === true,
    replyKey: item.replyKey,
    maxCommands: input.config.limits.commandsPerComment,
  });
  const checked = onSensitiveText(next, comment.body, { kind: 'comment', id: comment.id }, input.config);
  // Redaction markers in a comment stand for kinds found before (a run that redacted, then failed).
  const redacted = redactedKindsIn(comment.body).filter((k) => !checked.data.sensitive.includes(k));
  return redacted.length === 0 ? checked : { ...checked, data: { ...checked.data, sensitive: [...checked.data.sensitive, ...redacted] } };
}

/**
 * The body is read on every run: kinds found in it (or standing as redaction markers) are
 * remembered; the sensitive-data flag is owed only for kinds the record has not seen, so a
 * maintainer who takes the flag off is not overruled on the next run.
 */
function sensitiveBody(draft: Draft, body: string, config: Config): Draft {
  const before = draft.data.sensitive;
  const found = [...findingsFor(body, config).map((f) => f.kind), ...redactedKindsIn(body)];
  if (found.length === 0) return draft;
  const checked = onSensitiveText(draft, body, { kind: 'body' }, config);
  const kinds = [...new Set([...checked.data.sensitive, ...found])];
  const fresh = found.filter((k) => !before.includes(k));
  const secret = fresh.some((k) => SENSITIVE_KINDS[k].category === 'secret');
  const flag = config.flags['sensitive-data'].name;
  return {
    ...checked,
    data: { ...checked.data, sensitive: kinds },
    flags: secret ? (checked.flags.includes(flag) ? checked.flags : [...checked.flags, flag]) : draft.flags,
  };
}

/**
 * Remembers a digest of the body (with the bot's redactions applied, so its own edits do not
 * count) and, when an incomplete request's body changed, restarts its timer from the edit.
 */
function noticeEdit(draft: Draft, recorded: StatusData, issue: IssueView, config: Config): Draft {
  const digest = hash(redactForConfig(issue.body ?? '', config));
  if (digest === recorded.bodyHash) return draft;
  const edited = recorded.bodyHash !== null && draft.state === 'incomplete' && recorded.history.at(-1)?.to === 'incomplete';
  return {
    ...draft,
    data: { ...draft.data, bodyHash: digest, ...(edited ? { timerSince: issue.updatedAt, remindedAt: null } : {}) },
  };
}

/** True when this run moved the request into triage. */
function joinedQueue(recorded: StatusData, draft: Draft): boolean {
  return draft.state === 'triage' && draft.data.historyTotal > recorded.historyTotal && draft.data.history.at(-1)?.to === 'triage';
}

function runTimer(draft: Draft, obs: Observation, input: TriageInput, now: string, summary: string[]): Draft {
  const timer = timerOf(input.config, draft.state);
  if (timer === null) return draft;
  const exempt = new Set(input.config.timers.exemptLabels.map((l) => l.toLowerCase()));
  if (obs.issue.labels.some((l) => exempt.has(l.toLowerCase()))) return draft;
  const stateEntered = [...draft.data.history].reverse().find((h) => h.to === timer.state)?.at ?? obs.issue.createdAt;
  // An edit of an incomplete request restarts its timer.
  const since = timer.state === 'incomplete' ? draft.data.timerSince : null;
  const entered = since !== null && since > stateEntered ? since : stateEntered;
  const author = obs.issue.author.toLowerCase();
  let replied: string | null = null;
  for (const c of obs.comments)
    if (!c.isBot && c.author.toLowerCase() === author && (replied === null || c.createdAt > replied)) replied = c.createdAt;
  const decision = decideTimer(
    timer.settings,
    {
      labelSetAt: new Date(entered),
      requesterRepliedAt: replied === null ? null : new Date(replied),
      remindedAt: draft.data.remindedAt === null ? null : new Date(draft.data.remindedAt),
    },
    new Date(now),
  );
  if (decision.action === 'wait') return draft;
  summary.push(`timer: ${decision.action}`);
  return onTimer(
    input,
    draft,
    { step: decision.action, settings: timer.settings, since: decision.since.toISOString() },
    { login: `${BOT_ACTOR} timer`, at: now },
  );
}

/** The record moves past everything this run read, so the next run starts where this one ended. */
function advanceCursor(data: StatusData, obs: Observation, items: Item[]): StatusData {
  let comment = data.cursor.comment;
  let seenAt = data.cursor.seenAt;
  for (const c of obs.comments) {
    if (c.id > comment) comment = c.id;
    if (seenAt === null || c.updatedAt > seenAt) seenAt = c.updatedAt;
  }
  let event = data.cursor.event;
  // Only people's events that can move the request: re-reading the same events changes nothing.
  for (const item of items) if (item.kind === 'event' && item.event.id > event) event = item.event.id;
  const ran = { ...data.ran };
  for (const item of items) {
    if (item.kind !== 'comment') continue;
    const all = parseCommands(item.comment.body);
    if (all.length > 0) ran[String(item.comment.id)] = all.map(commandKey);
    else delete ran[String(item.comment.id)];
  }
  return { ...data, cursor: { comment, event, seenAt }, ran };
}

function commandKey(command: ParsedCommand): string {
  return `${command.verb} ${command.args.replace(/\s+/g, ' ')}`.trim().slice(0, 200);
}

/** The commands of `now` beyond those already run (a line twice counts once per extra copy). */
function added(ran: readonly string[], now: ParsedCommand[]): ParsedCommand[] {
  const seen = new Map<string, number>();
  for (const key of ran) seen.set(key, (seen.get(key) ?? 0) + 1);
  return now.filter((command) => {
    const key = commandKey(command);
    const left = seen.get(key) ?? 0;
    if (left === 0) return true;
    seen.set(key, left - 1);
    return false;
  });
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
