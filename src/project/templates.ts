import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, UsageError } from '../core/errors.js';
import { zodIssuesToConfigIssues } from '../core/issues.js';
import type { TemplateSource } from '../core/scaffold.js';
import { parseLocated, ParseFailure, type LocatedDocument } from '../core/located-parse.js';
import { templateManifestSchema, type TemplateManifest } from '../core/template-manifest.js';
import { FileRefusedError, readUserFile } from './read-file.js';

const MANIFEST = 'template.yml';
/** A template is a handful of files; more than this is not one. */
const MAX_TEMPLATE_FILES = 500;

/** The project's templates/ folder, else the one shipped with the package. */
export function templatesDir(root: string): string {
  const own = join(root, 'templates');
  if (existsSync(own)) return own;
  return packagedTemplatesDir();
}

/**
 * The package's own templates/: this module runs from src/project/ (sources, tests) or from dist/chunks/ (the
 * build), so the package root is the nearest folder up that holds a package.json.
 */
function packagedTemplatesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4 && !existsSync(join(dir, 'package.json')); i++) dir = dirname(dir);
  return join(dir, 'templates');
}

export function listTemplateIds(root: string): string[] {
  const dir = templatesDir(root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, MANIFEST)))
    .map((d) => d.name)
    .sort();
}

/**
 * A template, read as untrusted input: the manifest checked against its schema,
 * every file it names or holds read through the safe reader from inside its folder
 * (a path or a link out of it is refused), and files/config.json checked as JSON.
 */
export function loadTemplate(root: string, id: string): TemplateSource {
  const dir = join(templatesDir(root), id);
  if (!/^[a-z][a-z0-9_-]*$/.test(id) || !existsSync(join(dir, MANIFEST))) {
    const ids = listTemplateIds(root);
    // The id was typed (--template): naming no template is a usage error.
    throw new UsageError(`no template "${id}"`, ids.length > 0 ? `templates: ${ids.join(', ')}` : 'templates/ holds no template.yml');
  }
  const real = realpathSync.native(dir);
  const read = (rel: string) => readUserFile(join(real, rel), { display: `templates/${id}/${rel}`, within: real, withinLabel: `the template folder templates/${id}` });
  const manifestText = read(MANIFEST);
  const files = readFiles(id, dir, real, read);
  // A folder named config.json is walked as a folder: read it as the file it should be, to say so.
  const configText = files.get('config.json') ?? (existsSync(join(dir, 'files', 'config.json')) ? read('files/config.json') : undefined);
  return assembleTemplate(id, manifestText, files, configText, read);
}

/**
 * A template from its files held in memory (e.g. read from git history), by path relative to templates/<id>/:
 * the same checks as `loadTemplate` (manifest schema, config.json as JSON, step stub inside the folder, file count).
 */
export function templateFromFiles(id: string, all: ReadonlyMap<string, string>): TemplateSource {
  const read = (rel: string): string => {
    const text = all.get(rel);
    if (text === undefined) throw new ConfigError([{ file: `templates/${id}/${rel}`, path: '', message: 'is missing', hint: 'add it to the template' }]);
    return text;
  };
  const files = new Map<string, string>();
  for (const [rel, text] of [...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!rel.startsWith('files/') || rel.split('/').some((part) => NOT_TEMPLATE_FILE.test(part))) continue;
    if (files.size >= MAX_TEMPLATE_FILES) throw tooManyFiles(id);
    files.set(rel.slice('files/'.length), text);
  }
  return assembleTemplate(id, read(MANIFEST), files, files.get('config.json'), read);
}

/** The manifest parsed and checked, config.json checked as JSON, the step stub read: the template both loaders build. */
function assembleTemplate(id: string, manifestText: string, files: Map<string, string>, configText: string | undefined, read: (rel: string) => string): TemplateSource {
  const { manifest, doc } = readManifest(id, manifestText);
  checkConfigJson(id, configText);
  const stepStub = manifest.step_stub === undefined ? undefined : read(stubPath(id, manifest.step_stub, doc));
  return { id, manifest, files, ...(stepStub !== undefined ? { stepStub } : {}) };
}

/** A template's template.yml as text, read safely and not parsed: enough to look for one field before loading templates. */
export function templateManifestText(root: string, id: string): string {
  const real = realpathSync.native(join(templatesDir(root), id));
  return readUserFile(join(real, MANIFEST), { display: `templates/${id}/${MANIFEST}`, within: real, withinLabel: `the template folder templates/${id}` });
}

