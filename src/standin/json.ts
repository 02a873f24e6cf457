import type { State } from './state.js';
import {
  REACTION_CONTENTS,
  type AppJson,
  type CommentJson,
  type CommentRecord,
  type EventRecord,
  type InstallationLiteJson,
  type IssueEventJson,
  type IssueJson,
  type IssueRecord,
  type LabelJson,
  type LabelRecord,
  type ReactionJson,
  type ReactionRecord,
  type ReactionsJson,
  type RepoRecord,
  type RepositoryApiUrls,
  type RepositoryJson,
  type UserJson,
  type UserRecord,
} from './types.js';

/** Payload and response URLs name github.com, as GitHub's do; only Link headers name the stand-in. */
export const API = 'https://api.github.com';
export const WEB = 'https://github.com';

export function nodeId(type: string, id: number): string {
  return Buffer.from(`0:${type}${id}`).toString('base64').replace(/=+$/, '');
}

export function userJson(user: UserRecord): UserJson {
  const url = `${API}/users/${encodeURIComponent(user.login)}`;
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type, user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url,
    html_url: user.type === 'Bot' ? `${WEB}/apps/${user.login.replace(/\[bot\]$/, '')}` : `${WEB}/${user.login}`,
    followers_url: `${url}/followers`,
    following_url: `${url}/following{/other_user}`,
    gists_url: `${url}/gists{/gist_id}`,
    starred_url: `${url}/starred{/owner}{/repo}`,
    subscriptions_url: `${url}/subscriptions`,
    organizations_url: `${url}/orgs`,
    repos_url: `${url}/repos`,
    events_url: `${url}/events{/privacy}`,
    received_events_url: `${url}/received_events`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

export function userByLogin(state: State, login: string): UserJson {
  return userJson(state.user(login));
}

export function appJson(state: State): AppJson {
  const { app } = state;
  return {
    id: app.id,
    slug: app.slug,
    node_id: nodeId('Integration', app.id),
    client_id: `Iv1.${app.id.toString(16).padStart(16, '0')}`,
    owner: userByLogin(state, app.owner),
    name: app.name,
    description: '',
    external_url: `${WEB}/apps/${app.slug}`,
    html_url: `${WEB}/apps/${app.slug}`,
    created_at: '2024-01-01T00:00:00Z',
    updated_at: '2024-01-01T00:00:00Z',
    permissions: { contents: 'read', issues: 'write', metadata: 'read' },
    events: ['issues', 'issue_comment', 'push'],
  };
}

function repoApi(repo: RepoRecord): string {
  return `${API}/repos/${repo.fullName}`;
}

export function labelJson(repo: RepoRecord, label: LabelRecord): LabelJson {
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${repoApi(repo)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: label.default,
    description: label.description,
  };
}

export function reactionsJson(url: string, reactions: readonly ReactionRecord[]): ReactionsJson {
  const counts = Object.fromEntries(REACTION_CONTENTS.map((content) => [content, reactions.filter((r) => r.content === content).length]));
  return {
    url,
    total_count: reactions.length,
    '+1': counts['+1'] ?? 0,
    '-1': counts['-1'] ?? 0,
    laugh: counts.laugh ?? 0,
    hooray: counts.hooray ?? 0,
    confused: counts.confused ?? 0,
    heart: counts.heart ?? 0,
    rocket: counts.rocket ?? 0,
    eyes: counts.eyes ?? 0,
  };
}

export function issueJson(state: State, repo: RepoRecord, issue: IssueRecord, detail = false): IssueJson {
  const url = `${repoApi(repo)}/issues/${issue.number}`;
  const assignees = issue.assignees.map((login) => userByLogin(state, login));
  const json: IssueJson = {
    url,
    repository_url: repoApi(repo),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${WEB}/${repo.fullName}/issues/${issue.number}`,
    id: issue.id,
    node_id: nodeId('Issue', issue.id),
    number: issue.number,
    title: issue.title,
    user: userByLogin(state, issue.author),
    labels: state.issueLabels(repo, issue).map((label) => labelJson(repo, label)),
    state: issue.state,
    locked: false,
    assignee: assignees[0] ?? null,
    assignees,
    milestone: null,
    comments: issue.commentIds.length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: state.association(repo, issue.author),
    active_lock_reason: null,
    body: issue.body,
    reactions: reactionsJson(`${url}/reactions`, []),
    timeline_url: `${url}/timeline`,
    performed_via_github_app: issue.viaApp ? appJson(state) : null,
    state_reason: issue.stateReason,
    draft: false,
  };
  if (detail) json.closed_by = issue.closedBy === null ? null : userByLogin(state, issue.closedBy);
  return json;
}

export function commentJson(state: State, repo: RepoRecord, comment: CommentRecord): CommentJson {
  const url = `${repoApi(repo)}/issues/comments/${comment.id}`;
  return {
    url,
    html_url: `${WEB}/${repo.fullName}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoApi(repo)}/issues/${comment.issueNumber}`,
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    user: userByLogin(state, comment.author),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: state.association(repo, comment.author),
    body: comment.body,
    reactions: reactionsJson(`${url}/reactions`, comment.reactions),
    performed_via_github_app: comment.viaApp ? appJson(state) : null,
  };
}

export function reactionJson(state: State, reaction: ReactionRecord): ReactionJson {
  return {
    id: reaction.id,
    node_id: nodeId('Reaction', reaction.id),
    user: userByLogin(state, reaction.user),
    content: reaction.content,
    created_at: reaction.createdAt,
  };
}

export function eventJson(state: State, repo: RepoRecord, event: EventRecord): IssueEventJson {
  const json: IssueEventJson = {
    id: event.id,
    node_id: nodeId('IssueEvent', event.id),
    url: `${repoApi(repo)}/issues/events/${event.id}`,
    actor: userByLogin(state, event.actor),
    event: event.event,
    commit_id: null,
    commit_url: null,
    created_at: event.createdAt,
    performed_via_github_app: event.viaApp ? appJson(state) : null,
  };
  if (event.label) json.label = { ...event.label };
  if (event.assignee !== undefined) {
    json.assignee = userByLogin(state, event.assignee);
    json.assigner = userByLogin(state, event.actor);
  }
  if (event.stateReason !== undefined) json.state_reason = event.stateReason;
  return json;
}

function repositoryApiUrls(api: string): RepositoryApiUrls {
  return {
    forks_url: `${api}/forks`,
    keys_url: `${api}/keys{/key_id}`,
    collaborators_url: `${api}/collaborators{/collaborator}`,
    teams_url: `${api}/teams`,
    hooks_url: `${api}/hooks`,
    issue_events_url: `${api}/issues/events{/number}`,
    events_url: `${api}/events`,
    assignees_url: `${api}/assignees{/user}`,
    branches_url: `${api}/branches{/branch}`,
    tags_url: `${api}/tags`,
    blobs_url: `${api}/git/blobs{/sha}`,
    git_tags_url: `${api}/git/tags{/sha}`,
    git_refs_url: `${api}/git/refs{/sha}`,
    trees_url: `${api}/git/trees{/sha}`,
    statuses_url: `${api}/statuses/{sha}`,
    languages_url: `${api}/languages`,
    stargazers_url: `${api}/stargazers`,
    contributors_url: `${api}/contributors`,
    subscribers_url: `${api}/subscribers`,
    subscription_url: `${api}/subscription`,
    commits_url: `${api}/commits{/sha}`,
    git_commits_url: `${api}/git/commits{/sha}`,
    comments_url: `${api}/comments{/number}`,
    issue_comment_url: `${api}/issues/comments{/number}`,
    contents_url: `${api}/contents/{+path}`,
    compare_url: `${api}/compare/{base}...{head}`,
    merges_url: `${api}/merges`,
    archive_url: `${api}/{archive_format}{/ref}`,
    downloads_url: `${api}/downloads`,
    issues_url: `${api}/issues{/number}`,
    pulls_url: `${api}/pulls{/number}`,
    milestones_url: `${api}/milestones{/number}`,
    notifications_url: `${api}/notifications{?since,all,participating}`,
    labels_url: `${api}/labels{/name}`,
    releases_url: `${api}/releases{/id}`,
    deployments_url: `${api}/deployments`,
  };
}

export function repositoryJson(state: State, repo: RepoRecord): RepositoryJson {
  const api = repoApi(repo);
  const web = `${WEB}/${repo.fullName}`;
  const openIssues = [...repo.issues.values()].filter((issue) => issue.state === 'open').length;
  return {
    id: repo.id,
    node_id: nodeId('Repository', repo.id),
    name: repo.name,
    full_name: repo.fullName,
    private: false,
    owner: userByLogin(state, repo.owner),
    html_url: web,
    description: null,
    fork: false,
    url: api,
    ...repositoryApiUrls(api),
    created_at: repo.createdAt,
    updated_at: repo.pushedAt,
    pushed_at: repo.pushedAt,
    git_url: `git://github.com/${repo.fullName}.git`,
    ssh_url: `git@github.com:${repo.fullName}.git`,
    clone_url: `${web}.git`,
    svn_url: web,
    homepage: null,
    size: 0,
    stargazers_count: 0,
    watchers_count: 0,
    language: null,
    has_issues: true,
    has_projects: true,
    has_downloads: true,
    has_wiki: true,
    has_pages: false,
    has_discussions: false,
    forks_count: 0,
    mirror_url: null,
    archived: false,
    disabled: false,
    open_issues_count: openIssues,
    license: null,
    allow_forking: true,
    is_template: false,
    web_commit_signoff_required: false,
    topics: [],
    visibility: 'public',
    forks: 0,
    open_issues: openIssues,
    watchers: 0,
    default_branch: repo.defaultBranch,
    custom_properties: {},
  };
}

export function installationLiteJson(id: number): InstallationLiteJson {
  return { id, node_id: nodeId('Installation', id) };
}
