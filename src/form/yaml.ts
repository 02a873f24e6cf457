import { parseDocument } from 'yaml';

export type YamlResult = { ok: true; value: unknown } | { ok: false; error: string };

/** Parses YAML text; the error names `source` and the line and column of the first problem. */
export function parseYaml(text: string, source: string): YamlResult {
  const doc = parseDocument(text, { prettyErrors: false });
  const first = doc.errors[0];
  if (first !== undefined) {
    const pos = first.linePos?.[0];
    return { ok: false, error: `${source}: ${pos ? `line ${pos.line}, column ${pos.col}` : 'YAML'}: ${first.message}` };
  }
  try {
    return { ok: true, value: doc.toJS() };
  } catch (err) {
    // e.g. an alias bomb: yaml refuses to expand excessive aliases.
    return { ok: false, error: `${source}: YAML: ${err instanceof Error ? err.message : String(err)}` };
  }
}
