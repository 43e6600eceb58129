/**
 * The one way a file a user controls is read: configs, env files, answers files,
 * template manifests and files, the notebooks and SQL a pipeline runs,
 * ~/.databrickscfg. Nothing is trusted before it is read:
 *
 * - the path is stat'ed first: a directory, a FIFO, a socket or a device (a
 *   symlink to /dev/zero) is refused by name instead of being read forever;
 * - it is opened without blocking (a FIFO would otherwise wait for a writer) and
 *   checked again on the open descriptor (fstat), so what is read is what was checked;
 * - it is read with a bound: a file larger than the limit is refused before it is
 *   read whole, also if it grows while being read;
 * - with `within`, a path that resolves (through symlinks) outside that folder is
 *   refused: what a pipeline folder holds is what its bundle uploads.
 *
 * Every refusal is a ConfigError with one issue naming the file and the fix.
 */
import { closeSync, constants, fstatSync, lstatSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfigError } from '../core/errors.js';

/** A config, env file, answers file or template file is a few KB; this is far above any real one. */
export const MAX_USER_FILE_BYTES = 2_000_000;

export interface ReadOptions {
  /** The path as messages show it, e.g. `pipelines/orders/config.json`. */
  readonly display: string;
  /** Refuse a larger file; default MAX_USER_FILE_BYTES. */
  readonly maxBytes?: number;
  /** The file must resolve inside this folder, e.g. the pipeline's: its real path (realpathSync.native), with `path` given under it. */
  readonly within?: string;
  /** How messages name `within`, e.g. `the pipeline folder pipelines/orders`. */
  readonly withinLabel?: string;
  /** Folders under `within` already found not to be links; share one set between the reads of one folder. */
  readonly realFolders?: Set<string>;
}

export type RefusalReason = 'missing' | 'unreadable' | 'directory' | 'not-regular' | 'too-large' | 'outside';

/** A user file that cannot or may not be read; `reason` says which. */
export class FileRefusedError extends ConfigError {
  constructor(
    readonly reason: RefusalReason,
    file: string,
    message: string,
    hint: string,
  ) {
    super([{ file, path: '', message, hint }]);
  }
}

/** The file's text; a missing file is refused like any other problem. */
export function readUserFile(path: string, opts: ReadOptions): string {
  const max = opts.maxBytes ?? MAX_USER_FILE_BYTES;
  checkKind(opts.within !== undefined ? checkInside(path, opts.within, opts) : orRefuse(opts.display, () => statSync(path)), opts.display, max);
  const fd = openOrRefuse(path, opts.display);
  try {
    const stats = fstatSync(fd);
    checkKind(stats, opts.display, max);
    return stats.size > 0 ? readSized(fd, stats.size, opts.display) : readBounded(fd, opts.display, max);
  } finally {
    closeSync(fd);
  }
}

/** The file's text, or undefined when there is no file at `path` (any other problem is refused). */
export function readUserFileIfExists(path: string, opts: ReadOptions): string | undefined {
  try {
    return readUserFile(path, opts);
  } catch (error) {
    if (error instanceof FileRefusedError && error.reason === 'missing') return undefined;
    throw error;
  }
}

/**
 * `path` (given under `folder`) stays inside `folder` once links are followed;
 * returns the file's stats. Cheap in the common case: the path's components below
 * `folder` are lstat'ed (folders once per `realFolders` set), and only when one is
 * a link is the whole path resolved and compared.
 */
function checkInside(path: string, folder: string, opts: ReadOptions): Stats {
  // A path joined under the folder starts with it; anything else (e.g. with `..`) is compared properly.
  const plain = path.startsWith(folder + sep) && !path.includes(`${sep}..`);
  const rel = plain ? path.slice(folder.length + 1) : relative(folder, path);
  if (isOutside(rel)) throw outside(resolve(path), folder, opts);
  const parts = rel.split(sep);
  let prefix = folder;
  for (const [i, part] of parts.entries()) {
    prefix = `${prefix}${sep}${part}`;
    const last = i === parts.length - 1;
    if (!last && opts.realFolders?.has(prefix)) continue;
    const stats = orRefuse(opts.display, () => lstatSync(prefix));
    if (stats.isSymbolicLink()) return resolvedInside(path, folder, opts);
    if (last) return stats;
    if (stats.isDirectory()) opts.realFolders?.add(prefix);
  }
  return orRefuse(opts.display, () => statSync(path));
}

