import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { fakeIo } from './fake-io.js';

const wellFormed = readFileSync(fileURLToPath(new URL('../fixtures/well-formed/body.md', import.meta.url)), 'utf8');

/** Standard input that records whether anyone read it; `isTTY` as a terminal sets it. */
function stdin(text: string, isTTY: boolean | undefined) {
  let read = false;
  const stream = new Readable({
    read() {
      read = true;
      this.push(Buffer.from(text, 'utf8'));
      this.push(null);
    },
  });
  if (isTTY !== undefined) Object.assign(stream, { isTTY });
  return { stream, wasRead: () => read };
}

async function check(args: string[], input: ReturnType<typeof stdin>) {
  const io = { ...fakeIo(), stdin: input.stream };
  const code = await main(['check', ...args], io);
  return { code, out: io.out(), err: io.err() };
}

describe('check and standard input', () => {
  test('the repro: no file on a terminal prints the usage and exits 2 instead of waiting', async () => {
    const input = stdin(wellFormed, true);
    const { code, out, err } = await check([], input);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('recovery-triage check: no body file given and standard input is a terminal.');
    expect(err).toContain('Usage: recovery-triage check [--template FILE] [--config FILE] [FILE|-]');
    expect(input.wasRead()).toBe(false);
  });

  test('piped input (not a terminal) is read when no file is given', async () => {
    for (const isTTY of [false, undefined]) {
      const input = stdin(wellFormed, isTTY);
      const { code, out } = await check([], input);
      expect(code).toBe(0);
      expect(JSON.parse(out)).toMatchObject({ valid: true });
      expect(input.wasRead()).toBe(true);
    }
  });

  test('an explicit - reads standard input even from a terminal (the user asked for it)', async () => {
    const input = stdin(wellFormed, true);
    const { code } = await check(['-'], input);
    expect(code).toBe(0);
    expect(input.wasRead()).toBe(true);
  });

  test('a file argument never touches standard input', async () => {
    const input = stdin('', true);
    const path = fileURLToPath(new URL('../fixtures/well-formed/body.md', import.meta.url));
    expect((await check([path], input)).code).toBe(0);
    expect(input.wasRead()).toBe(false);
  });

  test('--help still works on a terminal', async () => {
    const input = stdin('', true);
    const { code, out } = await check(['--help'], input);
    expect(code).toBe(0);
    expect(out).toContain('absent and standard input is a pipe or file rather than a');
  });
});
