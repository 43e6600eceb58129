/**
 * The bundle commands loyalty-wizard runs, each a thin call through the one
 * subprocess module, with its JSON read defensively.
 */
import type { FailureContext } from '../core/cli-failures.js';
import { MalformedPlanError, summarizePlan, type PlanSummary } from '../core/deploy-policy.js';
import { UserError } from '../core/errors.js';
import { knownSecretsIn } from '../core/redact-secrets.js';
import { runParamsArgs, type RunParams } from '../core/run-params.js';
import { cliText, formatCommandLine, runDatabricks, type DatabricksCliConfig, type RunOptions } from './run-cli.js';

export const STEP_TIMEOUTS_MS = {
  version: 30_000,
  validate: 180_000,
  plan: 300_000,
  deploy: 1_800_000,
  summary: 180_000,
  run: 300_000,
  bind: 300_000,
} as const;

/** Where and how one bundle command runs: the CLI, the pipeline folder, the target and its auth. */
export interface BundleInvocation {
  readonly cli: DatabricksCliConfig;
  /** The pipeline's bundle folder: cwd of every call. */
  readonly cwd: string;
  readonly target: string;
  /** undefined: the CLI resolves auth from the environment. */
  readonly profile?: string;
  /** `--var name=value` for each (the deploy record, decision record 012). */
  readonly vars?: readonly string[];
  readonly signal?: AbortSignal;
  readonly context: FailureContext;
}

/** What picks the target and auth on a command line. */
export type TargetFlags = Pick<BundleInvocation, 'target' | 'profile'>;

function targetArgs(t: TargetFlags): string[] {
  return ['-t', t.target, ...(t.profile ? ['-p', t.profile] : [])];
}

/**
 * `--var name=value` for each recorded value, last on the line: validate, plan and
 * deploy resolve the job's tags from them (summary, run and bind do not need them).
 */
const varArgs = (t: Pick<BundleInvocation, 'vars'>): string[] => (t.vars ?? []).flatMap((v) => ['--var', v]);

export function bundleCommand(t: TargetFlags, sub: string, extra: readonly string[] = []): string[] {
  return ['bundle', sub, ...targetArgs(t), ...extra];
}

function call(t: BundleInvocation, args: string[], timeoutMs: number, stdout: RunOptions['stdout'] = 'tail') {
  return runDatabricks(t.cli, args, { cwd: t.cwd, timeoutMs, context: t.context, stdout, ...(t.signal ? { signal: t.signal } : {}) });
}

function parseJson(stdout: string, what: string): unknown {
  try {
    return JSON.parse(stdout) as unknown;
  } catch {
    throw new UserError(`databricks ${what} -o json printed something that is not JSON`, 'check the Databricks CLI version (databricks --version); 0.270 or newer is recommended');
  }
}

export interface CliVersion {
  readonly version: string;
  readonly hasPlan: boolean;
}

/** `bundle plan` arrived in v0.270.0. Only the start of the output is read: the version is on its first line. */
export function parseCliVersion(stdout: string): CliVersion {
  const head = stdout.slice(0, 200);
  const m = /v?(\d{1,9})\.(\d{1,9})\.(\d{1,9})/.exec(head);
  if (!m) return { version: head.split('\n')[0]!.trim().slice(0, 60) || 'unknown', hasPlan: false };
  const [major, minor] = [Number(m[1]), Number(m[2])];
  return { version: `${m[1]}.${m[2]}.${m[3]}`, hasPlan: major > 0 || minor >= 270 };
}

/**
 * Keyed by the config a command resolves once (deploy --all shares it), not by
 * executable for the whole process: a second run in the same process (tests run
 * the CLI in theirs) asks again, as a second `loyalty-wizard` would.
 */
const versions = new WeakMap<DatabricksCliConfig, Promise<CliVersion>>();

/** `databricks --version`, asked once per command run (deploy --all shares it). */
export function cliVersion(cli: DatabricksCliConfig, cwd: string, signal?: AbortSignal): Promise<CliVersion> {
  let version = versions.get(cli);
  if (!version) {
    version = runDatabricks(cli, ['--version'], { cwd, timeoutMs: STEP_TIMEOUTS_MS.version, ...(signal ? { signal } : {}) }).then((r) => {
      const v = parseCliVersion(r.stdout);
      return { ...v, version: cliText(cli, v.version) };
    });
    version.catch(() => versions.delete(cli));
    versions.set(cli, version);
  }
  return version;
}

