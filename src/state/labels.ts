import type { Config } from '../config/schema.js';
import { STATES, type State } from './states.js';

/** The states whose labels are on the issue, in the order of STATES. */
export function statesFromLabels(labels: readonly string[], config: Config): State[] {
  const present = new Set(labels.map((l) => l.toLowerCase()));
  return STATES.filter((s) => present.has(config.labels[s].name.toLowerCase()));
}

export function stateOfLabel(label: string, config: Config): State | null {
  const wanted = label.toLowerCase();
  return STATES.find((s) => config.labels[s].name.toLowerCase() === wanted) ?? null;
}

export interface LabelChange {
  add: string[];
  remove: string[];
}

/**
 * Labels to add and remove so the issue shows exactly `state` plus the wanted flags.
 * Labels that are neither state labels nor the bot's flags are never touched.
 */
export function planLabels(labels: readonly string[], state: State | null, flags: readonly string[], config: Config): LabelChange {
  const has = new Set(labels.map((l) => l.toLowerCase()));
  const wanted = [...(state ? [config.labels[state].name] : []), ...flags];
  const wantedLower = new Set(wanted.map((l) => l.toLowerCase()));
  const managed = STATES.map((s) => config.labels[s].name);
  return {
    add: wanted.filter((l) => !has.has(l.toLowerCase())),
    remove: labels.filter((l) => managed.some((m) => m.toLowerCase() === l.toLowerCase()) && !wantedLower.has(l.toLowerCase())),
  };
}
