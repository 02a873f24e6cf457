/** Formats epoch milliseconds the way GitHub does: ISO 8601 in UTC, whole seconds. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function toMs(time: string | number | Date): number {
  const ms = time instanceof Date ? time.getTime() : typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(ms)) throw new Error(`Not a time: ${String(time)}`);
  return ms;
}

/**
 * The stand-in's only source of time. Every timestamp it writes comes from here, so tests can
 * pin and move time. Each write takes the current time and then moves the clock on by
 * `autoAdvanceMs` (1 s by default), which keeps timestamps strictly ordered.
 */
export class Clock {
  #ms: number;
  readonly autoAdvanceMs: number;

  constructor(start: string | number | Date = Date.now(), autoAdvanceMs = 1000) {
    this.#ms = Math.floor(toMs(start) / 1000) * 1000;
    this.autoAdvanceMs = autoAdvanceMs;
  }

  /** The current time as GitHub prints it, e.g. `2026-11-20T10:00:00Z`. */
  now(): string {
    return isoSeconds(this.#ms);
  }

  nowMs(): number {
    return this.#ms;
  }

  set(time: string | number | Date): void {
    this.#ms = toMs(time);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`The clock only moves forward (got ${ms} ms)`);
    this.#ms += ms;
  }

  /** The timestamp of one write: the current time; the clock then moves on by `autoAdvanceMs`. */
  stamp(): string {
    const at = this.now();
    this.#ms += this.autoAdvanceMs;
    return at;
  }
}
