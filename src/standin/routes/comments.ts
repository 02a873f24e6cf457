import { HttpError } from '../errors.js';
import { commentJson, reactionJson } from '../json.js';
import { addReaction, createComment, deleteComment, deleteReaction, updateComment } from '../mutations.js';
import { REACTION_CONTENTS, type CommentRecord, type ReactionContent } from '../types.js';
import {
  actorOf,
  commentOf,
  issueOf,
  noContent,
  page,
  querySince,
  repoOf,
  reply,
  requiredString,
  type RequestContext,
  type Reply,
  type RouteTable,
} from './context.js';

function updatedSince(ctx: RequestContext): (comment: CommentRecord) => boolean {
  const since = querySince(ctx);
  return (comment) => since === undefined || Date.parse(comment.updatedAt) >= since;
}

function listIssueComments(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const comments = ctx.state.issueComments(issueOf(ctx, repo)).filter(updatedSince(ctx));
  return page(ctx, comments, (comment) => commentJson(ctx.state, repo, comment));
}

function listRepoComments(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const comments = [...ctx.state.comments.values()].filter((c) => c.repo === repo.fullName).filter(updatedSince(ctx));
  if (ctx.query.get('direction') === 'desc') comments.reverse();
  return page(ctx, comments, (comment) => commentJson(ctx.state, repo, comment));
}

function postComment(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const { comment, deliveries } = createComment(
    ctx.state,
    actorOf(ctx),
    repo,
    issueOf(ctx, repo),
    requiredString(ctx, 'body', 'IssueComment'),
  );
  ctx.backend.emit(deliveries);
  return reply(commentJson(ctx.state, repo, comment), 201);
}

function getComment(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  return reply(commentJson(ctx.state, repo, commentOf(ctx, repo)));
}

function patchComment(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const comment = commentOf(ctx, repo);
  ctx.backend.emit(updateComment(ctx.state, actorOf(ctx), repo, comment, requiredString(ctx, 'body', 'IssueComment')));
  return reply(commentJson(ctx.state, repo, comment));
}

function removeComment(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  ctx.backend.emit(deleteComment(ctx.state, actorOf(ctx), repo, commentOf(ctx, repo)));
  return noContent;
}

function reactionContent(value: string | null): ReactionContent {
  if (value === null || !(REACTION_CONTENTS as readonly string[]).includes(value)) {
    throw new HttpError(422, 'Validation Failed', [{ resource: 'Reaction', code: 'invalid', field: 'content' }]);
  }
  return value as ReactionContent;
}

function listReactions(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const content = ctx.query.get('content');
  const wanted = content === null ? null : reactionContent(content);
  const reactions = commentOf(ctx, repo).reactions.filter((r) => wanted === null || r.content === wanted);
  return page(ctx, reactions, (reaction) => reactionJson(ctx.state, reaction));
}

/** 201 for a new reaction, 200 with the existing one when this user already reacted so. */
function postReaction(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  const content = reactionContent(requiredString(ctx, 'content', 'Reaction'));
  const { reaction, created } = addReaction(ctx.state, actorOf(ctx), commentOf(ctx, repo), content);
  return reply(reactionJson(ctx.state, reaction), created ? 201 : 200);
}

function removeReaction(ctx: RequestContext): Reply {
  const repo = repoOf(ctx);
  deleteReaction(commentOf(ctx, repo), Number(ctx.params.reaction_id));
  return noContent;
}

const COMMENT = '/repos/{owner}/{repo}/issues/comments/{comment_id}';

export const commentRoutes: RouteTable = [
  ['GET /repos/{owner}/{repo}/issues/comments', { auth: 'repo', handle: listRepoComments }],
  [`GET ${COMMENT}`, { auth: 'repo', handle: getComment }],
  [`PATCH ${COMMENT}`, { auth: 'repo', handle: patchComment }],
  [`DELETE ${COMMENT}`, { auth: 'repo', handle: removeComment }],
  [`GET ${COMMENT}/reactions`, { auth: 'repo', handle: listReactions }],
  [`POST ${COMMENT}/reactions`, { auth: 'repo', handle: postReaction }],
  [`DELETE ${COMMENT}/reactions/{reaction_id}`, { auth: 'repo', handle: removeReaction }],
  ['GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { auth: 'repo', handle: listIssueComments }],
  ['POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { auth: 'repo', handle: postComment }],
];
