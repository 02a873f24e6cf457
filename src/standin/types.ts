/** Records the stand-in keeps, and the JSON shapes it serves and sends, as GitHub spells them. */

export type UserType = 'User' | 'Bot' | 'Organization';
export type IssueState = 'open' | 'closed';
export type StateReason = 'completed' | 'not_planned' | 'reopened' | null;
export type CloseReason = 'completed' | 'not_planned';
/** What `permission` says: GitHub folds maintain into write and triage into read. */
export type PermissionLevel = 'admin' | 'write' | 'read' | 'none';
/** What `role_name` says: one of the built-in roles or a custom role's name. */
export type RoleName = 'admin' | 'maintain' | 'write' | 'triage' | 'read' | (string & {});
export type ReactionContent = '+1' | '-1' | 'laugh' | 'confused' | 'heart' | 'hooray' | 'rocket' | 'eyes';
export type IssueEventKind = 'labeled' | 'unlabeled' | 'closed' | 'reopened' | 'assigned' | 'unassigned';
export type AuthorAssociation = 'OWNER' | 'MEMBER' | 'COLLABORATOR' | 'CONTRIBUTOR' | 'NONE';

export const REACTION_CONTENTS: readonly ReactionContent[] = ['+1', '-1', 'laugh', 'confused', 'heart', 'hooray', 'rocket', 'eyes'];

// ---------------------------------------------------------------------------------------------
// Records (mutable, internal)

/** Who performs a write: a login, and whether it is the app acting through an installation. */
export interface ActorRef {
  login: string;
  viaApp: boolean;
}

export interface UserRecord {
  login: string;
  id: number;
  type: UserType;
  /** When the account was created (`created_at` of GET /users); the stand-in's start by default. */
  createdAt?: string;
}

/** A branch of a public repository (only the default branch exists otherwise). */
export interface BranchRecord {
  name: string;
  sha: string;
  committedAt: string;
}

