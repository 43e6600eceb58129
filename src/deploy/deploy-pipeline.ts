/**
 * One pipeline's deploy as a list of steps: detect → generate → validate →
 * plan → (approve) → deploy → summary → (run). Each step records its outcome
 * and duration for the summary and --json. The task list UI is built from
 * these steps; the steps themselves know nothing of the terminal.
 */
import { ConfigError, UsageError, UserError } from '../core/errors.js';
import { decideApproval, describePlan, type ApprovalPrompt, type PlanSummary } from '../core/deploy-policy.js';
import { taskCount } from '../core/parse-config.js';
import { unknownRunParams, type RunParams } from '../core/run-params.js';
import { formatCommandLine, type DatabricksCliConfig } from '../databricks/run-cli.js';
import { StepClock } from './step-clock.js';
import { startRun, type StartedRun } from '../operate/run-pipeline.js';
import { buildPipeline, type BuiltPipeline } from '../core/assemble-pipeline.js';
import { diskSource, pipelineDir, readBundleOnDisk, writeBundle } from '../project/project.js';
import { pipelineRecord } from '../databricks/git-commit.js';
import { deployRecordVars, type DeployRecord } from '../core/deploy-record.js';
import type { EnvConfigs } from '../core/env-config.js';
import {
  bindCommand,
  bindJob,
  cliVersion,
  deployBundle,
  deployCommand,
  planBundle,
  runCommand,
  summarizeBundle,
  summaryCommand,
  validateBundle,
  type BundleInvocation,
  type CliVersion,
  type DeployedJob,
} from '../databricks/bundle-commands.js';

export type StepName = 'detect' | 'generate' | 'validate' | 'bind' | 'plan' | 'deploy' | 'summary' | 'run';
export type StepStatus = 'ok' | 'failed' | 'skipped' | 'dry-run' | 'not-approved';

export interface StepRecord {
  name: StepName;
  status: StepStatus;
  duration_ms: number;
  detail?: string;
}

export interface DeployRequest {
  readonly root: string;
  readonly pipeline: string;
  readonly env: string;
  readonly envs: EnvConfigs;
  readonly profile?: string;
  readonly cli: DatabricksCliConfig;
  readonly yes: boolean;
  readonly allowDeletes: boolean;
  readonly forceLock: boolean;
  readonly dryRun: boolean;
  readonly run: boolean;
  /** Job parameter overrides for the run (`--params`), checked against the job's parameters. */
  readonly params: RunParams;
  /** An existing job to adopt before the deploy (`--bind <job-id>`). */
  readonly bindJobId?: string;
  /** A person can be asked (and only one deploy asks at a time). */
  readonly interactive: boolean;
  readonly signal: AbortSignal;
}

/** How a step talks to whoever draws it. */
/** What a person approves: the deploy (with its plan when known), or adopting an existing job. */
export type ApprovalSubject = { readonly kind: 'deploy'; readonly plan?: PlanSummary } | { readonly kind: 'bind'; readonly jobId: string; readonly jobKey: string };

export interface StepIO {
  /** A line shown under the step. */
  readonly output: (line: string) => void;
  /** Asks the person; resolves true to go on. Only called when the request is `interactive`. */
  readonly approve: (prompt: Exclude<ApprovalPrompt, 'none'>, subject: ApprovalSubject) => Promise<boolean>;
}

export interface DeployState {
  readonly request: DeployRequest;
  readonly steps: StepRecord[];
  built?: BuiltPipeline;
  version?: CliVersion;
  plan?: PlanSummary;
  planLines?: string[];
  autoApprove: boolean;
  job?: DeployedJob;
  /** What is deployed: the folder's commit and content hash, recorded on the job (decision record 012). */
  record?: DeployRecord;
  /** The run `--run` started. */
  run?: StartedRun;
  /** The step running now, or the one that failed: what Ctrl-C interrupted. */
  current?: StepName;
  /** The commands a dry run would have run next. */
  wouldRun: string[];
}

export interface StepDefinition {
  readonly name: StepName;
  readonly title: string;
  readonly enabled: (s: DeployState) => boolean;
  /** Returns a short detail shown in the step's title once done. */
  readonly run: (s: DeployState, io: StepIO) => Promise<string | undefined>;
}

/**
 * The person asked said no (or mistyped the name every time): nothing was
 * deployed, and that is an answer, not a failure. Exit 2, like a deploy refused
 * for want of approval in CI.
 */
export class NotApprovedError extends UserError {
  override readonly name = 'NotApprovedError';
  override readonly exitCode = 2;
}

export function newDeployState(request: DeployRequest): DeployState {
  return { request, steps: [], autoApprove: false, wouldRun: [] };
}

