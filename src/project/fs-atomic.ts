import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

function tempName(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Write a whole file or nothing: temp file in the same folder, then rename over. */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
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
  await mkdir(dirname(path), { recursive: true });
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
