import { fitLine, wrapText } from '../../layout.js';
import { line, seg, type Line } from '../../lines.js';
import { columns } from '../../text-width.js';
import { answerText, type Answers, type AnswerValue } from '../../../core/template-manifest.js';

export interface ReviewView {
  readonly templateId: string;
  readonly templateTitle: string;
  readonly name: string;
  readonly answers: Answers;
  /** What each answer's question asks (by question key), shown instead of the key. */
  readonly labels?: Readonly<Record<string, string>>;
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
  /** An edit: how the template was chosen, the files that change, the step files no step uses any more. */
  readonly edit?: {
    readonly templateNote: string;
    readonly changes: readonly { path: string; status: string }[];
    readonly unused: readonly string[];
    /** The lines of databricks.yml the edit adds (+) and removes (-), when no preview is beside the review. */
    readonly diff?: readonly { readonly mark: '+' | '-'; readonly text: string; readonly gap: boolean }[];
  };
}

export function summarizeAnswer(value: AnswerValue): string {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return value.join(', ');
    const names = value.map((v) => (v && typeof v === 'object' && 'step' in v ? String(v.step) : '?'));
    return `${names.length} step${names.length === 1 ? '' : 's'}: ${names.join(', ')}`;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') return Object.keys(value).length > 0 ? answerText(value) : 'none';
  return String(value);
}

interface ReviewRow {
  /** The question key (or name, env, …): problems are filed under it. */
  readonly key: string;
  readonly label: string;
  readonly value: string;
}

function reviewRows(view: ReviewView): ReviewRow[] {
  return [
    { key: 'template', label: 'Template', value: view.edit ? view.edit.templateNote : `${view.templateId} — ${view.templateTitle}` },
    { key: 'name', label: 'Pipeline name', value: view.edit ? view.name : `${view.name} → pipelines/${view.name}/` },
    ...Object.entries(view.answers).map(([key, v]) => ({ key, label: view.labels?.[key] ?? key, value: summarizeAnswer(v) })),
    { key: 'env', label: 'Environment', value: `${view.env}  ${view.envHost}` },
    ...(view.deployment ? [{ key: 'deploys', label: 'Deploys', value: view.deployment }] : []),
    { key: 'profile', label: 'Profile', value: view.profile },
  ];
}

/** A row: its label wrapped in the label column (never cut short), its value beside it. */
function rowLines(row: ReviewRow, problem: string | undefined, keyWidth: number, valueWidth: number): Line[] {
  const labels = wrapText(row.label, keyWidth - 2, 6);
  // What the env deploys is several facts in one line: wrapped, not cut.
  const values = row.key === 'deploys' || row.key === 'template' ? wrapText(row.value, valueWidth, 5) : [fitLine(row.value, valueWidth)];
  const out: Line[] = [];
  for (let i = 0; i < Math.max(labels.length, values.length); i++) {
    const label = labels[i] ?? '';
    out.push(line(seg(label + ' '.repeat(Math.max(0, keyWidth - columns(label))), problem ? 'error' : 'muted'), values[i] ?? ''));
  }
  if (problem) out.push(line(' '.repeat(keyWidth), seg(fitLine(`✗ ${problem}`, valueWidth), 'error')));
  return out;
}

/** Everything that will be written, before anything is. */
export function reviewLines(view: ReviewView, width: number): Line[] {
  const rows = reviewRows(view);
  const keyWidth = Math.min(Math.max(...rows.map((r) => columns(r.label))) + 2, Math.max(14, Math.floor(width * 0.45)));
  const lines: Line[] = [line(seg('Review', 'title'), seg(reviewSubtitle(view), 'muted'))];
  if (view.notice) lines.push(...wrapText(`✗ ${view.notice}`, width, 3).map((t) => line(seg(t, 'error'))));
  const valueWidth = Math.max(1, width - keyWidth);
  for (const row of rows) {
    lines.push(...rowLines(row, view.problems[row.key]?.[0], keyWidth, valueWidth));
    if (row.key === 'profile' && view.profileWarning) lines.push(...wrapText(`! ${view.profileWarning}`, width, 8).map((t) => line(seg(t, 'error'))));
  }
  for (const p of view.problems[''] ?? []) lines.push(...wrapText(`✗ ${p}`, width, 2).map((t) => line(seg(t, 'error'))));
  if (view.edit) return [...lines, ...editFileLines(view.name, view.edit, width)];
  lines.push([], line(seg(`Files (${view.files.length})`, 'title')));
  for (const f of view.files) lines.push(line(`  ${fitLine(`pipelines/${view.name}/${f}`, width - 2)}`));
  return lines;
}

function reviewSubtitle(view: ReviewView): string {
  if (!view.edit) return ' — Enter writes these files';
  return view.edit.changes.length === 0 ? ' — no changes' : ' — Enter writes the changes';
}

/** An edit's files: each that changes, then those left in place that no step uses any more. */
function editFileLines(name: string, edit: NonNullable<ReviewView['edit']>, width: number): Line[] {
  const lines: Line[] = [[], line(seg(`Files that change (${edit.changes.length})`, 'title'))];
  if (edit.changes.length === 0) lines.push(...wrapText('none: Enter leaves the pipeline as it is', width - 2, 2).map((t) => line(seg(`  ${t}`, 'muted'))));
  for (const c of edit.changes) lines.push(line(seg(`  ${c.status.padEnd(8)}`, c.status === 'added' ? 'ok' : 'changed'), fitLine(c.path, width - 10)));
  if (edit.diff && edit.diff.length > 0) {
    lines.push([], line(seg('databricks.yml against the file on disk', 'title')));
    for (const d of edit.diff) {
      if (d.gap) lines.push(line(seg('  …', 'muted')));
      lines.push(line(seg(d.mark === '+' ? '+ ' : '− ', d.mark === '+' ? 'ok' : 'error'), seg(fitLine(d.text, width - 2), d.mark === '+' ? 'ok' : 'error')));
    }
  }
  if (edit.unused.length > 0) {
    lines.push([], ...wrapText('No longer used by any step (left in place):', width, 2).map((t) => line(seg(t, 'title'))));
    for (const f of edit.unused) lines.push(line(`  ${fitLine(f, width - 2)}`));
  }
  return lines;
}
