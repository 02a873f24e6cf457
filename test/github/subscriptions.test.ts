import { readFileSync } from 'node:fs';
import type { Probot } from 'probot';
import { parse } from 'yaml';
import { registerHandlers } from '../../src/github/handlers.js';

/**
 * The events the app is registered for (app.yml's `default_events`, which GitHub sends) and the
 * events it has handlers for must agree: a handler for an event the app is not subscribed to
 * never runs, and a subscription without a handler costs deliveries for nothing.
 */

/** Every `app.on(...)` name the real handlers register, e.g. `issues.opened`, `push`. */
function registeredNames(): string[] {
  const names: string[] = [];
  const stub = {
    on: (events: string | string[]) => names.push(...(Array.isArray(events) ? events : [events])),
    log: { info() {}, warn() {}, error() {}, debug() {} },
    auth: () => Promise.reject(new Error('not used')),
  };
  registerHandlers(stub as unknown as Probot, { identity: { logins: ['recovery-triage[bot]'], appId: 1 } });
  return names;
}

const root = new URL('../../', import.meta.url);
const manifest = parse(readFileSync(new URL('app.yml', root), 'utf8')) as { default_events: string[] };

test('app.yml subscribes to exactly the events the app has handlers for (label included: deleted labels are forgotten)', () => {
  const names = registeredNames();
  expect(names).toContain('label.deleted');
  const events = [...new Set(names.map((n) => n.split('.')[0]))].sort();
  expect([...manifest.default_events].sort()).toEqual(events);
});

test('the Action-mode workflow triggers only on actions the app handles too', () => {
  const flow = parse(readFileSync(new URL('examples/workflows/recovery-triage.yml', root), 'utf8')) as {
    on: Record<string, { types?: string[] } | null>;
  };
  const names = new Set(registeredNames());
  const requested = Object.entries(flow.on).flatMap(([event, spec]) =>
    event === 'issues' || event === 'issue_comment' ? (spec?.types ?? []).map((t) => `${event}.${t}`) : [],
  );
  expect(requested.length).toBeGreaterThan(5);
  expect(requested.filter((name) => !names.has(name))).toEqual([]);
  // Every other trigger is one the `event` command handles (a sweep).
  const others = Object.keys(flow.on).filter((e) => e !== 'issues' && e !== 'issue_comment');
  const handled = readFileSync(new URL('src/cli/event.ts', root), 'utf8');
  for (const event of others) expect({ event, handled: handled.includes(`name === '${event}'`) }).toEqual({ event, handled: true });
});
