import type { Bundle } from './bundle.js';
import { JOB_NAME_PREFIX } from './generate-jobs.js';

/**
 * The bundle as `databricks bundle validate -t <target> -o json` would show
 * it, from the CLI's own mutators (bundle/config/mutator/resourcemutator):
 * the target's overrides merged into the job (lists concatenated, then job
 * clusters, tasks and parameters merged by key), the target's run_as copied
 * into the job, development mode's presets applied (`[dev <user>] ` name
 * prefix, `dev` tag, schedules and continuous runs PAUSED, the deploy lock
 * off), and `${...}` references filled in. The user is the one given, or a
 * `<you>` placeholder; what only the workspace knows (ids, URLs) is left out.
 */
export interface ResolveOptions {
  /** The deploying user's name (an email or a service principal's application id). */
  readonly user?: string;
}

export const PLACEHOLDER_USER = '<you>';

interface CurrentUser {
  readonly userName: string;
  readonly short_name: string;
}

/** The CLI's short name: the part before @, lower-cased, anything but letters and digits as one _ (libs/iamutil). */
export function shortUserName(userName: string): string {
  const local = userName.split('@', 1)[0]!.toLowerCase();
  return local.replace(/[^\p{L}\p{N}]+/gu, '_').replace(/^_+|_+$/g, '');
}

export function currentUser(user: string | undefined): CurrentUser {
  return user ? { userName: user, short_name: shortUserName(user) } : { userName: PLACEHOLDER_USER, short_name: PLACEHOLDER_USER };
}

type Json = Record<string, unknown>;

export function resolveBundleForTarget(bundle: Bundle, target: string, options: ResolveOptions = {}): Json {
  const t = bundle.targets[target];
  if (!t) throw new Error(`no target ${target}`);
  const me = currentUser(options.user);
  const jobs: Json = {};
  for (const [key, job] of Object.entries(bundle.resources.jobs)) {
    // A deep copy first: the presets below change the job, and the bundle must stay as generated.
    const merged = mergeByKeys(deepMerge(structuredClone(job), structuredClone(t.resources.jobs[key] ?? {})));
    if (t.run_as && merged.run_as === undefined) merged.run_as = { ...t.run_as };
    jobs[key] = merged;
  }
  const development = t.mode === 'development';
  if (development) for (const job of Object.values(jobs)) applyDevelopmentPresets(job as Json, me.short_name);
  const lookup: Record<string, string | number> = {
    'bundle.name': bundle.bundle.name,
    'bundle.target': target,
    'workspace.current_user.userName': me.userName,
    'workspace.current_user.short_name': me.short_name,
  };
  const values: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(bundle.variables)) if (v.default !== undefined) values[k] = v.default;
  Object.assign(values, t.variables);
  for (const [k, v] of Object.entries(values)) lookup[`var.${k}`] = v;
  const resolved = {
    bundle: { name: bundle.bundle.name, target, mode: t.mode, ...(t.git ? { git: { branch: t.git.branch } } : {}), ...(development ? { deployment: { lock: { enabled: false } } } : {}) },
    workspace: { host: t.workspace.host, current_user: { ...me }, root_path: t.workspace.root_path.replace(/^~\//, `/Workspace/Users/${me.userName}/`) },
    ...(development ? { presets: developmentPresets(me.short_name) } : {}),
    ...(t.run_as ? { run_as: { ...t.run_as } } : {}),
    variables: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])),
    resources: { jobs },
  };
  return interpolate(resolved, lookup) as Json;
}

/** The prefix `mode: development` gives every job's name. */
export const developmentNamePrefix = (shortName: string): string => `[dev ${shortName}] `;

/** A pipeline's job name as `target` deploys it; with `devShortName`, development mode's copy of that user. */
export function jobNameInTarget(displayName: string, target: string, devShortName?: string): string {
  const name = `${JOB_NAME_PREFIX.replace('${bundle.target}', target)}${displayName}`;
  return devShortName === undefined ? name : `${developmentNamePrefix(devShortName)}${name}`;
}

