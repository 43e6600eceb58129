/**
 * `status` for one env (decision record 011): one `jobs list` (and in
 * development mode one `current-user me`), then each pipeline's recent runs,
 * at most `concurrency` CLI calls at a time. Each row is handed to `onRow` as
 * soon as it is known, so a screen can fill in while the rest are asked for.
 * A failure that concerns one pipeline stays in its row; one that concerns the
 * workspace (auth, no CLI, a timeout on `jobs list`) is every row's error.
 *
 * The runs of the jobs the pipelines had last time (`rememberedJobIds`) are
 * asked for while the jobs are listed, in the same limit of calls; an answer
 * counts only for a job the list confirms is still the pipeline's, so a
 * remembered id saves a round trip and a wrong one costs one call.
 */
import { UserError } from '../core/errors.js';
import { createLimiter, type Limiter } from '../core/pool.js';
import { jobNameInTarget, shortUserName } from '../core/resolve-target.js';
import { deployedRow, undeployedRow, unreadableRow, withQuality, type StatusRow } from '../core/status-report.js';
import { findPipelineJob, type WorkspaceJob } from '../core/workspace-jobs.js';
import type { JobRun } from '../core/job-runs.js';
import { currentUserName, listJobRuns, listWorkspaceJobs, type WorkspaceInvocation } from '../databricks/jobs-commands.js';
import { cliText, DatabricksCliError } from '../databricks/run-cli.js';
import { collectQuality, type QualitySource } from './collect-quality.js';

export interface StatusPipeline {
  readonly name: string;
  /** The config's display name (pipeline_name), or an error reading the config; read once the workspace is being asked. */
  readonly displayName: () => string | { readonly error: UserError };
}

export interface StatusRequest {
  readonly workspace: WorkspaceInvocation;
  readonly env: string;
  readonly profile?: string;
  readonly host: string;
  readonly development: boolean;
  readonly pipelines: readonly StatusPipeline[];
  readonly runs: number;
  readonly concurrency: number;
  /** --quality: where the env's data-quality checks are; asked once the rows are in, and each row handed to `onRow` again. */
  readonly quality?: QualitySource;
  readonly onRow?: (row: StatusRow, index: number) => void;
  /** The job each pipeline had in this target last time: its runs are asked for while the jobs are listed. */
  readonly rememberedJobIds?: ReadonlyMap<string, number>;
  /** The job each deployed pipeline has now, once the workspace's jobs are listed; awaited before the rows resolve. */
  readonly onJobIds?: (ids: ReadonlyMap<string, number>) => Promise<unknown>;
}

/** Runs asked for ahead, by pipeline: kept only when the listed job is the one asked about. */
type EarlyRuns = ReadonlyMap<string, { readonly jobId: number; readonly runs: Promise<JobRun[]> }>;

/** A failure for a row: the CLI's own error line when no explanation is known, so the row says what went wrong. */
const errorOf = (error: unknown): { message: string; hint?: string } => {
  if (!(error instanceof UserError)) throw error;
  const said = error instanceof DatabricksCliError && error.explanation.kind === 'unknown' ? error.stderrLines[0]?.replace(/^Error: /, '') : undefined;
  const message = said && error instanceof DatabricksCliError ? `${error.headline}: ${said}` : error.message;
  return { message, ...(error.hint ? { hint: error.hint } : {}) };
};

type View = { jobs: WorkspaceJob[]; devShortName?: string };

/** The workspace's jobs, and the caller's short name in development mode; both at once only when --concurrency allows. */
async function workspaceView(req: StatusRequest, limit: Limiter): Promise<View> {
  const user = req.development ? limit(() => currentUserName(req.workspace)) : Promise.resolve(undefined);
  const [jobs, name] = await Promise.all([limit(() => listWorkspaceJobs(req.workspace)), user]);
  return { jobs, ...(name !== undefined ? { devShortName: shortUserName(name) } : {}) };
}

/** The remembered jobs' runs, asked for in pipeline order behind the workspace's calls; `wanted` is asked as each starts. */
function askEarly(req: StatusRequest, limit: Limiter, wanted: (pipeline: string, jobId: number) => boolean): EarlyRuns {
  const early = new Map<string, { jobId: number; runs: Promise<JobRun[]> }>();
  for (const { name } of req.pipelines) {
    const jobId = req.rememberedJobIds?.get(name);
    if (jobId === undefined) continue;
    const runs = limit(() => (wanted(name, jobId) ? listJobRuns(req.workspace, jobId, req.runs) : Promise.resolve([])));
    runs.catch(() => undefined); // an answer nobody takes must not go unhandled
    early.set(name, { jobId, runs });
  }
  return early;
}

/** Names and messages from the workspace, fit to show: secrets redacted, control characters escaped. */
function shown(row: StatusRow, req: StatusRequest): StatusRow {
  const text = (s: string) => cliText(req.workspace.cli, s);
  const ref = <R extends { url: string | null }>(r: R): R => ({ ...r, url: r.url === null ? null : text(r.url) });
  const { last, active, last_failure: failure, recent } = row.runs;
  return {
    ...row,
    ...(row.job ? { job: { ...row.job, name: text(row.job.name) } } : {}),
    runs: {
      ...row.runs,
      last: last ? ref(last) : null,
      active: active ? ref(active) : null,
      recent: recent.map(ref),
      last_failure: failure ? ref({ ...failure, message: text(failure.message), task: failure.task === null ? null : text(failure.task) }) : null,
    },
  };
}

type Found = ReturnType<typeof findPipelineJob>;
/** A pipeline's job among the listed ones, or why its config cannot say which it is. */
type Lookup = { readonly found: Found } | { readonly error: UserError };

type DisplayNames = ReadonlyMap<string, ReturnType<StatusPipeline['displayName']>>;

