import { LineCounter, parseDocument } from 'yaml';

export type YamlResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses YAML text; the error names `source` and the line and column of the first problem. */
export function parseYaml(text: string, source: string): YamlResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const first = doc.errors[0];
  if (first !== undefined) {
    const pos = lines.linePos(first.pos[0]);
    return { ok: false, error: `${source}: line ${pos.line}, column ${pos.col}: ${first.message}` };
  }
  try {
    return { ok: true, value: doc.toJS() };
  } catch (err) {
    // e.g. an alias bomb: yaml refuses to expand excessive aliases.
    return { ok: false, error: `${source}: ${err instanceof Error ? err.message : String(err)}` };
  }
}
