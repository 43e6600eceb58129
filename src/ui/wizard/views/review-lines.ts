import { fitLine, wrapText } from '../../layout.js';
import { line, seg, type Line } from '../../lines.js';
import type { Answers, AnswerValue } from '../../../core/template-manifest.js';

export interface ReviewView {
  readonly templateId: string;
  readonly templateTitle: string;
  readonly name: string;
  readonly answers: Answers;
  readonly env: string;
  readonly envHost: string;
  /** What the env deploys, as the CLI will deploy it. */
  readonly deployment?: string;
  readonly profile: string;
  /** The profile is for another workspace than the env's: what to use instead. */
  readonly profileWarning?: string;
  readonly files: readonly string[];
  /** Problems of the answers by question key ('' for the pipeline as a whole). */
  readonly problems: Readonly<Record<string, readonly string[]>>;
  readonly notice?: string;
}

export function summarizeAnswer(value: AnswerValue): string {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return value.join(', ');
    const names = value.map((v) => (v && typeof v === 'object' && 'step' in v ? String(v.step) : '?'));
    return `${names.length} step${names.length === 1 ? '' : 's'}: ${names.join(', ')}`;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** Everything that will be written, before anything is. */
export function reviewLines(view: ReviewView, width: number): Line[] {
  const rows: [string, string][] = [
    ['template', `${view.templateId} — ${view.templateTitle}`],
    ['name', `${view.name} → pipelines/${view.name}/`],
    ...Object.entries(view.answers).map(([k, v]): [string, string] => [k, summarizeAnswer(v)]),
    ['env', `${view.env}  ${view.envHost}`],
    ...(view.deployment ? [['deploys', view.deployment] as [string, string]] : []),
    ['profile', view.profile],
  ];
  const keyWidth = Math.min(26, Math.max(...rows.map(([k]) => k.length)) + 2);
  const lines: Line[] = [line(seg('Review', 'title'), seg(' — Enter writes these files', 'muted'))];
  if (view.notice) lines.push(...wrapText(`✗ ${view.notice}`, width, 3).map((t) => line(seg(t, 'error'))));
  const valueWidth = Math.max(1, width - keyWidth);
  for (const [k, v] of rows) {
    const problem = view.problems[k]?.[0];
    // What the env deploys is several facts in one line: wrapped, not cut.
    const [first = '', ...more] = k === 'deploys' ? wrapText(v, valueWidth, 5) : [fitLine(v, valueWidth)];
    lines.push(line(seg(fitLine(k, keyWidth - 1).padEnd(keyWidth), problem ? 'error' : 'muted'), first));
    for (const m of more) lines.push(line(' '.repeat(keyWidth), m));
    if (problem) lines.push(line(' '.repeat(keyWidth), seg(fitLine(`✗ ${problem}`, valueWidth), 'error')));
    if (k === 'profile' && view.profileWarning) lines.push(...wrapText(`! ${view.profileWarning}`, width, 8).map((t) => line(seg(t, 'error'))));
  }
  for (const p of view.problems[''] ?? []) lines.push(...wrapText(`✗ ${p}`, width, 2).map((t) => line(seg(t, 'error'))));
  lines.push([], line(seg(`Files (${view.files.length})`, 'title')));
  for (const f of view.files) lines.push(line(`  ${fitLine(`pipelines/${view.name}/${f}`, width - 2)}`));
  return lines;
}
