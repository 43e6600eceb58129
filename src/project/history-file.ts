/**
 * `.loyalty-wizard/history.jsonl` (git-ignored): appended to, one whole line per
 * write (O_APPEND keeps concurrent lines apart), and read from its end only.
 * Recording is best effort: a history that cannot be written never fails the
 * deploy or run it records.
 */
import { appendFile, mkdir, open } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HISTORY_FILE, HISTORY_READ_BYTES, historyLine, readHistory, type HistoryEntry } from '../core/history.js';

/** Append entries; false when they could not be written (a read-only checkout, a full disk). */
export async function appendHistory(root: string, entries: readonly HistoryEntry[]): Promise<boolean> {
  if (entries.length === 0) return true;
  const path = join(root, HISTORY_FILE);
  try {
    await mkdir(dirname(path), { recursive: true });
    await appendFile(path, entries.map(historyLine).join(''), { encoding: 'utf8', mode: 0o644 });
    return true;
  } catch {
    return false;
  }
}

/** The newest entries: the last HISTORY_READ_BYTES of the file; none when there is no file. */
export async function readHistoryTail(root: string, maxBytes = HISTORY_READ_BYTES): Promise<HistoryEntry[]> {
  let handle;
  try {
    handle = await open(join(root, HISTORY_FILE), 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const text = buffer.toString('utf8');
    // Cut mid-file: the first line may be partial.
    return readHistory(length < size ? text.slice(text.indexOf('\n') + 1) : text);
  } finally {
    await handle.close();
  }
}
