import { readFileSync } from 'node:fs';
import { checkCommand } from './check.js';
import { eventCommand } from './event.js';
import { lintCommand } from './lint.js';
import { previewCommand } from './preview.js';
import { reportCommand } from './report.js';
import { setupCommand } from './setup.js';
import { sweepCommand } from './sweep.js';
import { CliError, EXIT_ERROR, EXIT_OK, UsageError, errorMessage, type CliIo, type Command } from './command.js';

/** Subcommands; a new one is a module exporting a Command, added here. */
const COMMANDS: readonly Command[] = [checkCommand, lintCommand, previewCommand, sweepCommand, reportCommand, setupCommand, eventCommand];

const PROGRAM = 'recovery-triage';

/** `help` is answered by main itself; it is listed with the others. */
const HELP_SUMMARY = 'Show this list, or the options of one command';

function help(commands: readonly Command[]): string {
  const entries: [string, string][] = [...commands.map((c): [string, string] => [c.name, c.summary]), ['help', HELP_SUMMARY]];
  const width = Math.max(...entries.map(([name]) => name.length));
  const lines = entries.map(([name, summary]) => `  ${name.padEnd(width)}  ${summary}`);
  return [
    `Usage: ${PROGRAM} <command> [options]`,
    `       ${PROGRAM} help [command]`,
    `       ${PROGRAM} --version`,
    '',
    'Commands:',
    ...lines,
    '',
    `Run "${PROGRAM} help <command>" or "${PROGRAM} <command> --help" for a command's options.`,
    '',
  ].join('\n');
}

/** This package's version, from its package.json (two folders up from src/cli and lib/cli). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/**
 * Runs the CLI; `argv` is the arguments after the program name. Resolves to the exit code.
 * `commands` is for tests that run commands with a stand-in GitHub client.
 */
export async function main(argv: string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h') {
    io.stdout(help(commands));
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v' || name === '-V') {
    io.stdout(`${PROGRAM} ${version()}\n`);
    return EXIT_OK;
  }
  if (name === 'help') return helpCommand(args, io, commands);
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`${name === undefined ? `${PROGRAM}: missing command` : `${PROGRAM}: unknown command "${name}"`}\n\n${help(commands)}`);
    return EXIT_ERROR;
  }
  try {
    return await command.run(args, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${PROGRAM} ${command.name}: ${err.message}\nRun "${PROGRAM} ${command.name} --help" for usage.\n`);
    } else if (err instanceof CliError) {
      io.stderr(`${PROGRAM} ${command.name}: ${err.message}\n`);
    } else {
      // A bug, not a verdict: exit 2 so that scripts never read it as "incomplete".
      const stack = typeof err === 'object' && err !== null && 'stack' in err ? String(err.stack) : errorMessage(err);
      io.stderr(`${PROGRAM} ${command.name}: internal error: ${stack}\n`);
    }
    return EXIT_ERROR;
  }
}

/** `help`: the command list; `help <command>`: that command's usage. */
function helpCommand(args: string[], io: CliIo, commands: readonly Command[]): number {
  if (args.length === 0) {
    io.stdout(help(commands));
    return EXIT_OK;
  }
  if (args.length > 1) {
    io.stderr(`${PROGRAM} help: expected at most one command, got ${args.length}\n\n${help(commands)}`);
    return EXIT_ERROR;
  }
  const [name] = args;
  if (name === 'help') {
    io.stdout(help(commands));
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`${PROGRAM} help: unknown command "${name}"\n\n${help(commands)}`);
    return EXIT_ERROR;
  }
  io.stdout(command.usage);
  return EXIT_OK;
}
