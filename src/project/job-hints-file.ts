/**
 * `.loyalty-wizard/job-ids.json` on disk (core/job-hints.ts says what it holds). Best effort both ways: a file that
 * cannot be read is no hint, and one that cannot be written (a read-only checkout, a full disk) never fails `status`.
 */
import { join } from 'node:path';
import { JOB_HINTS_FILE, JOB_HINTS_MAX_BYTES, readJobHints, withJobHints } from '../core/job-hints.js';
import { writeFileAtomic } from './fs-atomic.js';
import { readUserFileIfExists } from './read-file.js';

function hintsText(root: string): string | undefined {
  try {
    return readUserFileIfExists(join(root, JOB_HINTS_FILE), { display: JOB_HINTS_FILE, maxBytes: JOB_HINTS_MAX_BYTES });
  } catch {
    return undefined;
  }
}

/** The job each pipeline had in this target when status last found it; empty when nothing is known. */
export function rememberedJobIds(root: string, key: string): ReadonlyMap<string, number> {
  return readJobHints(hintsText(root), key);
}

/** Remember the jobs the `asked` pipelines have in this target now; false when the file could not be written. */
export async function rememberJobIds(root: string, key: string, asked: readonly string[], ids: ReadonlyMap<string, number>): Promise<boolean> {
  try {
    await writeFileAtomic(join(root, JOB_HINTS_FILE), withJobHints(hintsText(root), key, asked, ids));
    return true;
  } catch {
    return false;
  }
}
