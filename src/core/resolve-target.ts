import type { Bundle } from './bundle.js';

/**
 * The bundle as one target sees it: the target's overrides merged into the
 * resources, `${var.*}` and `${bundle.*}` references filled in, as
 * `databricks bundle validate -t <env> -o json` would show (less what only the
 * workspace knows, such as the user name in development mode).
 */
export function resolveBundleForTarget(bundle: Bundle, target: string): Record<string, unknown> {
  const t = bundle.targets[target];
  if (!t) throw new Error(`no target ${target}`);
  const jobs: Record<string, unknown> = {};
  for (const [key, job] of Object.entries(bundle.resources.jobs)) {
    jobs[key] = deepMerge(job, t.resources.jobs[key] ?? {});
  }
  const lookup: Record<string, string | number> = {
    'bundle.name': bundle.bundle.name,
    'bundle.target': target,
  };
  for (const [k, v] of Object.entries(t.variables)) lookup[`var.${k}`] = v;
  const resolved = {
    bundle: { name: bundle.bundle.name, target, mode: t.mode },
    workspace: { host: t.workspace.host, root_path: t.workspace.root_path },
    variables: Object.fromEntries(Object.entries(t.variables).map(([k, v]) => [k, { value: v }])),
    resources: { jobs },
  };
  return interpolate(resolved, lookup) as Record<string, unknown>;
}

const REF = /\$\{([A-Za-z0-9_.]+)\}/g;

function interpolate(value: unknown, lookup: Record<string, string | number>): unknown {
  if (typeof value === 'string') {
    const whole = /^\$\{([A-Za-z0-9_.]+)\}$/.exec(value);
    if (whole && whole[1]! in lookup) return lookup[whole[1]!];
    return value.replace(REF, (m, ref: string) => (ref in lookup ? String(lookup[ref]) : m));
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, lookup));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, lookup)]));
  }
  return value;
}

function deepMerge(base: object, over: object): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? deepMerge(b, v) : v;
  }
  return out;
}

function isPlainObject(v: unknown): v is object {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
