/**
 * What a step that has run long is waiting for, and what Ctrl-C would do then.
 * Ctrl-C stops the CLI and everything it started (src/databricks/process-group.ts);
 * what that leaves behind depends on the step, as interruptedMessage says after.
 */
import { STEP_TIMEOUTS_MS } from '../databricks/bundle-commands.js';
import type { StepName } from './deploy-pipeline.js';
import { formatElapsed } from './step-clock.js';

interface Wait {
  readonly command: string;
  readonly doing: string;
  readonly ctrlC: string;
  readonly timeoutMs: number;
}

const NOTHING_DEPLOYED = 'Ctrl-C stops it safely: nothing has been deployed';

const WAITS: Partial<Record<StepName, Wait>> = {
  validate: { command: 'databricks bundle validate', doing: 'loading the bundle and checking it with the workspace', ctrlC: NOTHING_DEPLOYED, timeoutMs: STEP_TIMEOUTS_MS.validate },
  bind: {
    command: 'databricks bundle deployment bind',
    doing: 'adopting the existing job',
    ctrlC: 'Ctrl-C stops it; nothing has been deployed, but the job may already be adopted',
    timeoutMs: STEP_TIMEOUTS_MS.bind,
  },
  plan: { command: 'databricks bundle plan', doing: 'comparing the bundle with what is deployed', ctrlC: NOTHING_DEPLOYED, timeoutMs: STEP_TIMEOUTS_MS.plan },
  deploy: {
    command: 'databricks bundle deploy',
    doing: 'uploading the files, then creating or updating the job',
    ctrlC: 'Ctrl-C stops it, but the job may be left partly updated; deploying again finishes it',
    timeoutMs: STEP_TIMEOUTS_MS.deploy,
  },
  summary: { command: 'databricks bundle summary', doing: "reading the job's id and URL", ctrlC: 'Ctrl-C is safe: the deploy has finished', timeoutMs: STEP_TIMEOUTS_MS.summary },
  run: { command: 'databricks bundle run', doing: 'starting a run of the job', ctrlC: 'Ctrl-C stops it; the run may already have started', timeoutMs: STEP_TIMEOUTS_MS.run },
};

/**
 * What to show once a step has waited long for the CLI: what it waits for, and
 * what Ctrl-C does (two lines on a redrawn list, one in plain output); undefined
 * for steps that run no command. With `waitedMs` (plain output, where no clock
 * ticks) it says how long so far.
 */
export function waitingNotice(step: StepName, waitedMs?: number): readonly [string, string] | undefined {
  const wait = WAITS[step];
  if (!wait) return undefined;
  const minutes = Math.round(wait.timeoutMs / 60_000);
  const sofar = waitedMs === undefined ? '' : ` (${formatElapsed(waitedMs)} so far)`;
  return [`waiting for ${wait.command}${sofar}: ${wait.doing} (time limit ${minutes} min).`, `${wait.ctrlC}.`];
}

/** How long a step runs before the notice, unless LOYALTY_WAIT_NOTICE_SECONDS says otherwise. */
export const DEFAULT_WAIT_NOTICE_MS = 60_000;
