import { SPREAD_KEY, WHOLE_PLACEHOLDER, type TemplateSource } from './scaffold.js';
import type { Answers, AnswerValue } from './template-manifest.js';

/** Where a value sits in a parsed JSON document: object keys and array indexes, from the root. */
export type JsonPath = readonly (string | number)[];

/**
 * For each question of the template, where its answer lands in config.json: the path of the template's whole-string
 * placeholder (`"schedule": {"quartz_cron_expression": "{{schedule_cron}}"}` puts schedule_cron at
 * schedule.quartz_cron_expression); the first, when it sits in several places. Placeholders inside longer strings are
 * not listed: their answer cannot be read back.
 */
export function placeholderPaths(template: TemplateSource): Map<string, JsonPath> {
  return new Map([...allPlaceholderPaths(configShape(template))].map(([key, paths]) => [key, paths[0]!]));
}

/** The template's config.json, placeholders and all. */
export function configShape(template: TemplateSource): unknown {
  const text = template.files.get('config.json');
  return text === undefined ? {} : (JSON.parse(text) as unknown);
}

/** Whether a placeholder is a spread (`"...": "{{key}}"`, scaffold.ts SPREAD_KEY): its answer is entries of the object around it. */
export function isSpreadPath(path: JsonPath): boolean {
  return path.at(-1) === SPREAD_KEY;
}

/** The keys the template names itself in the object that holds a spread: never part of the spread's answer. */
export function spreadOwnKeys(shape: unknown, path: JsonPath): Set<string> {
  const parent = valueAt(shape, path.slice(0, -1));
  return new Set(isRecord(parent) ? Object.keys(parent).filter((k) => k !== SPREAD_KEY) : []);
}

/** A spread's answer as a config holds it: the text entries of the object around it that the template does not name. */
export function spreadEntries(config: unknown, shape: unknown, path: JsonPath): Record<string, string> {
  const parent = valueAt(config, path.slice(0, -1));
  if (!isRecord(parent)) return {};
  const own = spreadOwnKeys(shape, path);
  return Object.fromEntries(Object.entries(parent).filter((e): e is [string, string] => !own.has(e[0]) && typeof e[1] === 'string'));
}

/**
 * Every path of each whole-value `"{{key}}"` placeholder of a template's config.json (a key may sit in several
 * places), in the order they are met. Walks with an explicit stack (the template is input we do not control).
 */
export function allPlaceholderPaths(shape: unknown): Map<string, JsonPath[]> {
  const out = new Map<string, JsonPath[]>();
  const stack: { value: unknown; path: JsonPath }[] = [{ value: shape, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const key = WHOLE_PLACEHOLDER.exec(value)?.[1];
      if (key !== undefined) out.set(key, [...(out.get(key) ?? []), path]);
    } else if (Array.isArray(value)) value.forEach((v, i) => stack.push({ value: v, path: [...path, i] }));
    else if (isRecord(value)) for (const [k, v] of Object.entries(value)) stack.push({ value: v, path: [...path, k] });
  }
  return out;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The value at `path` in a parsed JSON document, or undefined. */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let node = root;
  for (const step of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string | number, unknown>)[step];
  }
  return node;
}

/**
 * The answers a pipeline's config.json holds for the template's questions: each question whose placeholder is a whole
 * JSON value, read at its path when the value there has an answer's shape. A yes/no question with no place of its own
 * that only gates others (`add_notification_email` gating `notification_email`) is answered by whether any question it
 * gates was found. What the config does not hold is left out: the caller takes it from the answers record or the
 * default.
 */
export function answersFromConfig(template: TemplateSource, config: unknown): Answers {
  const found: Answers = {};
  const shape = configShape(template);
  for (const [key, paths] of allPlaceholderPaths(shape)) {
    const path = paths[0]!;
    const value = isSpreadPath(path) ? spreadEntries(config, shape, path) : asAnswer(valueAt(config, path));
    if (value !== undefined) found[key] = value;
  }
  for (const q of template.manifest.questions) {
    if (q.type !== 'confirm' || q.key in found) continue;
    const gated = template.manifest.questions.filter((d) => d.when?.key === q.key && d.when.equals === true);
    if (gated.length > 0) found[q.key] = gated.some((d) => d.key in found);
  }
  return found;
}

function asAnswer(value: unknown): AnswerValue | undefined {
  if (typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return value;
  if (!Array.isArray(value)) return undefined;
  if (value.every((v) => typeof v === 'string')) return value as string[];
  if (value.every(isRecord)) return value as Record<string, unknown>[];
  return undefined;
}
