import { OPEN_STATES } from '../state/states.js';
import { decideTransition, unavailableMessage, type Trigger } from '../state/transitions.js';
import type { CommandDefinition, CommandInput, CommandOutcome } from './types.js';

/** The outcome of a command that moves the request, or its refusal in the current state. */
export function transition(
  input: CommandInput,
  trigger: Trigger,
  reason: string,
  message: string | null,
  duplicateOf?: number,
): CommandOutcome {
  const decision = decideTransition(input.state, trigger);
  if (!decision.ok) return { kind: 'rejected', reason: 'invalid-transition', message: decision.message };
  const duplicate = duplicateOf === undefined ? {} : { duplicateOf };
  return { kind: 'transition', trigger, rule: decision.rule, reason, message, ...duplicate };
}

export function badArguments(command: CommandDefinition, problem: string): CommandOutcome {
  return { kind: 'rejected', reason: 'bad-arguments', message: `${problem}\n\nUsage: \`${command.usage}\`` };
}

export function takesNoArguments(command: CommandDefinition, input: CommandInput): CommandOutcome | null {
  return input.args === '' ? null : badArguments(command, `\`/recovery ${command.verb}\` takes no arguments.`);
}

/** Refuses commands that only make sense while the issue is open; null (no state yet) counts as open. */
export function requireOpen(command: CommandDefinition, input: CommandInput): CommandOutcome | null {
  if (input.state === null || OPEN_STATES.includes(input.state)) return null;
  return {
    kind: 'rejected',
    reason: 'invalid-transition',
    message: unavailableMessage(command.verb, input.state, [null, ...OPEN_STATES]),
  };
}
