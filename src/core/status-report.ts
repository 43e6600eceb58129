/**
 * What `status` reports for one env: a row per pipeline, built from the job
 * found in the workspace (workspace-jobs.ts) and its recent runs
 * (job-runs.ts, run-health.ts). The `--json` document's shape is declared
 * once, here, as a zod schema: `schemas/status.schema.json` is generated from
 * it and tests check the command's output against that file.
 */
import * as z from 'zod';
import { qualityCheckSchema, type QualityCheck } from './data-quality.js';
import type { JobRun } from './job-runs.js';
import { runHealth, runStats, type HealthProblem } from './run-health.js';
import type { WorkspaceJob } from './workspace-jobs.js';
import { deployRecordOf } from './deploy-record.js';

export const STATUS_VERSION = 1;

const runRef = z.object({
  run_id: z.number().int(),
  outcome: z.enum(['pending', 'running', 'success', 'failed', 'timedout', 'canceled', 'skipped']),
  start_ms: z.number().nullable().describe('Start, in ms since 1970 (UTC)'),
  duration_ms: z.number().nullable(),
  url: z.string().nullable(),
});

const runProblemCodes = ['last-run-failed', 'success-rate', 'slow', 'not-running'] as const satisfies readonly HealthProblem[];
/** With --quality: the latest run of a data-quality check failed. */
const problemCodes = [...runProblemCodes, 'quality-failed'] as const;

const rowError = z.object({ message: z.string(), hint: z.string().nullable() });

const qualitySchema = z
  .object({
    table: z.string().describe('catalog.schema.table the checks were read from'),
    checks: z.array(qualityCheckSchema).describe('The latest run of each check, by step and check name'),
    error: rowError.nullable().describe('Why the checks could not be read'),
  })
  .describe('With --quality: the latest data-quality checks');

export const statusRowSchema = z.object({
  pipeline: z.string(),
  deployed: z.boolean().nullable().describe('null when the workspace could not be asked'),
  job: z
    .object({
      id: z.number().int(),
      name: z.string(),
      url: z.string(),
      matches: z.number().int().describe('Jobs with this pipeline\'s tags for this env'),
      deployed_commit: z.string().nullable().describe('The git commit the deploy came from (`-dirty`: with uncommitted changes; `none`: outside git); null when the deploy recorded none'),
      deployed_content: z.string().nullable().describe("Hash of the pipeline folder that was deployed (what `promote` compares); null when the deploy recorded none"),
    })
    .nullable(),
  schedule: z.object({ cron: z.string(), timezone: z.string().nullable(), paused: z.boolean() }).nullable(),
  continuous: z.object({ paused: z.boolean(), active: z.boolean() }).nullable(),
  runs: z.object({
    read: z.number().int(),
    counted: z.number().int().describe('Runs that succeeded, failed or timed out'),
    success_rate: z.number().min(0).max(1).nullable(),
    p50_ms: z.number().nullable(),
    p95_ms: z.number().nullable(),
    last: runRef.nullable(),
    active: runRef.nullable(),
    last_failure: runRef.extend({ task: z.string().nullable(), message: z.string() }).nullable(),
    recent: z.array(runRef).describe('The runs read, newest first'),
  }),
  healthy: z.boolean().describe('Meets every target; false when the status could not be read'),
  problems: z.array(z.object({ code: z.enum(problemCodes), message: z.string() })),
  error: rowError.nullable(),
  quality: qualitySchema.optional(),
});

export const statusDocumentSchema = z.object({
  status_version: z.literal(STATUS_VERSION),
  env: z.string(),
  profile: z.string().nullable(),
  host: z.string(),
  runs_per_pipeline: z.number().int(),
  ok: z.boolean().describe('The status of every pipeline could be read'),
  summary: z.object({ pipelines: z.number().int(), deployed: z.number().int(), unhealthy: z.number().int(), unreadable: z.number().int() }),
  pipelines: z.array(statusRowSchema),
});

export type StatusRow = z.infer<typeof statusRowSchema>;
export type RowQuality = z.infer<typeof qualitySchema>;
export type StatusDocument = z.infer<typeof statusDocumentSchema>;
type RunRef = z.infer<typeof runRef>;

