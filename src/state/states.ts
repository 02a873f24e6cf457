/** Every request is in exactly one of these states, shown as one label. */
export const STATES = ['incomplete', 'triage', 'awaiting-requester', 'verifying', 'completed', 'denied', 'duplicate'] as const;

export type State = (typeof STATES)[number];

/** States in which the issue is closed. */
export const FINAL_STATES: readonly State[] = ['completed', 'denied', 'duplicate'];

export function isFinal(state: State): boolean {
  return FINAL_STATES.includes(state);
}

/** States in which the issue is open, in the order of STATES. */
export const OPEN_STATES: readonly State[] = STATES.filter((s) => !FINAL_STATES.includes(s));
