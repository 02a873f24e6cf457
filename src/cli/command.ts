import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

/** Everything a command may touch, so that tests can run commands in-process. */
export interface CliIo {
  stdin: NodeJS.ReadableStream;
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: Record<string, string | undefined>;
  /** The folder the command runs in (default: the process's); relative paths are read from it. */
  cwd?: string;
}

export interface Command {
  name: string;
  /** One line for `recovery-triage --help`. */
  summary: string;
  /** Full text for `recovery-triage <name> --help`. */
  usage: string;
  /** Resolves to the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by every command: 2 means no verdict could be given. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_ERROR = 2;

/** A file, template or config error: reported on stderr with exit code 2. */
export class CliError extends Error {
  override name = 'CliError';
}

/** A CliError caused by the command line itself; the report points to --help. */
export class UsageError extends CliError {
  override name = 'UsageError';
}

const FILE_ERRORS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'it is a directory',
};

/**
 * The message of a thrown value. Not `instanceof Error`: errors from Node built-ins come from
 * another realm under Jest's VM modules.
 */
export function errorMessage(err: unknown): string {
  if (typeof err !== 'object' || err === null) return String(err);
  const { code, message } = err as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && code in FILE_ERRORS) return FILE_ERRORS[code];
  return typeof message === 'string' ? message : String(err);
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs in strict mode, with its errors turned into CliError. */
export function parseCommandArgs<O extends Options>(
  args: string[],
  options: O,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(errorMessage(err));
  }
}

// TextDecoder drops a UTF-8 byte-order mark, which would otherwise hide the first heading.
const decoder = new TextDecoder('utf-8');

/** Reads a UTF-8 file, or stdin when `path` is `-` or absent. */
export async function readText(path: string | undefined, what: string, io: CliIo): Promise<string> {
  if (path === undefined || path === '-') return decoder.decode(await readStream(io.stdin));
  try {
    return decoder.decode(await readFile(io.cwd === undefined ? path : resolve(io.cwd, path)));
  } catch (err) {
    throw new CliError(`cannot read ${what} ${path}: ${errorMessage(err)}`);
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk);
  } catch (err) {
    throw new CliError(`cannot read standard input: ${errorMessage(err)}`);
  }
  return Buffer.concat(chunks);
}
