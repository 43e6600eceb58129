import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, UserError } from '../core/errors.js';
import { zodIssuesToConfigIssues } from '../core/issues.js';
import type { TemplateSource } from '../core/scaffold.js';
import { parseLocated, ParseFailure } from '../core/source-map.js';
import { templateManifestSchema } from '../core/template-manifest.js';

const MANIFEST = 'template.yml';

/** The project's templates/ folder, else the one shipped with the package. */
export function templatesDir(root: string): string {
  const own = join(root, 'templates');
  if (existsSync(own)) return own;
  return join(dirname(fileURLToPath(import.meta.url)), '..', 'templates');
}

export function listTemplateIds(root: string): string[] {
  const dir = templatesDir(root);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, MANIFEST)))
    .map((d) => d.name)
    .sort();
}

export function loadTemplate(root: string, id: string): TemplateSource {
  const dir = join(templatesDir(root), id);
  const file = `templates/${id}/${MANIFEST}`;
  if (!/^[a-z][a-z0-9_-]*$/.test(id) || !existsSync(join(dir, MANIFEST))) {
    const ids = listTemplateIds(root);
    throw new UserError(`no template "${id}"`, ids.length > 0 ? `templates: ${ids.join(', ')}` : 'templates/ holds no template.yml');
  }
  let doc;
  try {
    doc = parseLocated(readFileSync(join(dir, MANIFEST), 'utf8'), 'yaml');
  } catch (error) {
    if (error instanceof ParseFailure) throw new ConfigError([{ file, path: '', message: `is not valid YAML: ${error.message}`, location: error.location }]);
    throw error;
  }
  const parsed = templateManifestSchema.safeParse(doc.value);
  if (!parsed.success) throw new ConfigError(zodIssuesToConfigIssues(file, doc, templateManifestSchema, parsed.error.issues));
  const manifest = parsed.data;
  const files = new Map<string, string>();
  const filesDir = join(dir, 'files');
  for (const path of walk(filesDir)) files.set(relative(filesDir, path).split(sep).join('/'), readFileSync(path, 'utf8'));
  const stepStub = manifest.step_stub ? readFileSync(join(dir, manifest.step_stub), 'utf8') : undefined;
  return { id, manifest, files, ...(stepStub !== undefined ? { stepStub } : {}) };
}

/** What tools leave beside a template's files (compiled Python, editor and OS files) is not part of it. */
const NOT_TEMPLATE_FILE = /^(__pycache__|\.ipynb_checkpoints|\.DS_Store|Thumbs\.db)$|\.py[co]$/;

function* walk(dir: string): Generator<string> {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (NOT_TEMPLATE_FILE.test(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}
