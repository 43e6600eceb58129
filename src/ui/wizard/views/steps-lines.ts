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

export function stepsLines(view: StepsView, width: number, maxLines: number): Line[] {
  const { editor, check } = view;
  const { steps, selected, editing } = editor;
  const nameWidth = Math.min(28, Math.max(editing?.field === 'name' ? 16 : 10, ...steps.map((s) => s.step.length)) + 1);
  const problem = view.problem ? wrapText(`✗ ${view.problem}`, width, 2) : [];
  const tail = 1 + problem.length;
  const size = Math.max(1, Math.min(steps.length, maxLines - 2 - tail));
  const win = rowWindow(selected, steps.length, size);
  const range = steps.length > size ? `  ${win.start + 1}-${win.end} of ${steps.length}` : '';
  const lines: Line[] = [
    line(seg(view.prompt, 'title'), seg(` (${steps.length})${range}`, 'muted')),
    line(seg(`  ${'#'.padEnd(3)}${'step'.padEnd(nameWidth)}stage  runs after`, 'muted')),
  ];
  for (let i = win.start; i < win.end; i++) {
    const s = steps[i]!;
    const on = i === selected;
    const bad = check.byIndex.has(i);
    const mark = seg(on ? '› ' : bad ? '✗ ' : '  ', bad ? 'error' : 'accent');
    const deps = check.dependsOn[i] ?? [];
    const after = deps.length === 0 ? '—' : `${deps.join(', ')}${check.explicit[i] ? '' : ' (auto)'}`;
    const number = `${i + 1}`.padEnd(3);
    if (on && editing?.field === 'name') {
      const input = inputLine(editing.draft, nameWidth - 1, '');
      const pad = ' '.repeat(Math.max(1, nameWidth - columns(lineText(input))));
      lines.push(fitSegments([mark, { text: number }, ...input, seg(`${pad}${String(s.stage).padEnd(7)}`), seg(after, 'muted')], width));
    } else if (on && editing?.field === 'deps') {
      const headLen = 2 + 3 + nameWidth + 7;
      lines.push(fitSegments([mark, { text: `${number}${s.step.padEnd(nameWidth)}${String(s.stage).padEnd(7)}` }, ...inputLine(editing.draft, width - headLen, '')], width));
    } else {
      const tone = bad ? 'error' : on ? 'accent' : 'plain';
      lines.push(fitSegments([mark, seg(`${number}${fitLine(s.step, nameWidth - 1).padEnd(nameWidth)}${String(s.stage).padEnd(7)}`, tone), seg(after, bad ? 'error' : 'muted')], width));
    }
  }
  const current = steps[selected];
  if (editing?.field === 'deps') lines.push(line(seg(fitLine('names separated by commas; empty = every step of the previous stage', width), 'muted')));
  else if (editing?.field === 'name') lines.push(line(seg(fitLine('letters, digits, _ and -; Enter keeps it, Esc undoes', width), 'muted')));
  else if (current) {
    const file = current.sql_file ?? current.notebook ?? `sql/${current.step}.sql (new, with a placeholder query)`;
    lines.push(line(seg(fitLine([`file ${file}`, current.layer && `layer ${current.layer}`, current.description].filter(Boolean).join(' · '), width), 'muted')));
  }
  lines.push(...problem.map((t) => line(seg(t, 'error'))));
  const room = maxLines - lines.length - 1;
  if (view.help && room >= 3 && size === steps.length) lines.push([], ...wrapText(view.help, width, room).map((t) => line(seg(t, 'muted'))));
  return lines;
}
