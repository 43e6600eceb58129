import type { Bundle } from './bundle.js';
import type { ConfigIssue } from './errors.js';
import { formatPath } from './errors.js';

export const NOTEBOOK_HEADER = '# Databricks notebook source';
const SQL_NOTEBOOK_HEADER = '-- Databricks notebook source';

/** Reads a file of the bundle folder by its path relative to that folder; undefined when absent. */
export type BundleFileReader = (relativePath: string) => string | undefined;

/**
 * The rules the Databricks CLI enforces at validate/deploy time that the JSON
 * schema cannot express (see the CLI reference): valid modes, a production
 * root_path, per-user development paths, notebooks with the notebook header,
 * plain SQL files for sql_task, files inside the bundle folder, defined job
 * cluster keys, known task dependencies and defined variables.
 */
export function checkBundleRules(bundle: Bundle, bundleDir: string, readFile: BundleFileReader): ConfigIssue[] {
  const file = `${bundleDir}/databricks.yml`;
  const issues: ConfigIssue[] = [];
  const at = (path: PropertyKey[], message: string, hint?: string, inFile = file) =>
    issues.push({ file: inFile, path: formatPath(path), message, ...(hint ? { hint } : {}) });

  const declared = new Set(Object.keys(bundle.variables));
  for (const [name, target] of Object.entries(bundle.targets)) {
    if (target.mode !== 'development' && target.mode !== 'production') {
      at(['targets', name, 'mode'], `unsupported mode "${String(target.mode)}"`, 'use development or production');
    }
    if (target.mode === 'production' && !target.workspace.root_path) {
      at(['targets', name, 'workspace', 'root_path'], "is required with 'mode: production'", 'set workspace.root_path in config/' + name + '.yml');
    }
    if (target.mode === 'development' && !/^~\/|\$\{workspace\.current_user\./.test(target.workspace.root_path)) {
      at(['targets', name, 'workspace', 'root_path'], "must start with '~/' or contain the current user name with 'mode: development'");
    }
    for (const v of declared) {
      if (!(v in target.variables)) at(['targets', name, 'variables', v], 'is not set', `set it in config/${name}.yml`);
    }
  }

  for (const [jobKey, job] of Object.entries(bundle.resources.jobs)) {
    const base = ['resources', 'jobs', jobKey];
    const clusterKeys = new Set((job.job_clusters ?? []).map((c) => c.job_cluster_key));
    const taskKeys = new Set<string>();
    job.tasks.forEach((task, i) => {
      const tpath = [...base, 'tasks', i];
      if (taskKeys.has(task.task_key)) at([...tpath, 'task_key'], `duplicate task_key "${task.task_key}"`);
      taskKeys.add(task.task_key);
      if (task.job_cluster_key && !clusterKeys.has(task.job_cluster_key)) {
        at([...tpath, 'job_cluster_key'], `job cluster "${task.job_cluster_key}" is not defined in job_clusters`);
      }
      if (task.notebook_task) {
        checkFile(task.notebook_task.notebook_path, [...tpath, 'notebook_task', 'notebook_path'], (text, rel) => {
          if (!text.startsWith(NOTEBOOK_HEADER)) {
            at([], `is not a Databricks notebook: its first line must be "${NOTEBOOK_HEADER}"`, 'add that line at the top of the file', `${bundleDir}/${rel}`);
          }
        });
      }
      if (task.sql_task) {
        checkFile(task.sql_task.file.path, [...tpath, 'sql_task', 'file', 'path'], (text, rel) => {
          if (text.startsWith(SQL_NOTEBOOK_HEADER)) {
            at([], 'is a SQL notebook, but sql_task needs a plain SQL file', `remove the "${SQL_NOTEBOOK_HEADER}" header`, `${bundleDir}/${rel}`);
          }
          if (text.trim() === '') at([], 'is empty', 'write the SQL this step runs', `${bundleDir}/${rel}`);
        });
      }
    });
    job.tasks.forEach((task, i) => {
      (task.depends_on ?? []).forEach((d, j) => {
        if (!taskKeys.has(d.task_key)) at([...base, 'tasks', i, 'depends_on', j, 'task_key'], `depends on unknown task "${d.task_key}"`);
      });
    });
  }

  const referenced = new Set<string>();
  collectVarRefs(bundle.resources, referenced);
  for (const v of referenced) {
    if (!declared.has(v)) at(['variables', v], `is used as \${var.${v}} but not declared`);
  }
  return issues;

  function checkFile(rawPath: string, path: PropertyKey[], check: (text: string, rel: string) => void): void {
    const rel = normalizeRelative(rawPath);
    if (rel === undefined) {
      at(path, `"${rawPath}" is outside the bundle folder`, 'keep every referenced file inside the pipeline folder');
      return;
    }
    const text = readFile(rel);
    if (text === undefined) {
      at(path, `file "${rel}" does not exist`, `create ${bundleDir}/${rel} or fix the path in config.json`);
      return;
    }
    check(text, rel);
  }
}

/** `./a/b.py` → `a/b.py`; undefined for absolute paths or paths that climb out. */
export function normalizeRelative(path: string): string | undefined {
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return undefined;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.length > 0 ? parts.join('/') : undefined;
}

function collectVarRefs(value: unknown, out: Set<string>): void {
  if (typeof value === 'string') {
    for (const m of value.matchAll(/\$\{var\.([A-Za-z0-9_]+)\}/g)) out.add(m[1]!);
  } else if (Array.isArray(value)) value.forEach((v) => collectVarRefs(v, out));
  else if (value && typeof value === 'object') Object.values(value).forEach((v) => collectVarRefs(v, out));
}
