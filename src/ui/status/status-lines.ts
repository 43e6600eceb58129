/**
 * The `status` screen as lines (pure, tested without a terminal): the table
 * with the selected row marked, or one pipeline's recent runs as bars — colour
 * by result, length by duration — so a slow-down or a run of failures shows
 * at a glance; then the news line and the keys.
 */
import type { StatusRow } from '../../core/status-report.js';
import { ago, outcomeMark, problemLines, qualityDetailLines, shortDuration, STATUS_HEADER, statusCells, summaryLine } from '../../core/status-text.js';
import { statusSummary } from '../../core/status-report.js';
import { line, seg, type Line, type Tone } from '../line-model.js';
import { wrapText } from '../layout.js';
import { columns } from '../text-width.js';
import { alignedRows } from '../text-table.js';
import type { StatusViewState } from './status-state.js';

const toneOf = (row: StatusRow | undefined): Tone => (!row ? 'muted' : row.error ? 'error' : !row.deployed ? 'muted' : row.healthy ? 'ok' : 'changed');
const runTone = (outcome: string): Tone => (outcome === 'success' ? 'ok' : outcome === 'running' || outcome === 'pending' ? 'accent' : outcome === 'canceled' || outcome === 'skipped' ? 'muted' : 'error');

/** Columns given up, in this order, before a pipeline's name is cut: P50 / P95, RUNS, SUCCESS. */
const DROP_ORDER = [4, 1, 3];

/** The table's cells without the columns that do not fit `width` (gaps of 2 included). */
export function fittingColumns(table: string[][], width: number): string[][] {
  let keep = STATUS_HEADER.map((_, i) => i);
  const needed = () => keep.reduce((sum, i) => sum + Math.max(...table.map((r) => columns(r[i] ?? ''))), 2 * (keep.length - 1));
  for (const drop of DROP_ORDER) {
    if (needed() <= width) break;
    keep = keep.filter((i) => i !== drop);
  }
  return table.map((r) => keep.map((i) => r[i] ?? ''));
}

/** The header and as many rows as fit, scrolled so the selected one is on screen. */
function tableLines(s: StatusViewState, width: number, height: number, now: number): Line[] {
  const cells = s.pipelines.map((name, i) => (s.rows[i] ? statusCells(s.rows[i]!, now) : [name, '…', '', '', '', 'asking']));
  const [header, ...rows] = alignedRows(fittingColumns([[...STATUS_HEADER], ...cells], width - 2), width - 2);
  const room = Math.max(1, height - 1);
  const first = Math.min(Math.max(0, s.selected - room + 1), Math.max(0, rows.length - room));
  const shown = rows.slice(first, first + room).map((t, k) => {
    const i = first + k;
    return line(seg(i === s.selected ? '› ' : '  ', 'accent'), seg(t, i === s.selected ? 'accent' : toneOf(s.rows[i])));
  });
  return [line(seg(`  ${header ?? ''}`, 'title')), ...shown];
}

function runBars(row: StatusRow, width: number, now: number, room: number): Line[] {
  const runs = row.runs.recent.slice(0, Math.max(1, room));
  if (runs.length === 0) return [line(seg('  no runs yet', 'muted'))];
  const longest = Math.max(1, ...runs.map((r) => r.duration_ms ?? 0));
  const label = (r: (typeof runs)[number]) => `${outcomeMark(r.outcome)} ${r.start_ms !== null ? ago(r.start_ms, now) : ''}`.padEnd(16).slice(0, 16);
  const barRoom = Math.max(4, width - 2 - 16 - 10);
  return runs.map((r) => {
    const took = r.duration_ms !== null ? shortDuration(r.duration_ms) : '';
    const bar = '█'.repeat(Math.max(1, Math.round(((r.duration_ms ?? 0) / longest) * barRoom)));
    return line(seg(`  ${label(r)}`, runTone(r.outcome)), seg(took.padStart(8), 'muted'), '  ', seg(bar, runTone(r.outcome)));
  });
}

const qualityTone = (l: string): Tone => (l.startsWith('✖') ? 'changed' : l.startsWith('✔') ? 'ok' : 'muted');

function runsLines(s: StatusViewState, env: string, width: number, height: number, now: number): Line[] {
  const name = s.pipelines[s.selected] ?? '';
  const row = s.rows[s.selected];
  const head = line(seg(name, 'title'), row?.job ? seg(`  ${row.job.name}`, 'muted') : '');
  if (!row) return [head, line(seg('  asking the workspace…', 'muted'))];
  // What stands out, wrapped: a failure's message is the point of this view.
  const problems = problemLines(row).flatMap((l) => wrapText(l, width - 2, 4).map((w) => line(seg(w, row.error ? 'error' : 'changed'))));
  const quality = qualityDetailLines(row, now).flatMap((l) => wrapText(l, width - 2, 4).map((w) => line(seg(`  ${w}`, qualityTone(l)))));
  const notDeployed = row.deployed === false ? [line(seg(`  not deployed in ${env}: deploy it first`, 'muted'))] : undefined;
  const job = row.job ? [line(seg(`  ${row.job.url}`, 'muted')), line(seg(`  ${deployedFrom(row.job)}`, 'muted'))] : [];
  const bars = notDeployed ?? (row.error && !row.deployed ? [] : runBars(row, width, now, height - 2 - Math.max(1, job.length) - problems.length - quality.length));
  return [head, ...job, ...bars, ...quality, ...problems];
}

/** The deploy record on the job (decision 012): which commit is running, so "is my change live?" has an answer. */
function deployedFrom(job: NonNullable<StatusRow['job']>): string {
  const commit = job.deployed_commit;
  if (commit === null) return 'deployed without a record (not by loyalty-wizard)';
  if (commit === 'none') return 'deployed from outside git';
  return commit.endsWith('-dirty') ? `deployed from ${commit.slice(0, -'-dirty'.length)} with uncommitted changes` : `deployed from ${commit}`;
}

/** A notice asked for; else what stands out about the selected pipeline; else how fresh the table is. */
function footer(s: StatusViewState, now: number): Line[] {
  const selected = s.rows[s.selected];
  const standsOut = s.view === 'table' && selected ? problemLines(selected)[0] : undefined;
  const fresh = s.refreshing ? 'asking the workspace…' : s.updatedAt !== undefined ? `updated ${ago(s.updatedAt, now)}` : '';
  const news = s.notice ?? standsOut ?? fresh;
  const keys = s.view === 'runs' ? 'esc back · o job URL · r run it · q quit' : '↑↓ choose · ↵ runs · o job URL · r run it · q quit';
  return [line(seg(news, s.notice ? 'accent' : standsOut ? toneOf(selected) : 'muted')), line(seg(keys, 'muted'))];
}

/** The whole screen, `width` × at most `height` lines. */
export function statusLines(s: StatusViewState, env: string, width: number, height: number, now: number): Line[] {
  const known = s.rows.filter((r): r is StatusRow => r !== undefined);
  const title = line(seg('loyalty-wizard status', 'title'), seg(` · ${summaryLine({ env, summary: statusSummary(known) })}`, 'muted'));
  const body = s.view === 'runs' ? runsLines(s, env, width, height - 3, now) : tableLines(s, width, height - 3, now);
  return [title, ...body.slice(0, Math.max(1, height - 3)), ...footer(s, now)];
}
