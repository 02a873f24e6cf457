/** Reading the dashboard's Markdown back in tests: sections by heading, tables as rows of cells. */

/** The lines under each `### ` heading, up to the next one. */
export function sections(markdown: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('### ')) {
      current = [];
      out.set(line.slice(4), current);
    } else if (current !== null) current.push(line);
  }
  return out;
}

/** Cells of a table row, split at pipes that are not escaped. */
function cells(line: string): string[] {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

/** The first table among the lines: its header and body rows (the alignment row dropped). */
export function firstTable(lines: readonly string[]): { header: string[]; rows: string[][] } {
  const start = lines.findIndex((l) => l.startsWith('|'));
  if (start < 0) throw new Error('no table');
  const block: string[] = [];
  for (let i = start; i < lines.length && lines[i].startsWith('|'); i++) block.push(lines[i]);
  const [header, align, ...rows] = block;
  if (!/^\|( *:?-+:? *\|)+$/.test(align)) throw new Error(`bad alignment row: ${align}`);
  const head = cells(header);
  const body = rows.map(cells);
  for (const row of body)
    if (row.length !== head.length) throw new Error(`row has ${row.length} cells, header ${head.length}: ${row.join(' | ')}`);
  return { header: head, rows: body };
}