/** The presets `mode: development` sets when the bundle leaves them unset (apply_target_mode.go). */
function developmentPresets(shortName: string): Json {
  return { name_prefix: developmentNamePrefix(shortName), tags: { dev: shortName }, jobs_max_concurrent_runs: 4, trigger_pause_status: 'PAUSED', pipelines_development: true };
}

/** apply_presets.go for one job: prefix, tag, concurrency when unset, pause what has no pause status. */
function applyDevelopmentPresets(job: Json, shortName: string): void {
  if (typeof job.name === 'string') job.name = `${developmentNamePrefix(shortName)}${job.name}`;
  const tags = (job.tags ??= {}) as Json;
  if (!tags.dev) tags.dev = shortName;
  if (!job.max_concurrent_runs) job.max_concurrent_runs = 4;
  for (const trigger of ['schedule', 'continuous', 'trigger']) {
    const t = job[trigger];
    if (isPlainObject(t) && !(t as Json).pause_status) (t as Json).pause_status = 'PAUSED';
  }
}

/** After a target's lists were appended, the CLI merges job clusters, tasks and parameters that share a key. */
function mergeByKeys(job: Json): Json {
  for (const [list, key] of [['job_clusters', 'job_cluster_key'], ['tasks', 'task_key'], ['parameters', 'name']] as const) {
    const items = job[list];
    if (!Array.isArray(items)) continue;
    const byKey = new Map<unknown, Json>();
    const out: Json[] = [];
    for (const item of items as Json[]) {
      const existing = byKey.get(item[key]);
      if (existing) Object.assign(existing, deepMerge(existing, item));
      else {
        const copy = { ...item };
        byKey.set(item[key], copy);
        out.push(copy);
      }
    }
    job[list] = out;
  }
  return job;
}

const REF = /\$\{([A-Za-z0-9_.]+)\}/g;
const WHOLE_REF = /^\$\{([A-Za-z0-9_.]+)\}$/;
/** Variables may refer to others (e.g. to the current user); the CLI resolves in rounds, so do we. */
const MAX_ROUNDS = 10;

function interpolate(root: unknown, lookup: Record<string, string | number>): unknown {
  const values = { ...lookup };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = false;
    for (const [k, v] of Object.entries(values)) {
      const next = substitute(v, values);
      if (next !== v) {
        values[k] = next;
        changed = true;
      }
    }
    if (!changed) break;
  }
  return mapStrings(root, (s) => substitute(s, values));
}

function substitute(value: string | number, lookup: Record<string, string | number>): string | number {
  if (typeof value !== 'string' || !value.includes('${')) return value;
  const whole = WHOLE_REF.exec(value);
  if (whole && whole[1]! in lookup) return lookup[whole[1]!]!;
  return value.replace(REF, (m, ref: string) => (ref in lookup ? String(lookup[ref]) : m));
}

/** A copy of `value` with every string passed through `f`; an explicit stack, not recursion, for any depth. */
function mapStrings(value: unknown, f: (s: string) => unknown): unknown {
  const rootBox: Json = { v: value };
  const stack: Array<[Json | unknown[], string | number]> = [[rootBox, 'v']];
  while (stack.length > 0) {
    const [holder, key] = stack.pop()!;
    const current = (holder as Record<string | number, unknown>)[key];
    if (typeof current === 'string') (holder as Record<string | number, unknown>)[key] = f(current);
    else if (Array.isArray(current)) {
      const copy = [...current];
      (holder as Record<string | number, unknown>)[key] = copy;
      copy.forEach((_, i) => stack.push([copy, i]));
    } else if (isPlainObject(current)) {
      const copy = { ...(current as Json) };
      (holder as Record<string | number, unknown>)[key] = copy;
      for (const k of Object.keys(copy)) stack.push([copy, k]);
    }
  }
  return rootBox.v;
}

/** The CLI's merge: maps merged key by key, lists appended, scalars replaced. */
function deepMerge(base: object, over: object): Json {
  const out: Json = { ...(base as Json) };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    if (isPlainObject(b) && isPlainObject(v)) out[k] = deepMerge(b, v);
    else if (Array.isArray(b) && Array.isArray(v)) out[k] = [...(b as unknown[]), ...(v as unknown[])];
    else out[k] = v;
  }
  return out;
}

function isPlainObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
