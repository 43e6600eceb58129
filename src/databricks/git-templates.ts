/**
 * A template as it was at an earlier version, read from git history (decision record 013): the base `upgrade` merges
 * from. The newest commit whose templates/<id>/template.yml has that `version`, and the whole templates/<id>/ folder
 * at that commit, in three git runs (log, ls-tree, and one cat-file --batch for every object), each (root, template,
 * version) once per run.
 * Git runs here, beside git-commit.ts: src/project runs no programs.
 */
import { execa } from 'execa';
import type { TemplateSource } from '../core/scaffold.js';
import { UserError } from '../core/errors.js';
import { terminalSafe } from '../core/terminal-text.js';
import { templateFromFiles } from '../project/templates.js';

const GIT_TIMEOUT_MS = 30_000;
/** A template is a handful of small files; history beyond this is not read in one go. */
const GIT_MAX_BUFFER = 64 * 1024 * 1024;

const cache = new Map<string, Promise<TemplateSource>>();

/** Read history afresh from now on (a new run: commits may have been made since). */
export function forgetTemplateHistory(): void {
  cache.clear();
}

/** templates/<id>/ at the newest commit where its version is `version`; a UserError naming the fix when git has none. */
export function templateAtVersion(root: string, id: string, version: number): Promise<TemplateSource> {
  const key = `${root}\0${id}\0${version}`;
  let found = cache.get(key);
  if (!found) {
    // A failure is kept too: every pipeline at that version would fail the same way in this run.
    found = readTemplateAt(root, id, version);
    found.catch(() => undefined);
    cache.set(key, found);
  }
  return found;
}

async function readTemplateAt(root: string, id: string, version: number): Promise<TemplateSource> {
  try {
    return await readFromHistory(root, id, version);
  } catch (error) {
    if (error instanceof GitFailure) throw notInHistory(id, version, error.message);
    throw error;
  }
}

async function readFromHistory(root: string, id: string, version: number): Promise<TemplateSource> {
  const commits = (await git(root, ['log', '--format=%H', '--', `templates/${id}`])).toString('utf8').split('\n').filter(Boolean);
  if (commits.length === 0) throw notInHistory(id, version, 'git has no commit of the folder');
  // One cat-file for both reads: the manifest at each commit, then the files at the one chosen.
  const objects = new CatFile(root);
  try {
    const manifests = await objects.read(commits.map((c) => `${c}:./templates/${id}/template.yml`));
    const index = manifests.findIndex((text) => text !== undefined && manifestVersion(text) === version);
    if (index < 0) throw notInHistory(id, version, `its commits have version ${[...new Set(manifests.flatMap((t) => (t === undefined ? [] : [manifestVersion(t)])))].join(', ')}`);
    const blobs = await folderBlobs(root, id, version, commits[index]!);
    const texts = await objects.read(blobs.map((b) => b.sha));
    return templateFromFiles(id, new Map(blobs.map((b, i) => [b.path, texts[i] ?? ''])));
  } finally {
    objects.close();
  }
}

/** Every file of templates/<id>/ at `commit`, by path relative to it; a link is refused. */
async function folderBlobs(root: string, id: string, version: number, commit: string): Promise<{ sha: string; path: string }[]> {
  const listing = (await git(root, ['ls-tree', '-r', '-z', '--full-tree', `${commit}:./templates/${id}`])).toString('utf8');
  const blobs = listing.split('\0').filter(Boolean).map(parseTreeEntry).filter((e) => e.type === 'blob');
  const link = blobs.find((e) => e.mode === '120000');
  if (link) throw new UserError(`templates/${id}/${link.path} is a link in git at version ${version}; upgrade reads a template's files from git, not links`, 'replace the link with the file itself and commit the template');
  return blobs;
}

/**
 * One `git cat-file --batch` kept open: each `read` writes object names and waits for their contents (undefined for
 * one git reports missing). Closed by the caller; stopped after GIT_TIMEOUT_MS whatever happens.
 */
class CatFile {
  private readonly child;
  private pending: Buffer = Buffer.alloc(0);
  private ended = false;
  private stderr = '';
  private wake: (() => void) | undefined;

