/**
 * `status` as text: the cells of a row (for a plain table and for the Ink
 * view alike), durations and ages in the short form people read at a glance,
 * and the summary line. `now` is passed in: nothing here reads a clock.
 */
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
  return rate === null ? '—' : `${(Math.floor(rate * 1000) / 10).toFixed(1)}% of ${row.runs.counted}`;
}

export function durationCell(row: StatusRow): string {
  const { p50_ms, p95_ms } = row.runs;
  return p50_ms === null ? '—' : `${shortDuration(p50_ms)} / ${shortDuration(p95_ms ?? p50_ms)}`;
}

export function healthCell(row: StatusRow): string {
  if (row.error) return 'unreadable';
  if (!row.deployed) return 'not deployed';
  return row.healthy ? 'ok' : row.problems.map((p) => p.code).join(', ');
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
