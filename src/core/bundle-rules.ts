import type { Bundle, BundleTarget, JobCluster, JobResource, JobTask } from './bundle.js';
import { isSharedWorkspacePath } from './env-rules.js';
import type { ConfigIssue, SourceLocation } from './errors.js';
import { formatPath } from './errors.js';
import { SINGLE_NODE_SPARK_CONF, SINGLE_NODE_TAGS } from './generate-jobs.js';
import { isDynamicValueReference, scanSqlParameters } from './sql-parameters.js';

export const NOTEBOOK_HEADER = '# Databricks notebook source';
const SQL_NOTEBOOK_HEADER = '-- Databricks notebook source';
/** Files a task points at are read whole; anything larger is not a notebook or query a person wrote. */
export const MAX_TASK_FILE_BYTES = 2_000_000;

/** Reads a file of the bundle folder by its path relative to that folder; undefined when absent. */
export type BundleFileReader = (relativePath: string) => string | undefined;

type Report = (path: PropertyKey[], message: string, hint?: string, inFile?: string, location?: SourceLocation) => void;

/**
 * The rules the Databricks CLI enforces at validate/deploy time that the JSON
 * schema cannot express, and the warnings it prints (so `validate --strict`
 * passes): valid modes, a production root_path that is set and not shared,
 * per-user development paths, run_as in prod, single-node clusters with their
 * settings, notebooks with the notebook header, plain SQL files for sql_task
 * that read parameters as {{name}}, files inside the bundle folder, defined
 * job cluster keys, known task dependencies and defined variables.
 */
export function checkBundleRules(bundle: Bundle, bundleDir: string, readFile: BundleFileReader): ConfigIssue[] {
  const file = `${bundleDir}/databricks.yml`;
  const issues: ConfigIssue[] = [];
  const at: Report = (path, message, hint, inFile = file, location) =>
    issues.push({ file: inFile, path: formatPath(path), message, ...(hint ? { hint } : {}), ...(location ? { location } : {}) });
  // Variables with a default are set at deploy time, not per target.
  const declared = new Set(Object.keys(bundle.variables).filter((v) => bundle.variables[v]!.default === undefined));
  const defined = new Set(Object.keys(bundle.variables));
  for (const [name, target] of Object.entries(bundle.targets)) checkTarget(name, target, declared, at);
  for (const [jobKey, job] of Object.entries(bundle.resources.jobs)) {
    checkJob(jobKey, job, { bundleDir, readFile, at });
    checkSingleNode(jobKey, job, bundle.targets, at);
  }
  const referenced = new Set<string>();
  collectVarRefs(bundle.resources, referenced);
  for (const v of referenced) {
    if (!defined.has(v)) at(['variables', v], `is used as \${var.${v}} but not declared`);
  }
  return issues;
}

