import { wrapText } from '../../layout.js';
import { line, seg, type Line } from '../../lines.js';
import type { ChoiceOption } from '../question-kinds.js';

export interface ChoiceView {
  readonly prompt: string;
  readonly options: readonly ChoiceOption<unknown>[];
  readonly selected: number;
  readonly problem?: string;
  readonly help?: string;
  /** Lines above the prompt (e.g. "Wrote pipelines/x/"). */
  readonly before?: readonly Line[];
  /** Show each option's detail on its own line under the label (template descriptions). */
  readonly detailBelow?: boolean;
  readonly notes?: readonly string[];
}

export function choiceLines(view: ChoiceView, width: number, maxLines: number): Line[] {
  const lines: Line[] = [...(view.before ?? []), ...wrapText(view.prompt, width, 2).map((t) => line(seg(t, 'title')))];
  const labelWidth = Math.min(28, Math.max(...view.options.map((o) => o.label.length)) + 2);
  // Details go under their labels when they would not fit beside them (a narrow pane, long hosts).
  const below = view.detailBelow || view.options.some((o) => o.detail && 2 + labelWidth + o.detail.length > width);
  view.options.forEach((o, i) => {
    const on = i === view.selected;
    const pointer = seg(on ? '› ' : '  ', 'accent');
    const label = seg(below || !o.detail ? o.label : o.label.padEnd(labelWidth), on ? 'accent' : 'plain');
    if (below) {
      lines.push(line(pointer, label));
      if (o.detail) lines.push(...wrapText(o.detail, width - 4, 2).map((t) => line('    ', seg(t, 'muted'))));
    } else lines.push(line(pointer, label, o.detail ? seg(o.detail, 'muted') : undefined));
  });
  if (view.problem) lines.push(...wrapText(`✗ ${view.problem}`, width, 2).map((t) => line(seg(t, 'error'))));
  for (const note of view.notes ?? []) lines.push(...wrapText(note, width, 5).map((t) => line(seg(t, 'muted'))));
  const room = Math.max(0, maxLines - lines.length - 1);
  if (view.help && room > 0) lines.push([], ...wrapText(view.help, width, room).map((t) => line(seg(t, 'muted'))));
  return lines;
}
