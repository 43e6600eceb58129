import { diffArrays } from 'diff';

/**
 * Which lines of `next` an edit changed, in O(n): trim the common prefix and
 * suffix; in the middle, a same-length region is compared line by line and
 * otherwise a line counts as changed when `previous` had no copy of it left.
 */
export function changedLines(previous: readonly string[], next: readonly string[]): number[] {
  let start = 0;
  const shortest = Math.min(previous.length, next.length);
  while (start < shortest && previous[start] === next[start]) start++;
  let endPrev = previous.length;
  let endNext = next.length;
  while (endPrev > start && endNext > start && previous[endPrev - 1] === next[endNext - 1]) {
    endPrev--;
    endNext--;
  }
  const changed: number[] = [];
  if (endPrev - start === endNext - start) {
    for (let i = start; i < endNext; i++) if (previous[i] !== next[i]) changed.push(i);
    return changed;
  }
  const left = new Map<string, number>();
  for (let i = start; i < endPrev; i++) left.set(previous[i]!, (left.get(previous[i]!) ?? 0) + 1);
  for (let i = start; i < endNext; i++) {
    const n = left.get(next[i]!) ?? 0;
    if (n > 0) left.set(next[i]!, n - 1);
    else changed.push(i);
  }
  return changed;
}

/** How a line of a diff view reads: kept, added to the file on disk, or removed from it. */
export type DiffMark = ' ' | '+' | '-';

export interface DiffView {
  /** The new file's lines with the removed ones in their place. */
  readonly lines: readonly string[];
  readonly marks: readonly DiffMark[];
  /** Each line's number in the new file; undefined for a removed line. */
  readonly numbers: readonly (number | undefined)[];
  readonly added: number;
  readonly removed: number;
}

/** `next` against `base` (the file on disk) as one list of lines, each marked. */
export function diffView(base: readonly string[], next: readonly string[]): DiffView {
  const lines: string[] = [];
  const marks: DiffMark[] = [];
  const numbers: (number | undefined)[] = [];
  let added = 0;
  let removed = 0;
  for (const part of diffArrays([...base], [...next])) {
    const mark: DiffMark = part.added ? '+' : part.removed ? '-' : ' ';
    if (part.added) added += part.value.length;
    if (part.removed) removed += part.value.length;
    for (const text of part.value) {
      lines.push(text);
      marks.push(mark);
      numbers.push(part.removed ? undefined : lines.length - removed);
    }
  }
  return { lines, marks, numbers, added, removed };
}
