/**
 * A template as it was at an earlier version, read from git history (decision record 013): the base `upgrade` merges
 * from. The newest commit whose templates/<id>/template.yml has that `version`, and the whole templates/<id>/ folder
 * at that commit, in four git runs (log, cat-file, ls-tree, cat-file), each (root, template, version) once per process.
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
    found = readTemplateAt(root, id, version);
    cache.set(key, found);
    found.catch(() => cache.delete(key));
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
  const manifests = commits.length === 0 ? [] : catFileBatch(await git(root, ['cat-file', '--batch'], commits.map((c) => `${c}:./templates/${id}/template.yml`).join('\n') + '\n'));
  const index = manifests.findIndex((text) => text !== undefined && manifestVersion(text) === version);
  if (index < 0) throw notInHistory(id, version, commits.length === 0 ? 'git has no commit of the folder' : `its commits have version ${[...new Set(manifests.map((t) => (t === undefined ? undefined : manifestVersion(t))).filter((v) => v !== undefined))].join(', ')}`);
  const listing = (await git(root, ['ls-tree', '-r', '-z', `${commits[index]!}:./templates/${id}`])).toString('utf8');
  const entries = listing.split('\0').filter(Boolean).map(parseTreeEntry);
  const blobs = entries.filter((e) => e.type === 'blob');
  const link = blobs.find((e) => e.mode === '120000');
  if (link) throw new UserError(`templates/${id}/${link.path} is a link in git at version ${version}; upgrade reads a template's files from git, not links`, 'replace the link with the file itself and commit the template');
  const texts = blobs.length === 0 ? [] : catFileBatch(await git(root, ['cat-file', '--batch'], blobs.map((b) => b.sha).join('\n') + '\n'));
  return templateFromFiles(id, new Map(blobs.map((b, i) => [b.path, texts[i] ?? ''])));
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

/** The objects `git cat-file --batch` printed, in request order; undefined for one it reported missing. */
function catFileBatch(out: Buffer): (string | undefined)[] {
  const objects: (string | undefined)[] = [];
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(0x0a, at);
    if (eol < 0) break;
    const header = out.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const size = /^\S+ \S+ (\d+)$/.exec(header)?.[1];
    if (size === undefined) {
      objects.push(undefined); // "<name> missing" (or ambiguous): no object follows
      continue;
    }
    objects.push(out.subarray(at, at + Number(size)).toString('utf8'));
    at += Number(size) + 1;
  }
  return objects;
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
