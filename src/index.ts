import type { Probot } from 'probot';
import { AccountChecker } from './github/account.js';
import { registerHandlers } from './github/handlers.js';

/** The Probot app: webhooks in, plans applied through the GitHub API. */
export default function recoveryTriage(app: Probot): void {
  registerHandlers(app, { accounts: new AccountChecker() });
}
