import { usernameFieldOf } from '../checks/validate.js';
import { defaultConfig, validateConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { loadBundledForm } from '../form/bundled.js';
import { FormTemplateError, parseFormTemplate, type FormField, type FormTemplate } from '../form/schema.js';
import { locatePath, parseYaml } from '../form/yaml.js';
import { configPathFor, formPathFor, shown, type Sources } from './repository.js';
import { EXIT_ERROR, EXIT_FAILED, EXIT_OK, UsageError, parseCommandArgs, readText, type CliIo, type Command } from './command.js';

const usage = `Usage: recovery-triage lint [--template FILE] [--config FILE] [--json]

Reports what the bot will do with an issue form: the fields it reads (key,
type, required), the boxes that must be ticked, which field holds the
username, and the elements it skips. With --config, also validates that
config file. Errors and warnings name the file, line and column.

Run inside a repository checkout, it reads what the bot reads there: the
checkout's .github/recovery-triage.yml and the form that config names; the
built-in defaults and the bundled form only where the checkout has none. The
report names the files it used.

Options:
  --template FILE  issue-form YAML (default: the config's form, found as
                   "check" finds it, else the bundled form)
  --config FILE    recovery-triage config YAML (default: the checkout's
                   .github/recovery-triage.yml, else built-in defaults)
  --json           print one JSON object instead of text
  -h, --help       show this help

Exit status: 0 no warnings, 1 warnings (the form works, but see them),
2 usage or file error, a form the bot refuses, or an invalid config.
`;

export interface LintField {
  /** The key of the field's answer in `check` output and in the bot's parsed fields. */
  key: string;
  /** The element's own id, or null when the key is a slug of its label. */
  id: string | null;
  type: FormField['type'];
  label: string;
  required: boolean;
  render: string | null;
  options: { label: string; required: boolean }[];
}

export interface LintReport {
  template: string;
  name: string;
  labels: string[];
  fields: LintField[];
  /** Checkbox options that must be ticked, by field key. */
  requiredChecks: { field: string; option: string }[];
  /** The username field; `key` in `check` output is also `outputKey` (the configured username.field). */
  usernameField: { key: string; label: string; how: 'configured' | 'label'; outputKey: string } | null;
  skipped: { index: number; type: string; label: string | null }[];
  warnings: string[];
}

export const lintCommand: Command = {
  name: 'lint',
  summary: 'Report what the bot will do with an issue form (and check a config)',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      template: { type: 'string' },
      config: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.stdout(usage);
      return EXIT_OK;
    }
    if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"; give the form with --template`);

    const errors: string[] = [];
    const notes: string[] = [];
    const configPath = configPathFor(values.config, io);
    const loaded = configPath === undefined ? null : await loadConfig(configPath, io, errors);
    const config = loaded ?? defaultConfig();
    if (configPath !== undefined && loaded === null) notes.push('the config is invalid: the form is reported with the default config');

    let templatePath = values.template;
    if (templatePath === undefined && (loaded !== null || configPath === undefined)) {
      const found = formPathFor(configPath, config, io);
      if (found.path !== null) templatePath = found.path;
      else if (found.note !== null)
        notes.push(
          found.note.replace('; using the bundled form, as the bot does', ': reporting the bundled form, which the bot then uses'),
        );
    }
    const template = templatePath === undefined ? loadBundledForm() : await loadTemplate(templatePath, io, errors);
    const sources: Sources = {
      config: configPath === undefined ? null : shown(configPath, io),
      form: templatePath === undefined ? null : shown(templatePath, io),
    };
    const report = template === null ? null : lintForm(template, config, sources.form ?? '(bundled form)');

    if (values.json === true) {
      io.stdout(`${JSON.stringify({ ok: errors.length === 0, errors, notes, sources, report }, null, 2)}\n`);
    } else {
      if (report !== null) io.stdout(renderReport(report, notes, sources));
      for (const error of errors) io.stderr(`recovery-triage lint: ${error}\n`);
    }
    if (errors.length > 0) return EXIT_ERROR;
    return report !== null && report.warnings.length > 0 ? EXIT_FAILED : EXIT_OK;
  },
};

/** What the bot reads from a form, given a config: pure, for the CLI and for tests. */
export function lintForm(template: FormTemplate, config: Config, source: string): LintReport {
  const rule = config.username;
  const fields = template.fields.map((f): LintField => ({
    key: f.id,
    id: f.slugged === true ? null : f.id,
    type: f.type,
    label: f.label,
    required: f.required,
    render: f.render,
    options: f.options.map((o) => ({ label: o.label, required: o.required })),
  }));
  const requiredChecks = template.fields.flatMap((f) =>
    f.type === 'checkboxes' ? f.options.filter((o) => o.required).map((o) => ({ field: f.id, option: o.label })) : [],
  );
  const key = usernameFieldOf(template, rule);
  const usernameSource = template.fields.find((f) => f.id === key);
  const usernameField =
    usernameSource === undefined
      ? null
      : {
          key: usernameSource.id,
          label: usernameSource.label,
          how: key === rule.field ? ('configured' as const) : ('label' as const),
          outputKey: rule.field,
        };
  const skipped = (template.skipped ?? []).map((s) => ({ index: s.index, type: s.type, label: s.label ?? null }));

  const warnings: string[] = [];
  for (const s of skipped) {
    const section = s.label === null ? 'it is skipped' : `its section "### ${s.label}" is skipped`;
    warnings.push(`${source}: body.${s.index}: element type "${s.type}" is not one the bot knows; ${section}`);
  }
  if (usernameField === null) {
    warnings.push(
      `${source}: no username field: no field has the id "${rule.field}" (username.field in the config) and no input's label mentions a username, so usernames are not checked and the account check is off`,
    );
  } else if (usernameSource !== undefined && !['input', 'textarea'].includes(usernameSource.type)) {
    warnings.push(
      `${source}: the username field "${usernameSource.id}" is a ${usernameSource.type}: only a text answer is checked as a username`,
    );
  }
  if (!template.labels.includes(config.formLabel)) {
    warnings.push(
      `${source}: the form does not add the label "${config.formLabel}" (formLabel in the config): the bot handles only issues that carry it`,
    );
  }
  return { template: source, name: template.name, labels: template.labels, fields, requiredChecks, usernameField, skipped, warnings };
}

