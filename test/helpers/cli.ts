import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { expect } from 'vitest';
import { copyProjectParts, REPO } from './fixtures.js';
import { removeTree, snapshotTree } from './tree.js';

export const BIN = join(REPO, 'bin', 'loyalty-wizard.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  cwd: string;
  /** Added to this process's environment; undefined removes a variable. */
  env?: Record<string, string | undefined>;
  /** In-process runs: standard output and error are a terminal this many columns wide (else pipes); stdin stays none. */
  columns?: number;
}

/** The environment a test run gets: this process's, without colour or CI unless asked for, and without FORCE_COLOR. */
export function cliEnv(extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', CI: '', ...extra };
  delete env.FORCE_COLOR;
  // As a child process gets it: a variable set to undefined is no variable.
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Run the built binary as a user would, without a terminal: for tests whose subject is the process (signals, pipes, the bundle). */
export function runCli(args: readonly string[], opts: CliRunOptions): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: cliEnv(opts.env), encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A stream that keeps what is written to it, as a pipe to a test would. */
function captured(): { stream: NodeJS.WriteStream; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Uint8Array, _encoding, done) {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      done();
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, text: () => chunks.join('') };
}

/**
 * Run the CLI's sources in this process, with the context entry.ts builds for a
 * run without a terminal (stdin, stdout and stderr pipes; the environment of
 * `runCli`), and the same handling of an unexpected throw. For tests whose
 * subject is behaviour: exit codes, messages, files written, calls made.
 */
export async function runCliInProcess(args: readonly string[], opts: CliRunOptions): Promise<CliResult> {
  const { contextFor, runMain } = await import('../../src/cli/run-main.js');
  const [stdout, stderr] = [captured(), captured()];
  if (opts.columns) for (const { stream } of [stdout, stderr]) Object.assign(stream, { isTTY: true, columns: opts.columns });
  const ctx = contextFor({
    argv: args,
    // What process.cwd() says in a process started there: the folder with links resolved.
    cwd: realpathSync(opts.cwd),
    env: cliEnv(opts.env),
    platform: process.platform,
    stdin: Readable.from([]) as unknown as NodeJS.ReadStream,
    stdout: stdout.stream,
    stderr: stderr.stream,
    // Nobody presses Ctrl-C here; the tests that do run the built binary.
    onInterrupt: () => () => undefined,
  });
  const code = await runMain(args, ctx);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** A copy of the repo's project files (config, pipelines, templates, schemas) in a temp folder. */
export function tempProject(parts: readonly string[] = ['config', 'pipelines', 'templates', 'schemas']): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-wizard-test-'));
  copyProjectParts(dir, parts);
  return { dir, cleanup: () => removeTree(dir) };
}

/**
 * Run a command that must fail cleanly: the exit code given, a first stderr
 * line matching `firstLine`, no stack trace, and not one file under `dir` changed.
 */
export async function expectCleanFailure(dir: string, args: readonly string[], code: number, firstLine: RegExp, env?: Record<string, string | undefined>): Promise<CliResult> {
  const before = snapshotTree(dir);
  const r = await runCliInProcess(args, { cwd: dir, ...(env ? { env } : {}) });
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.split('\n')[0]).toMatch(firstLine);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(snapshotTree(dir)).toEqual(before);
  return r;
}