  constructor(root: string) {
    this.child = execa('git', ['cat-file', '--batch'], { cwd: root, reject: false, buffer: false, timeout: GIT_TIMEOUT_MS, env: { GIT_OPTIONAL_LOCKS: '0' } });
    this.child.stdout.on('data', (chunk: Buffer) => this.arrived(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    // A write after git has gone (EPIPE) is reported by `read`, from how git ended.
    this.child.stdin.on('error', () => undefined);
    void this.child.then((result) => {
      if (result.failed && this.stderr === '') this.stderr = result.code === 'ENOENT' ? 'git is not installed' : (result.shortMessage ?? 'git failed');
      this.ended = true;
      this.wake?.();
    });
  }

  private arrived(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.wake?.();
  }

  async read(names: readonly string[]): Promise<(string | undefined)[]> {
    if (names.length === 0) return [];
    this.child.stdin.write(names.map((n) => `${n}\n`).join(''));
    const out: (string | undefined)[] = [];
    while (out.length < names.length) {
      const next = takeObject(this.pending);
      if (next) {
        out.push(next.text);
        this.pending = this.pending.subarray(next.used);
      } else if (this.ended) throw new GitFailure(`git cat-file: ${this.stderr.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'ended early'}`);
      else await new Promise<void>((resolve) => (this.wake = resolve));
    }
    return out;
  }

  close(): void {
    this.child.stdin.end();
  }
}

/** The first whole object `git cat-file --batch` printed in `out` ("<sha> <type> <size>\n<bytes>\n", or "<name> missing\n"). */
function takeObject(out: Buffer): { text: string | undefined; used: number } | undefined {
  const eol = out.indexOf(0x0a);
  if (eol < 0) return undefined;
  const size = /^\S+ \S+ (\d+)$/.exec(out.subarray(0, eol).toString('utf8'))?.[1];
  if (size === undefined) return { text: undefined, used: eol + 1 };
  const end = eol + 1 + Number(size);
  return out.length > end ? { text: out.subarray(eol + 1, end).toString('utf8'), used: end + 1 } : undefined;
}

/** `version:` of a template.yml as text (1 when it has none, as the schema defaults); the full checks come later. */
function manifestVersion(text: string): number {
  const m = /^version:\s*(\d+)\s*(?:#.*)?$/m.exec(text);
  return m ? Number(m[1]) : 1;
}

function parseTreeEntry(line: string): { mode: string; type: string; sha: string; path: string } {
  const tab = line.indexOf('\t');
  const [mode = '', type = '', sha = ''] = line.slice(0, tab).split(' ');
  return { mode, type, sha, path: line.slice(tab + 1) };
}

async function git(root: string, args: string[], input?: string): Promise<Buffer> {
  let result;
  try {
    result = await execa('git', args, {
      cwd: root,
      reject: false,
      timeout: GIT_TIMEOUT_MS,
      maxBuffer: GIT_MAX_BUFFER,
      encoding: 'buffer',
      env: { GIT_OPTIONAL_LOCKS: '0' },
      ...(input !== undefined ? { input } : { stdin: 'ignore' as const }),
    });
  } catch {
    result = undefined;
  }
  if (!result || result.exitCode !== 0) throw gitFailure(args, result?.stderr ? Buffer.from(result.stderr).toString('utf8') : '');
  return Buffer.from(result.stdout);
}

/** git could not be run, or refused (not a checkout, a bad revision): its first line of stderr. */
class GitFailure extends Error {}

function notInHistory(id: string, version: number, why: string): UserError {
  return new UserError(
    `templates/${id}: version ${version} of template ${id} is not in git history (${terminalSafe(why)}), so upgrade cannot see what the pipeline was made from`,
    `commit the template at each version (git add templates/${id} && git commit); in a shallow clone, fetch the full history (git fetch --unshallow)`,
  );
}

function gitFailure(args: readonly string[], stderr: string): GitFailure {
  const line = stderr.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'git could not be run (is it installed?)';
  return new GitFailure(`git ${args[0]}: ${line}`);
}
