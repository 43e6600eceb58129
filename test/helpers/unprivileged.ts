import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, lchownSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Root reads a file whatever its mode, so a permission test run as root (a container, CI)
 * runs the code under test as the unprivileged user `nobody` instead of skipping.
 */
export const isRoot = process.getuid?.() === 0;
const NOBODY = { uid: 65534, gid: 65534 };

/** Hands `dir` and everything in it to `nobody`, so a program run by it can read and write there as a user would. */
export function giveToNobody(dir: string): void {
  lchownSync(dir, NOBODY.uid, NOBODY.gid);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) lchownSync(join(entry.parentPath, entry.name), NOBODY.uid, NOBODY.gid);
}

/** `node <args>` as `nobody` (only root can do this), with HOME set to `home`. */
export function nodeAsNobody(args: readonly string[], opts: { cwd: string; home: string; env?: NodeJS.ProcessEnv; timeout?: number }): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, args, { ...NOBODY, cwd: opts.cwd, env: { ...(opts.env ?? process.env), HOME: opts.home }, encoding: 'utf8', timeout: opts.timeout ?? 20_000 });
}

/**
 * A copy of the built CLI that `nobody` can run wherever this checkout lives (a clone in a
 * private home folder is out of its reach): bin/, dist/ (self-contained) and package.json
 * (which makes bin/ an ES module), in a folder everyone may read. Returns the bin script and
 * the folder to remove afterwards.
 */
export function cliCopyForNobody(repo: string): { bin: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lw-cli-for-nobody-'));
  chmodSync(dir, 0o755);
  for (const part of ['bin', 'dist', 'package.json']) cpSync(join(repo, part), join(dir, part), { recursive: true });
  return { bin: join(dir, 'bin', 'loyalty-wizard.js'), dir };
}
