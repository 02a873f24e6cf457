import nock from 'nock';
import { API } from './probot.js';

const REPO = '/repos/pypi/support';

export interface Writes {
  statusBody: string | null;
  replies: string[];
  reactions: { commentId: number; content: string }[];
  issueUpdates: Record<string, unknown>[];
  added: string[][];
  removed: string[];
  calls: string[];
}

/**
 * Intercepts the writes of one event on issue 1 of pypi/support and records them. Each list
 * says exactly which calls must happen; nock rejects any other, so an unexpected write fails.
 */
export function expectWrites(expected: {
  ensureLabels?: { name: string; exists: boolean }[];
  addLabels?: string[];
  removeLabels?: string[];
  statusComment?: 'create' | 'update';
  replies?: number;
  reactions?: number[];
  issueUpdate?: boolean;
  permission?: { user: string; role: string } | null;
}): { writes: Writes; scope: nock.Scope } {
  const writes: Writes = { statusBody: null, replies: [], reactions: [], issueUpdates: [], added: [], removed: [], calls: [] };
  const scope = nock(API);
  const log = (call: string) => writes.calls.push(call);
  if (expected.permission) {
    const { user, role } = expected.permission;
    scope.get(`${REPO}/collaborators/${user}/permission`).reply(() => {
      log(`GET permission ${user}`);
      return [200, { permission: role === 'triage' ? 'read' : role, role_name: role, user: { login: user } }];
    });
  }
  for (const label of expected.ensureLabels ?? []) {
    scope.get(`${REPO}/labels/${encodeURIComponent(label.name)}`).reply(() => {
      log(`GET label ${label.name}`);
      return label.exists ? [200, { name: label.name }] : [404, { message: 'Not Found' }];
    });
    if (!label.exists) {
      scope
        .post(`${REPO}/labels`, (b: { name: string }) => b.name === label.name)
        .reply(() => {
          log(`POST label ${label.name}`);
          return [201, {}];
        });
    }
  }
  if (expected.addLabels) {
    scope.post(`${REPO}/issues/1/labels`, { labels: expected.addLabels }).reply((_uri, body) => {
      writes.added.push((body as { labels: string[] }).labels);
      log(`POST labels ${expected.addLabels?.join(',')}`);
      return [200, []];
    });
  }
  for (const name of expected.removeLabels ?? []) {
    scope.delete(`${REPO}/issues/1/labels/${encodeURIComponent(name)}`).reply(() => {
      writes.removed.push(name);
      log(`DELETE label ${name}`);
      return [200, []];
    });
  }
  if (expected.statusComment === 'create') {
    scope
      .post(`${REPO}/issues/1/comments`, (b: { body: string }) => b.body.includes('recovery-triage:status'))
      .reply((_u, body) => {
        writes.statusBody = (body as { body: string }).body;
        log('POST status comment');
        return [201, { id: 9001 }];
      });
  } else if (expected.statusComment === 'update') {
    scope.patch(`${REPO}/issues/comments/9001`).reply((_u, body) => {
      writes.statusBody = (body as { body: string }).body;
      log('PATCH status comment');
      return [200, { id: 9001 }];
    });
  }
  for (let i = 0; i < (expected.replies ?? 0); i++) {
    scope
      .post(`${REPO}/issues/1/comments`, (b: { body: string }) => !b.body.includes('recovery-triage:status'))
      .reply((_u, body) => {
        writes.replies.push((body as { body: string }).body);
        log('POST reply');
        return [201, { id: 9100 + i }];
      });
  }
  for (const commentId of expected.reactions ?? []) {
    scope.post(`${REPO}/issues/comments/${commentId}/reactions`).reply((_u, body) => {
      const content = (body as { content: string }).content;
      writes.reactions.push({ commentId, content });
      log(`POST reaction ${content}`);
      return [201, {}];
    });
  }
  if (expected.issueUpdate) {
    scope.patch(`${REPO}/issues/1`).reply((_u, body) => {
      writes.issueUpdates.push(body as Record<string, unknown>);
      log('PATCH issue');
      return [200, {}];
    });
  }
  return { writes, scope };
}
