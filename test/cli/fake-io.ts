import { Readable } from 'node:stream';
import type { CliIo } from '../../src/cli/command.js';

export interface FakeIo extends CliIo {
  out: () => string;
  err: () => string;
}

/** In-process io for main(): captures stdout and stderr, feeds `stdin` as standard input. */
export function fakeIo(stdin = ''): FakeIo {
  let out = '';
  let err = '';
  return {
    stdin: Readable.from([Buffer.from(stdin, 'utf8')]),
    stdout: (s) => {
      out += s;
    },
    stderr: (s) => {
      err += s;
    },
    env: {},
    out: () => out,
    err: () => err,
  };
}
