/**
 * The one module that runs subprocesses. Every `databricks` call goes through
 * `runDatabricks`: cwd is the bundle folder, an AbortSignal stops it (and what
 * it started: it runs in its own process group), a timeout bounds it, and a
 * failure becomes a typed error with the command, the exit code or signal, the
 * stderr lines that matter, and (where known) cause and fix.
 *
 * Output is never buffered whole: of stderr (and of stdout, for commands whose
 * stdout is not JSON) only the last 64 KB are kept; JSON stdout is kept up to
 * 8 MB and refused beyond. Whatever reaches an error, a result or the screen
 * has secrets redacted and is safe to print (`cliText`).
 */
import { stat } from 'node:fs/promises';
import { execa, type ResultPromise } from 'execa';
import { explainCliFailure, explainCliKilled, importantStderrLines, type FailureContext, type FailureExplanation } from '../core/cli-failures.js';
import { UserError } from '../core/errors.js';
import { knownSecretsIn, redactKnownSecrets, redactSecrets } from '../core/redact-secrets.js';
import { terminalSafe } from '../core/terminal-text.js';
import { CLI_INSTALL_EXAMPLE, CLI_INSTALL_URL } from './find-cli.js';
import { OutputCollector } from './output-collector.js';
import { stopGroup, trackGroup, USE_PROCESS_GROUPS } from './process-group.js';

/** What is kept of each stream (and all of stdout that is not JSON). */
export const OUTPUT_TAIL_BYTES = 64 * 1024;
/** The most JSON stdout read: far above any bundle's, far below what would hurt. */
export const JSON_STDOUT_LIMIT_BYTES = 8 * 1024 * 1024;

export interface DatabricksCliConfig {
  /** The executable: `--databricks-cli`, LOYALTY_DATABRICKS_CLI, or `databricks` from PATH. */
  readonly executable: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Called with each command line before it runs (for --show-commands); safe to print. */
  readonly showCommand?: (commandLine: string) => void;
}

export interface RunOptions {
  readonly cwd: string;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  readonly context?: FailureContext;
  /** `json`: stdout is parsed, so it is kept whole (up to JSON_STDOUT_LIMIT_BYTES); otherwise only its end. */
  readonly stdout?: 'json' | 'tail';
}

export interface RunResult {
  /** All of it for `stdout: 'json'`, else its last 64 KB; as printed (pass what you show through `cliText`). */
  readonly stdout: string;
  /** The last 64 KB, secrets redacted (pass what you show through `cliText`). */
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
    /** The signal that killed the CLI, when it did not exit on its own. */
    readonly signal?: string,
  ) {
    super(`${command} ${signal ? `was killed by ${signal}` : `failed (exit ${cliExitCode})`}: ${explanation.cause}`, explanation.fix);
  }

  /** The first line of a report: `<command> failed (exit 1)` or `<command> was killed by SIGSEGV`. */
  get headline(): string {
    return `${this.command} ${this.signal ? `was killed by ${this.signal}` : `failed (exit ${this.cliExitCode})`}`;
  }
}

export class DatabricksCliMissingError extends UserError {
  override readonly name = 'DatabricksCliMissingError';
  constructor(executable: string) {
    super(
      `the Databricks CLI ("${terminalSafe(executable)}") was not found`,
      `install it (${CLI_INSTALL_URL}, e.g. ${CLI_INSTALL_EXAMPLE}), or point --databricks-cli / LOYALTY_DATABRICKS_CLI at it`,
    );
  }
}

/** The executable exists but cannot be run: a directory, or a file without execute permission. */
export class DatabricksCliNotExecutableError extends UserError {
  override readonly name = 'DatabricksCliNotExecutableError';
}

export class DatabricksCliTimeoutError extends UserError {
  override readonly name = 'DatabricksCliTimeoutError';
  constructor(command: string, timeoutMs: number) {
    super(`${command} did not finish within ${Math.round(timeoutMs / 1000)} s and was stopped`, 'check your network and the workspace, then retry');
  }
}

