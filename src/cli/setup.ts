import { fileURLToPath } from 'node:url';
import { parse as parseYamlText } from 'yaml';
import type { Config, LabelSpec } from '../config/schema.js';
import { kindLabel } from '../kinds/step.js';
import { CONFIG_FILE } from '../github/load.js';
import { statusOf, type Octokit, type RepoRef } from '../github/octokit.js';
import { STATES } from '../state/states.js';
import { CliError, EXIT_OK, parseCommandArgs, type CliIo, type Command } from './command.js';
import { defaultOctokit, describeError, openRepoSession, type OctokitFactory } from './github-client.js';

const usage = `Usage: recovery-triage setup --repo OWNER/NAME [--dry-run]

Prepares a repository for the bot. Creates the state, flag and kind labels with
the names, colours and descriptions of the repository's config (or the defaults),
and updates existing ones that differ; creates the form label if it is
missing (an existing form label is left as it is). Then lists what the
repository still lacks: the issue form at the config's form path, and the
config file. A second run writes nothing.

Options:
  --repo OWNER/NAME  repository to set up (required)
  --dry-run          print the plan, write nothing
  -h, --help         show this help

Environment:
  GITHUB_TOKEN       token with issues: write and contents: read (required)

Exit status: 0 done (missing files are listed, not errors), 2 usage, token,
config or API error.
`;

/** Colour and description of the form label when setup creates it; people may change both. */
export const FORM_LABEL_COLOR = 'ededed';
export const FORM_LABEL_DESCRIPTION = 'Account-recovery request (added by the issue form)';

/** The bundled form, for the hint on where to copy it from. */
const BUNDLED_FORM = fileURLToPath(new URL('../../.github/ISSUE_TEMPLATE/account-recovery.yml', import.meta.url));

interface WantedLabel extends LabelSpec {
  /** What the label is for, as printed: `state triage`, `flag sensitive-data`, `form label`. */
  role: string;
  /** The form label is the maintainers' own: created when missing, never changed. */
  createOnly: boolean;
}

interface ExistingLabel {
  name: string;
  color: string;
  description: string | null;
}

type LabelStep =
  | { kind: 'create'; wanted: WantedLabel }
  | { kind: 'update'; wanted: WantedLabel; existing: ExistingLabel; changes: string[] }
  | { kind: 'ok'; wanted: WantedLabel; existing: ExistingLabel };

/** The command, with the client factory tests replace. */
export function createSetupCommand(makeOctokit: OctokitFactory = defaultOctokit): Command {
  return {
    name: 'setup',
    summary: 'Create or update the labels and list what a repository still lacks',
    usage,
    run: (args, io) => setup(args, io, makeOctokit),
  };
}

export const setupCommand = createSetupCommand();

async function setup(args: string[], io: CliIo, makeOctokit: OctokitFactory): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    repo: { type: 'string' },
    'dry-run': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout(usage);
    return EXIT_OK;
  }
  const dryRun = values['dry-run'] === true;
  const { repo, octokit, config } = await openRepoSession({ repo: values.repo }, positionals, io, makeOctokit, { access: 'write' });
  const where = `${repo.owner}/${repo.repo}`;

  const existing = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, { ...repo, per_page: 100 }).catch((error: unknown) => {
    throw new CliError(`cannot list the labels of ${where}: ${describeError(error)}`);
  });
  const steps = planLabels(wantedLabels(config), existing);
  const lacks = await missingFiles(octokit, repo, config);

  io.stdout(`${dryRun ? 'Plan for' : 'Labels in'} ${where}:\n${renderSteps(steps, dryRun)}`);
  if (!dryRun) await applySteps(octokit, repo, steps);

  const created = steps.filter((s) => s.kind === 'create').length;
  const updated = steps.filter((s) => s.kind === 'update').length;
  const summary = dryRun
    ? `Dry run: would create ${plural(created, 'label')} and update ${updated}; nothing was written.`
    : `Created ${plural(created, 'label')}, updated ${updated}.`;
  io.stdout(`\n${summary}\n`);

  if (lacks.length === 0) {
    io.stdout(
      `\n${where} has the form and the config file: requests opened with the form will be triaged once the app or the workflow runs there.\n`,
    );
  } else {
    io.stdout(`\n${where} still lacks:\n${lacks.map((l) => `  - ${l}\n`).join('')}`);
  }
  return EXIT_OK;
}

/** Every label the bot uses: the states in order, the flags, the kinds' labels, then the form label. */
function wantedLabels(config: Config): WantedLabel[] {
  return [
    ...STATES.map((state) => ({ ...config.labels[state], role: `state ${state}`, createOnly: false })),
    ...Object.entries(config.flags).map(([flag, spec]) => ({ ...spec, role: `flag ${flag}`, createOnly: false })),
    // The labels of kinds (src/kinds); language labels are made as requests need them.
    ...config.kinds.flatMap((kind) => {
      const spec = kindLabel(kind);
      return spec === null ? [] : [{ ...spec, role: `kind ${kind.id}`, createOnly: false }];
    }),
    { name: config.formLabel, color: FORM_LABEL_COLOR, description: FORM_LABEL_DESCRIPTION, role: 'form label', createOnly: true },
  ];
}

