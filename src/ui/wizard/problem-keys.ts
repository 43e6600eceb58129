import type { ConfigIssue } from '../../core/errors.js';
import { formatPath } from '../../core/errors.js';

/** Where each question's answer lands in config.json: JSON path → question keys. */
export type PlaceholderIndex = ReadonlyMap<string, readonly string[]>;

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** Read a template's files/config.json for its "{{key}}" placeholders and their JSON paths. */
export function indexPlaceholders(configJsonText: string): PlaceholderIndex {
  const index = new Map<string, string[]>();
  const walk = (value: unknown, path: PropertyKey[]) => {
    if (typeof value === 'string') {
      const keys = [...value.matchAll(PLACEHOLDER)].map((m) => m[1]!);
      if (keys.length > 0) index.set(formatPath(path), keys);
    } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  try {
    walk(JSON.parse(configJsonText) as unknown, []);
  } catch {
    // A broken template config reports itself through preparePipeline; no index then.
  }
  return index;
}

/** `a.b[0].c` is inside `a.b`, and `a.b` is inside `a`. */
function within(path: string, parent: string): boolean {
  return parent === '' || path === parent || path.startsWith(`${parent}.`) || path.startsWith(`${parent}[`);
}

export interface IssueContext {
  readonly index: PlaceholderIndex;
  /** `pipelines/<name>`: issues about the folder itself belong to the name question. */
  readonly dir: string;
  /** The steps question, which owns the job's tasks and their files. */
  readonly stepsKey?: string;
  /** Keys asked with the current answers; an issue is given to the first of these that can cause it. */
  readonly asked: ReadonlySet<string>;
}

/**
 * The question whose answer causes a ConfigIssue, or '' when none does
 * (then it is shown with the preview and on the review screen).
 */
export function questionKeyForIssue(ctx: IssueContext, issue: ConfigIssue): string {
  if (issue.file === ctx.dir) return 'name';
  if (issue.file.endsWith('/config.json')) {
    let best: { path: string; keys: readonly string[] } | undefined;
    for (const [path, keys] of ctx.index) {
      if (within(issue.path, path) && (!best || path.length > best.path.length)) best = { path, keys };
    }
    const keys = best ? best.keys : [...ctx.index].filter(([path]) => within(path, issue.path)).flatMap(([, k]) => k);
    const key = keys.find((k) => ctx.asked.has(k)) ?? keys[0];
    if (key) return key;
  }
  if (ctx.stepsKey && (/\.tasks\[\d+\]/.test(issue.path) || /\.(sql|py)$/.test(issue.file))) return ctx.stepsKey;
  return '';
}
