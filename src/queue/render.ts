import type { QueueGroup, QueueReport } from './report.js';

const HEADER = ['state', 'requests', 'oldest', 'oldest age', 'median age'];
/** Text columns align left, numbers right. */
const ALIGN_RIGHT = [false, true, false, true, true];

/** The report as an aligned plain-text table, one row per state and a total row. */
export function renderQueueTable(report: QueueReport): string {
  const title = `${report.scope === 'all' ? 'All' : 'Open'} recovery requests in ${report.repo} at ${report.now}`;
  if (report.total.count === 0) return `${title}: none.\n`;
  const rows = [HEADER, ...report.states.map((g) => row(g.state ?? '(no state)', g)), row('all', report.total)];
  const widths = HEADER.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) =>
    r
      .map((cell, i) => (ALIGN_RIGHT[i] ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
  return `${title}\n\n${lines.join('\n')}\n\nAges are days since the issue was opened.\n${countsText(report)}`;
}

function row(name: string, g: QueueGroup): string[] {
  return [
    name,
    String(g.count),
    g.oldest === null ? '' : `#${g.oldest.number}`,
    g.oldest === null ? '' : g.oldest.ageDays.toFixed(1),
    g.medianAgeDays === null ? '' : g.medianAgeDays.toFixed(1),
  ];
}

/** Requests per kind and per language, one line each (src/kinds/count.ts). */
function countsText(report: QueueReport): string {
  const kinds = report.kinds ?? [];
  const languages = report.languages ?? [];
  if (kinds.length === 0 && languages.length === 0) return '';
  const kindText = kinds.map((k) => `${k.kind ?? '(unknown)'} ${k.count}`).join(', ');
  const languageText = languages.map((l) => `${l.language ?? "(team's or undetected)"} ${l.count}`).join(', ');
  return `\nBy kind: ${kindText || 'none'}.\nBy language: ${languageText || 'none'}.\n`;
}
