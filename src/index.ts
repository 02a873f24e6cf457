import type { Probot } from 'probot';
import { registerHandlers } from './github/handlers.js';

/** The Probot app: webhooks in, plans applied through the GitHub API. */
export default function recoveryTriage(app: Probot): void {
  registerHandlers(app);
}