/** GitHub compares label names without case; colours are compared without case too. */
function planLabels(wanted: readonly WantedLabel[], existing: readonly ExistingLabel[]): LabelStep[] {
  const byName = new Map(existing.map((label) => [label.name.toLowerCase(), label]));
  return wanted.map((label): LabelStep => {
    const found = byName.get(label.name.toLowerCase());
    if (found === undefined) return { kind: 'create', wanted: label };
    if (label.createOnly) return { kind: 'ok', wanted: label, existing: found };
    const changes: string[] = [];
    if (found.name !== label.name) changes.push(`name (was "${found.name}")`);
    if (found.color.toLowerCase() !== label.color.toLowerCase()) changes.push(`color ${label.color} (was ${found.color})`);
    if ((found.description ?? '') !== label.description) changes.push('description');
    return changes.length === 0
      ? { kind: 'ok', wanted: label, existing: found }
      : { kind: 'update', wanted: label, existing: found, changes };
  });
}

function renderSteps(steps: readonly LabelStep[], dryRun: boolean): string {
  const width = Math.max(...steps.map((s) => s.wanted.name.length));
  const verb = { create: dryRun ? 'would create' : 'create', update: dryRun ? 'would update' : 'update', ok: 'ok' };
  const verbWidth = Math.max(...Object.values(verb).map((v) => v.length));
  return steps
    .map((step) => {
      const head = `  ${verb[step.kind].padEnd(verbWidth)}  ${step.wanted.name.padEnd(width)}  `;
      if (step.kind === 'create') return `${head}${step.wanted.role}: #${step.wanted.color}, "${step.wanted.description}"\n`;
      if (step.kind === 'update') return `${head}${step.wanted.role}: ${step.changes.join(', ')}\n`;
      return `${head}${step.wanted.role}\n`;
    })
    .join('');
}

async function applySteps(octokit: Octokit, repo: RepoRef, steps: readonly LabelStep[]): Promise<void> {
  for (const step of steps) {
    const { name, color, description } = step.wanted;
    try {
      if (step.kind === 'create') await octokit.rest.issues.createLabel({ ...repo, name, color, description });
      else if (step.kind === 'update') {
        await octokit.rest.issues.updateLabel({ ...repo, name: step.existing.name, new_name: name, color, description });
      }
    } catch (error) {
      // Labels written before the failure stay; a second run picks up where this one stopped.
      throw new CliError(`cannot ${step.kind} label "${name}": ${describeError(error)}${hintFor(error)}`);
    }
  }
}

function hintFor(error: unknown): string {
  const status = statusOf(error);
  return status === 403 || status === 404 ? ' (the token needs issues: write on the repository)' : '';
}

/** What the repository lacks for the bot to work as configured, one line each. */
async function missingFiles(octokit: Octokit, repo: RepoRef, config: Config): Promise<string[]> {
  const lacks: string[] = [];
  const form = await readFile(octokit, repo, config.form);
  if (form === null) {
    lacks.push(
      `the issue form ${config.form}: copy the bundled form (${BUNDLED_FORM}) there and adapt its texts; requesters open requests with it`,
    );
  } else {
    const labels = formLabels(form);
    if (labels === null) lacks.push(`a valid issue form at ${config.form}: the file is not a YAML mapping`);
    else if (!labels.some((l) => l.toLowerCase() === config.formLabel.toLowerCase())) {
      lacks.push(`the label "${config.formLabel}" in the labels of ${config.form}: without it the bot ignores the form's issues`);
    }
  }
  const configPath = `.github/${CONFIG_FILE}`;
  if ((await readFile(octokit, repo, configPath)) === null) {
    lacks.push(
      `${configPath} (optional): without it the defaults apply, or the owner's .github repository's file; start from https://github.com/recovery-triage/recovery-triage/blob/main/examples/recovery-triage.yml`,
    );
  }
  return lacks;
}

/** A file's text, or null when the repository has none at `path`. */
async function readFile(octokit: Octokit, repo: RepoRef, path: string): Promise<string | null> {
  try {
    const response = await octokit.rest.repos.getContent({ ...repo, path, mediaType: { format: 'raw' } });
    return typeof response.data === 'string' ? response.data : '';
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw new CliError(`cannot read ${repo.owner}/${repo.repo}: ${path}: ${describeError(error)}`);
  }
}

/** The labels an issue form adds (a list, or GitHub's comma-separated string); null when it is not a mapping. */
function formLabels(text: string): string[] | null {
  let form: unknown;
  try {
    form = parseYamlText(text);
  } catch {
    return null;
  }
  if (typeof form !== 'object' || form === null || Array.isArray(form)) return null;
  const labels = (form as { labels?: unknown }).labels;
  const names: unknown[] = typeof labels === 'string' ? labels.split(',') : Array.isArray(labels) ? labels : [];
  return names.filter((name): name is string => typeof name === 'string').map((name) => name.trim());
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
