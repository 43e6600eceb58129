import type { RunParams } from '../core/run-params.js';
import type { DatabricksCliConfig } from '../databricks/run-cli.js';

/** The deploy flags the flow reads; the CLI's parsed `deploy` arguments have these and more. */
export interface DeployFlags {
  readonly yes?: boolean;
  readonly 'allow-deletes'?: boolean;
  readonly 'force-lock'?: boolean;
  readonly 'dry-run'?: boolean;
  readonly run?: boolean;
  /** With --run: start the run and return instead of following it. */
  readonly 'no-wait'?: boolean;
  /** `--bind`: the id of an existing job to take over. */
  readonly bind?: string;
  readonly json?: boolean;
  readonly all?: boolean;
  /** How many pipelines deploy at once with --all. */
  readonly concurrency: number;
}

/** One deploy, every input settled: what `runDeploys` needs. */
export interface ResolvedDeploy {
  readonly root: string;
  readonly pipelines: string[];
  readonly env: string;
  readonly profile?: string;
  /** How auth is chosen, for the summary: a profile name or "environment". */
  readonly authLabel: string;
  readonly args: DeployFlags;
  readonly cli: DatabricksCliConfig;
  /** `--params`, parsed: overrides of job parameters for the run (checked against each job's parameters). */
  readonly params: RunParams;
  /** How long a step waits for the CLI before a line says what it waits for (LOYALTY_WAIT_NOTICE_SECONDS). */
  readonly waitNoticeMs: number;
  /** The summary ends with the command that redeploys from CI (off when the caller prints it, as `new` does). */
  readonly redeployHint: boolean;
  /** Time between polls of a run `--run` follows (default: pollDelayMs's back-off). */
  readonly runPollDelayMs?: (attempt: number) => number;
}
