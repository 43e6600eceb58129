import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { REPO } from './fixtures.js';
import { snapshotTree } from './tree.js';

export const BIN = join(REPO, 'bin', 'loyalty-wizard.js');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the built binary as a user would, without a terminal. */
export function runCli(args: readonly string[], opts: { cwd: string; env?: Record<string, string | undefined> }): CliResult {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', CI: '', ...opts.env };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A copy of the repo's project files (config, pipelines, templates, schemas) in a temp folder. */
export function tempProject(parts: readonly string[] = ['config', 'pipelines', 'templates', 'schemas']): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-wizard-test-'));
  for (const part of parts) cpSync(join(REPO, part), join(dir, part), { recursive: true });
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Run a command that must fail cleanly: the exit code given, a first stderr
 * line matching `firstLine`, no stack trace, and not one file under `dir` changed.
 */
export function expectCleanFailure(dir: string, args: readonly string[], code: number, firstLine: RegExp, env?: Record<string, string | undefined>): CliResult {
  const before = snapshotTree(dir);
  const r = runCli(args, { cwd: dir, ...(env ? { env } : {}) });
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.split('\n')[0]).toMatch(firstLine);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
  expect(snapshotTree(dir)).toEqual(before);
  return r;
}