const EMPTY_RUNS: StatusRow['runs'] = { read: 0, counted: 0, success_rate: null, p50_ms: null, p95_ms: null, last: null, active: null, last_failure: null, recent: [] };

function refOf(run: JobRun | undefined): RunRef | null {
  if (!run) return null;
  return { run_id: run.runId, outcome: run.outcome, start_ms: run.startMs ?? null, duration_ms: run.durationMs ?? null, url: run.url ?? null };
}

/** A row for a pipeline whose job is not in the workspace (or not yet asked about). */
export function undeployedRow(pipeline: string): StatusRow {
  return { pipeline, deployed: false, job: null, schedule: null, continuous: null, runs: EMPTY_RUNS, healthy: true, problems: [], error: null };
}

/** A row for a pipeline the workspace could not tell us about. */
export function unreadableRow(pipeline: string, error: { message: string; hint?: string | undefined }, job?: StatusRow['job']): StatusRow {
  return { ...undeployedRow(pipeline), deployed: job ? true : null, job: job ?? null, healthy: false, error: { message: error.message, hint: error.hint ?? null } };
}

/** The job's link in the workspace UI. */
export const jobUrl = (host: string, jobId: number): string => `${host.replace(/\/+$/, '')}/jobs/${jobId}`;

/** A deployed pipeline's row: its job, its schedule, and what its runs say. */
export function deployedRow(pipeline: string, host: string, found: { job: WorkspaceJob; matches: number }, runs: readonly JobRun[]): StatusRow {
  const { job } = found;
  const stats = runStats(runs);
  const health = runHealth(stats, { continuous: Boolean(job.continuous), paused: job.continuous?.paused ?? false });
  const failure = stats.lastFailure;
  const record = deployRecordOf(job.tags);
  return {
    pipeline,
    deployed: true,
    job: { id: job.id, name: job.name, url: jobUrl(host, job.id), matches: found.matches, deployed_commit: record.commit ?? null, deployed_content: record.content ?? null },
    schedule: job.schedule ? { cron: job.schedule.cron, timezone: job.schedule.timezone ?? null, paused: job.schedule.paused } : null,
    continuous: job.continuous ? { paused: job.continuous.paused, active: Boolean(stats.activeRun) } : null,
    runs: {
      read: stats.runs,
      counted: stats.counted,
      success_rate: stats.successRate ?? null,
      p50_ms: stats.p50Ms ?? null,
      p95_ms: stats.p95Ms ?? null,
      last: refOf(stats.lastRun),
      active: refOf(stats.activeRun),
      last_failure: failure ? { ...refOf(failure.run)!, task: failure.task ?? null, message: failure.message } : null,
      recent: runs.map((r) => refOf(r)!),
    },
    healthy: health.problems.length === 0,
    problems: health.problems.map((code, i) => ({ code, message: health.messages[i]! })),
    error: null,
  };
}

export function statusSummary(rows: readonly StatusRow[]): StatusDocument['summary'] {
  return {
    pipelines: rows.length,
    deployed: rows.filter((r) => r.deployed).length,
    unhealthy: rows.filter((r) => !r.healthy && !r.error).length,
    unreadable: rows.filter((r) => r.error).length,
  };
}

const percent = (rate: number): string => `${Math.floor(rate * 1000) / 10}%`;

/** A failed check's problem line: which check, and by how much it missed. */
function qualityMessage(c: QualityCheck): string {
  const rates = c.pass_rate !== null && c.threshold !== null ? ` (${percent(c.pass_rate)} passed, ${percent(c.threshold)} needed)` : '';
  return `data-quality check ${c.step ? `${c.step}/` : ''}${c.check} failed${rates}`;
}

/** The row with its checks; a failed check is a missed target (it counts as unhealthy). */
export function withQuality(row: StatusRow, quality: RowQuality): StatusRow {
  const failed = quality.checks.filter((c) => !c.passed);
  // Checks of a pipeline not deployed here (left from an earlier copy) are shown, not counted.
  if (failed.length === 0 || row.error || !row.deployed) return { ...row, quality };
  const problems = [...row.problems, ...failed.map((c) => ({ code: 'quality-failed' as const, message: qualityMessage(c) }))];
  return { ...row, quality, healthy: false, problems };
}
