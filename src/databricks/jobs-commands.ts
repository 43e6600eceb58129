/**
 * The workspace-level commands `status` and `run` use (`databricks jobs …`,
 * `databricks current-user me`), each one call through the one subprocess
 * runner with its JSON read defensively (decision record 011). They take a
 * profile, not a bundle target, and run from the project root so that no
 * bundle's settings steer their auth.
 */
import type { FailureContext } from '../core/cli-failures.js';
import { UserError } from '../core/errors.js';
import { readRun, readRunList, type JobRun } from '../core/job-runs.js';
import { readJobList, type WorkspaceJob } from '../core/workspace-jobs.js';
import { formatCommandLine, runDatabricks, type DatabricksCliConfig } from './run-cli.js';

export const JOBS_TIMEOUTS_MS = { list: 120_000, runs: 60_000, me: 60_000, run: 60_000 } as const;

/** Where and how one workspace command runs. */
export interface WorkspaceInvocation {
  readonly cli: DatabricksCliConfig;
  readonly cwd: string;
  /** undefined: the CLI resolves auth from the environment. */
  readonly profile?: string;
  readonly signal?: AbortSignal;
  readonly context: FailureContext;
}

export const profileArgs = (w: WorkspaceInvocation): string[] => (w.profile ? ['-p', w.profile] : []);

export const jobsListCommand = (w: WorkspaceInvocation): string[] => ['jobs', 'list', ...profileArgs(w), '-o', 'json'];
export const currentUserCommand = (w: WorkspaceInvocation): string[] => ['current-user', 'me', ...profileArgs(w), '-o', 'json'];
export const listRunsCommand = (w: WorkspaceInvocation, jobId: number, limit: number): string[] =>
  ['jobs', 'list-runs', '--job-id', String(jobId), '--limit', String(limit), '--expand-tasks', ...profileArgs(w), '-o', 'json'];
export const getRunCommand = (w: WorkspaceInvocation, runId: number): string[] => ['jobs', 'get-run', String(runId), ...profileArgs(w), '-o', 'json'];

/** The command's output read as JSON; undefined when it is not JSON. */
export async function runJson(w: WorkspaceInvocation, args: string[], timeoutMs: number): Promise<unknown> {
  const r = await runDatabricks(w.cli, args, { cwd: w.cwd, timeoutMs, context: w.context, stdout: 'json', ...(w.signal ? { signal: w.signal } : {}) });
  try {
    return JSON.parse(r.stdout) as unknown;
  } catch {
    return undefined;
  }
}

async function callJson(w: WorkspaceInvocation, args: string[], timeoutMs: number): Promise<unknown> {
  const json = await runJson(w, args, timeoutMs);
  if (json === undefined) throw unreadable(w, args, 'it is not JSON');
  return json;
}

function unreadable(w: WorkspaceInvocation, args: string[], problem: string): UserError {
  const line = formatCommandLine(w.cli.executable, args);
  return new UserError(`${line} printed something loyalty-wizard cannot read (${problem})`, `run it yourself to see what it prints, and check the Databricks CLI version (databricks --version)`);
}

/** Every job of the workspace the profile points at. */
export async function listWorkspaceJobs(w: WorkspaceInvocation): Promise<WorkspaceJob[]> {
  const args = jobsListCommand(w);
  const jobs = readJobList(await callJson(w, args, JOBS_TIMEOUTS_MS.list));
  if (!jobs) throw unreadable(w, args, 'not a list of jobs');
  return jobs;
}

/** The user (or service principal) the profile authenticates as. */
export async function currentUserName(w: WorkspaceInvocation): Promise<string> {
  const args = currentUserCommand(w);
  const doc = (await callJson(w, args, JOBS_TIMEOUTS_MS.me)) as { userName?: unknown } | null;
  const name = doc && typeof doc === 'object' && typeof doc.userName === 'string' ? doc.userName.slice(0, 300) : undefined;
  if (!name) throw unreadable(w, args, 'no userName');
  return name;
}

/** The job's last `limit` runs, newest first, with their tasks. */
export async function listJobRuns(w: WorkspaceInvocation, jobId: number, limit: number): Promise<JobRun[]> {
  const args = listRunsCommand(w, jobId, limit);
  const runs = readRunList(await callJson(w, args, JOBS_TIMEOUTS_MS.runs));
  if (!runs) throw unreadable(w, args, 'not a list of runs');
  return runs.slice(0, limit);
}

/** One run with its tasks, as it is now. */
export async function getJobRun(w: WorkspaceInvocation, runId: number): Promise<JobRun> {
  const args = getRunCommand(w, runId);
  const run = readRun(await callJson(w, args, JOBS_TIMEOUTS_MS.run));
  if (!run) throw unreadable(w, args, 'no run_id');
  return run;
}

export const runOutputCommand = (w: WorkspaceInvocation, taskRunId: number): string[] => ['jobs', 'get-run-output', String(taskRunId), ...profileArgs(w), '-o', 'json'];
export const cancelRunCommand = (w: WorkspaceInvocation, runId: number): string[] => ['jobs', 'cancel-run', String(runId), '--no-wait', ...profileArgs(w)];

/** A failed task's error and the end of its trace (`jobs get-run-output` of the task's run), cut to a screenful. */
export async function taskRunError(w: WorkspaceInvocation, taskRunId: number): Promise<{ error?: string; trace?: string }> {
  const doc = (await callJson(w, runOutputCommand(w, taskRunId), JOBS_TIMEOUTS_MS.run)) as { error?: unknown; error_trace?: unknown } | null;
  if (!doc || typeof doc !== 'object') return {};
  const error = typeof doc.error === 'string' && doc.error !== '' ? doc.error.slice(0, 2000) : undefined;
  const trace = typeof doc.error_trace === 'string' && doc.error_trace !== '' ? doc.error_trace.slice(-4000) : undefined;
  return { ...(error ? { error } : {}), ...(trace ? { trace } : {}) };
}

/** Ask Databricks to cancel a run; returns once asked (the run ends on its own time). */
export async function cancelJobRun(w: WorkspaceInvocation, runId: number): Promise<void> {
  await runDatabricks(w.cli, cancelRunCommand(w, runId), { cwd: w.cwd, timeoutMs: JOBS_TIMEOUTS_MS.run, context: w.context });
}
