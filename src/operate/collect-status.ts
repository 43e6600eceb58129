/**
 * `status` for one env (decision record 011): one `jobs list` (and in
 * development mode one `current-user me`), then each pipeline's recent runs,
 * at most `concurrency` CLI calls at a time. Each row is handed to `onRow` as
 * soon as it is known, so a screen can fill in while the rest are asked for.
 * A failure that concerns one pipeline stays in its row; one that concerns the
 * workspace (auth, no CLI, a timeout on `jobs list`) is every row's error.
 */
import { UserError } from '../core/errors.js';
import { forEachConcurrent } from '../core/pool.js';
import { jobNameInTarget, shortUserName } from '../core/resolve-target.js';
import { deployedRow, undeployedRow, unreadableRow, withQuality, type StatusRow } from '../core/status-report.js';
import { findPipelineJob, type WorkspaceJob } from '../core/workspace-jobs.js';
import { currentUserName, listJobRuns, listWorkspaceJobs, type WorkspaceInvocation } from '../databricks/jobs-commands.js';
import { cliText, DatabricksCliError } from '../databricks/run-cli.js';
import { collectQuality, type QualitySource } from './collect-quality.js';

export interface StatusPipeline {
  readonly name: string;
  /** The config's display name (pipeline_name), or an error reading the config. */
  readonly displayName: string | { readonly error: UserError };
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
}

/** A failure for a row: the CLI's own error line when no explanation is known, so the row says what went wrong. */
const errorOf = (error: unknown): { message: string; hint?: string } => {
  if (!(error instanceof UserError)) throw error;
  const said = error instanceof DatabricksCliError && error.explanation.kind === 'unknown' ? error.stderrLines[0]?.replace(/^Error: /, '') : undefined;
  const message = said && error instanceof DatabricksCliError ? `${error.headline}: ${said}` : error.message;
  return { message, ...(error.hint ? { hint: error.hint } : {}) };
};

/** The workspace's jobs, and the caller's short name in development mode; both at once only when --concurrency allows. */
async function workspaceView(req: StatusRequest): Promise<{ jobs: WorkspaceJob[]; devShortName?: string }> {
  const user = () => (req.development ? currentUserName(req.workspace) : Promise.resolve(undefined));
  const [jobs, name] = req.concurrency > 1 ? await Promise.all([listWorkspaceJobs(req.workspace), user()]) : [await listWorkspaceJobs(req.workspace), await user()];
  return { jobs, ...(name !== undefined ? { devShortName: shortUserName(name) } : {}) };
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

async function pipelineRow(p: StatusPipeline, req: StatusRequest, view: { jobs: WorkspaceJob[]; devShortName?: string }): Promise<StatusRow> {
  if (typeof p.displayName !== 'string') return unreadableRow(p.name, errorOf(p.displayName.error));
  const expectedName = jobNameInTarget(p.displayName, req.env, view.devShortName);
  const found = findPipelineJob(view.jobs, { pipeline: p.name, expectedName, ...(view.devShortName !== undefined ? { devShortName: view.devShortName } : {}) });
  if (!found.job) return undeployedRow(p.name);
  try {
    const runs = await listJobRuns(req.workspace, found.job.id, req.runs);
    return shown(deployedRow(p.name, req.host, { job: found.job, matches: found.matches }, runs), req);
  } catch (error) {
    // The job is known (name, schedule), its runs are not.
    const known = shown(deployedRow(p.name, req.host, { job: found.job, matches: found.matches }, []), req);
    return { ...unreadableRow(p.name, errorOf(error), known.job!), schedule: known.schedule, continuous: known.continuous };
  }
}

/** Every pipeline's row, in the order given; `onRow` sees each as it arrives. */
export async function collectStatus(req: StatusRequest): Promise<StatusRow[]> {
  const rows: StatusRow[] = new Array<StatusRow>(req.pipelines.length);
  const settle = (row: StatusRow, index: number) => {
    rows[index] = row;
    req.onRow?.(row, index);
  };
  let view: Awaited<ReturnType<typeof workspaceView>>;
  try {
    view = await workspaceView(req);
  } catch (error) {
    const problem = errorOf(error);
    req.pipelines.forEach((p, i) => settle(unreadableRow(p.name, problem), i));
    return rows;
  }
  await forEachConcurrent(req.pipelines, req.concurrency, async (p, i) => settle(await pipelineRow(p, req, view), i));
  if (req.quality) {
    const quality = await collectQuality({ workspace: req.workspace, env: req.env, source: req.quality, pipelines: req.pipelines.map((p) => p.name), ...(view.devShortName !== undefined ? { devShortName: view.devShortName } : {}) });
    rows.forEach((row, i) => {
      const q = quality.get(row.pipeline);
      if (q) settle(withQuality(row, q), i);
    });
  }
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
