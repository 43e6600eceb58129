/**
 * Writing a new pipeline folder, prepared in memory by core's `preparePipeline`
 * (files, config checked, bundle generated and checked), all at once. Shared by
 * `new --yes` and the wizard.
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { PreparedPipeline } from '../core/assemble-pipeline.js';
import { UserError } from '../core/errors.js';
import { writeDirAtomic } from './fs-atomic.js';
import { pipelineFolderProblem } from './pipeline-names.js';
import { pipelineDir } from './project.js';

export function pipelineExists(root: string, name: string): boolean {
  return existsSync(pipelineDir(root, name));
}

/**
 * Write the folder atomically. An existing folder is replaced only with
 * `force`, after moving it to .loyalty-wizard/backups/ (returned). If the
 * process is interrupted, `onInterrupt` removes the half-built temp folder.
 */
export async function writePipeline(
  root: string,
  prepared: PreparedPipeline,
  opts: { force?: boolean; onInterrupt?: (cleanup: () => void) => () => void } = {},
): Promise<{ backup?: string }> {
  const problem = pipelineFolderProblem(root, prepared.name);
  if (problem) throw new UserError(`pipelines/${prepared.name} ${problem.message}; nothing was written`, problem.hint);
  const target = pipelineDir(root, prepared.name);
  let backup: string | undefined;
  if (existsSync(target)) {
    if (!opts.force) {
      throw new UserError(`pipelines/${prepared.name} already exists; nothing was written`, 'choose another name, or pass --force to replace it (the old folder is backed up first)');
    }
    const backups = join(root, '.loyalty-wizard', 'backups');
    await mkdir(backups, { recursive: true });
    backup = join(backups, `${prepared.name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    await rename(target, backup);
  }
  let temp: string | undefined;
  const unregister = opts.onInterrupt?.(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });
  try {
    await writeDirAtomic(target, prepared.files, (t) => (temp = t));
  } catch (error) {
    if (backup) await rename(backup, target).catch(() => undefined);
    throw error;
  } finally {
    unregister?.();
  }
  return backup ? { backup } : {};
}
