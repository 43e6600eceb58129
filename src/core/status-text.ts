/**
 * `status` as text: the cells of a row (for a plain table and for the Ink
 * view alike), durations and ages in the short form people read at a glance,
 * and the summary line. `now` is passed in: nothing here reads a clock.
 */
import { ratePercent } from './run-health.js';
import type { StatusDocument, StatusRow } from './status-report.js';

/** 45s, 1m 30s, 12m, 1h 5m, 3d 4h. */
export function shortDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10 && s % 60) return `${m}m ${s % 60}s`;
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

export const ago = (startMs: number, now: number): string => (now - startMs < 60_000 ? 'just now' : `${shortDuration(now - startMs)} ago`);

const OUTCOME_MARK: Record<string, string> = { success: '✔', failed: '✖', timedout: '✖', canceled: '⊘', skipped: '↷', running: '▶', pending: '…' };

export const outcomeMark = (outcome: string): string => OUTCOME_MARK[outcome] ?? '?';

/** What runs the job: its schedule (paused or not), continuous, or by hand. */
export function triggerCell(row: StatusRow): string {
  if (row.continuous && row.error) return row.continuous.paused ? 'continuous, paused' : 'continuous';
  if (row.continuous) return row.continuous.paused ? 'continuous, paused' : row.continuous.active ? 'continuous, running' : 'continuous, stopped';
  if (row.schedule) return row.schedule.paused ? 'schedule paused' : 'scheduled';
  return 'by hand';
}

export function lastRunCell(row: StatusRow, now: number): string {
  const last = row.runs.active ?? row.runs.last;
  if (!last) return 'no runs yet';
  const when = last.start_ms !== null ? ago(last.start_ms, now) : '';
  const took = last.duration_ms !== null && last.outcome !== 'running' ? ` · ${shortDuration(last.duration_ms)}` : '';
  return `${outcomeMark(last.outcome)} ${last.outcome} ${when}${took}`.trimEnd();
}

export function successCell(row: StatusRow): string {
  const rate = row.runs.success_rate;
  return rate === null ? '—' : `${ratePercent(rate)}% of ${row.runs.counted}`;
}

export function durationCell(row: StatusRow): string {
  const { p50_ms, p95_ms } = row.runs;
  return p50_ms === null ? '—' : `${shortDuration(p50_ms)} / ${shortDuration(p95_ms ?? p50_ms)}`;
}

/** A word per missed target, short enough to leave room for the other columns at 80. */
const PROBLEM_WORD: Record<StatusRow['problems'][number]['code'], string> = { 'last-run-failed': 'failed', 'success-rate': '<99%', slow: 'slow', 'not-running': 'stopped', 'quality-failed': 'quality' };

export function healthCell(row: StatusRow): string {
  if (row.error) return 'unreadable';
  if (!row.deployed) return 'not deployed';
  return row.healthy ? 'ok' : [...new Set(row.problems.map((p) => PROBLEM_WORD[p.code]))].join(' ');
}

export const STATUS_HEADER = ['PIPELINE', 'RUNS', 'LAST RUN', 'SUCCESS', 'P50 / P95', 'HEALTH'] as const;

/** One row's cells, in STATUS_HEADER's order. */
export function statusCells(row: StatusRow, now: number): string[] {
  if (!row.deployed && !row.error) return [row.pipeline, '—', '—', '—', '—', healthCell(row)];
  // Runs that could not be read are not "no runs yet".
  if (row.error) return [row.pipeline, row.deployed ? triggerCell(row) : '—', '?', '?', '?', healthCell(row)];
  return [row.pipeline, row.deployed ? triggerCell(row) : '—', lastRunCell(row, now), successCell(row), durationCell(row), healthCell(row)];
}

/** What stands out, a line each: the problem, and for a failure its task and message. */
export function problemLines(row: StatusRow): string[] {
  if (row.error) return [`${row.pipeline}: ${row.error.message}`, ...(row.error.hint ? [`  hint: ${row.error.hint}`] : [])];
  const lines = row.problems.map((p) => `${row.pipeline}: ${p.message}`);
  const failure = row.runs.last_failure;
  if (failure && row.problems.some((p) => p.code === 'last-run-failed')) {
    lines.push(`  ${failure.task ? `task ${failure.task}: ` : ''}${failure.message.split('\n')[0]!.slice(0, 300)}`);
    if (failure.url) lines.push(`  ${failure.url}`);
  }
  return lines;
}

export function summaryLine(doc: Pick<StatusDocument, 'env' | 'summary'>): string {
  const { pipelines, deployed, unhealthy, unreadable } = doc.summary;
  const parts = [`${pipelines} pipeline${pipelines === 1 ? '' : 's'} in ${doc.env}`, `${deployed} deployed`, `${unhealthy} missing a target`];
  if (unreadable > 0) parts.push(`${unreadable} could not be read`);
  return parts.join(' · ');
}

export const QUALITY_HEADER = ['PIPELINE', 'CHECK', 'PASSED', 'NULLS', 'DUPS', 'RESULT', 'CHECKED'] as const;

const pct = (n: number): string => `${Math.floor(n * 10) / 10}%`;

/** When a check ran, as an age when the warehouse's timestamp can be read. */
function checkedCell(at: string, now: number): string {
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(at) ? at : `${at.replace(' ', 'T')}Z`);
  return Number.isNaN(ms) ? at : ago(ms, now);
}

/** One line per latest check of each pipeline that has any, in QUALITY_HEADER's order. */
export function qualityCells(rows: readonly StatusRow[], now: number): string[][] {
  return rows.flatMap((row) =>
    (row.quality?.checks ?? []).map((c) => [
      row.pipeline,
      c.check,
      c.pass_rate === null ? '—' : pct(100 * c.pass_rate),
      c.null_pct === null ? '—' : pct(c.null_pct),
      c.duplicates === null ? '—' : String(c.duplicates),
      c.passed ? '✔ pass' : '✖ fail',
      checkedCell(c.checked_at, now),
    ]),
  );
}

/** Under the quality table: why checks could not be read (once, however many rows share it), and who has none yet. */
export function qualityNotes(rows: readonly StatusRow[]): string[] {
  const errors = new Map<string, string | null>();
  for (const r of rows) if (r.quality?.error) errors.set(r.quality.error.message, r.quality.error.hint);
  const notes = [...errors].map(([message, hint]) => `data quality: ${message}${hint ? `: ${hint}` : ''}`);
  const none = rows.filter((r) => r.quality && !r.quality.error && r.quality.checks.length === 0).map((r) => r.pipeline);
  if (none.length > 0) notes.push(`no data-quality checks recorded yet for ${none.join(', ')}${rows[0]?.quality ? ` in ${rows[0].quality.table}` : ''}`);
  return notes;
}

/** The run detail view's lines about a row's checks: a line per check, or why they could not be read. */
export function qualityDetailLines(row: StatusRow, now: number): string[] {
  const q = row.quality;
  if (!q) return [];
  if (q.error) return [`data quality: ${q.error.message}${q.error.hint ? `: ${q.error.hint}` : ''}`];
  if (q.checks.length === 0) return ['data quality: no checks recorded yet'];
  return qualityCells([row], now).map(([, check, passed, nulls, dups, result, when]) => `${result!.slice(0, 1)} ${check} ${passed} passed · nulls ${nulls} · duplicates ${dups} · ${when}`);
}
