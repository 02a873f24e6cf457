import { createHash } from 'node:crypto';
import { withAccount, type AccountVerdict } from '../checks/account.js';
import type { Duplicates } from '../checks/duplicates.js';
import { redactedKindsIn, SENSITIVE_KINDS } from '../checks/sensitive/index.js';
import { checkRequest, type CheckResult } from '../checks/validate.js';
import { parseCommands, type ParsedCommand } from '../commands/grammar.js';
import { capReply } from '../comment/limits.js';
import {
  emptyStatusData,
  historyEntry,
  ranDigest,
  readStatusData,
  type AccountRecord,
  type DecodedStatusData,
  type StatusData,
} from '../comment/data.js';
import type { Config } from '../config/schema.js';
import { evidenceNeeds, branchNeeds, storedCommandArgs, withEvidence, withoutHiddenEvidence } from '../evidence/core.js';
import type { BranchFact, BranchNeed, EvidenceNeed, EvidenceRecord } from '../evidence/types.js';
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
  /** The author's numeric GitHub id (what the evidence compares; logins can change hands). */
  authorId?: number | null;
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
  /** The id of the newest comment this deployment wrote on the issue (a reply, a status comment). */
  ownLatest?: number | null;
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
  /** The evidence for `Needs.evidence`; undefined until asked (a failure is an `unavailable` record). */
  evidence?: EvidenceRecord;
  /** `/recovery branch` lookups, by branchKey. */
  branches?: ReadonlyMap<string, BranchFact>;
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
  /** Gather the public evidence for this account (src/evidence). */
  evidence?: EvidenceNeed | null;
  /** Look up these `/recovery branch` branches (maintainers' commands only). */
  branches?: BranchNeed[];
}

export type Decision =
  | { kind: 'needs'; needs: Needs }
  | {
      kind: 'done';
      plan: Plan;
      state: State | null;
      data: StatusData;
      dropped: string[];
      summary: string[];
      /**
       * The events listing lags the issue (a state label is on it whose event is not listed
       * yet): the plan is empty, and the shell runs the request again after this long.
       */
      recheckAfterMs?: number;
    };

/** How soon a run that found the events listing behind the issue looks again. */
export const LAG_RECHECK_MS = 5000;
/**
 * How long after the issue's last change a state label without its event counts as the listing
 * lagging. Past it the label is explained by nothing GitHub will list (a renamed label, say)
 * and the record wins, as before.
 */
export const LAG_WINDOW_MS = 120_000;

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
  const stored = readStatusData(obs.status?.body);
  const replay = decideFrom(obs, facts, options, stored);
  // With no status comment the request is decided from scratch. When that disagrees with the
  // state label on the issue, the record was lost (a maintainer deleted the status comment):
  // the labels are the state, and old commands and label events are not run again with today's
  // rights (a maintainer who has left must not make the request fall back).
  if (obs.status !== null || replay.kind === 'needs' || replay.recheckAfterMs !== undefined || facts.events === null) return replay;
  const live = statesFromLabels(obs.issue.labels, obs.config);
  if (live.length === 0 || (replay.state !== null && live.includes(replay.state))) return replay;
  // A request the bot has never written on had no record to lose: it sees it for the first time
  // (its opening deliveries were lost, an Action run started late), after people already moved
  // it, and the replay of their events and commands is the request.
  const botWrote = obs.ownLatest != null || obs.replyKeys.size > 0 || facts.events.some((e) => e.byApp);
  if (!botWrote) return replay;
  const rebuilt = decideFrom(obs, facts, options, { data: rebuiltRecord(obs, facts.events, live, options.now), dropped: [] });
  return rebuilt.kind === 'done' ? { ...rebuilt, summary: [...rebuilt.summary, 'record rebuilt from the labels'] } : rebuilt;
}

/**
 * The record of a request whose status comment is gone, from what GitHub shows: the state
 * label is the state (the one labelled last when there are several), one history row says the
 * record was rebuilt, and everything already on the issue counts as handled: every listed
 * event, every comment the bot has answered or written after, every comment older than the
 * bot's last label change. Comments after those still run.
 */
export function rebuiltRecord(obs: Observation, events: readonly IssueEventView[], live: readonly State[], now: string): StatusData {
  const labelledAt = (state: State) => {
    const name = obs.config.labels[state].name.toLowerCase();
    return Math.max(0, ...events.filter((e) => e.kind === 'labeled' && e.label?.toLowerCase() === name).map((e) => e.id));
  };
  const state = [...live].sort((a, b) => labelledAt(b) - labelledAt(a))[0];
  const botActed = events.filter((e) => e.byApp).reduce<string | null>((at, e) => (at === null || e.at > at ? e.at : at), null);
  let comment = obs.ownLatest ?? 0;
  for (const key of obs.replyKeys) {
    const id = /^c(\d+)/.exec(key);
    if (id) comment = Math.max(comment, Number(id[1]));
  }
  for (const c of obs.comments) if (botActed !== null && c.createdAt < botActed) comment = Math.max(comment, c.id);
  const onIssue = new Set(obs.issue.labels.map((l) => l.toLowerCase()));
  const shown = (e: IssueEventView) => e.at <= obs.issue.updatedAt || (e.kind === 'labeled' && onIssue.has(e.label?.toLowerCase() ?? ''));
  const event = Math.max(0, ...events.filter(shown).map((e) => e.id));
  const data = emptyStatusData();
  data.history = [
    historyEntry({
      at: now,
      actor: BOT_ACTOR,
      event: 'record rebuilt',
      from: null,
      to: state,
      reason: 'no status comment: state taken from the labels',
    }),
  ];
  data.historyTotal = 1;
  data.cursor = { comment, event, seenAt: null };
  // Which commands those comments had is not known: an edit of one runs nothing.
  data.ranFloor = comment;
  return data;
}

