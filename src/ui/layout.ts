/** Screen geometry and text fitting, pure so the 80x24 and 160x48 cases are unit-tested. */
import { columns, headColumns, wrapWords } from './text-width.js';

export const SIDE_BY_SIDE_MIN_COLUMNS = 100;
const MIN_PREVIEW_ROWS = 5;

/**
 * The smallest terminal on which every screen keeps its input line (or the
 * selected option), the lines under it and the footer's keys: the header,
 * 7 lines of questions, the preview's title and 5 of its rows, the footer, and
 * the one row left free. Narrower, the footer loses the steps editor's keys
 * (at 50 columns) and then the choice screens' "^C quit" (at 46).
 * test/ui/wizard-fit.test.ts checks every screen at this size and above.
 */
export const MIN_COLUMNS = 60;
export const MIN_ROWS = 16;

export function isTooSmall(columns: number, rows: number): boolean {
  return columns < MIN_COLUMNS || rows < MIN_ROWS;
}

/** What a too-small terminal shows instead of a broken screen: the message, centred, as many lines as it needs. */
export function tooSmallLines(width: number, height: number): string[] {
  const message = `loyalty-wizard needs at least ${MIN_COLUMNS}x${MIN_ROWS}; this terminal is ${width}x${height} — enlarge it or press Ctrl-C`;
  const text = wrapText(message, Math.max(1, width));
  const centred = text.map((t) => `${' '.repeat(Math.max(0, Math.floor((width - columns(t)) / 2)))}${t}`);
  const above = Math.max(0, Math.floor((height - 1 - centred.length) / 2));
  return [...Array.from({ length: above }, () => ''), ...centred];
}

export interface WizardLayout {
  readonly mode: 'side' | 'stacked';
  readonly columns: number;
  /** Lines drawn: one less than the terminal, so Ink never falls back to clearing the whole screen. */
  readonly height: number;
  /** Between the header and footer lines. */
  readonly bodyHeight: number;
  readonly questionWidth: number;
  readonly questionHeight: number;
  readonly previewWidth: number;
  /** Lines of YAML shown (the preview's title line not counted); 0 when hidden. */
  readonly previewRows: number;
}

/**
 * How much of the width the question side wants beside the preview: `narrow`
 * for text that wraps well (a prompt and an input line), `wide` for lists whose
 * lines do not wrap (hosts, step tables), `review` for the table of answers.
 */
export type PaneShare = 'narrow' | 'wide' | 'review';

/** The fewest columns of text a narrow question side has. */
export const NARROW_TEXT_COLUMNS = 38;

const SHARES: Record<PaneShare, readonly [part: number, min: number, max: number]> = {
  // At 120 columns the preview gets 80: a job's whole name line in the YAML.
  narrow: [0.32, NARROW_TEXT_COLUMNS, 56],
  wide: [0.4, 45, 64],
  review: [0.5, 50, 80],
};

/** One column more than the text needs: the wizard leaves it blank before the separator. */
function sideQuestionWidth(columns: number, share: PaneShare): number {
  const [part, min, max] = SHARES[share];
  return Math.max(min, Math.min(max, Math.floor(columns * part))) + 1;
}

/**
 * ≥ 100 columns: questions left, preview right. Narrower: questions on top
 * with the lines they want (up to what leaves the preview MIN_PREVIEW_ROWS),
 * preview below.
 */
export function wizardLayout(columns: number, rows: number, questionLines: number, withPreview: boolean, share: PaneShare = 'wide'): WizardLayout {
  const height = Math.max(8, rows - 1);
  const bodyHeight = height - 2;
  if (!withPreview) {
    return { mode: 'stacked', columns, height, bodyHeight, questionWidth: columns, questionHeight: bodyHeight, previewWidth: 0, previewRows: 0 };
  }
  if (columns >= SIDE_BY_SIDE_MIN_COLUMNS) {
    const questionWidth = sideQuestionWidth(columns, share);
    return { mode: 'side', columns, height, bodyHeight, questionWidth, questionHeight: bodyHeight, previewWidth: columns - questionWidth - 1, previewRows: bodyHeight - 1 };
  }
  const questionHeight = Math.max(1, Math.min(questionLines, bodyHeight - 1 - MIN_PREVIEW_ROWS));
  return { mode: 'stacked', columns, height, bodyHeight, questionWidth: columns, questionHeight, previewWidth: columns, previewRows: bodyHeight - questionHeight - 1 };
}

/**
 * Where a window of `size` lines over `total` starts so that `line` is in
 * view: unchanged when it already is (with `margin` lines of context), else
 * with the line a third of the way down, so what follows it shows too.
 * `top` puts the line at the top whatever (a block to read from its start).
 */
export function scrollToShow(offset: number, size: number, total: number, line: number | undefined, margin = 2, place: 'third' | 'top' = 'third'): number {
  const max = Math.max(0, total - size);
  const current = Math.min(Math.max(0, offset), max);
  if (line === undefined) return current;
  if (place === 'top') return Math.min(Math.max(0, line - 1), max);
  const context = Math.min(margin, Math.floor((size - 1) / 2));
  const inView = line >= current + Math.min(context, line) && line < current + size - context;
  if (inView) return current;
  return Math.min(Math.max(0, line - Math.floor(size / 3)), max);
}

/** Cut a line to `width` columns with an ellipsis. */
export function fitLine(text: string, width: number): string {
  if (width <= 0) return '';
  return columns(text) <= width ? text : `${headColumns(text, width - 1)}…`;
}

/** Word-wrap to `width`, at most `maxLines` lines (the last one cut with an ellipsis). */
export function wrapText(text: string, width: number, maxLines = Number.POSITIVE_INFINITY): string[] {
  const lines = wrapWords(text, width);
  const fitted = lines.map((l) => fitLine(l, width));
  if (fitted.length <= maxLines) return fitted;
  const kept = fitted.slice(0, maxLines);
  kept[maxLines - 1] = fitLine(`${kept[maxLines - 1]!} …`, width);
  return kept;
}