export async function validateBundle(t: BundleInvocation): Promise<{ warnings: string[] }> {
  const r = await call(t, bundleCommand(t, 'validate', ['-o', 'json', ...varArgs(t)]), STEP_TIMEOUTS_MS.validate, 'json');
  parseJson(r.stdout, 'bundle validate');
  const warnings = r.stderr.split('\n').filter((l) => /^(Warning|Recommendation):/.test(l));
  return { warnings: warnings.map((w) => cliText(t.cli, w.length > 500 ? `${w.slice(0, 500)}…` : w)) };
}

/** The plan, or a one-line error when what the CLI printed is not one: nothing is approved from a document we cannot read. */
export async function planBundle(t: BundleInvocation): Promise<PlanSummary> {
  const args = bundleCommand(t, 'plan', ['-o', 'json', ...varArgs(t)]);
  const r = await call(t, args, STEP_TIMEOUTS_MS.plan, 'json');
  const doc = parseJson(r.stdout, 'bundle plan');
  try {
    return summarizePlan(doc, knownSecretsIn(t.cli.env));
  } catch (error) {
    if (!(error instanceof MalformedPlanError)) throw error;
    throw new UserError(
      `databricks bundle plan -o json printed something that is not a plan (${error.problem}); nothing was deployed`,
      `run it yourself to see what it prints (in ${t.cwd}: ${formatCommandLine('databricks', args)}); loyalty-wizard reads the plans of Databricks CLI 0.270 or newer`,
    );
  }
}

export interface DeployOptions {
  readonly autoApprove: boolean;
  readonly forceLock: boolean;
}

/** The arguments of the calls after the plan, also listed by a dry run. */
export const deployCommand = (t: BundleInvocation, opts: DeployOptions): string[] =>
  bundleCommand(t, 'deploy', [...(opts.autoApprove ? ['--auto-approve'] : []), ...(opts.forceLock ? ['--force-lock'] : []), ...varArgs(t)]);
export const summaryCommand = (t: BundleInvocation): string[] => bundleCommand(t, 'summary', ['-o', 'json']);
export const runCommand = (t: TargetFlags, jobKey: string, params: RunParams = {}): string[] =>
  bundleCommand(t, 'run', [jobKey, '--no-wait', ...runParamsArgs(params)]);
/** Adopt an existing job: the next deploy updates it instead of creating a second one. */
export const bindCommand = (t: TargetFlags, jobKey: string, jobId: string, opts: { forceLock: boolean }): string[] =>
  ['bundle', 'deployment', 'bind', ...targetArgs(t), jobKey, jobId, '--auto-approve', ...(opts.forceLock ? ['--force-lock'] : [])];

export async function bindJob(t: BundleInvocation, jobKey: string, jobId: string, opts: { forceLock: boolean }): Promise<void> {
  await call(t, bindCommand(t, jobKey, jobId, opts), STEP_TIMEOUTS_MS.bind);
}

export async function deployBundle(t: BundleInvocation, opts: DeployOptions): Promise<void> {
  await call(t, deployCommand(t, opts), STEP_TIMEOUTS_MS.deploy);
}

export interface DeployedJob {
  readonly key: string;
  readonly name?: string;
  readonly id?: string;
  readonly url?: string;
}

export async function summarizeBundle(t: BundleInvocation, jobKey: string): Promise<DeployedJob> {
  const r = await call(t, summaryCommand(t), STEP_TIMEOUTS_MS.summary, 'json');
  const doc = parseJson(r.stdout, 'bundle summary') as { resources?: { jobs?: Record<string, { id?: unknown; url?: unknown; name?: unknown }> } };
  const job = doc.resources?.jobs?.[jobKey];
  if (!job) throw new UserError(`databricks bundle summary shows no job "${jobKey}"`, 'the deploy may not have finished; run it again');
  // Shown on screen and in the --json receipt: secrets redacted, control characters escaped.
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? cliText(t.cli, v.slice(0, 2000)) : undefined);
  const name = text(job.name);
  const id = text(typeof job.id === 'number' ? String(job.id) : job.id);
  const url = text(job.url);
  return { key: jobKey, ...(name ? { name } : {}), ...(id ? { id } : {}), ...(url ? { url } : {}) };
}

export async function runJob(t: BundleInvocation, jobKey: string, params: RunParams = {}): Promise<{ runUrl?: string }> {
  const r = await call(t, runCommand(t, jobKey, params), STEP_TIMEOUTS_MS.run);
  const m = /Run URL: {0,10}(\S{1,2000})/.exec(r.stderr);
  return m ? { runUrl: cliText(t.cli, m[1]!) } : {};
}
