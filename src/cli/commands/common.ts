import { UsageError } from '../../core/errors.js';
import { findProjectRoot } from '../../project/root.js';
import { listPipelineNames, requireExistingPipeline } from '../../project/project.js';
import type { CliContext } from '../../session/context.js';

export function projectRoot(ctx: CliContext, root: string | undefined): string {
  return findProjectRoot(ctx.cwd, root);
}

/** Pipelines named on the command line, or all of them with --all or when none is named. */
export function selectPipelines(root: string, names: readonly string[], all: boolean | undefined, command: string): string[] {
  if (all && names.length > 0) throw new UsageError(`${command}: name pipelines or pass --all, not both`);
  if (names.length === 0) return listPipelineNames(root);
  for (const name of names) requireExistingPipeline(root, name);
  return [...new Set(names)];
}
