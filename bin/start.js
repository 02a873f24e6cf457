#!/usr/bin/env node
// `npm start`: runs the bot with Probot. Without GitHub App credentials it starts Probot's
// setup page, which registers the app from app.yml and writes the credentials to .env.
import { existsSync } from 'node:fs';
import { run } from 'probot';
import app from '../lib/index.js';

if (existsSync('.env')) process.loadEnvFile('.env');
const hasCredentials = Boolean(process.env.APP_ID && (process.env.PRIVATE_KEY || process.env.PRIVATE_KEY_PATH));
if (!hasCredentials) {
  // A smee.io channel needs the internet; WEBHOOK_PROXY_URL opts back in.
  process.env.NO_SMEE_SETUP ??= 'true';
  const port = process.env.PORT ?? '3000';
  console.log(
    [
      'recovery-triage: no GitHub App credentials (APP_ID and PRIVATE_KEY or PRIVATE_KEY_PATH) found.',
      `Open http://localhost:${port} to register the app on GitHub from app.yml; the credentials are saved to .env.`,
      'Meanwhile you can check a request body locally:',
      '  npx recovery-triage check path/to/issue-body.md',
    ].join('\n'),
  );
}
await run(app);