/**
 * Each pipeline's display name, read while the first calls are out: a few configs at a time, each batch after the
 * process has seen to its calls (spawned them, taken their answers), so reading overlaps their wait.
 */
async function displayNamesSoon(req: StatusRequest): Promise<DisplayNames> {
  const names = new Map<string, ReturnType<StatusPipeline['displayName']>>();
  for (const [i, p] of req.pipelines.entries()) {
    if (i % 4 === 0) await new Promise((resolve) => setImmediate(resolve));
    names.set(p.name, p.displayName());
  }
  return names;
}

function jobOf(p: StatusPipeline, displayName: string | { readonly error: UserError }, req: StatusRequest, view: View): Lookup {
  if (typeof displayName !== 'string') return displayName;
  const expectedName = jobNameInTarget(displayName, req.env, view.devShortName);
  return { found: findPipelineJob(view.jobs, { pipeline: p.name, expectedName, ...(view.devShortName !== undefined ? { devShortName: view.devShortName } : {}) }) };
}

async function pipelineRow(p: StatusPipeline, found: Found, req: StatusRequest, runsOf: (jobId: number) => Promise<JobRun[]>): Promise<StatusRow> {
  if (!found.job) return undeployedRow(p.name);
  try {
    const runs = await runsOf(found.job.id);
    return shown(deployedRow(p.name, req.host, { job: found.job, matches: found.matches }, runs), req);
  } catch (error) {
    // The job is known (name, schedule), its runs are not.
    const known = shown(deployedRow(p.name, req.host, { job: found.job, matches: found.matches }, []), req);
    return { ...unreadableRow(p.name, errorOf(error), known.job!), schedule: known.schedule, continuous: known.continuous };
  }
}

const listedId = (lookup: Lookup | undefined) => (lookup && 'found' in lookup ? lookup.found.job?.id : undefined);

function jobIdsOf(lookups: ReadonlyMap<string, Lookup>): Map<string, number> {
  const ids = new Map<string, number>();
  for (const [pipeline, lookup] of lookups) {
    const id = listedId(lookup);
    if (id !== undefined) ids.set(pipeline, id);
  }
  return ids;
}

/** Every pipeline's row, in the order given; `onRow` sees each as it arrives. */
export async function collectStatus(req: StatusRequest): Promise<StatusRow[]> {
  const rows: StatusRow[] = new Array<StatusRow>(req.pipelines.length);
  const settle = (row: StatusRow, index: number) => {
    rows[index] = row;
    req.onRow?.(row, index);
  };
  // With a screen (rows handed over as they come) a row is drawn before the call that takes its slot is spawned.
  const limit = createLimiter(req.concurrency, req.onRow ? (start) => setImmediate(start) : undefined);
  const known: { listed?: ReadonlyMap<string, Lookup>; failed?: true } = {};
  const asked = workspaceView(req, limit);
  // Until the list is in, a remembered job is worth asking about; after, only one the list confirms.
  const early = askEarly(req, limit, (pipeline, jobId) => !known.failed && (known.listed === undefined || listedId(known.listed.get(pipeline)) === jobId));
  const names = displayNamesSoon(req);
  let view: View;
  try {
    view = await asked;
  } catch (error) {
    known.failed = true;
    const problem = errorOf(error);
    req.pipelines.forEach((p, i) => settle(unreadableRow(p.name, problem), i));
    return rows;
  }
  const displayNames = await names;
  const lookups = new Map(req.pipelines.map((p) => [p.name, jobOf(p, displayNames.get(p.name)!, req, view)]));
  known.listed = lookups;
  const remembered = req.onJobIds?.(jobIdsOf(lookups));
  await Promise.all(
    req.pipelines.map(async (p, i) => {
      const lookup = lookups.get(p.name)!;
      if ('error' in lookup) return settle(unreadableRow(p.name, errorOf(lookup.error)), i);
      const ahead = early.get(p.name);
      const runsOf = (jobId: number) => (ahead?.jobId === jobId ? ahead.runs : limit(() => listJobRuns(req.workspace, jobId, req.runs)));
      settle(await pipelineRow(p, lookup.found, req, runsOf), i);
    }),
  );
  if (req.quality) {
    const quality = await collectQuality({ workspace: req.workspace, env: req.env, source: req.quality, pipelines: req.pipelines.map((p) => p.name), ...(view.devShortName !== undefined ? { devShortName: view.devShortName } : {}) });
    rows.forEach((row, i) => {
      const q = quality.get(row.pipeline);
      if (q) settle(withQuality(row, q), i);
    });
  }
  await remembered;
  return rows;
}

export type RowSink = (row: StatusRow, index: number) => void;
export type Collect = (onRow: RowSink, signal: AbortSignal) => Promise<unknown>;

/**
 * `collect`, with its first round already asking the workspace: the screen's code (Ink, React) loads while the first
 * CLI calls are out, instead of before them. Rows that arrive before the screen asks are kept and handed over then;
 * the screen's signal stops the round it takes over. Later rounds (--watch) start when asked.
 */
export function startedFirst(collect: Collect): Collect {
  const early = new AbortController();
  const kept: [StatusRow, number][] = [];
  let sink: RowSink = (row, index) => void kept.push([row, index]);
  const first = collect((row, index) => sink(row, index), early.signal);
  first.catch(() => undefined); // the screen that takes it over reports; until then nothing may go unhandled
  let taken = false;
  return (onRow, signal) => {
    if (taken) return collect(onRow, signal);
    taken = true;
    if (signal.aborted) early.abort();
    else signal.addEventListener('abort', () => early.abort(), { once: true });
    for (const [row, index] of kept.splice(0)) onRow(row, index);
    sink = onRow;
    return first;
  };
}
