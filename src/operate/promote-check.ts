/**
 * What `promote` reads before it deploys (decision record 012): per env one
 * `jobs list` (and in development mode one `current-user me`), each pipeline's
 * job in the source and the target env by its tags, the deploy record in those
 * tags, the source job's recent runs, and the pipeline folder's own record.
 * The gates themselves are src/core/promotion.ts.
 */
import { deployRecordOf, type DeployRecord } from '../core/deploy-record.js';
import type { JobRun } from '../core/job-runs.js';
import { forEachConcurrent } from '../core/pool.js';
import { jobNameInTarget, shortUserName } from '../core/resolve-target.js';
import { findPipelineJob, type WorkspaceJob } from '../core/workspace-jobs.js';
import { currentUserName, listJobRuns, listWorkspaceJobs, type WorkspaceInvocation } from '../databricks/jobs-commands.js';
import { cliText } from '../databricks/run-cli.js';
import { pipelineRecord } from '../databricks/git-commit.js';
import { readPipelineConfig } from '../project/project.js';

export interface EnvSide {
  readonly env: string;
  readonly workspace: WorkspaceInvocation;
  readonly development: boolean;
}

export interface PromoteRequest {
  readonly root: string;
  readonly pipelines: readonly string[];
  readonly from: EnvSide;
  readonly to: EnvSide;
  /** How many finished runs of the source job must have succeeded. */
  readonly runs: number;
  readonly concurrency: number;
}

export interface DeployedSide {
  readonly id: number;
  readonly record: DeployRecord;
}

export interface PipelineState {
  readonly pipeline: string;
  readonly local: Required<DeployRecord>;
  readonly source?: DeployedSide;
  readonly target?: DeployedSide;
  /** The source job's recent runs, newest first. */
  readonly runs: readonly JobRun[];
}

interface EnvView {
  readonly jobs: readonly WorkspaceJob[];
  readonly devShortName?: string;
}

async function envView(side: EnvSide): Promise<EnvView> {
  const [jobs, user] = await Promise.all([listWorkspaceJobs(side.workspace), side.development ? currentUserName(side.workspace) : Promise.resolve(undefined)]);
  return { jobs, ...(user !== undefined ? { devShortName: shortUserName(user) } : {}) };
}

function deployedIn(view: EnvView, side: EnvSide, pipeline: string, displayName: string): DeployedSide | undefined {
  const expectedName = jobNameInTarget(displayName, side.env, view.devShortName);
  const { job } = findPipelineJob(view.jobs, { pipeline, expectedName, ...(view.devShortName !== undefined ? { devShortName: view.devShortName } : {}) });
  return job ? { id: job.id, record: deployRecordOf(job.tags) } : undefined;
}

/** Runs from the workspace, fit to show: URLs and messages with secrets redacted. */
const shownRun = (w: WorkspaceInvocation, r: JobRun): JobRun => ({ ...r, message: cliText(w.cli, r.message), ...(r.url ? { url: cliText(w.cli, r.url) } : {}) });

/** Every pipeline's state, in the order given; CLI failures are thrown (the caller explains them). */
export async function readPromotion(req: PromoteRequest): Promise<PipelineState[]> {
  const [fromView, toView] = await Promise.all([envView(req.from), envView(req.to)]);
  const states = new Array<PipelineState>(req.pipelines.length);
  await forEachConcurrent(req.pipelines, req.concurrency, async (pipeline, i) => {
    const displayName = readPipelineConfig(req.root, pipeline).config.pipeline_name;
    const local = await pipelineRecord(req.root, pipeline);
    const source = deployedIn(fromView, req.from, pipeline, displayName);
    const target = deployedIn(toView, req.to, pipeline, displayName);
    // Runs under way come first: ask for enough to find N finished ones behind them.
    const runs = source ? (await listJobRuns(req.from.workspace, source.id, Math.min(200, req.runs + 10))).map((r) => shownRun(req.from.workspace, r)) : [];
    states[i] = { pipeline, local, ...(source ? { source } : {}), ...(target ? { target } : {}), runs };
  });
  return states;
}
