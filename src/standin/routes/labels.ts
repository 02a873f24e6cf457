import { notFound } from '../errors.js';
import { labelJson } from '../json.js';
import { addLabels, createLabel, deleteLabel, removeLabel, setLabels, updateLabel, type LabelPatch } from '../mutations.js';
import type { IssueRecord, LabelRecord, RepoRecord } from '../types.js';
import {
  actorOf,
  issueOf,
  nameList,
  noContent,
  nullableString,
  optionalString,
  page,
  repoOf,
  reply,
  requiredString,
  type RequestContext,
  type Reply,
  type RouteTable,
} from './context.js';

function labelOf(ctx: RequestContext, repo: RepoRecord): LabelRecord {
  const label = ctx.state.label(repo, ctx.params.name ?? '');
  if (!label) throw notFound();
  return label;
}

function issueLabels(ctx: RequestContext, repo: RepoRecord, issue: IssueRecord): Reply {
  return reply(ctx.state.issueLabels(repo, issue).map((label) => labelJson(repo, label)));
}

function listLabels(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  return page(ctx, [...repo.labels.values()], (label) => labelJson(repo, label));
}

function postLabel(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const description = nullableString(ctx, 'description');
  const color = optionalString(ctx, 'color');
  const label = createLabel(ctx.state, repo, {
    name: requiredString(ctx, 'name', 'Label'),
    ...(color !== undefined ? { color: color.replace(/^#/, '') } : {}),
    ...(description !== undefined ? { description } : {}),
  });
  return reply(labelJson(repo, label), 201);
}

function getLabel(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  return reply(labelJson(repo, labelOf(ctx, repo)));
}

function patchLabel(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const patch: LabelPatch = {};
  const newName = optionalString(ctx, 'new_name');
  if (newName !== undefined) patch.new_name = newName;
  const color = optionalString(ctx, 'color');
  if (color !== undefined) patch.color = color.replace(/^#/, '');
  const description = nullableString(ctx, 'description');
  if (description !== undefined) patch.description = description;
  return reply(labelJson(repo, updateLabel(ctx.state, repo, labelOf(ctx, repo), patch)));
}

function removeRepoLabel(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  deleteLabel(ctx.state, repo, labelOf(ctx, repo));
  return noContent;
}

function listIssueLabels(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  return page(ctx, ctx.state.issueLabels(repo, issue), (label) => labelJson(repo, label));
}

/** Adds labels, creating unknown ones (colour ededed); answers with all the issue's labels. */
function postIssueLabels(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  ctx.backend.emit(addLabels(ctx.state, actorOf(ctx), repo, issue, nameList(ctx, 'labels') ?? []));
  return issueLabels(ctx, repo, issue);
}

function putIssueLabels(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  ctx.backend.emit(setLabels(ctx.state, actorOf(ctx), repo, issue, nameList(ctx, 'labels') ?? []));
  return issueLabels(ctx, repo, issue);
}

function clearIssueLabels(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  ctx.backend.emit(setLabels(ctx.state, actorOf(ctx), repo, issueOf(ctx, repo), []));
  return noContent;
}

/** 404 `Label does not exist` when the label is not on the issue; else the labels left. */
function deleteIssueLabel(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const issue = issueOf(ctx, repo);
  ctx.backend.emit(removeLabel(ctx.state, actorOf(ctx), repo, issue, ctx.params.name ?? ''));
  return issueLabels(ctx, repo, issue);
}

const ISSUE_LABELS = '/repos/{owner}/{repo}/issues/{issue_number}/labels';

export const labelRoutes: RouteTable = [
  ['GET /repos/{owner}/{repo}/labels', { auth: 'repo', handle: listLabels }],
  ['POST /repos/{owner}/{repo}/labels', { auth: 'repo', handle: postLabel }],
  ['GET /repos/{owner}/{repo}/labels/{name}', { auth: 'repo', handle: getLabel }],
  ['PATCH /repos/{owner}/{repo}/labels/{name}', { auth: 'repo', handle: patchLabel }],
  ['DELETE /repos/{owner}/{repo}/labels/{name}', { auth: 'repo', handle: removeRepoLabel }],
  [`GET ${ISSUE_LABELS}`, { auth: 'repo', handle: listIssueLabels }],
  [`POST ${ISSUE_LABELS}`, { auth: 'repo', handle: postIssueLabels }],
  [`PUT ${ISSUE_LABELS}`, { auth: 'repo', handle: putIssueLabels }],
  [`DELETE ${ISSUE_LABELS}`, { auth: 'repo', handle: clearIssueLabels }],
  [`DELETE ${ISSUE_LABELS}/{name}`, { auth: 'repo', handle: deleteIssueLabel }],
];