function decideFrom(obs: Observation, facts: Facts, options: RunOptions, stored: DecodedStatusData): Decision {
  const { config, template, issue } = obs;
  const { data: recorded, dropped } = stored;
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
  const commands = items.flatMap((i) =>
    i.kind === 'comment'
      ? i.commands.slice(0, config.limits.commandsPerComment).map((command) => ({ author: i.comment.author, command }))
      : [],
  );
  const branches = branchNeeds(commands, facts);
  if (branches.length > 0) return { kind: 'needs', needs: { ...needs, branches } };

  // A state label on the issue whose event is not listed yet: never undo it, look again shortly.
  if (facts.events !== null && laggingLabels(issue, recordedState, facts.events, config).length > 0) {
    const since = Date.parse(options.now) - Date.parse(issue.updatedAt);
    if (!(since > LAG_WINDOW_MS)) {
      return {
        kind: 'done',
        plan: emptyPlan(),
        state: recordedState,
        data: recorded,
        dropped,
        summary: ['events lag: settle'],
        recheckAfterMs: LAG_RECHECK_MS,
      };
    }
  }

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
  // The public evidence: on entering triage, on `/recovery evidence`, and from the sweep when stale.
  const evidence = evidenceNeeds(draft, commands, facts, { config, issue, username: base.valid ? base.username : null, entered, options });
  if (evidence !== null && facts.evidence === undefined && !((entered || refresh) && facts.queue === null))
    return { kind: 'needs', needs: { ...needs, evidence } };
  if (evidence !== null && facts.evidence !== undefined) {
    draft = withEvidence(draft, facts.evidence);
    summary.push(`evidence ${facts.evidence.status === 'ok' ? 'gathered' : 'unavailable'}`);
  }
  draft = withoutHiddenEvidence(draft, config);
  if (entered || refresh) {
    if (facts.queue === null)
      return {
        kind: 'needs',
        needs: {
          ...needs,
          queue: { username: check.username, createdAt: issue.createdAt },
          ...(evidence !== null && facts.evidence === undefined ? { evidence } : {}),
        },
      };
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

/**
 * State labels on the issue, other than the recorded state, that the events listing does not
 * show as added yet (no `labeled` event for them, or an `unlabeled` one last): the listing lags
 * the issue, and nothing may be decided about them before their event is listed.
 */
export function laggingLabels(issue: IssueView, recorded: State | null, events: readonly IssueEventView[], config: Config): string[] {
  const last = new Map<string, IssueEventView>();
  for (const event of [...events].sort((a, b) => a.id - b.id)) {
    if ((event.kind === 'labeled' || event.kind === 'unlabeled') && event.label !== null) last.set(event.label.toLowerCase(), event);
  }
  return issue.labels.filter((label) => {
    const state = stateOfLabel(label, config);
    if (state === null || state === recorded) return false;
    return last.get(label.toLowerCase())?.kind !== 'labeled';
  });
}

function emptyPlan(): Plan {
  return {
    ensureLabels: [],
    addLabels: [],
    removeLabels: [],
    redactBody: false,
    redactComments: [],
    replies: [],
    reactions: [],
    assign: [],
    unassign: [],
    issue: 'none',
    statusComment: null,
    deleteComments: [],
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
      // An edit runs only the commands it added; a comment older than the remembered ones ran all it has.
      const ran = recorded.ran[String(comment.id)];
      const commands = ran === undefined && comment.id <= recorded.ranFloor ? [] : added(ran ?? [], parseCommands(comment.body));
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
  const onIssue = new Set(obs.issue.labels.map((l) => l.toLowerCase()));
  for (const event of facts.events ?? []) {
    if (event.byApp || event.id <= cursor.event) continue;
    // The issue was read first: an event after that read belongs to the next run (its own trigger),
    // or this run would act on labels and an open/closed state it has not seen. But a label the
    // read shows was added by its event, whatever its time says: GitHub stamps the issue and the
    // event apart, in whole seconds, so the event can read a second later than the issue.
    if (event.at > obs.issue.updatedAt && !(event.kind === 'labeled' && onIssue.has(event.label?.toLowerCase() ?? ''))) continue;
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
    branches: facts.branches,
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
    if (all.length > 0) ran[String(item.comment.id)] = all.map((c) => ranDigest(commandKey(c)));
    else delete ran[String(item.comment.id)];
  }
  return { ...data, cursor: { comment, event, seenAt }, ran };
}

function commandKey(command: ParsedCommand): string {
  // A `/recovery branch` token is kept cut (see src/evidence/branch.ts).
  return `${command.verb} ${storedCommandArgs(command).replace(/\s+/g, ' ')}`.trim().slice(0, 200);
}

/** The commands of `now` beyond those already run (a line twice counts once per extra copy). */
function added(ran: readonly string[], now: ParsedCommand[]): ParsedCommand[] {
  const seen = new Map<string, number>();
  for (const key of ran) seen.set(ranDigest(key), (seen.get(ranDigest(key)) ?? 0) + 1);
  return now.filter((command) => {
    const key = ranDigest(commandKey(command));
    const left = seen.get(key) ?? 0;
    if (left === 0) return true;
    seen.set(key, left - 1);
    return false;
  });
}

function hash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}
