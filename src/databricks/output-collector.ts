/**
 * What is kept of a child's stdout or stderr: bounded, whatever it prints.
 * `tail` keeps the last `limit` bytes (the CLI prints its error last); `whole`
 * keeps everything up to `limit` bytes and reports overflow beyond that (JSON
 * must be read whole or not at all). Each byte is copied a bounded number of
 * times, so collecting is linear in the output and memory stays O(limit).
 */
import { Buffer } from 'node:buffer';

export type KeepMode = 'tail' | 'whole';

export class OutputCollector {
  private chunks: Buffer[] = [];
  private kept = 0;
  private seen = 0;
  private overflowed = false;

  constructor(
    readonly mode: KeepMode,
    readonly limit: number,
  ) {}

  /** Takes one chunk; false once a `whole` collector has overflowed (later chunks are dropped). */
  push(chunk: Buffer | string): boolean {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    this.seen += bytes.length;
    if (this.mode === 'whole') return this.pushWhole(bytes);
    this.chunks.push(bytes);
    this.kept += bytes.length;
    // Compact only once twice the limit is held: each byte is copied at most once more.
    if (this.kept > 2 * this.limit) this.compact();
    return true;
  }

  /** Total bytes the child printed, kept or not. */
  get totalBytes(): number {
    return this.seen;
  }

  get overflow(): boolean {
    return this.overflowed;
  }

  /** Whether bytes were dropped from the start (tail mode). */
  get truncated(): boolean {
    return this.mode === 'tail' && this.seen > this.limit;
  }

  /** The kept bytes as text. A tail that was cut starts after the first line break (a partial line), or with `…`. */
  text(): string {
    if (this.kept > this.limit) this.compact();
    const bytes = Buffer.concat(this.chunks, this.kept);
    if (!this.truncated) return bytes.toString('utf8');
    const newline = bytes.indexOf(0x0a);
    return newline !== -1 && newline < bytes.length - 1 ? bytes.subarray(newline + 1).toString('utf8') : `…${bytes.subarray(firstCharStart(bytes)).toString('utf8')}`;
  }

  private pushWhole(bytes: Buffer): boolean {
    if (this.overflowed) return false;
    if (this.kept + bytes.length > this.limit) {
      this.overflowed = true;
      this.chunks = [];
      this.kept = 0;
      return false;
    }
    this.chunks.push(bytes);
    this.kept += bytes.length;
    return true;
  }

  private compact(): void {
    const all = Buffer.concat(this.chunks, this.kept);
    const last = Buffer.from(all.subarray(all.length - this.limit));
    this.chunks = [last];
    this.kept = last.length;
  }
}

/** Skip UTF-8 continuation bytes at the start of a cut buffer (at most 3). */
function firstCharStart(bytes: Buffer): number {
  let i = 0;
  while (i < 3 && i < bytes.length && (bytes[i]! & 0xc0) === 0x80) i++;
  return i;
}
