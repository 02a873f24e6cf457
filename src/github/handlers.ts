import type { Context, Probot } from 'probot';
import { accountCheckDue, withAccount } from '../checks/account.js';
import { meetsPermission } from '../checks/permission.js';
import type { CheckResult } from '../checks/validate.js';
import { newCommands, parseCommands } from '../commands/grammar.js';
import { stateOfLabel } from '../state/labels.js';
import { alreadyHandled, onComment } from '../triage/comment-event.js';
import { startDraft } from '../triage/draft.js';
import { finish } from '../triage/finish.js';
import { onFormChecked, type FormCause } from '../triage/form-event.js';
import { enteredTriage, onJoinedQueue } from '../triage/intake.js';
import { onSensitiveText } from '../triage/sensitive-event.js';
import { onClosedByHand, onStateLabelAdded, onStateLabelRemoved } from '../triage/label-events.js';
import type { Actor, Draft } from '../triage/request.js';
import type { AccountChecker } from './account.js';
import { applyPlan } from './apply.js';
import { gatherQueueFacts } from './intake.js';
import { repositoryPermission } from './permission.js';
import { loadRequest, type LoadedRequest, type RequestContext } from './request.js';

/** One event's pure decision, given the request, its draft and the form's effective checks. */
type Step = (loaded: LoadedRequest, draft: Draft, check: CheckResult) => Promise<Draft> | Draft;

interface Services {
  accounts: AccountChecker;
}

function actorOf(context: RequestContext, at: string): Actor {
  return { login: context.payload.sender?.login ?? 'ghost', at };
}

async function isMaintainer(context: RequestContext, loaded: LoadedRequest, login: string): Promise<boolean> {
  const permission = await repositoryPermission(context.octokit, loaded.repo, login);
  return meetsPermission(permission, loaded.input.config.permissions.minimum);
}

export function registerHandlers(app: Probot, services: Services): void {
  /**
   * Loads the request, runs one pure step over it, lets a request that just joined the queue
   * learn its place and duplicates, and applies the resulting plan.
   */
  async function triage(context: RequestContext, step: Step, options: { checkAccount?: boolean } = {}): Promise<void> {
    if (context.payload.sender?.type === 'Bot') return;
    const { issue } = context.payload;
    const loaded = await loadRequest(context, issue);
    if (!loaded) return;
    const { config } = loaded.input;
    const at = issue.updated_at;
    let draft = startDraft(loaded.input);
    if (options.checkAccount) draft = await refreshAccount(draft, loaded, at);
    const check = withAccount(loaded.check, draft.data.account, config, loaded.input.template);
    const before = draft;
    draft = await step(loaded, draft, check);
    // Every open request has a state: one the bot meets without any is checked now.
    if (draft.state === null && loaded.input.request.open) draft = onFormChecked(draft, check, 'first seen', actorOf(context, at));
    if (enteredTriage(before, draft)) {
      const facts = await gatherQueueFacts(
        context.octokit,
        loaded.repo,
        config,
        loaded.input.template,
        { number: issue.number, username: check.username, createdAt: issue.created_at },
        at,
      );
      draft = onJoinedQueue(draft, facts.queueAhead, facts.duplicates, config, loaded.input.request.author, actorOf(context, at));
    }
    const plan = finish(loaded.input, draft, check);
    await applyPlan(context.octokit, loaded.repo, issue.number, plan, config, context.log);
  }

  /** Looks the username up on the platform when the form passes and the last verdict is stale. */
  async function refreshAccount(draft: Draft, loaded: LoadedRequest, at: string): Promise<Draft> {
    const { accountCheck } = loaded.input.config;
    const username = loaded.check.username;
    if (!accountCheck.urlTemplate || !loaded.check.valid || !username) return draft;
    if (!accountCheckDue(draft.data.account, username, at, accountCheck.cacheMinutes)) return draft;
    const verdict = await services.accounts.check(accountCheck.urlTemplate, username, accountCheck.timeoutMs, accountCheck.cacheMinutes);
    if (!verdict) return draft;
    return { ...draft, data: { ...draft.data, account: { username, ...verdict, at } } };
  }

  function formEvent(cause: FormCause) {
    return (context: Context<'issues.opened' | 'issues.edited' | 'issues.reopened'>) =>
      triage(
        context,
        (loaded, draft, check) => {
          const checked = onFormChecked(draft, check, cause, actorOf(context, context.payload.issue.updated_at));
          // A reopen brings no new text; opened and edited bodies are searched for secrets.
          if (cause === 'reopened') return checked;
          return onSensitiveText(checked, loaded.input.request.body ?? '', { kind: 'body' }, loaded.input.config);
        },
        { checkAccount: true },
      );
  }

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
      onClosedByHand(
        draft,
        context.payload.issue.state_reason ?? null,
        actorOf(context, context.payload.issue.closed_at ?? context.payload.issue.updated_at),
      ),
    ),
  );

  app.on(['issue_comment.created', 'issue_comment.edited'], async (context) => {
    const { comment } = context.payload;
    if (comment.user?.type === 'Bot') return;
    const created = context.payload.action === 'created';
    const previous = context.payload.action === 'edited' ? (context.payload.changes.body?.from ?? null) : null;
    const commands = created ? parseCommands(comment.body) : newCommands(previous, comment.body);
    await triage(
      context,
      async (loaded, draft, check) => {
        // A redelivery is recognised before any further API call.
        if (alreadyHandled(draft, comment)) return draft;
        const author: Actor = { login: comment.user?.login ?? 'ghost', at: comment.updated_at };
        const maintainer = commands.length > 0 ? await isMaintainer(context, loaded, author.login) : false;
        const commented = onComment(loaded.input, draft, check, {
          id: comment.id,
          body: comment.body,
          author,
          commands,
          created,
          isMaintainer: maintainer,
        });
        return onSensitiveText(commented, comment.body, { kind: 'comment', id: comment.id }, loaded.input.config);
      },
      // `/recovery recheck` checks everything again, the account too once its verdict is stale.
      { checkAccount: commands.some((c) => c.verb === 'recheck') },
    );
  });
}
