/**
 * A small checker for the Mermaid xychart blocks the dashboard writes. It accepts only what the
 * dashboard needs (and what GitHub's Mermaid renders): the `xychart-beta` header, an optional
 * quoted title, `x-axis [..]` with quoted or bare labels, an optional `y-axis "title" min --> max`,
 * and one or more `bar [..]` / `line [..]` series of plain numbers, as many as there are labels.
 */

export interface XyChart {
  title: string | null;
  labels: string[];
  yAxis: { title: string; min: number; max: number } | null;
  series: { kind: 'bar' | 'line'; values: number[] }[];
}

const NUMBER = /^-?\d+(?:\.\d+)?$/;

interface Item {
  text: string;
  quoted: boolean;
}

function listItems(inside: string, where: string): Item[] {
  const items: Item[] = [];
  let rest = inside.trim();
  if (rest === '') return items;
  for (;;) {
    let item: Item;
    if (rest.startsWith('"')) {
      const end = rest.indexOf('"', 1);
      if (end < 0) throw new Error(`${where}: unclosed quote`);
      item = { text: rest.slice(1, end), quoted: true };
      rest = rest.slice(end + 1).trimStart();
    } else {
      const m = /^[^,"\s\]]+/.exec(rest);
      if (m === null) throw new Error(`${where}: bad item at "${rest.slice(0, 20)}"`);
      item = { text: m[0], quoted: false };
      rest = rest.slice(m[0].length).trimStart();
    }
    items.push(item);
    if (rest === '') return items;
    if (!rest.startsWith(',')) throw new Error(`${where}: expected a comma at "${rest.slice(0, 20)}"`);
    rest = rest.slice(1).trimStart();
  }
}

function bracketed(text: string, where: string): string {
  const m = /^\[(.*)\]$/.exec(text.trim());
  if (m === null) throw new Error(`${where}: expected [ … ]`);
  return m[1];
}

/** Parses one chart's text (without the fences); throws on anything malformed. */
export function parseXyChart(text: string): XyChart {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (lines[0] !== 'xychart-beta') throw new Error(`header: expected "xychart-beta", got "${lines[0]}"`);
  const chart: XyChart = { title: null, labels: [], yAxis: null, series: [] };
  let sawX = false;
  for (const line of lines.slice(1)) {
    let m: RegExpExecArray | null;
    if ((m = /^title "([^"]*)"$/.exec(line))) {
      if (chart.title !== null) throw new Error('two titles');
      chart.title = m[1];
    } else if ((m = /^x-axis (.*)$/.exec(line))) {
      if (sawX) throw new Error('two x-axes');
      sawX = true;
      chart.labels = listItems(bracketed(m[1], 'x-axis'), 'x-axis').map((i) => i.text);
    } else if ((m = /^y-axis "([^"]*)" (-?\d+(?:\.\d+)?) --> (-?\d+(?:\.\d+)?)$/.exec(line))) {
      if (chart.yAxis !== null) throw new Error('two y-axes');
      chart.yAxis = { title: m[1], min: Number(m[2]), max: Number(m[3]) };
      if (!(chart.yAxis.max > chart.yAxis.min)) throw new Error('y-axis: max must exceed min');
    } else if ((m = /^(bar|line) (.*)$/.exec(line))) {
      const items = listItems(bracketed(m[2], m[1]), m[1]);
      const bad = items.find((v) => v.quoted || !NUMBER.test(v.text));
      if (bad !== undefined) throw new Error(`${m[1]}: ${bad.quoted ? `"${bad.text}"` : bad.text} is not a number`);
      chart.series.push({ kind: m[1] as 'bar' | 'line', values: items.map((v) => Number(v.text)) });
    } else {
      throw new Error(`unknown line "${line}"`);
    }
  }
  if (!sawX) throw new Error('no x-axis');
  if (chart.labels.length === 0) throw new Error('x-axis has no labels');
  if (chart.series.length === 0) throw new Error('no series');
  for (const s of chart.series) {
    if (s.values.length !== chart.labels.length) {
      throw new Error(`${s.kind}: ${s.values.length} values for ${chart.labels.length} labels`);
    }
    if (chart.yAxis !== null && s.values.some((v) => v < chart.yAxis!.min || v > chart.yAxis!.max)) {
      throw new Error(`${s.kind}: a value outside the y-axis range`);
    }
  }
  return chart;
}

/** Every ```mermaid block of a Markdown text, parsed; a fence left open is an error. */
export function mermaidCharts(markdown: string): XyChart[] {
  const charts: XyChart[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].trim() !== '```mermaid') continue;
    const end = lines.findIndex((l, j) => j > i && l.trim() === '```');
    if (end < 0) throw new Error(`mermaid block at line ${i + 1} is not closed`);
    charts.push(parseXyChart(lines.slice(i + 1, end).join('\n')));
    i = end;
  }
  return charts;
}