function renderReport(report: LintReport, notes: string[], sources: Sources): string {
  const lines = [
    `Form: ${report.name} ${report.template.startsWith('(') ? report.template : `(${report.template})`}`,
    `Config: ${sources.config ?? '(built-in defaults)'}`,
    `Labels added: ${report.labels.length > 0 ? report.labels.join(', ') : '(none)'}`,
    '',
  ];
  lines.push('Fields, in the order the bot looks for their "### <label>" headings:');
  const rows = report.fields.map((f) => [
    f.id === null ? `${f.key} (from label)` : f.key,
    f.render === null ? f.type : `${f.type} (${f.render})`,
    f.required ? 'required' : 'optional',
    oneLine(f.label),
  ]);
  lines.push(...table([['key', 'type', 'answer', 'label'], ...rows]).map((l) => `  ${l}`), '');
  if (report.requiredChecks.length === 0) lines.push('Required boxes: none');
  else {
    lines.push('Required boxes (each must be ticked):');
    lines.push(...table(report.requiredChecks.map((c) => [c.field, `- [x] ${oneLine(c.option)}`])).map((l) => `  ${l}`));
  }
  lines.push('');
  const u = report.usernameField;
  if (u === null) lines.push('Username field: none');
  else {
    const how = u.how === 'configured' ? 'the configured username.field' : `found by its label; the form has no field "${u.outputKey}"`;
    const output = u.key === u.outputKey ? '' : `; check output also gives it as fields.${u.outputKey}`;
    lines.push(`Username field: ${u.key} ("${oneLine(u.label)}", ${how}${output})`);
  }
  lines.push(
    report.skipped.length === 0
      ? 'Skipped elements: none'
      : `Skipped elements: ${report.skipped.map((s) => `body.${s.index} (${s.type}${s.label === null ? '' : `, "${oneLine(s.label)}"`})`).join(', ')}`,
  );
  for (const note of notes) lines.push(`Note: ${note}`);
  lines.push('');
  if (report.warnings.length === 0) lines.push('No warnings.');
  else lines.push(...report.warnings.map((w) => `warning: ${w}`));
  return `${lines.join('\n')}\n`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length))) ?? [];
  return rows.map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell + ' '.repeat(widths[i] - [...cell].length))).join('  '));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

async function loadConfig(path: string, io: CliIo, errors: string[]): Promise<Config | null> {
  const text = await readText(path, 'config file', io);
  const yaml = parseYaml(text, path);
  if (!yaml.ok) {
    errors.push(yaml.error);
    return null;
  }
  const result = validateConfig(yaml.value, path);
  if (result.ok) return result.config;
  errors.push(...result.errors.map((e) => locateConfigError(e, path, text)));
  return null;
}

/**
 * Adds line and column to a config error of validateConfig, which names the key path after the
 * source (`SOURCE: a.b: message`, `SOURCE: unknown key "a.b"`). An error whose path cannot be
 * found in the file is kept as it is.
 */
function locateConfigError(error: string, source: string, text: string): string {
  const prefix = `${source}: `;
  if (!error.startsWith(prefix)) return error;
  const rest = error.slice(prefix.length);
  const unknown = /^unknown key "([^"]*)"/.exec(rest);
  const path = unknown !== null ? unknown[1] : rest.slice(0, Math.max(0, rest.indexOf(': ')));
  if (path === '' || path === '(top level)') return error;
  const position = locatePath(text, path.split('.'));
  return position === null ? error : `${source}:${position.line}:${position.col}: ${rest}`;
}

async function loadTemplate(path: string, io: CliIo, errors: string[]): Promise<FormTemplate | null> {
  const text = await readText(path, 'template file', io);
  try {
    return parseFormTemplate(text, path);
  } catch (err) {
    if (!(err instanceof FormTemplateError)) throw err;
    if (err.issues.length === 0) errors.push(err.message);
    for (const issue of err.issues) {
      const keyPath = issue.keys !== undefined && issue.keys.length > 0 ? [...issue.path, issue.keys[0]] : issue.path;
      const where = keyPath.length === 0 ? null : locatePath(text, keyPath);
      const at = where === null ? `${path}:` : `${path}:${where.line}:${where.col}:`;
      errors.push(`${at} ${issue.path.map(String).join('.') || '(top level)'}: ${issue.message}`);
    }
    return null;
  }
}
