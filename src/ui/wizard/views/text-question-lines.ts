import { fitLine, wrapText } from '../../layout.js';
import { line, seg, type Line } from '../../lines.js';
import type { TextDraft } from '../../text-input/text-edit.js';

/** `› value` with the cursor drawn, scrolled sideways so the cursor stays visible. */
export function inputLine(draft: TextDraft, width: number, prefix = '› '): Line {
  const { value, cursor } = draft;
  const room = Math.max(4, width - prefix.length);
  const start = cursor >= room ? cursor - room + 1 : 0;
  const end = start + room;
  const before = value.slice(start, cursor);
  let after = value.slice(cursor + 1, end);
  if (value.length > end) after = `${after.slice(0, -1)}…`;
  return line(seg(prefix, 'accent'), start > 0 ? seg('…', 'muted') : undefined, start > 0 ? before.slice(1) : before, seg(value[cursor] ?? ' ', 'cursor'), after);
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