export interface Permission {
  permission: PermissionLevel;
  role_name: RoleName;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface EventRecord {
  id: number;
  event: IssueEventKind;
  actor: string;
  viaApp: boolean;
  createdAt: string;
  label?: { name: string; color: string };
  assignee?: string;
  stateReason?: StateReason;
}

export interface ReactionRecord {
  id: number;
  content: ReactionContent;
  user: string;
  createdAt: string;
}

export interface CommentRecord {
  id: number;
  repo: string;
  issueNumber: number;
  body: string;
  author: string;
  viaApp: boolean;
  createdAt: string;
  updatedAt: string;
  reactions: ReactionRecord[];
}

export interface IssueRecord {
  id: number;
  number: number;
  title: string;
  body: string | null;
  author: string;
  viaApp: boolean;
  state: IssueState;
  stateReason: StateReason;
  labelIds: number[];
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  commentIds: number[];
  events: EventRecord[];
}

export interface FileRecord {
  text: string;
  /** The git blob sha of the text. */
  sha: string;
}

export interface RepoRecord {
  id: number;
  owner: string;
  name: string;
  fullName: string;
  defaultBranch: string;
  installationId: number;
  createdAt: string;
  pushedAt: string;
  headSha: string;
  /** Keyed by lower-cased name: label names are unique regardless of case. */
  labels: Map<string, LabelRecord>;
  issues: Map<number, IssueRecord>;
  nextIssueNumber: number;
  files: Map<string, FileRecord>;
  /** Keyed by lower-cased login. */
  permissions: Map<string, Permission>;
  /** Readable by any token, installed or not (repositories of other accounts, for the evidence). */
  public?: boolean;
  /** Branches besides the default one, keyed by name. */
  branches?: Map<string, BranchRecord>;
}

export interface InstallationRecord {
  id: number;
  account: string;
  createdAt: string;
  /** Lower-cased full names. */
  repos: Set<string>;
}

export interface AppInfo {
  id: number;
  slug: string;
  name: string;
  owner: string;
}

// ---------------------------------------------------------------------------------------------
// JSON shapes (what the REST API answers and webhooks carry)

export interface UserJson {
  login: string;
  id: number;
  node_id: string;
  avatar_url: string;
  gravatar_id: string;
  url: string;
  html_url: string;
  followers_url: string;
  following_url: string;
  gists_url: string;
  starred_url: string;
  subscriptions_url: string;
  organizations_url: string;
  repos_url: string;
  events_url: string;
  received_events_url: string;
  type: UserType;
  user_view_type: 'public';
  site_admin: boolean;
}

export interface AppJson {
  id: number;
  slug: string;
  node_id: string;
  client_id: string;
  owner: UserJson;
  name: string;
  description: string;
  external_url: string;
  html_url: string;
  created_at: string;
  updated_at: string;
  permissions: Record<string, 'read' | 'write'>;
  events: ('issues' | 'issue_comment' | 'push')[];
}

export interface LabelJson {
  id: number;
  node_id: string;
  url: string;
  name: string;
  color: string;
  default: boolean;
  description: string | null;
}

export interface ReactionsJson {
  url: string;
  total_count: number;
  '+1': number;
  '-1': number;
  laugh: number;
  hooray: number;
  confused: number;
  heart: number;
  rocket: number;
  eyes: number;
}

export interface IssueJson {
  url: string;
  repository_url: string;
  labels_url: string;
  comments_url: string;
  events_url: string;
  html_url: string;
  id: number;
  node_id: string;
  number: number;
  title: string;
  user: UserJson;
  labels: LabelJson[];
  state: IssueState;
  locked: boolean;
  assignee: UserJson | null;
  assignees: UserJson[];
  milestone: null;
  comments: number;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  author_association: AuthorAssociation;
  active_lock_reason: null;
  body: string | null;
  reactions: ReactionsJson;
  timeline_url: string;
  performed_via_github_app: AppJson | null;
  state_reason: StateReason;
  draft: boolean;
  /** Only in the single-issue answer, as on GitHub. */
  closed_by?: UserJson | null;
}

export interface CommentJson {
  url: string;
  html_url: string;
  issue_url: string;
  id: number;
  node_id: string;
  user: UserJson;
  created_at: string;
  updated_at: string;
  author_association: AuthorAssociation;
  body: string;
  reactions: ReactionsJson;
  performed_via_github_app: AppJson | null;
}

export interface ReactionJson {
  id: number;
  node_id: string;
  user: UserJson;
  content: ReactionContent;
  created_at: string;
}

export interface IssueEventJson {
  id: number;
  node_id: string;
  url: string;
  actor: UserJson;
  event: IssueEventKind;
  commit_id: null;
  commit_url: null;
  created_at: string;
  performed_via_github_app: AppJson | null;
  label?: { name: string; color: string };
  assignee?: UserJson;
  assigner?: UserJson;
  state_reason?: StateReason;
}

/** The API links of a repository, `${api}/repos/o/r` plus a suffix each. */
export interface RepositoryApiUrls {
  forks_url: string;
  keys_url: string;
  collaborators_url: string;
  teams_url: string;
  hooks_url: string;
  issue_events_url: string;
  events_url: string;
  assignees_url: string;
  branches_url: string;
  tags_url: string;
  blobs_url: string;
  git_tags_url: string;
  git_refs_url: string;
  trees_url: string;
  statuses_url: string;
  languages_url: string;
  stargazers_url: string;
  contributors_url: string;
  subscribers_url: string;
  subscription_url: string;
  commits_url: string;
  git_commits_url: string;
  comments_url: string;
  issue_comment_url: string;
  contents_url: string;
  compare_url: string;
  merges_url: string;
  archive_url: string;
  downloads_url: string;
  issues_url: string;
  pulls_url: string;
  milestones_url: string;
  notifications_url: string;
  labels_url: string;
  releases_url: string;
  deployments_url: string;
}

/** A repository as GitHub serialises it. */
export interface RepositoryJson extends RepositoryApiUrls {
  id: number;
  node_id: string;
  name: string;
  full_name: string;
  private: boolean;
  owner: UserJson;
  html_url: string;
  description: string | null;
  fork: boolean;
  url: string;
  created_at: string;
  updated_at: string;
  pushed_at: string;
  git_url: string;
  ssh_url: string;
  clone_url: string;
  svn_url: string;
  homepage: string | null;
  size: number;
  stargazers_count: number;
  watchers_count: number;
  language: string | null;
  has_issues: boolean;
  has_projects: boolean;
  has_downloads: boolean;
  has_wiki: boolean;
  has_pages: boolean;
  has_discussions: boolean;
  forks_count: number;
  mirror_url: null;
  archived: boolean;
  disabled: boolean;
  open_issues_count: number;
  license: null;
  allow_forking: boolean;
  is_template: boolean;
  web_commit_signoff_required: boolean;
  topics: string[];
  visibility: 'public';
  forks: number;
  open_issues: number;
  watchers: number;
  default_branch: string;
  custom_properties: Record<string, never>;
}

export interface InstallationLiteJson {
  id: number;
  node_id: string;
}
