import { columns, headColumns } from './text-width.js';

/** Narrowest a cut column gets: enough to recognize a name by. */
const MIN_COLUMN = 8;

/**
 * Rows of cells as lines whose columns start at the same display column (wide
 * characters count as two), fitting `width`: when they would not, the
 * fewest values are cut, with …. The last column (a short status) is kept
 * whole and not padded.
 */
export function alignedRows(rows: readonly (readonly string[])[], width: number, gap = 2): string[] {
  const count = Math.max(0, ...rows.map((r) => r.length));
  const cells = Array.from({ length: count }, (_, i) => rows.map((r) => columns(r[i] ?? '')));
  const widths = cells.map((c) => Math.max(0, ...c));
  shrinkToFit(widths, cells, width - gap * (count - 1));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === count - 1 ? cell : padColumns(cutColumns(cell, widths[i]!), widths[i]!)))
      .join(' '.repeat(gap))
      .trimEnd(),
  );
}

/**
 * Narrow the columns (all but the last) one column at a time, each time the
 * one whose narrowing cuts the fewest cells (the widest on a tie): one long
 * value gets cut rather than every row losing its end.
 */
function shrinkToFit(widths: number[], cells: readonly (readonly number[])[], room: number): void {
  let excess = widths.reduce((a, b) => a + b, 0) - room;
  while (excess > 0) {
    let best = -1;
    let bestCost = Infinity;
    for (let i = 0; i < widths.length - 1; i++) {
      if (widths[i]! <= MIN_COLUMN) continue;
      const cost = cells[i]!.filter((w) => w >= widths[i]!).length;
      if (cost < bestCost || (cost === bestCost && widths[i]! > widths[best]!)) [best, bestCost] = [i, cost];
    }
    if (best < 0) return;
    widths[best] = widths[best]! - 1;
    excess -= 1;
  }
}

/** `text` in at most `width` columns, ending in … when cut. */
export function cutColumns(text: string, width: number): string {
  if (columns(text) <= width) return text;
  return width <= 0 ? '' : `${headColumns(text, width - 1)}…`;
}

function padColumns(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - columns(text)));
}