/** JSON stdout beyond JSON_STDOUT_LIMIT_BYTES: not something we parse. */
export class DatabricksCliOutputTooLargeError extends UserError {
  override readonly name = 'DatabricksCliOutputTooLargeError';
  constructor(command: string) {
    super(
      `${command} printed more than ${JSON_STDOUT_LIMIT_BYTES / 1024 / 1024} MB on stdout, which is not the JSON loyalty-wizard reads; it was stopped`,
      'run that command yourself to see what it prints, and check the Databricks CLI version (databricks --version)',
    );
  }
}

export class CancelledError extends UserError {
  override readonly name = 'CancelledError';
  override readonly exitCode = 130;
  constructor(command: string) {
    super(`${command} was interrupted`);
  }
}

/** Text from the CLI's output made fit to show: secrets redacted, control characters escaped. */
export function cliText(config: Pick<DatabricksCliConfig, 'env'>, text: string, options: { multiline?: boolean } = {}): string {
  return terminalSafe(redactSecrets(text, knownSecretsIn(config.env)), options);
}

const SECRET_FLAG_VALUE = /(token|password|secret)/i;

/**
 * The command line as a person would type it, safe to print: the values of secret-named --var flags and
 * Databricks tokens redacted, control characters escaped. Our own text, so the shape rules for the CLI's
 * output do not apply: a path or a content hash is not taken for a secret.
 */
