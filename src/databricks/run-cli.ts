/**
 * The one module that runs subprocesses. Every `databricks` call goes through
 * `runDatabricks`: cwd is the bundle folder, an AbortSignal stops it, a timeout
 * bounds it, and a failure becomes a typed error with the command, the exit
 * code, the stderr lines that matter, and (where known) cause and fix.
 */
import { execa, ExecaError } from 'execa';
import { explainCliFailure, importantStderrLines, type FailureContext, type FailureExplanation } from '../core/cli-failures.js';
import { UserError } from '../core/errors.js';

export interface DatabricksCliConfig {
  /** The executable: `--databricks-cli`, LOYALTY_DATABRICKS_CLI, or `databricks` from PATH. */
  readonly executable: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Called with each command line before it runs (for --show-commands). */
  readonly showCommand?: (commandLine: string) => void;
}

export interface RunOptions {
  readonly cwd: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly context?: FailureContext;
}

export interface RunResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly durationMs: number;
}

export class DatabricksCliError extends UserError {
  override readonly name = 'DatabricksCliError';
  constructor(
    readonly command: string,
    readonly cliExitCode: number,
    readonly stderrLines: readonly string[],
    readonly explanation: FailureExplanation,
  ) {
    super(`${command} failed (exit ${cliExitCode}): ${explanation.cause}`, explanation.fix);
  }
}

export class DatabricksCliMissingError extends UserError {
  override readonly name = 'DatabricksCliMissingError';
  constructor(executable: string) {
    super(
      `the Databricks CLI ("${executable}") was not found`,
      'install it (https://docs.databricks.com/dev-tools/cli/install.html, e.g. brew install databricks/tap/databricks), or point --databricks-cli / LOYALTY_DATABRICKS_CLI at it',
    );
  }
}

export class DatabricksCliTimeoutError extends UserError {
  override readonly name = 'DatabricksCliTimeoutError';
  constructor(command: string, timeoutMs: number) {
    super(`${command} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, 'check your network and the workspace, then retry');
  }
}

export class CancelledError extends UserError {
  override readonly name = 'CancelledError';
  override readonly exitCode = 130;
  constructor(command: string) {
    super(`${command} was interrupted`);
  }
}

const SECRET_FLAG_VALUE = /(token|password|secret)/i;

/** The command line as a person would type it, with anything secret-looking redacted. */
export function formatCommandLine(executable: string, args: readonly string[]): string {
  const shown = args.map((arg, i) => {
    const prev = args[i - 1];
    if (prev === '--var' && SECRET_FLAG_VALUE.test(arg.split('=')[0] ?? '')) return `${arg.split('=')[0]}=***`;
    if (/^--var=/.test(arg) && SECRET_FLAG_VALUE.test(arg)) return `${arg.split('=').slice(0, 2).join('=')}=***`;
    return arg;
  });
  const name = /[/\\]/.test(executable) ? executable : 'databricks';
  return [name, ...shown].map((a) => (/^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
}

export async function runDatabricks(config: DatabricksCliConfig, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const commandLine = formatCommandLine(config.executable, args);
  config.showCommand?.(commandLine);
  const started = performance.now();
  try {
    const result = await execa(config.executable, [...args], {
      cwd: opts.cwd,
      env: { ...config.env, DATABRICKS_CLI_UPGRADE_CHECK: 'false' } as Record<string, string>,
      extendEnv: false,
      stdin: 'ignore',
      ...(opts.signal ? { cancelSignal: opts.signal } : {}),
      ...(opts.timeoutMs ? { timeout: opts.timeoutMs } : {}),
      forceKillAfterDelay: 2000,
      killSignal: 'SIGTERM',
      stripFinalNewline: false,
    });
    return { stdout: result.stdout, stderr: result.stderr, durationMs: performance.now() - started };
  } catch (error) {
    if (!(error instanceof ExecaError)) throw error;
    if (error.code === 'ENOENT' || (/ENOENT/.test(error.message) && error.exitCode === undefined)) throw new DatabricksCliMissingError(config.executable);
    if (error.isCanceled) throw new CancelledError(commandLine);
    if (error.timedOut) throw new DatabricksCliTimeoutError(commandLine, opts.timeoutMs ?? 0);
    const stderr = typeof error.stderr === 'string' ? error.stderr : '';
    throw new DatabricksCliError(commandLine, error.exitCode ?? 1, importantStderrLines(stderr), explainCliFailure(stderr, opts.context ?? {}));
  }
}

export function resolveCliExecutable(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  return flag ?? env.LOYALTY_DATABRICKS_CLI ?? 'databricks';
}
