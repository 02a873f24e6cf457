import { escapeInline } from '../comment/escape.js';
import { isProjectName, repoName } from './links.js';
import type { EvidenceLink, EvidenceProject, EvidenceRecord } from './types.js';

export type Same = 'yes' | 'no' | 'unknown';

export const EVIDENCE_TITLE = 'Evidence for maintainers';

/** The GitHub owner id of a link now (GitHub's answer first, else the certificate's). */
function ownerIdOf(link: EvidenceLink): number | null {
  if (link.now !== null) return link.now.ownerId;
  return link.status === 'missing' ? null : link.ownerId;
}

/** Whether the link's repository belongs to the GitHub account that opened the request, by numeric id. */
export function sameAccount(link: EvidenceLink, requesterId: number | null): Same {
  const owner = ownerIdOf(link);
  if (requesterId === null || owner === null) return 'unknown';
  return owner === requesterId ? 'yes' : 'no';
}

/** User values in a sentence: escaped, on one line. */
function v(text: string, max = 140): string {
  return escapeInline(text, max);
}

/** A time as `2026-11-20 09:30:00 UTC` when it is one (the stored data is editable: else escaped). */
export function formatTime(iso: string | null): string {
  if (iso === null) return 'unknown';
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return match ? `${match[1]} ${match[2]} UTC` : v(iso, 40);
}

function day(iso: string): string {
  const match = /^\d{4}-\d{2}-\d{2}/.exec(iso);
  return match ? match[0] : v(iso, 40);
}

/** Red flags worth a maintainer's look, as safe markdown (every value from outside escaped). */
export function redFlags(record: EvidenceRecord): string[] {
  if (record.status !== 'ok') return [];
  const flags: string[] = [];
  const { requester } = record;
  if (record.projectsTotal === 0) flags.push(`The PyPI account ${v(record.username)} lists no projects.`);
  else if (record.projects.every((p) => p.links.length === 0)) flags.push(`None of the account's projects links to a GitHub repository.`);
  for (const project of record.projects) {
    const name = v(project.name, 100);
    if (requester.createdAt !== null && project.releasedAt !== null && requester.createdAt > project.releasedAt) {
      flags.push(
        `The requester's GitHub account was created on ${day(requester.createdAt)}, after the latest release of ${name} (${day(project.releasedAt)}).`,
      );
    }
    for (const link of project.links) {
      const namedOwner = link.repo.split('/')[0] ?? '';
      if (
        link.source === 'self-declared' &&
        namedOwner.toLowerCase() === requester.login.toLowerCase() &&
        requester.id !== null &&
        link.now !== null &&
        link.now.ownerId !== requester.id
      ) {
        flags.push(
          `${name} links to ${v(link.repo)}, under a login equal to the requester's, but that repository's owner is GitHub id ${link.now.ownerId}, not the requester's id ${requester.id} (a renamed or re-registered login).`,
        );
      }
      if (link.status === 'missing') flags.push(`${name}: the link to ${v(link.repo)} no longer resolves on GitHub.`);
      if (link.status === 'moved') {
        const to = link.now === null ? 'another repository' : `${v(link.now.fullName)} (id ${link.now.id})`;
        const from = link.repoId === null ? v(link.repo) : `${v(link.repo)} (id ${link.repoId} in the certificate)`;
        flags.push(`${name}: the link to ${from} now points to ${to}.`);
      }
    }
  }
  return flags;
}