export function formatCommandLine(executable: string, args: readonly string[]): string {
  const shown = args.map((arg, i) => {
    const prev = args[i - 1];
    if (prev === '--var' && SECRET_FLAG_VALUE.test(arg.split('=')[0] ?? '')) return `${arg.split('=')[0]}=***`;
    if (/^--var=/.test(arg) && SECRET_FLAG_VALUE.test(arg)) return `${arg.split('=').slice(0, 2).join('=')}=***`;
    return arg;
  });
  const name = /[/\\]/.test(executable) ? executable : 'databricks';
  const line = [name, ...shown].map((a) => (/^[A-Za-z0-9_./:=@,+-]+$/.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`)).join(' ');
  return terminalSafe(redactKnownSecrets(line));
}

type StopReason = 'cancel' | 'timeout' | 'overflow';

interface Finished {
  readonly result: Awaited<ResultPromise>;
  readonly stopped?: StopReason;
  readonly stdout: OutputCollector;
  readonly stderr: OutputCollector;
}

export async function runDatabricks(config: DatabricksCliConfig, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const commandLine = redactKnownSecrets(formatCommandLine(config.executable, args), knownSecretsIn(config.env));
  if (opts.signal?.aborted) throw new CancelledError(commandLine);
  config.showCommand?.(commandLine);
  const started = performance.now();
  const finished = await execute(config, args, opts);
  const failure = await failureOf(finished, config, commandLine, opts);
  if (failure) throw failure;
  return { stdout: finished.stdout.text(), stderr: redactSecrets(finished.stderr.text(), knownSecretsIn(config.env)), durationMs: performance.now() - started };
}

/** Run the CLI to the end, keeping bounded output; stopped early on abort, timeout or JSON overflow. */
async function execute(config: DatabricksCliConfig, args: readonly string[], opts: RunOptions): Promise<Finished> {
  const subprocess = execa(config.executable, [...args], {
    cwd: opts.cwd,
    env: { ...config.env, DATABRICKS_CLI_UPGRADE_CHECK: 'false' } as Record<string, string>,
    extendEnv: false,
    stdin: 'ignore',
    // Read through bounded collectors below, never buffered whole.
    buffer: false,
    reject: false,
    // Its own process group, so that stopping it stops what it started.
    detached: USE_PROCESS_GROUPS,
  });
  trackGroup(subprocess);
  let stopped: StopReason | undefined;
  const stop = (reason: StopReason) => {
    if (stopped) return;
    stopped = reason;
    stopGroup(subprocess);
  };
  const { stdout, stderr } = collectOutput(subprocess, opts.stdout ?? 'tail', () => stop('overflow'));
  const onAbort = () => stop('cancel');
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const timer = opts.timeoutMs ? setTimeout(() => stop('timeout'), opts.timeoutMs) : undefined;
  try {
    const result = await subprocess;
    return { result, stdout, stderr, ...(stopped ? { stopped } : {}) };
  } finally {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  }
}

/** Bounded collectors fed from the child's pipes: the end of stderr; stdout whole up to the JSON limit, or its end. */
function collectOutput(subprocess: ResultPromise, mode: 'json' | 'tail', onOverflow: () => void): { stdout: OutputCollector; stderr: OutputCollector } {
  const stdout = mode === 'json' ? new OutputCollector('whole', JSON_STDOUT_LIMIT_BYTES) : new OutputCollector('tail', OUTPUT_TAIL_BYTES);
  const stderr = new OutputCollector('tail', OUTPUT_TAIL_BYTES);
  subprocess.stdout?.on('data', (chunk: Buffer) => {
    if (!stdout.push(chunk)) onOverflow();
  });
  subprocess.stderr?.on('data', (chunk: Buffer) => void stderr.push(chunk));
  return { stdout, stderr };
}

/** The error a finished run ends in, or undefined when it succeeded. */
async function failureOf(finished: Finished, config: DatabricksCliConfig, commandLine: string, opts: RunOptions): Promise<Error | undefined> {
  const { result, stopped } = finished;
  if (stopped === 'cancel') return new CancelledError(commandLine);
  if (stopped === 'timeout') return new DatabricksCliTimeoutError(commandLine, opts.timeoutMs ?? 0);
  if (stopped === 'overflow') return new DatabricksCliOutputTooLargeError(commandLine);
  if (!result.failed) return undefined;
  if (result.exitCode === undefined && result.signal === undefined) return spawnFailure(config.executable, result);
  const stderr = redactSecrets(finished.stderr.text(), knownSecretsIn(config.env));
  const explanation = result.signal ? explainCliKilled(result.signal) : explainCliFailure(stderr, opts.context ?? {});
  const safe = { ...explanation, cause: cliText(config, explanation.cause), ...(explanation.fix ? { fix: cliText(config, explanation.fix) } : {}) };
  const lines = importantStderrLines(stderr).map((line) => cliText(config, line));
  return new DatabricksCliError(commandLine, result.exitCode ?? 1, lines, safe, result.signal);
}

/** The CLI could not be started: not there, a directory, not executable. */
async function spawnFailure(executable: string, result: { readonly code?: string | undefined; readonly message?: string | undefined }): Promise<Error> {
  if (result.code === 'ENOENT') return new DatabricksCliMissingError(executable);
  const shown = terminalSafe(executable);
  const fix = 'point --databricks-cli (or LOYALTY_DATABRICKS_CLI) at the databricks program itself';
  if (result.code === 'EACCES' || result.code === 'ENOTDIR') {
    if (!/[/\\]/.test(executable)) return new DatabricksCliNotExecutableError(`"${shown}" on PATH cannot be run (${result.code})`, `${fix}, or fix PATH`);
    const info = await stat(executable).catch(() => undefined);
    if (info?.isDirectory()) return new DatabricksCliNotExecutableError(`the Databricks CLI path ${shown} is a directory, not the databricks program`, `${fix}, e.g. ${shown.replace(/[/\\]+$/, '')}/databricks`);
    return new DatabricksCliNotExecutableError(`the Databricks CLI at ${shown} is not executable`, `chmod +x ${shown}, or ${fix}`);
  }
  return new UserError(`the Databricks CLI (${shown}) could not be started: ${terminalSafe(result.code ?? (result.message ?? '').split('\n')[0] ?? '')}`, fix);
}
