import { fitLine } from '../../layout.js';
import { fitSegments, line, seg, type Line, type Segment } from '../../lines.js';
import { columns, tailColumns } from '../../text-width.js';
import type { DiffMark } from '../line-diff.js';
import type { PreviewModel } from '../preview.js';

/** "databricks.yml · target dev · 21-34/160", and whether problems keep it from following the answers. */
export function previewTitle(model: PreviewModel, offset: number, rows: number, width: number): Line {
  const total = model.yamlLines.length;
  const range = total === 0 ? 'empty' : `${offset + 1}-${Math.min(total, offset + rows)}/${total}`;
  const general = model.problemsByKey['']?.length ?? 0;
  const flag = model.stale ? `· not updated: ${firstProblem(model)} ` : general > 0 ? `· ${general} problem${general === 1 ? '' : 's'} ` : '';
  // Narrow, the word "target" goes first, so that the flag and the start of its problem stay readable.
  const counts = model.diffCounts;
  const diff = counts ? (counts.added + counts.removed === 0 ? ' · no changes' : ` · +${counts.added} −${counts.removed} vs disk`) : '';
  const full = `── databricks.yml${diff} · target ${model.env} · ${range} `;
  const text = full.length + Math.min(flag.length, 30) > width ? `── databricks.yml${diff} · ${model.env} · ${range} ` : full;
  return fitSegments(line(seg(text, 'muted'), flag ? seg(flag, 'error') : undefined, seg('─'.repeat(Math.max(0, width - text.length - flag.length)), 'muted')), width);
}

/** "topics: …" — which answer stops the file, so it can be found when it is not the one on screen. */
function firstProblem(model: PreviewModel): string {
  const [key, messages] = Object.entries(model.problemsByKey).find(([, m]) => m.length > 0) ?? ['', []];
  return `${key ? `${key}: ` : ''}${messages[0] ?? 'see the problem'}`;
}

/** What the selected env deploys, as the CLI will deploy it (the file alone does not say: development mode renames and pauses). */
export function deploymentLine(text: string, width: number): Line {
  return line(seg(fitLine(`  ${text}`, width), 'muted'));
}

export function preparingTitle(env: string, width: number): Line {
  const text = `── databricks.yml · target ${env} · preparing… `;
  return line(seg(text, 'muted'), seg('─'.repeat(Math.max(0, width - text.length)), 'muted'));
}

/**
 * Only the lines in view are built: the file of a 30-step pipeline has ~600
 * lines and drawing them all would cost more than a frame. A line too long for
 * the pane is cut at its end, except the lines the answers just changed and the
 * line of the current answer: those are cut at their start, so the value being
 * typed stays in view.
 */
export function previewLines(model: PreviewModel, changed: ReadonlySet<number>, offset: number, rows: number, width: number): Line[] {
  const total = model.yamlLines.length;
  const numberWidth = String(total).length;
  const textWidth = Math.max(1, width - numberWidth - 3);
  const out: Line[] = [];
  for (let i = offset; i < Math.min(total, offset + rows); i++) {
    const isChanged = changed.has(i);
    const inTarget = model.target !== undefined && i >= model.target.start && i < model.target.end;
    const text = model.yamlLines[i]!;
    const keepEnd = (isChanged || i === model.focusLine) && columns(text) > textWidth;
    const mark = markSegment(model.marks?.[i], isChanged, inTarget);
    const tone = mark.tone === 'target' ? 'plain' : (mark.tone ?? 'plain');
    out.push(
      line(
        seg(`${(model.lineNumbers ? String(model.lineNumbers[i] ?? '') : String(i + 1)).padStart(numberWidth)} `, 'muted'),
        mark,
        ' ',
        seg(keepEnd ? `…${tailColumns(text, textWidth - 1)}` : fitLine(text, textWidth), tone),
      ),
    );
  }
  return out;
}

/**
 * The column before a line: for an edit, + added and − removed against the file on disk (green and red); for a new
 * pipeline, + for a line the last keystroke changed; else ▌ inside the env's target block.
 */
function markSegment(mark: DiffMark | undefined, changed: boolean, inTarget: boolean): Segment {
  if (mark === '+') return seg('+', 'ok');
  if (mark === '-') return seg('−', 'error');
  if (mark === undefined && changed) return seg('+', 'changed');
  return inTarget ? seg('▌', 'target') : seg(' ');
}
