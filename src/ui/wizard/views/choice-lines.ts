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

/** The options shown when they do not all fit: a run around the selected one, with room for "more" lines. */
export function optionWindow(heights: readonly number[], selected: number, room: number): { start: number; end: number } {
  const n = heights.length;
  const markers = (s: number, e: number) => (s > 0 ? 1 : 0) + (e < n ? 1 : 0);
  let [start, end, used] = [selected, selected + 1, heights[selected] ?? 0];
  for (let grew = true; grew; ) {
    grew = false;
    if (end < n && used + heights[end]! + markers(start, end + 1) <= room) [used, end, grew] = [used + heights[end]!, end + 1, true];
    if (start > 0 && used + heights[start - 1]! + markers(start - 1, end) <= room) [used, start, grew] = [used + heights[start - 1]!, start - 1, true];
  }
  return { start, end };
}

function optionLines(o: ChoiceOption<unknown>, on: boolean, below: boolean, labelWidth: number, width: number, withDetail: boolean): Line[] {
  const pointer = seg(on ? '› ' : '  ', 'accent');
  const label = seg(below || !o.detail ? o.label : o.label.padEnd(labelWidth), on ? 'accent' : 'plain');
  if (!below) return [line(pointer, label, o.detail ? seg(o.detail, 'muted') : undefined)];
  const details = o.detail && withDetail ? wrapText(o.detail, width - 4, 2).map((t) => line('    ', seg(t, 'muted'))) : [];
  return [line(pointer, label), ...details];
}

/**
 * A prompt and its options. When they do not fit in `maxLines`, details are
 * kept for the highlighted option only, then the list shows a window around it
 * ("↑ 2 more"): the highlighted option is always on screen.
 */
export function choiceLines(view: ChoiceView, width: number, maxLines: number): Line[] {
  const head: Line[] = [...(view.before ?? []), ...wrapText(view.prompt, width, 2).map((t) => line(seg(t, 'title')))];
  const tail: Line[] = [];
  if (view.problem) tail.push(...wrapText(`✗ ${view.problem}`, width, 2).map((t) => line(seg(t, 'error'))));
  for (const note of view.notes ?? []) tail.push(...wrapText(note, width, 5).map((t) => line(seg(t, 'muted'))));
  const labelWidth = Math.min(28, Math.max(...view.options.map((o) => o.label.length)) + 2);
  // Details go under their labels when they would not fit beside them (a narrow pane, long hosts).
  const below = view.detailBelow || view.options.some((o) => o.detail && 2 + labelWidth + o.detail.length > width);
  const room = Math.max(1, maxLines - head.length - tail.length);
  let blocks = view.options.map((o, i) => optionLines(o, i === view.selected, below, labelWidth, width, true));
  if (blocks.flat().length > room) blocks = view.options.map((o, i) => optionLines(o, i === view.selected, below, labelWidth, width, i === view.selected));
  let options = blocks.flat();
  if (options.length > room) {
    const { start, end } = optionWindow(blocks.map((b) => b.length), view.selected, room);
    const more = (n: number, arrow: string) => (n > 0 ? [line(seg(`  ${arrow} ${n} more`, 'muted'))] : []);
    options = [...more(start, '↑'), ...blocks.slice(start, end).flat(), ...more(blocks.length - end, '↓')];
  }
  const lines = [...head, ...options, ...tail];
  const helpRoom = Math.max(0, maxLines - lines.length - 1);
  if (view.help && helpRoom > 0) lines.push([], ...wrapText(view.help, width, helpRoom).map((t) => line(seg(t, 'muted'))));
  return lines;
}