function readManifest(id: string, text: string): { manifest: TemplateManifest; doc: LocatedDocument } {
  const file = `templates/${id}/${MANIFEST}`;
  let doc;
  try {
    doc = parseLocated(text, 'yaml');
  } catch (error) {
    if (error instanceof ParseFailure) throw new ConfigError([{ file, path: '', message: `is not valid YAML: ${error.message}`, location: error.location, ...(error.hint ? { hint: error.hint } : {}) }]);
    throw error;
  }
  const parsed = templateManifestSchema.safeParse(doc.value);
  if (!parsed.success) throw new ConfigError(zodIssuesToConfigIssues(file, doc, templateManifestSchema, parsed.error.issues));
  return { manifest: parsed.data, doc };
}

/** `step_stub` as a path inside the template folder; anything else is refused before it is read. */
function stubPath(id: string, stub: string, doc: LocatedDocument): string {
  const n = normalize(stub);
  if (stub === '' || isAbsolute(stub) || /^[A-Za-z]:/.test(stub) || n === '..' || n.startsWith(`..${sep}`)) {
    throw new ConfigError([
      {
        file: `templates/${id}/${MANIFEST}`,
        path: 'step_stub',
        message: `"${stub}" is outside the template folder`,
        hint: 'name a file inside templates/<id>/, e.g. step_stub.sql',
        location: doc.locate(['step_stub']),
      },
    ]);
  }
  return n;
}

/** The template's config.json must be JSON before any answer is filled in. */
function checkConfigJson(id: string, text: string | undefined): void {
  if (text === undefined) return;
  try {
    parseLocated(text, 'json');
  } catch (error) {
    if (!(error instanceof ParseFailure)) throw error;
    throw new ConfigError([
      { file: `templates/${id}/files/config.json`, path: '', message: `is not valid JSON: ${error.message}`, hint: error.hint ?? 'fix the template', location: error.location },
    ]);
  }
}

/** What tools leave beside a template's files (compiled Python, editor and OS files) is not part of it. */
const NOT_TEMPLATE_FILE = /^(__pycache__|\.ipynb_checkpoints|\.DS_Store|Thumbs\.db)$|\.py[co]$/;

/**
 * Every file under files/, by path relative to it, in sorted depth-first order.
 * Iterative; a linked folder is followed once and only when it stays inside the
 * template; a link, FIFO or device is read (and so refused) through the reader.
 */
function readFiles(id: string, dir: string, real: string, read: (rel: string) => string): Map<string, string> {
  const files = new Map<string, string>();
  if (!existsSync(join(dir, 'files'))) return files;
  const seen = new Set<string>();
  if (!isFolder(id, join(dir, 'files'), 'files', real, seen)) throw notAFolder(id, read);
  const stack: string[] = ['files'];
  seen.clear();
  while (stack.length > 0) {
    const rel = stack.pop()!;
    if (!isFolder(id, join(dir, rel), rel, real, seen)) {
      if (files.size >= MAX_TEMPLATE_FILES) throw tooManyFiles(id);
      files.set(rel.slice('files/'.length), read(rel));
      continue;
    }
    const entries = readdirSync(join(dir, rel), { withFileTypes: true }).filter((e) => !NOT_TEMPLATE_FILE.test(e.name));
    entries.sort((a, b) => b.name.localeCompare(a.name));
    for (const entry of entries) stack.push(`${rel}/${entry.name}`);
  }
  return files;
}

/** A folder to walk; false for anything to read as a file. A link is judged by where it leads. */
function isFolder(id: string, path: string, rel: string, real: string, seen: Set<string>): boolean {
  let target: string;
  try {
    target = realpathSync.native(path);
  } catch {
    return false; // missing, or a broken link: the reader names the problem
  }
  if (target !== real && !target.startsWith(real + sep)) return false; // the reader refuses it, naming where it leads
  if (!statSync(target).isDirectory()) return false;
  if (seen.has(target)) {
    throw new FileRefusedError('outside', `templates/${id}/${rel}`, 'links to a folder of the template that is read already', 'replace the link with the files themselves');
  }
  seen.add(target);
  return true;
}

/** files/ is a link out of the template (the reader says where to), or not a folder at all. */
function notAFolder(id: string, read: (rel: string) => string): ConfigError {
  read('files');
  return new ConfigError([{ file: `templates/${id}/files`, path: '', message: 'is not a folder', hint: 'put the files a new pipeline gets in templates/<id>/files/' }]);
}

function tooManyFiles(id: string): ConfigError {
  return new ConfigError([{ file: `templates/${id}/files`, path: '', message: `holds more than ${MAX_TEMPLATE_FILES} files`, hint: 'a template is a handful of files; remove what does not belong to it' }]);
}
