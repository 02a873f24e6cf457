import { checkRequest } from '../checks/validate.js';
import { defaultConfig, validateConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { loadBundledForm } from '../form/bundled.js';
import { FormTemplateError, parseFormTemplate, type FormTemplate } from '../form/schema.js';
import { parseYaml } from '../form/yaml.js';
import { classify, reasonText } from '../kinds/classify.js';
import { detectLanguage } from '../kinds/language.js';
import { configPathFor, formPathFor, shown, sourcesLine } from './repository.js';
import { CliError, EXIT_ERROR, EXIT_FAILED, EXIT_OK, UsageError, parseCommandArgs, readText, type CliIo, type Command } from './command.js';

const usage = `Usage: recovery-triage check [--template FILE] [--config FILE] [FILE|-]

Checks an account-recovery request body, read from FILE or from standard input
(when FILE is -, or absent and standard input is a pipe or file rather than a
terminal), and prints one JSON object:
{ "valid", "state" (the label the bot would set), "fields", "problems",
"kind" (the id of the request's kind), "language" (ISO 639-1 code of the
reason's language, null when unsure) }.

Run inside a repository checkout, it reads what the bot reads there: the
checkout's .github/recovery-triage.yml (else the built-in defaults) and the
form that config names (else the bundled form). Standard error says which
files it used.

Options:
  --template FILE  issue-form YAML to check against (default: the config's
                   form, else the bundled form)
  --config FILE    recovery-triage config YAML (default: the checkout's
                   .github/recovery-triage.yml, else built-in defaults).
                   Its form path is read from the repository root: the folder
                   that holds the config's .github folder, else the checkout,
                   else the current folder; while that file does not exist
                   the bundled form is used, as the bot does
  -h, --help       show this help

Exit status: 0 complete, 1 incomplete, 2 usage, file, template or config error.
`;

export const checkCommand: Command = {
  name: 'check',
  summary: 'Check a request body against the form and print the verdict as JSON',
  usage,
  async run(args: string[], io: CliIo): Promise<number> {
    const { values, positionals } = parseCommandArgs(args, {
      template: { type: 'string' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    });
    if (values.help === true) {
      io.stdout(usage);
      return EXIT_OK;
    }
    if (positionals.length > 1) throw new UsageError(`expected at most one body file, got ${positionals.length}`);
    if (positionals.length === 0 && isTerminal(io.stdin)) {
      // Nothing piped in: waiting for a body typed at the terminal would look like a hang.
      io.stderr(`recovery-triage check: no body file given and standard input is a terminal.\n\n${usage}`);
      return EXIT_ERROR;
    }
    const configPath = configPathFor(values.config, io);
    const config = await loadConfigFile(configPath, io);
    let formPath: string | null = values.template ?? null;
    let template: FormTemplate;
    if (values.template !== undefined) template = await loadTemplate(values.template, io);
    else {
      const found = formPathFor(configPath, config, io);
      if (found.path === null && found.note !== null) io.stderr(`recovery-triage check: note: ${found.note}.\n`);
      formPath = found.path;
      template = found.path === null ? loadBundledForm() : await loadTemplate(found.path, io);
    }
    io.stderr(
      sourcesLine('check', {
        config: configPath === undefined ? null : shown(configPath, io),
        form: formPath === null ? null : shown(formPath, io),
      }),
    );
    const body = await readText(positionals[0], 'body file', io);

    const result = checkRequest(template, body, config.username);
    const state = result.valid ? config.labels.triage.name : config.labels.incomplete.name;
    const kind = classify(config, template, result, body);
    const language = config.language.detect ? detectLanguage(reasonText(template, result, body)).code : null;
    const output = { valid: result.valid, state, fields: result.fields, problems: result.problems, kind: kind.id, language };
    io.stdout(`${JSON.stringify(output, null, 2)}\n`);
    return result.valid ? EXIT_OK : EXIT_FAILED;
  },
};

/** Standard input is a terminal (a TTY), not a pipe or a file. */
function isTerminal(stdin: CliIo['stdin']): boolean {
  return (stdin as { isTTY?: boolean }).isTTY === true;
}

async function loadConfigFile(path: string | undefined, io: CliIo): Promise<Config> {
  if (path === undefined) return defaultConfig();
  const yaml = parseYaml(await readText(path, 'config file', io), path);
  if (!yaml.ok) throw new CliError(yaml.error);
  const result = validateConfig(yaml.value, path);
  if (!result.ok) throw new CliError(result.errors.join('\n'));
  return result.config;
}

async function loadTemplate(path: string, io: CliIo): Promise<FormTemplate> {
  const text = await readText(path, 'template file', io);
  try {
    return parseFormTemplate(text, path);
  } catch (err) {
    if (err instanceof FormTemplateError) throw new CliError(err.message);
    throw err;
  }
}
