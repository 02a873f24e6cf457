import type { ParsedCommand } from '../commands/grammar.js';
import type { Config } from '../config/schema.js';
import { isFinal } from '../state/states.js';
import type { Draft } from '../triage/request.js';
import { branchKey, branchNeed, parseBranchArgs, storedArgs } from './branch.js';
import { boundedEvidence, type BranchFact, type BranchNeed, type EvidenceNeed, type EvidenceRecord } from './types.js';

/** A command of this run and who wrote it. */
export interface AuthoredCommand {
  author: string;
  command: ParsedCommand;
}

interface FactsLike {
  maintainers: ReadonlyMap<string, boolean>;
  evidence?: EvidenceRecord;
  branches?: ReadonlyMap<string, BranchFact>;
}

function byMaintainer(c: AuthoredCommand, facts: FactsLike): boolean {
  return facts.maintainers.get(c.author.toLowerCase()) === true;
}

/** The `/recovery branch` lookups this run's maintainers asked for and the shell has not made. */
export function branchNeeds(commands: readonly AuthoredCommand[], facts: FactsLike): BranchNeed[] {
  const needs = new Map<string, BranchNeed>();
  for (const c of commands) {
    if (c.command.verb !== 'branch' || !byMaintainer(c, facts)) continue;
    const args = parseBranchArgs(c.command.args);
    if ('problem' in args) continue;
    const key = branchKey(args);
    if (facts.branches?.has(key) !== true) needs.set(key, branchNeed(args));
  }
  // A handful per run at most (commandsPerComment bounds each comment).
  return [...needs.values()].slice(0, 10);
}

export interface EvidenceContext {
  config: Config;
  issue: { author: string; authorId?: number | null; open: boolean };
  /** The valid username of the form, or null. */
  username: string | null;
  /** The request joined the queue in this run. */
  entered: boolean;
  /** The sweep's runs have the timers on: they refresh stale evidence. */
  options: { now: string; timers: boolean };
}

/**
 * Whether this run gathers the evidence: when the request first enters triage, when a
 * maintainer runs `/recovery evidence` (PyPI's cache bypassed), when the form names another
 * account, and from the sweep for requests in triage whose last gathering is older than
 * `cacheHours` or failed. Only open requests past `incomplete`.
 */
export function evidenceNeeds(
  draft: Draft,
  commands: readonly AuthoredCommand[],
  facts: FactsLike,
  ctx: EvidenceContext,
): EvidenceNeed | null {
  const { evidence } = ctx.config;
  if (!evidence.enabled || !evidence.show || ctx.username === null || !ctx.issue.open) return null;
  if (draft.state === null || draft.state === 'incomplete' || isFinal(draft.state)) return null;
  const recorded = draft.data.evidence;
  const asked = commands.some((c) => c.command.verb === 'evidence' && c.command.args === '' && byMaintainer(c, facts));
  const otherAccount = recorded !== null && recorded.username.toLowerCase() !== ctx.username.toLowerCase();
  const age = recorded === null ? Infinity : Date.parse(ctx.options.now) - Date.parse(recorded.at);
  const stale = recorded === null || recorded.status !== 'ok' || !(age < evidence.cacheHours * 3_600_000);
  // The sweep refreshes only requests waiting for an admin: that is when the evidence is read.
  const wanted = ctx.entered || asked || otherAccount || (ctx.options.timers && stale && draft.state === 'triage');
  if (!wanted) return null;
  return { username: ctx.username, requester: { login: ctx.issue.author, id: ctx.issue.authorId ?? null }, fresh: asked };
}

/** The draft with the gathered evidence recorded (bounded). */
export function withEvidence(draft: Draft, record: EvidenceRecord): Draft {
  return { ...draft, data: { ...draft.data, evidence: boundedEvidence(record) } };
}

/** With the section turned off (`enabled` or `show` false), nothing of the evidence is kept either. */
export function withoutHiddenEvidence(draft: Draft, config: Config): Draft {
  if (draft.data.evidence === null || (config.evidence.enabled && config.evidence.show)) return draft;
  return { ...draft, data: { ...draft.data, evidence: null } };
}

/** A command's arguments as the hidden data keeps them. */
export function storedCommandArgs(command: ParsedCommand): string {
  return storedArgs(command.verb, command.args);
}