function checkTarget(name: string, target: BundleTarget, declared: ReadonlySet<string>, at: Report): void {
  const root = ['targets', name, 'workspace', 'root_path'];
  if (target.mode !== 'development' && target.mode !== 'production') {
    at(['targets', name, 'mode'], `unsupported mode "${String(target.mode)}"`, 'use development or production');
  }
  if (target.mode === 'production') {
    if (!target.workspace.root_path) at(root, "is required with 'mode: production'", `set workspace.root_path in config/${name}.yml`);
    else if (isSharedWorkspacePath(target.workspace.root_path)) {
      at(root, 'is writable by all workspace users (the CLI warns on every command)', `use /Workspace/Users/<principal>/.bundle/\${bundle.name}/\${bundle.target} in config/${name}.yml`);
    }
    if (name === 'prod' && !target.run_as) at(['targets', name, 'run_as'], 'is not set: prod jobs would run as whoever deployed them', 'set run_as in config/prod.yml');
  }
  if (target.mode === 'development' && !/^~\/|\$\{workspace\.current_user\./.test(target.workspace.root_path)) {
    at(root, "must start with '~/' or contain the current user name with 'mode: development'");
  }
  for (const v of declared) {
    if (!(v in target.variables)) at(['targets', name, 'variables', v], 'is not set', `set it in config/${name}.yml`);
  }
}

interface JobContext {
  readonly bundleDir: string;
  readonly readFile: BundleFileReader;
  readonly at: Report;
}

function checkJob(jobKey: string, job: JobResource, ctx: JobContext): void {
  const base = ['resources', 'jobs', jobKey];
  const clusterKeys = new Set((job.job_clusters ?? []).map((c) => c.job_cluster_key));
  const jobParameters = new Set((job.parameters ?? []).map((p) => p.name));
  const taskKeys = new Set<string>();
  job.tasks.forEach((task, i) => {
    const tpath = [...base, 'tasks', i];
    if (taskKeys.has(task.task_key)) ctx.at([...tpath, 'task_key'], `duplicate task_key "${task.task_key}"`);
    taskKeys.add(task.task_key);
    if (task.job_cluster_key && !clusterKeys.has(task.job_cluster_key)) {
      ctx.at([...tpath, 'job_cluster_key'], `job cluster "${task.job_cluster_key}" is not defined in job_clusters`);
    }
    checkTaskFiles(task, tpath, jobParameters, ctx);
  });
  job.tasks.forEach((task, i) => {
    (task.depends_on ?? []).forEach((d, j) => {
      if (!taskKeys.has(d.task_key)) ctx.at([...base, 'tasks', i, 'depends_on', j, 'task_key'], `depends on unknown task "${d.task_key}"`);
    });
  });
}

function checkTaskFiles(task: JobTask, tpath: PropertyKey[], jobParameters: ReadonlySet<string>, ctx: JobContext): void {
  const inFile = (rel: string) => `${ctx.bundleDir}/${rel}`;
  if (task.notebook_task) {
    readTaskFile(task.notebook_task.notebook_path, [...tpath, 'notebook_task', 'notebook_path'], ctx, (text, rel) => {
      if (!text.startsWith(NOTEBOOK_HEADER)) {
        ctx.at([], `is not a Databricks notebook: its first line must be "${NOTEBOOK_HEADER}"`, 'add that line at the top of the file', inFile(rel));
      }
    });
  }
  if (task.sql_task) {
    readTaskFile(task.sql_task.file.path, [...tpath, 'sql_task', 'file', 'path'], ctx, (text, rel) => {
      if (text.startsWith(SQL_NOTEBOOK_HEADER)) {
        ctx.at([], 'is a SQL notebook, but sql_task needs a plain SQL file', `remove the "${SQL_NOTEBOOK_HEADER}" header`, inFile(rel));
      }
      if (text.trim() === '') ctx.at([], 'is empty', 'write the SQL this step runs', inFile(rel));
      const known = new Set([...jobParameters, ...Object.keys(task.sql_task!.parameters ?? {})]);
      checkSqlParameters(text, known, (message, hint, location) => ctx.at([], message, hint, inFile(rel), location));
    });
  }
}

function readTaskFile(rawPath: string, path: PropertyKey[], ctx: JobContext, check: (text: string, rel: string) => void): void {
  const rel = normalizeRelative(rawPath);
  if (rel === undefined) {
    ctx.at(path, `"${rawPath}" is outside the bundle folder`, 'keep every referenced file inside the pipeline folder');
    return;
  }
  const text = ctx.readFile(rel);
  if (text === undefined) {
    ctx.at(path, `file "${rel}" does not exist`, `create ${ctx.bundleDir}/${rel} or fix the path in config.json`);
    return;
  }
  if (text.length > MAX_TASK_FILE_BYTES) {
    ctx.at([], `is ${text.length} characters long, more than a task file may be (${MAX_TASK_FILE_BYTES})`, 'split it into several steps', `${ctx.bundleDir}/${rel}`);
    return;
  }
  check(text, rel);
}

/** Every parameter a SQL file reads is one the job passes, read as {{name}}. */
export function checkSqlParameters(text: string, known: ReadonlySet<string>, report: (message: string, hint: string, location: SourceLocation) => void): void {
  const scan = scanSqlParameters(text);
  const list = [...known].sort().join(', ');
  for (const ref of scan.references) {
    if (known.has(ref.name) || isDynamicValueReference(ref.name)) continue;
    report(`{{${ref.name}}} is not a parameter of this job`, `use one of ${list}, or add "${ref.name}" to "parameters" in config.json`, locationOf(ref));
  }
  for (const m of scan.markers) {
    if (known.has(m.name)) report(`reads the job parameter as :${m.name}, which a SQL file task does not fill in`, `write {{${m.name}}} instead`, locationOf(m));
  }
  for (const s of scan.bundleSyntax) {
    report(`\${${s.name}} is not filled in inside SQL files`, `pass the value as a job parameter and read it as {{name}}; parameters: ${list}`, locationOf(s));
  }
}

const locationOf = (u: SourceLocation): SourceLocation => ({ line: u.line, column: u.column });

/**
 * A job cluster with 0 workers needs the single-node settings in that same
 * cluster entry, or the CLI warns: it checks every entry (the job's and each
 * target's) before it merges entries of one key (validate/single_node_cluster.go).
 */
function checkSingleNode(jobKey: string, job: JobResource, targets: Readonly<Record<string, BundleTarget>>, at: Report): void {
  const reported = new Set<string>();
  const check = (path: PropertyKey[], cluster: JobCluster, variables: Readonly<Record<string, string | number>>) => {
    const raw = cluster.new_cluster.num_workers;
    const workers = typeof raw === 'string' ? variables[/^\$\{var\.([A-Za-z0-9_]+)\}$/.exec(raw)?.[1] ?? ''] : raw;
    const where = formatPath(path);
    if (workers !== 0 || isSingleNodeConfigured(cluster.new_cluster) || reported.has(where)) return;
    reported.add(where);
    at(path, 'has 0 workers but not the single-node settings (the CLI warns)', 'regenerate the bundle: npx loyalty-wizard generate');
  };
  for (const [name, target] of Object.entries(targets)) {
    // The job's own entries, as each target's variables resolve them; then the target's entries.
    (job.job_clusters ?? []).forEach((c, i) => check(['resources', 'jobs', jobKey, 'job_clusters', i, 'new_cluster'], c, target.variables));
    (target.resources.jobs[jobKey]?.job_clusters ?? []).forEach((c, i) => check(['targets', name, 'resources', 'jobs', jobKey, 'job_clusters', i, 'new_cluster'], c, target.variables));
  }
}

function isSingleNodeConfigured(c: Record<string, unknown>): boolean {
  if (c.is_single_node === true || c.policy_id) return true;
  const conf = (c.spark_conf ?? {}) as Record<string, unknown>;
  const tags = (c.custom_tags ?? {}) as Record<string, unknown>;
  return (
    conf['spark.databricks.cluster.profile'] === SINGLE_NODE_SPARK_CONF['spark.databricks.cluster.profile'] &&
    typeof conf['spark.master'] === 'string' &&
    conf['spark.master'].startsWith('local') &&
    tags.ResourceClass === SINGLE_NODE_TAGS.ResourceClass
  );
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
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      for (const m of v.matchAll(/\$\{var\.([A-Za-z0-9_]+)\}/g)) out.add(m[1]!);
    } else if (Array.isArray(v)) stack.push(...(v as unknown[]));
    else if (v && typeof v === 'object') stack.push(...Object.values(v));
  }
}