function target(s: DeployState): BundleInvocation {
  const r = s.request;
  return {
    cli: r.cli,
    cwd: pipelineDir(r.root, r.pipeline),
    target: r.env,
    ...(r.profile ? { profile: r.profile } : {}),
    ...(s.record ? { vars: deployRecordVars(s.record) } : {}),
    signal: r.signal,
    context: { host: r.envs[r.env]?.workspace.host, profile: r.profile, target: r.env, pipeline: r.pipeline },
  };
}

export const DEPLOY_STEPS: readonly StepDefinition[] = [
  {
    name: 'detect',
    title: 'Detect pipeline type',
    enabled: () => true,
    run: async (s) => {
      const built = buildPipeline(diskSource(s.request.root, s.request.pipeline), s.request.envs);
      s.built = built;
      if (built.issues.length > 0) throw new ConfigError(built.issues);
      checkParams(s.request.params, built);
      s.record = await pipelineRecord(s.request.root, s.request.pipeline);
      const count = taskCount(built.parsed);
      return built.parsed.kind === 'streaming' ? `streaming, ${count} task(s)` : `batch SQL, ${count} step(s)`;
    },
  },
  {
    name: 'generate',
    title: 'Generate databricks.yml',
    enabled: () => true,
    run: async (s) => {
      const built = s.built!;
      if (readBundleOnDisk(s.request.root, built.name) === built.yaml) return 'up to date';
      await writeBundle(s.request.root, built);
      return 'written';
    },
  },
  {
    name: 'validate',
    title: 'Validate',
    enabled: () => true,
    run: async (s, { output }) => {
      // Ask the version alongside validate: it is needed only to know whether `bundle plan` exists.
      const version = cliVersion(s.request.cli, pipelineDir(s.request.root, s.request.pipeline), s.request.signal);
      const [v, { warnings }] = await Promise.all([version, validateBundle(target(s))]);
      s.version = v;
      for (const w of warnings) output(w);
      return `bundle valid (CLI ${s.version.version})${warnings.length > 0 ? `, ${warnings.length} warning(s)` : ''}`;
    },
  },
  {
    name: 'bind',
    title: 'Adopt the existing job',
    enabled: (s) => s.request.bindJobId !== undefined,
    run: async (s, { output, approve }) => {
      const r = s.request;
      const jobId = r.bindJobId!;
      const t = target(s);
      const command = bindCommand(t, s.built!.jobKey, jobId, { forceLock: r.forceLock });
      if (r.dryRun) {
        s.wouldRun.push(formatCommandLine(r.cli.executable, command));
        output(`would run: ${formatCommandLine(r.cli.executable, command)}`);
        return `dry run: job ${jobId} not adopted`;
      }
      const decision = decideApproval({ env: r.env, pipeline: r.pipeline, yes: r.yes, allowDeletes: r.allowDeletes, interactive: r.interactive });
      if ('refuse' in decision) throw new UsageError(`adopting job ${jobId} in ${r.env} needs approval and there is no terminal to ask; nothing was changed`, 'pass --yes');
      if (decision.prompt !== 'none' && !(await approve(decision.prompt, { kind: 'bind', jobId, jobKey: s.built!.jobKey }))) {
        throw new NotApprovedError(`adopting job ${jobId} in ${r.env} was not approved: nothing was changed`);
      }
      await bindJob(t, s.built!.jobKey, jobId, { forceLock: r.forceLock });
      return `job ${jobId} is now ${s.built!.jobKey}: the deploy updates it`;
    },
  },
  {
    name: 'plan',
    title: 'Plan',
    enabled: () => true,
    run: async (s, { output, approve }) => {
      if (s.version?.hasPlan) {
        s.plan = await planBundle(target(s));
        s.planLines = describePlan(s.plan);
        for (const line of s.planLines.slice(0, -1)) output(line);
      } else output(`databricks CLI ${s.version?.version ?? '?'} has no "bundle plan" (0.270+); approval goes by environment only`);
      const r = s.request;
      const decision = decideApproval({
        env: r.env,
        pipeline: r.pipeline,
        ...(s.plan ? { plan: s.plan } : {}),
        yes: r.yes,
        allowDeletes: r.allowDeletes,
        interactive: r.interactive && !r.dryRun,
      });
      const summary = s.plan ? s.planLines!.at(-1)!.replace(/^Plan: /, '') : 'no plan available';
      if (r.dryRun) {
        s.autoApprove = s.plan?.destructive ?? false;
        return summary;
      }
      if ('refuse' in decision) throw new UsageError(decision.refuse, decision.hint);
      s.autoApprove = decision.autoApprove;
      if (decision.prompt !== 'none') {
        const ok = await approve(decision.prompt, { kind: 'deploy', ...(s.plan ? { plan: s.plan } : {}) });
        if (!ok) throw new NotApprovedError(`${r.pipeline} was not approved for ${r.env}: nothing was deployed`);
        s.autoApprove = s.plan?.destructive ?? false;
      }
      return summary;
    },
  },
  {
    name: 'deploy',
    title: 'Deploy',
    enabled: () => true,
    run: async (s, { output }) => {
      const t = target(s);
      const opts = { autoApprove: s.autoApprove, forceLock: s.request.forceLock };
      if (s.request.dryRun) {
        const cmds = [deployCommand(t, opts), summaryCommand(t), ...(s.request.run ? [runCommand(t, s.built!.jobKey, s.request.params)] : [])].map((args) =>
          formatCommandLine(s.request.cli.executable, args),
        );
        s.wouldRun.push(...cmds);
        for (const c of cmds) output(`would run: ${c}`);
        return 'dry run: nothing deployed';
      }
      await deployBundle(t, opts);
      return `deployed to ${s.request.env}`;
    },
  },
  {
    name: 'summary',
    title: 'Summary',
    enabled: (s) => !s.request.dryRun,
    run: async (s) => {
      s.job = await summarizeBundle(target(s), s.built!.jobKey);
      return s.job.id ? `job ${s.job.id}` : 'job deployed';
    },
  },
  {
    name: 'run',
    title: 'Run the job',
    enabled: (s) => s.request.run && !s.request.dryRun,
    run: async (s) => {
      s.run = await startRun(target(s), s.built!.jobKey, s.request.params);
      // The URL goes in the summary below; a task line that long would wrap.
      return s.run.runId !== undefined ? `run ${s.run.runId} started` : 'run started';
    },
  },
];

