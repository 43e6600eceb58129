/**
 * The content hash of a pipeline folder's files (decision record 012;
 * src/core/deploy-record.ts says which files count and how they are hashed).
 * The git commit is src/databricks/git-commit.ts: this layer runs no programs.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { contentHash, isHashed, type FolderFile } from '../core/deploy-record.js';
import { UserError } from '../core/errors.js';
import { pipelineDir } from './project.js';

/** Far above a real pipeline folder (a config, notebooks, SQL files). */
const MAX_FILES = 5000;
const MAX_FILE_BYTES = 50_000_000;

/** The folder's files (the hashed ones), paths relative to it. */
async function folderFiles(dir: string): Promise<FolderFile[]> {
  const entries = await readdir(dir, { recursive: true });
  const files: FolderFile[] = [];
  for (const entry of entries.map(String).sort()) {
    if (!isHashed(entry)) continue;
    const path = join(dir, entry);
    const info = await stat(path);
    if (!info.isFile()) continue;
    if (info.size > MAX_FILE_BYTES) throw new UserError(`${relative(dir, path)} in ${dir} is over ${MAX_FILE_BYTES / 1_000_000} MB`, 'a pipeline folder holds configs, notebooks and SQL: move large files elsewhere');
    if (files.length >= MAX_FILES) throw new UserError(`${dir} holds more than ${MAX_FILES} files`, 'a pipeline folder holds configs, notebooks and SQL: move the rest elsewhere');
    files.push({ path: entry, bytes: await readFile(path) });
  }
  return files;
}

export async function pipelineContentHash(root: string, name: string): Promise<string> {
  return contentHash(await folderFiles(pipelineDir(root, name)));
}
