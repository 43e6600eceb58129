/**
 * One rule for a terminal's width: a stream that says 0 columns (a pty nobody
 * sized, as on some CI runners or under `script`) knows no more than one that
 * says nothing. Layouts then assume 80 columns; a task list that redraws in
 * place falls back to plain lines.
 */
export const FALLBACK_COLUMNS = 80;

/** The width a stream reports, or undefined when it does not really know (0, missing, nonsense). */
export function knownColumns(columns: number | undefined): number | undefined {
  return columns !== undefined && Number.isFinite(columns) && columns > 0 ? Math.floor(columns) : undefined;
}

/** The width to lay text out in: the stream's, or 80 when it does not know. */
export function columnsOr80(columns: number | undefined): number {
  return knownColumns(columns) ?? FALLBACK_COLUMNS;
}
