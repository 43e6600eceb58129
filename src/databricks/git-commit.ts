/**
 * The git side of what a deploy records (decision record 012): the commit the
 * project is at, `<sha>-dirty` when the pipeline folder has changes git has not
 * committed, `none` outside a git checkout (or without git). Git runs here,
 * next to the CLI runner: src/project runs no programs.
 */
import { execa } from 'execa';
import type { DeployRecord } from '../core/deploy-record.js';
import { pipelineContentHash } from '../project/pipeline-content.js';

const GIT_TIMEOUT_MS = 10_000;

/** `<short sha>`, `<short sha>-dirty`, or `none` (not a git checkout, no commit yet, no git). */
export async function pipelineCommit(root: string, name: string): Promise<string> {
  const git = (args: string[]) => execa('git', args, { cwd: root, reject: false, timeout: GIT_TIMEOUT_MS, env: { GIT_OPTIONAL_LOCKS: '0' }, stdin: 'ignore' });
  try {
    const head = await git(['rev-parse', '--short=12', 'HEAD']);
    if (head.exitCode !== 0 || !/^[0-9a-f]{4,64}$/.test(head.stdout.trim())) return 'none';
    // The generated databricks.yml does not count: it is not part of the content either.
    const folder = `pipelines/${name}`;
    const status = await git(['status', '--porcelain', '--untracked-files=all', '--', folder, `:(exclude)${folder}/databricks.yml`]);
    return `${head.stdout.trim()}${status.exitCode === 0 && status.stdout.trim() === '' ? '' : '-dirty'}`;
  } catch {
    return 'none';
  }
}

export async function pipelineRecord(root: string, name: string): Promise<Required<DeployRecord>> {
  const [content, commit] = await Promise.all([pipelineContentHash(root, name), pipelineCommit(root, name)]);
  return { content, commit };
}
