import { fitLine, wrapText } from '../../layout.js';
import { fitSegments, line, lineText, seg, type Line } from '../../lines.js';
import { columns } from '../../text-width.js';
import type { StepsCheck, StepsEditorState } from '../steps-editor.js';
import { inputLine } from './text-question-lines.js';

export interface StepsView {
  readonly prompt: string;
  readonly editor: StepsEditorState;
  readonly check: StepsCheck;
  readonly problem?: string;
  /** Shown under the list when there is room (questions beside the preview). */
  readonly help?: string;
}

/** Rows shown of a long list: a window that keeps the selected row in view. */
export function rowWindow(selected: number, total: number, size: number): { start: number; end: number } {
  const start = Math.max(0, Math.min(selected - Math.floor(size / 2), total - size));
  return { start, end: Math.min(total, start + size) };
}

/** What is said under the list: how to edit the field being edited, else about the selected step (its file, layer, description). */
function detailText(editor: StepsEditorState): string {
  const { editing, steps, selected } = editor;
  if (editing?.field === 'deps') return 'names separated by commas; empty = every step of the previous stage';
  if (editing?.field === 'name') return 'letters, digits, _ and -; Enter keeps it, Esc undoes';
  const current = steps[selected];
  if (!current) return '';
  const file = current.sql_file ?? current.notebook ?? `sql/${current.step}.sql (new, with a placeholder query)`;
  return [`file ${file}`, current.layer && `layer ${current.layer}`, current.description].filter(Boolean).join(' · ');
}

function stepRow(view: StepsView, i: number, nameWidth: number, width: number): Line {
  const { editor, check } = view;
  const s = editor.steps[i]!;
  const on = i === editor.selected;
  const editing = on ? editor.editing : undefined;
  const bad = check.byIndex.has(i);
  const mark = seg(on ? '› ' : bad ? '✗ ' : '  ', bad ? 'error' : 'accent');
  const deps = check.dependsOn[i] ?? [];
  const after = deps.length === 0 ? '—' : `${deps.join(', ')}${check.explicit[i] ? '' : ' (auto)'}`;
  const number = `${i + 1}`.padEnd(3);
  if (editing?.field === 'name') {
    const input = inputLine(editing.draft, nameWidth - 1, '');
    const pad = ' '.repeat(Math.max(1, nameWidth - columns(lineText(input))));
    return fitSegments([mark, { text: number }, ...input, seg(`${pad}${String(s.stage).padEnd(7)}`), seg(after, 'muted')], width);
  }
  if (editing?.field === 'deps') {
    const headLen = 2 + 3 + nameWidth + 7;
    return fitSegments([mark, { text: `${number}${s.step.padEnd(nameWidth)}${String(s.stage).padEnd(7)}` }, ...inputLine(editing.draft, width - headLen, '')], width);
  }
  const tone = bad ? 'error' : on ? 'accent' : 'plain';
  return fitSegments([mark, seg(`${number}${fitLine(s.step, nameWidth - 1).padEnd(nameWidth)}${String(s.stage).padEnd(7)}`, tone), seg(after, bad ? 'error' : 'muted')], width);
}

/**
 * The list of steps, a window of it when long, and under it what the selected
 * step is (on two lines when the list still fits, so a narrow pane does not
 * cut it) or, whole, how to edit the field being edited; its problem, and help if room.
 */
export function stepsLines(view: StepsView, width: number, maxLines: number): Line[] {
  const { steps, selected, editing } = view.editor;
  const nameWidth = Math.min(28, Math.max(editing?.field === 'name' ? 16 : 10, ...steps.map((s) => s.step.length)) + 1);
  const problem = view.problem ? wrapText(`✗ ${view.problem}`, width, 2) : [];
  let detail = wrapText(detailText(view.editor), width, 2);
  // How to edit a field stays whole; what the selected step is gives way to the list.
  if (!editing && detail.length > 1 && steps.length > maxLines - 2 - problem.length - detail.length) detail = detail.slice(0, 1).map((t) => fitLine(`${t} …`, width));
  const size = Math.max(1, Math.min(steps.length, maxLines - 2 - detail.length - problem.length));
  const win = rowWindow(selected, steps.length, size);
  const range = steps.length > size ? `  ${win.start + 1}-${win.end} of ${steps.length}` : '';
  const lines: Line[] = [
    line(seg(view.prompt, 'title'), seg(` (${steps.length})${range}`, 'muted')),
    line(seg(fitLine(`  ${'#'.padEnd(3)}${'step'.padEnd(nameWidth)}stage  runs after`, width), 'muted')),
  ];
  for (let i = win.start; i < win.end; i++) lines.push(stepRow(view, i, nameWidth, width));
  lines.push(...detail.map((t) => line(seg(t, 'muted'))), ...problem.map((t) => line(seg(t, 'error'))));
  const room = maxLines - lines.length - 1;
  if (view.help && room >= 3 && size === steps.length) lines.push([], ...wrapText(view.help, width, room).map((t) => line(seg(t, 'muted'))));
  return lines;
}
