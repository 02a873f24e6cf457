import examples from '@octokit/webhooks-examples' with { type: 'json' };
import type { IssueCommentCreatedEvent, IssuesOpenedEvent } from '@octokit/webhooks-types';
import { INSTALLATION_ID } from './probot.js';

interface ExampleGroup {
  name: string;
  examples: { action?: string }[];
}

function example<T>(name: string, action: string): T {
  const group = (examples as unknown as ExampleGroup[]).find((g) => g.name === name);
  const found = group?.examples.find((e) => e.action === action);
  if (!found) throw new Error(`no example payload for ${name}.${action}`);
  return structuredClone(found) as T;
}

export interface IssueOptions {
  number?: number;
  body?: string | null;
  labels?: string[];
  author?: string;
  state?: 'open' | 'closed';
  stateReason?: string | null;
  updatedAt?: string;
  createdAt?: string;
}

/** A real `issues.opened` payload from @octokit/webhooks-examples, reshaped for one request. */
export function issuePayload(action: string, options: IssueOptions = {}, extra: Record<string, unknown> = {}) {
  const base = example<IssuesOpenedEvent>('issues', 'opened');
  const issue = {
    ...base.issue,
    number: options.number ?? 1,
    body: options.body === undefined ? '' : options.body,
    state: options.state ?? 'open',
    state_reason: options.stateReason ?? null,
    created_at: options.createdAt ?? '2026-11-20T10:00:00Z',
    updated_at: options.updatedAt ?? '2026-11-20T10:00:00Z',
    closed_at: options.state === 'closed' ? (options.updatedAt ?? '2026-11-20T10:00:00Z') : null,
    user: { ...base.issue.user, login: options.author ?? 'requester', type: 'User' },
    labels: (options.labels ?? ['account-recovery']).map((name, i) => ({
      id: 1000 + i,
      node_id: `L${i}`,
      url: `https://api.github.com/repos/pypi/support/labels/${encodeURIComponent(name)}`,
      name,
      color: 'ededed',
      default: false,
      description: null,
    })),
  };
  return {
    ...base,
    action,
    issue,
    repository: { ...base.repository, name: 'support', full_name: 'pypi/support', owner: { ...base.repository.owner, login: 'pypi' } },
    sender: { ...base.sender, login: options.author ?? 'requester', type: 'User' },
    installation: { id: INSTALLATION_ID, node_id: 'I1' },
    ...extra,
  };
}

export function sender(login: string, type: 'User' | 'Bot' = 'User') {
  const base = example<IssuesOpenedEvent>('issues', 'opened');
  return { ...base.sender, login, type };
}

export interface CommentOptions {
  id?: number;
  body: string;
  author?: string;
  authorType?: 'User' | 'Bot';
  createdAt?: string;
}

/** A real `issue_comment.created` payload, reshaped. */
export function commentPayload(action: 'created' | 'edited', issue: IssueOptions, comment: CommentOptions, previousBody?: string) {
  const base = example<IssueCommentCreatedEvent>('issue_comment', 'created');
  const issueShape = issuePayload('opened', issue).issue;
  const login = comment.author ?? 'requester';
  return {
    ...base,
    action,
    issue: issueShape,
    comment: {
      ...base.comment,
      id: comment.id ?? 5001,
      body: comment.body,
      created_at: comment.createdAt ?? '2026-11-21T10:00:00Z',
      updated_at: comment.createdAt ?? '2026-11-21T10:00:00Z',
      user: { ...base.comment.user, login, type: comment.authorType ?? 'User' },
    },
    repository: { ...base.repository, name: 'support', full_name: 'pypi/support', owner: { ...base.repository.owner, login: 'pypi' } },
    sender: sender(login, comment.authorType ?? 'User'),
    installation: { id: INSTALLATION_ID, node_id: 'I1' },
    ...(action === 'edited' ? { changes: { body: { from: previousBody ?? '' } } } : {}),
  };
}