function pypiWeb(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** A URL path segment that cannot end or break a Markdown link. */
function segment(text: string): string {
  return encodeURIComponent(text).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function projectCell(project: EvidenceProject, baseUrl: string): string {
  const name = escapeInline(project.name, 100);
  return isProjectName(project.name) ? `[${name}](${pypiWeb(baseUrl)}/project/${segment(project.name)}/)` : name;
}

function repoCell(full: string): string {
  const valid = repoName(full.split('/')[0] ?? '', full.split('/')[1] ?? '');
  const shown = escapeInline(full, 140);
  if (valid === null) return shown;
  const [owner, name] = valid.split('/') as [string, string];
  return `[${shown}](https://github.com/${segment(owner)}/${segment(name)})`;
}

function ownerCell(link: EvidenceLink): string {
  if (link.now !== null) {
    const login = escapeInline(link.now.ownerLogin, 40);
    const linked = repoName(link.now.ownerLogin, 'x') === null ? login : `[${login}](https://github.com/${segment(link.now.ownerLogin)})`;
    return `${linked} (id ${link.now.ownerId})`;
  }
  if (link.ownerId !== null && link.status !== 'missing') return `id ${link.ownerId} (certificate)`;
  return link.status === 'missing' ? 'does not resolve' : 'unknown';
}

function repositoryCell(link: EvidenceLink): string {
  const named = repoCell(link.repo);
  if (link.now !== null && link.now.fullName.toLowerCase() !== link.repo.toLowerCase()) return `${named} → ${repoCell(link.now.fullName)}`;
  return named;
}

function rows(record: EvidenceRecord, baseUrl: string): string[] {
  const lines: string[] = [];
  for (const project of record.projects) {
    const role = project.role === null ? 'unknown' : escapeInline(project.role, 40);
    const name = projectCell(project, baseUrl);
    if (project.links.length === 0) {
      const why = project.error === null ? 'none found' : `unknown (${escapeInline(project.error, 120)})`;
      lines.push(`| ${name} | ${role} | ${why} | – | – | unknown |`);
      continue;
    }
    for (const link of project.links) {
      lines.push(
        `| ${name} | ${role} | ${repositoryCell(link)} | ${link.source} | ${ownerCell(link)} | ${sameAccount(link, record.requester.id)} |`,
      );
    }
  }
  return lines;
}

/**
 * The collapsed "Evidence for maintainers" section: public facts, each linked to the page where
 * an admin can check it, and the red flags. It states facts, never a verdict.
 */
export function renderEvidence(record: EvidenceRecord, baseUrl: string): string {
  const user = escapeInline(record.username, 100);
  const userLink = `[${user}](${pypiWeb(baseUrl)}/user/${segment(record.username)}/)`;
  const when = formatTime(record.at);
  const head = [`<details><summary>${EVIDENCE_TITLE}</summary>`, ''];
  if (record.status === 'unavailable') {
    return [
      ...head,
      `Evidence unavailable (${escapeInline(record.reason ?? 'no answer', 120)}), tried at ${when} for the PyPI account ${userLink}. The next refresh (\`/recovery evidence\`, or the periodic sweep) tries again.`,
      '',
      '</details>',
    ].join('\n');
  }
  const requester = record.requester;
  const requesterLine =
    requester.id === null
      ? `The requester's GitHub id is unknown.`
      : `The request was opened by GitHub id ${requester.id}${requester.createdAt === null ? '' : `, an account created ${day(requester.createdAt)}`}.`;
  const listed =
    record.listedBy === null
      ? ''
      : ` Projects listed by ${record.listedBy === 'user_packages' ? 'the XML-RPC method user_packages' : 'the public profile page'}${
          record.projectsTotal > record.projects.length ? `; ${record.projects.length} of ${record.projectsTotal} shown` : ''
        }.`;
  const table =
    record.projects.length === 0
      ? []
      : [
          '| Project | PyPI role | Repository | Source | Owner | Same GitHub account as the requester |',
          '| --- | --- | --- | --- | --- | --- |',
          ...rows(record, baseUrl),
          '',
        ];
  const flags = redFlags(record).map((f) => `- ${f}`);
  return [
    ...head,
    `Public facts about the PyPI account ${userLink}, gathered ${when}.${listed} ${requesterLine} ` +
      '`provenance`: named by a release published with Trusted Publishing (ids from its signing certificate); ' +
      '`self-declared`: a link the uploader wrote in the project metadata. Owners are compared by numeric GitHub id. ' +
      'These facts decide nothing: check them on the linked pages.',
    ...(record.reason === null ? [] : ['', `Incomplete: ${escapeInline(record.reason, 120)}.`]),
    '',
    ...table,
    ...(flags.length === 0 ? ['No red flags.'] : ['**Red flags**', '', ...flags]),
    '',
    '</details>',
  ].join('\n');
}
