/** The bench's rows as one Markdown table (figure, value, goal, met). */
import type { BenchRow } from './demoWorld';

export function benchTable(rows: readonly BenchRow[]): string {
  const header = ['figure', 'value', 'goal', 'met'];
  const cells = rows.map((row) => [
    row.figure,
    row.value,
    row.goal,
    row.met === undefined ? '' : row.met ? 'yes' : 'NO',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (cols: string[]) => `| ${cols.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
