import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

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

export interface Position {
  line: number;
  col: number;
}

/**
 * Finds where a key path (as in a validation error, e.g. `body.1.attributes.label`) is written in
 * a YAML text: the position of the deepest key or item of the path that exists, or null when not
 * even the first one does (or the text is no YAML). Used to point lint errors at a line.
 */
export function locatePath(text: string, path: readonly (string | number)[]): Position | null {
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  } catch {
    return null;
  }
  let node: unknown = doc.contents;
  let offset: number | null = null;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(segment));
      if (pair === undefined) break;
      offset = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const index = typeof segment === 'number' ? segment : Number(segment);
      const item: unknown = Number.isInteger(index) ? node.items[index] : undefined;
      if (item === undefined) break;
      const range = (item as { range?: [number, number, number] | null }).range;
      offset = range ? range[0] : offset;
      node = item;
    } else {
      break;
    }
  }
  return offset === null ? null : lines.linePos(offset);
}
