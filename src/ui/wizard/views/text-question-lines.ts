import { fitLine, wrapText } from '../../layout.js';
import { line, seg, type Line } from '../../lines.js';
import type { TextDraft } from '../../text-input/text-edit.js';
import { columns, headColumns, nextBoundary, tailColumns } from '../../text-width.js';

/** `› value` with the cursor drawn, scrolled sideways so the cursor stays visible. */
export function inputLine(draft: TextDraft, width: number, prefix = '› '): Line {
  const { value, cursor } = draft;
  const room = Math.max(4, width - prefix.length);
  const end = nextBoundary(value, cursor);
  const under = cursor < value.length ? value.slice(cursor, end) : ' ';
  let before = value.slice(0, cursor);
  let after = value.slice(end);
  // Too wide: the cursor stays at the right edge, what is cut off on either side shows as "…".
  const clippedLeft = columns(before) + columns(under) > room;
  if (clippedLeft) before = tailColumns(before, room - columns(under) - 1);
  const used = (clippedLeft ? 1 : 0) + columns(before) + columns(under);
  if (used + columns(after) > room) after = `${headColumns(after, room - used - 1)}…`;
  return line(seg(prefix, 'accent'), clippedLeft ? seg('…', 'muted') : undefined, before, seg(under, 'cursor'), after);
}

export interface TextQuestionView {
  readonly prompt: string;
  readonly help: string;
  readonly draft: TextDraft;
  readonly problem?: string;
  /** What the answer means, e.g. a schedule in words. */
  readonly echo?: string;
  /** A fixed hint under the input, e.g. the list format. */
  readonly hint?: string;
}

export function textQuestionLines(view: TextQuestionView, width: number, maxLines: number): Line[] {
  const lines: Line[] = [...wrapText(view.prompt, width, 2).map((t) => line(seg(t, 'title'))), inputLine(view.draft, width)];
  if (view.problem) lines.push(...wrapText(`✗ ${view.problem}`, width, 2).map((t) => line(seg(t, 'error'))));
  else if (view.echo) lines.push(line(seg(fitLine(view.echo, width), 'ok')));
  if (view.hint) lines.push(line(seg(fitLine(view.hint, width), 'muted')));
  const room = Math.max(0, maxLines - lines.length - 1);
  if (room > 0) lines.push([], ...wrapText(view.help, width, room).map((t) => line(seg(t, 'muted'))));
  return lines;
}