function resolvedInside(path: string, folder: string, opts: ReadOptions): Stats {
  const real = orRefuse(opts.display, () => realpathSync.native(path));
  if (isOutside(relative(folder, real))) throw outside(real, folder, opts);
  return orRefuse(opts.display, () => statSync(real));
}

function isOutside(rel: string): boolean {
  return rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
}

function outside(real: string, folder: string, opts: ReadOptions): FileRefusedError {
  return new FileRefusedError(
    'outside',
    opts.display,
    `resolves to ${real}, outside ${opts.withinLabel ?? folder}`,
    'keep the file inside the folder (copy it there rather than link to it): what a path or link points to outside would be read, or uploaded with the bundle',
  );
}

/** `fs` call, with a failure turned into the one-line refusal for `display`. */
function orRefuse<T>(display: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw refusalFor(error, display);
  }
}

function openOrRefuse(path: string, display: string): number {
  // O_NONBLOCK: opening a FIFO swapped in after the stat must not wait for a writer.
  return orRefuse(display, () => openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)));
}

function checkKind(stats: Stats, display: string, max: number): void {
  if (stats.isDirectory()) throw new FileRefusedError('directory', display, 'is a directory, where a file should be', 'move the folder away and put the file there');
  if (!stats.isFile()) {
    throw new FileRefusedError('not-regular', display, `is not a regular file (it is ${kindOf(stats)})`, 'replace it with a plain file');
  }
  if (stats.size > max) throw tooLarge(display, max, stats.size);
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a named pipe, a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device, such as /dev/zero';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a plain file';
}

function tooLarge(display: string, max: number, size?: number): FileRefusedError {
  const actual = size === undefined ? '' : ` (${megabytes(size)} MB)`;
  return new FileRefusedError('too-large', display, `is larger than ${megabytes(max)} MB${actual}`, 'check that this is the right file; a file of this kind is a few KB');
}

function megabytes(bytes: number): string {
  return String(Math.round(bytes / 100_000) / 10);
}

/** A regular file of known size (at most the bound, checked): exactly that many bytes, however it grows meanwhile. */
function readSized(fd: number, size: number, display: string): string {
  const buffer = Buffer.allocUnsafe(size);
  let length = 0;
  while (length < size) {
    const n = readOrRefuse(fd, buffer, length, display);
    if (n === 0) break;
    length += n;
  }
  return buffer.toString('utf8', 0, length);
}

/** A file that reports no size (as /proc files do): read up to `max` bytes; more than that is refused. */
function readBounded(fd: number, display: string, max: number): string {
  let buffer = Buffer.allocUnsafe(Math.min(1024, max + 1));
  let length = 0;
  for (;;) {
    if (length === buffer.length) {
      if (length > max) throw tooLarge(display, max);
      const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, max + 1));
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
    const n = readOrRefuse(fd, buffer, length, display);
    if (n === 0) return buffer.toString('utf8', 0, length);
    length += n;
  }
}

function readOrRefuse(fd: number, buffer: Buffer, offset: number, display: string): number {
  return orRefuse(display, () => readSync(fd, buffer, offset, buffer.length - offset, null));
}

function refusalFor(error: unknown, display: string): FileRefusedError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  if (code === 'ENOENT' || code === 'ENOTDIR') return new FileRefusedError('missing', display, 'does not exist', 'check the path');
  if (code === 'EISDIR') return new FileRefusedError('directory', display, 'is a directory, where a file should be', 'move the folder away and put the file there');
  if (code === 'ENXIO') return new FileRefusedError('not-regular', display, 'is not a regular file (it is a socket or a device)', 'replace it with a plain file');
  const why = code === 'EACCES' || code === 'EPERM' ? `permission denied (${code})` : code === 'ELOOP' ? 'a symbolic link that loops (ELOOP)' : code;
  return new FileRefusedError('unreadable', display, `cannot read the file: ${why}`, "check the file's permissions and that the path is right");
}