/** `--params` may only name parameters the job declares; anything else would be ignored by the run. */
function checkParams(params: RunParams, built: BuiltPipeline): void {
  if (Object.keys(params).length === 0) return;
  const declared = (built.bundle.resources.jobs[built.jobKey]?.parameters ?? []).map((p) => p.name);
  const unknown = unknownRunParams(params, declared);
  if (unknown.length > 0) {
    throw new UsageError(`deploy: --params ${unknown.join(', ')}: not a parameter of ${built.name}'s job`, `its parameters: ${declared.join(', ')}`);
  }
}

/**
 * Run one step, recording its outcome and its own duration: the `clock` stands
 * still while a person is asked for approval.
 */
export async function runStep(step: StepDefinition, s: DeployState, io: StepIO, clock = new StepClock()): Promise<string | undefined> {
  s.current = step.name;
  const approve: StepIO['approve'] = async (prompt, subject) => {
    clock.pause();
    try {
      return await io.approve(prompt, subject);
    } finally {
      clock.resume();
    }
  };
  try {
    const detail = await step.run(s, { output: io.output, approve });
    s.steps.push({
      name: step.name,
      status: s.request.dryRun && step.name === 'deploy' ? 'dry-run' : 'ok',
      duration_ms: Math.round(clock.elapsedMs()),
      ...(detail ? { detail } : {}),
    });
    s.current = undefined;
    return detail;
  } catch (error) {
    const status = error instanceof NotApprovedError ? 'not-approved' : 'failed';
    s.steps.push({ name: step.name, status, duration_ms: Math.round(clock.elapsedMs()), detail: (error as Error).message });
    if (status === 'not-approved') s.current = undefined;
    throw error;
  }
}

/** Whether a person declined this deploy: the steps after it do not run. */
export function notApproved(s: DeployState): boolean {
  return s.steps.some((step) => step.status === 'not-approved');
}

/** What Ctrl-C during `step` leaves behind, and what to run next. */
export function interruptedMessage(s: DeployState, rerun: string): string {
  switch (s.current) {
    case 'bind':
      return `interrupted while adopting job ${s.request.bindJobId ?? '?'}: nothing was deployed, but the job may already be bound. Run again: ${rerun} --bind ${s.request.bindJobId ?? '<job id>'} (if the CLI then says the job is already managed, leave out --bind)`;
    case 'deploy':
      return `interrupted during deploy: ${s.request.pipeline} in ${s.request.env} may be partly updated. Run again: ${rerun}${s.request.env === 'prod' ? ' (add --force-lock if it reports the deploy lock is held)' : ''}`;
    case 'summary':
    case 'run':
      return `interrupted after deploy: ${s.request.pipeline} is deployed to ${s.request.env}. See it with: databricks bundle summary -t ${s.request.env}${s.request.profile ? ` -p ${s.request.profile}` : ''}`;
    default:
      return `interrupted before deploy: nothing was deployed. Run again: ${rerun}`;
  }
}
