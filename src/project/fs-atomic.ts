import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { UserError } from '../core/errors.js';

/** `.<name>.tmp-<pid>-<8 hex>`: the names tempName gives (and .gitignore's `*.tmp-*` hides). */
export const TEMP_NAME = /^\..+\.tmp-\d+-[0-9a-f]{8}$/;

/**
 * A temp entry of ours this old was left by a run that was killed: no write of
 * ours takes a minute. Age, not "is its process alive": the pid in the name says
 * nothing when the writer ran on another machine or container sharing the
 * checkout, and a pid is reused, so a dead writer could look alive for ever.
 */
export const STALE_TEMP_MS = 60_000;

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/**
 * Remove what killed runs left in `dir`: files and folders named like our temp
 * names and older than STALE_TEMP_MS. Nothing else is touched (not links, not
 * other names); an entry gone meanwhile (another run cleaning up) is fine.
 */
export async function removeStaleTemps(dir: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const entry of entries) {
    if (!TEMP_NAME.test(entry.name) || !(entry.isFile() || entry.isDirectory())) continue;
    const path = join(dir, entry.name);
    try {
      if (now - (await lstat(path)).mtimeMs < STALE_TEMP_MS) continue;
      await rm(path, { recursive: entry.isDirectory(), force: true });
      removed.push(path);
    } catch {
      // Removed by another run in the meantime, or not ours to remove: leave it.
    }
  }
  return removed;
}

/** Write a whole file or nothing: temp file in the same folder, then rename over. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await removeStaleTemps(dirname(path));
  const temp = tempName(path);
  try {
    await writeFile(temp, content, { flag: 'wx' });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Create a whole folder or nothing: files go into a temp folder beside the
 * target, which is renamed into place at the end. `onTemp` lets a caller
 * remove the temp folder if the process is interrupted.
 */
export async function writeDirAtomic(
  path: string,
  files: ReadonlyMap<string, string>,
  onTemp?: (temp: string | undefined) => void,
): Promise<void> {
  for (const rel of files.keys()) checkInsideRelative(rel);
  await mkdir(dirname(path), { recursive: true });
  await removeStaleTemps(dirname(path));
  const temp = tempName(path);
  onTemp?.(temp);
  try {
    await mkdir(temp);
    for (const [rel, content] of files) {
      const target = join(temp, rel);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content);
    }
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  } finally {
    onTemp?.(undefined);
  }
}

interface Staged {
  readonly target: string;
  readonly temp: string;
  /** The file before, to put back if a later rename fails; undefined when it is new. */
  readonly before: Buffer | undefined;
}

/**
 * Replace several files of an existing folder, all or none: each is written to a temp file beside it first (a failure
 * there removes the temps and changes nothing), then each temp is renamed over its file; should a rename fail, the
 * files already replaced get their old content back and new ones are removed.
 */
export async function replaceFilesAtomic(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const rel of files.keys()) checkInsideRelative(rel);
  const staged: Staged[] = [];
  const folders = new Set<string>();
  try {
    for (const [rel, content] of files) {
      const target = join(dir, rel);
      if (!folders.has(dirname(target))) await mkdir(dirname(target), { recursive: true });
      folders.add(dirname(target));
      const temp = tempName(target);
      await writeFile(temp, content, { flag: 'wx' });
      staged.push({ target, temp, before: await readFile(target).catch(() => undefined) });
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.temp, { force: true })));
    throw error;
  }
  await renameAll(staged);
}

async function renameAll(staged: readonly Staged[]): Promise<void> {
  const done: Staged[] = [];
  try {
    for (const s of staged) {
      await rename(s.temp, s.target);
      done.push(s);
    }
  } catch (error) {
    for (const s of done) await (s.before === undefined ? rm(s.target, { force: true }) : writeFile(s.target, s.before)).catch(() => undefined);
    await Promise.all(staged.filter((s) => !done.includes(s)).map((s) => rm(s.temp, { force: true })));
    throw error;
  }
}

/** A file of a folder being written must land inside it: relative, without `..`. */
function checkInsideRelative(rel: string): void {
  const n = normalize(rel);
  if (rel === '' || isAbsolute(rel) || n === '..' || n.startsWith(`..${sep}`)) {
    throw new UserError(`"${rel}" is not a path inside the folder being written; nothing was written`, 'use a path relative to the pipeline folder, e.g. sql/clean.sql');
  }
}
