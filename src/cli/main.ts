import { checkCommand } from './check.js';
import { lintCommand } from './lint.js';
import { reportCommand } from './report.js';
import { setupCommand } from './setup.js';
import { sweepCommand } from './sweep.js';
import { CliError, EXIT_ERROR, EXIT_OK, UsageError, errorMessage, type CliIo, type Command } from './command.js';

/** Subcommands; a new one is a module exporting a Command, added here. */
const COMMANDS: readonly Command[] = [checkCommand, lintCommand, sweepCommand, reportCommand, setupCommand];

const PROGRAM = 'recovery-triage';

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `Usage: ${PROGRAM} <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "${PROGRAM} <command> --help" for a command's options.\n`;
}

/** Runs the CLI; `argv` is the arguments after the program name. Resolves to the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h') {
    io.stdout(help());
    return EXIT_OK;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (command === undefined) {
    io.stderr(`${name === undefined ? `${PROGRAM}: missing command` : `${PROGRAM}: unknown command "${name}"`}\n\n${help()}`);
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
