/**
 * The three-way merge `upgrade` makes of one pipeline folder (decision record 013): base is the template at the
 * recorded version rendered with the recorded answers, theirs the current template rendered with the answers, ours
 * the files on disk. Per file, a change on one side only is taken, the same change on both sides is taken once, and
 * different changes to the same lines are a conflict with the line ranges of each side. The line merge is node-diff3's.
 * Pure: the caller reads the files and writes what comes back.
 */
import { diff3Merge } from 'node-diff3';
import { orderedPipelineFiles } from './assemble-pipeline.js';

/** Lines of a file, 1-based: `start` and the number of lines (0 for an insertion before `start`). */
export interface LineRange {
  readonly start: number;
  readonly count: number;
}

/** One place both sides changed differently: where it is in the user's file, in the base and in the template's. */
export interface ConflictRegion {
  readonly ours: LineRange;
  readonly base: LineRange;
  readonly theirs: LineRange;
}

export type ConflictKind = 'content' | 'both-added' | 'deleted-by-you';

export type FileChange =
  /** The template's change, merged with the user's where both changed the file. */
  | { readonly path: string; readonly change: 'updated'; readonly text: string; readonly merged: boolean }
  | { readonly path: string; readonly change: 'added'; readonly text: string }
  /** Gone from the template, still on disk: listed, never deleted. */
  | { readonly path: string; readonly change: 'removed-by-template' }
  /** `text` is what --write-conflicts writes: the file with conflict markers (or the template's version of a file the user deleted). */
  | { readonly path: string; readonly change: 'conflict'; readonly kind: ConflictKind; readonly regions: readonly ConflictRegion[]; readonly text: string };

export type Conflict = Extract<FileChange, { change: 'conflict' }>;

export const MARKERS = { ours: '<<<<<<< ours', base: '||||||| base', sep: '=======', theirs: '>>>>>>> theirs' } as const;

/** Lines with their line ends kept, so joining them gives the text back byte for byte. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The change to one file, or undefined when it stays as it is on disk. Missing sides are undefined. */
export function mergeFile(path: string, base: string | undefined, theirs: string | undefined, ours: string | undefined): FileChange | undefined {
  if (theirs === undefined) return base !== undefined && ours !== undefined ? { path, change: 'removed-by-template' } : undefined;
  if (ours === theirs || theirs === base) return undefined;
  if (ours === undefined) {
    if (base === undefined) return { path, change: 'added', text: theirs };
    const regions = [{ ours: { start: 1, count: 0 }, base: { start: 1, count: splitLines(base).length }, theirs: { start: 1, count: splitLines(theirs).length } }];
    return { path, change: 'conflict', kind: 'deleted-by-you', regions, text: theirs };
  }
  if (ours === base) return { path, change: 'updated', text: theirs, merged: false };
  return mergeLines(path, base, theirs, ours);
}

/** diff3 of the three texts: merged text, or a conflict with its regions and the text with markers. */
function mergeLines(path: string, base: string | undefined, theirs: string, ours: string): FileChange | undefined {
  const blocks = diff3Merge(splitLines(ours), splitLines(base ?? ''), splitLines(theirs), { excludeFalseConflicts: true });
  const out: string[] = [];
  const regions: ConflictRegion[] = [];
  for (const block of blocks) {
    if (block.ok) out.push(...block.ok);
    else if (block.conflict) {
      const c = block.conflict;
      regions.push({ ours: range(c.aIndex, c.a.length), base: range(c.oIndex, c.o.length), theirs: range(c.bIndex, c.b.length) });
      out.push(`${MARKERS.ours}\n`, ...ended(c.a), `${MARKERS.base}\n`, ...ended(c.o), `${MARKERS.sep}\n`, ...ended(c.b), `${MARKERS.theirs}\n`);
    }
  }
  const text = out.join('');
  if (regions.length > 0) return { path, change: 'conflict', kind: base === undefined ? 'both-added' : 'content', regions, text };
  return text === ours ? undefined : { path, change: 'updated', text, merged: true };
}

function range(index: number, count: number): LineRange {
  return { start: index + 1, count };
}

/** A side's lines inside markers: its last line ended, so the marker after it starts a line. */
function ended(lines: readonly string[]): string[] {
  const last = lines[lines.length - 1];
  return last === undefined || last.endsWith('\n') ? [...lines] : [...lines.slice(0, -1), `${last}\n`];
}

/**
 * Every file's change for a folder: each path of base or theirs merged with what `ours` reads there, in the order a
 * reviewer reads a pipeline. Files only the user has are not looked at.
 */
export function mergeFolder(base: ReadonlyMap<string, string>, theirs: ReadonlyMap<string, string>, ours: (path: string) => string | undefined): FileChange[] {
  const changes: FileChange[] = [];
  for (const path of orderedPipelineFiles(new Set([...base.keys(), ...theirs.keys()]))) {
    const change = mergeFile(path, base.get(path), theirs.get(path), ours(path));
    if (change) changes.push(change);
  }
  return changes;
}

/** "lines 3-5", "line 3", "before line 3": a range as a person reads it. */
export function describeRange(r: LineRange): string {
  if (r.count === 0) return `before line ${r.start}`;
  return r.count === 1 ? `line ${r.start}` : `lines ${r.start}-${r.start + r.count - 1}`;
}

/** One line per conflict region: where it is in the user's file and in the template's. */
export function describeConflict(c: Conflict): string[] {
  if (c.kind === 'deleted-by-you') return ['you deleted it; the template changed it'];
  const prefix = c.kind === 'both-added' ? 'you and the template both added it, differently: ' : '';
  return c.regions.map((r) => `${prefix}yours ${describeRange(r.ours)}, the template's ${describeRange(r.theirs)}`);
}
