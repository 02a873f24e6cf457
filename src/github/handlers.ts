import type { Context, Probot } from 'probot';
import { newCommands, parseCommands } from '../commands/grammar.js';
import { meetsPermission } from '../checks/permission.js';
import { stateOfLabel } from '../state/labels.js';
import { alreadyHandled, onComment } from '../triage/comment-event.js';
import { startDraft } from '../triage/draft.js';
import { finish } from '../triage/finish.js';
import { onFormChecked, type FormCause } from '../triage/form-event.js';
import { onClosedByHand, onStateLabelAdded, onStateLabelRemoved } from '../triage/label-events.js';
import type { Actor, Draft } from '../triage/request.js';
import { applyPlan } from './apply.js';
import { repositoryPermission } from './permission.js';
import { loadRequest, type LoadedRequest, type RequestContext } from './request.js';

type Step = (loaded: LoadedRequest, draft: Draft) => Promise<Draft> | Draft;

/** Loads the request, runs one pure step over it, and applies the resulting plan. */
async function triage(context: RequestContext, step: Step): Promise<void> {
  if (context.payload.sender?.type === 'Bot') return;
  const loaded = await loadRequest(context, context.payload.issue);
  if (!loaded) return;
  const draft = await step(loaded, startDraft(loaded.input));
  const plan = finish(loaded.input, draft, loaded.check);
  await applyPlan(context.octokit, loaded.repo, loaded.input.request.number, plan, context.log);
}

function actorOf(context: RequestContext, at: string): Actor {
  return { login: context.payload.sender?.login ?? 'ghost', at };
}

async function isMaintainer(context: RequestContext, loaded: LoadedRequest, login: string): Promise<boolean> {
  const permission = await repositoryPermission(context.octokit, loaded.repo, login);
  return meetsPermission(permission, loaded.input.config.permissions.minimum);
}

function formEvent(cause: FormCause) {
  return (context: Context<'issues.opened' | 'issues.edited' | 'issues.reopened'>) =>
    triage(context, (loaded, draft) =>
      onFormChecked(draft, loaded.check, cause, actorOf(context, context.payload.issue.updated_at)),
    );
}

export function registerHandlers(app: Probot): void {
  app.on('issues.opened', formEvent('opened'));
  app.on('issues.reopened', formEvent('reopened'));
  app.on('issues.edited', async (context) => {
    // Title-only edits cannot change what the form says.
    if (!context.payload.changes.body) return;
    await formEvent('edited')(context);
  });

  app.on('issues.labeled', async (context) => {
    const name = context.payload.label?.name;
    if (!name) return;
    await triage(context, async (loaded, draft) => {
      const added = stateOfLabel(name, loaded.input.config);
      if (!added) return draft;
      const sender = actorOf(context, context.payload.issue.updated_at);
      const allowed = await isMaintainer(context, loaded, sender.login);
      return onStateLabelAdded(draft, loaded.input.request, loaded.input.config, added, sender, allowed);
    });
  });

  app.on('issues.unlabeled', async (context) => {
    const name = context.payload.label?.name;
    if (!name) return;
    await triage(context, (loaded, draft) => {
      const removed = stateOfLabel(name, loaded.input.config);
      return removed ? onStateLabelRemoved(draft, removed) : draft;
    });
  });

  app.on('issues.closed', (context) =>
    triage(context, (_loaded, draft) =>
      onClosedByHand(draft, context.payload.issue.state_reason ?? null, actorOf(context, context.payload.issue.closed_at ?? context.payload.issue.updated_at)),
    ),
  );

  app.on(['issue_comment.created', 'issue_comment.edited'], async (context) => {
    const { comment } = context.payload;
    if (comment.user?.type === 'Bot') return;
    const created = context.payload.action === 'created';
    const previous = context.payload.action === 'edited' ? context.payload.changes.body?.from ?? null : null;
    const commands = created ? parseCommands(comment.body) : newCommands(previous, comment.body);
    await triage(context, async (loaded, draft) => {
      // A redelivery is recognised before any further API call.
      if (alreadyHandled(draft, comment)) return draft;
      const author: Actor = { login: comment.user?.login ?? 'ghost', at: comment.updated_at };
      const maintainer = commands.length > 0 ? await isMaintainer(context, loaded, author.login) : false;
      return onComment(loaded.input, draft, loaded.check, {
        id: comment.id,
        body: comment.body,
        author,
        commands,
        created,
        isMaintainer: maintainer,
      });
    });
  });
}
