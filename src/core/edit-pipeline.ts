/**
 * `edit <pipeline>`, the pure part: which answers a pipeline holds now (its config.json, then its answers record,
 * then the template's defaults), and what changes when new answers are applied. The answers land in the pipeline's
 * own config.json at their placeholder paths, so every key the questions do not cover (a cluster override, an
 * extra parameter, a `$comment`) and the user's key order stay; databricks.yml is regenerated from the result.
 * Notebooks and SQL files that exist are never written; a step added without a file gets the template's stub. The
 * wizard's preview and `edit --yes` share `planEdit`, so both write the same bytes for the same answers.
 */
import { ANSWERS_FILE, answersRecordFor, renderAnswersRecord, type AnswersRecord } from './answers-record.js';
import { BUNDLE_FILE, buildPipeline, orderedPipelineFiles, type BuiltPipeline } from './assemble-pipeline.js';
import { allPlaceholderPaths, answersFromConfig, configShape, isRecord, isSpreadPath, spreadOwnKeys, valueAt, type JsonPath } from './config-answers.js';
import type { EnvConfigs } from './env-config.js';
import { ConfigError } from './errors.js';
import { renderTemplate, resolveAnswers, stepFilesOf, type ResolvedAnswers, type TemplateSource } from './scaffold.js';
import { builtinAnswers, type Answers, type AnswerValue } from './template-manifest.js';

export const CONFIG_FILE = 'config.json';

/** A pipeline as `edit` finds it: the template it is edited with, and its files on disk. */
export interface EditSource {
  readonly name: string;
  readonly template: TemplateSource;
  /** config.json as on disk. */
  readonly configText: string;
  /** The answers record when the pipeline has one. */
  readonly record?: AnswersRecord;
  /** A file of the pipeline folder by relative path; undefined when there is none. */
  readonly readFile: (rel: string) => string | undefined;
}

export interface FileChange {
  readonly path: string;
  readonly status: 'added' | 'changed';
}

export interface EditPlan {
  /** The files to write, by path relative to the pipeline folder: only those that change. */
  readonly files: ReadonlyMap<string, string>;
  /** The same, in review order (the bundle first). Empty: the edit changes nothing. */
  readonly changes: readonly FileChange[];
  /** Step files that exist and that no step uses any more: left in place, listed. */
  readonly unused: readonly string[];
  readonly built: BuiltPipeline;
  /** The answers of the questions asked, as written. */
  readonly answers: Answers;
}

/** Answers with defaults, where a prefilled answer whose question is no longer asked is dropped (not an error). */
export function resolveEditAnswers(template: TemplateSource, name: string, prefill: Readonly<Answers>, given: Readonly<Answers>): ResolvedAnswers {
  const first = resolveAnswers(template.manifest, name, { ...prefill, ...given }, true);
  const kept = Object.fromEntries(Object.entries(prefill).filter(([k]) => k in first.answers));
  return resolveAnswers(template.manifest, name, { ...kept, ...given }, true);
}

/** Only the answers of the template's questions (no built-ins), in the manifest's order. */
export function questionAnswers(template: TemplateSource, answers: Readonly<Answers>): Answers {
  return Object.fromEntries(template.manifest.questions.filter((q) => answers[q.key] !== undefined).map((q) => [q.key, answers[q.key]!]));
}

/** What the pipeline answers now: its config.json first, then its answers record, then the template's defaults. */
export function editPrefill(source: Pick<EditSource, 'name' | 'template' | 'record'>, config: unknown): Answers {
  const { template, record } = source;
  const known = new Set(template.manifest.questions.map((q) => q.key));
  const recorded = record && record.template === template.id ? Object.entries(record.answers).filter(([k]) => known.has(k)) : [];
  const given = { ...Object.fromEntries(recorded), ...answersFromConfig(template, config) };
  return questionAnswers(template, resolveEditAnswers(template, source.name, given, {}).answers);
}

/**
 * The files `answers` (those of the questions asked) change, from the pipeline as it is. An answer is written at
 * each of its placeholder paths when it differs from `before` (the prefill) or its question is newly asked; a
 * question no longer asked removes its keys. Throws ConfigError when the result is not a valid pipeline.
 */
export function planEdit(source: EditSource, before: Readonly<Answers>, answers: Readonly<Answers>, envs: EnvConfigs): EditPlan {
  const { template, name } = source;
  const rendered = renderTemplate(template, { ...builtinAnswers(name), ...answers });
  const configText = applyAnswers(source, before, answers, JSON.parse(rendered.get(CONFIG_FILE) ?? '{}') as unknown);
  const stepsKey = template.manifest.questions.find((q) => q.type === 'steps')?.key;
  const newFiles = stepsKey ? stepFilesOf(answers[stepsKey]) : [];
  const stubs = new Map<string, string>();
  for (const file of newFiles) {
    const text = rendered.get(file);
    if (text !== undefined && source.readFile(file) === undefined) stubs.set(file, text);
  }
  const built = buildPipeline({ name, configText, readFile: (rel) => stubs.get(rel) ?? source.readFile(rel) }, envs);
  if (built.issues.length > 0) throw new ConfigError(built.issues);
  const files = new Map<string, string>([[CONFIG_FILE, configText], [BUNDLE_FILE, built.yaml], ...stubs]);
  // The record follows the answers when one changes; an edit that changes nothing leaves it as it is.
  if (source.record && template.manifest.questions.some((q) => !sameAnswer(before[q.key], answers[q.key]))) {
    const record = { ...answersRecordFor(template.id, template.manifest, answers), template_version: source.record.template_version };
    files.set(ANSWERS_FILE, renderAnswersRecord(record));
  }
  for (const [path, text] of files) if (source.readFile(path) === text) files.delete(path);
  const changes = orderedPipelineFiles(files.keys()).map((path) => ({ path, status: source.readFile(path) === undefined ? 'added' : 'changed' }) as const);
  const used = new Set(newFiles);
  const unused = stepsKey ? stepFilesOf(before[stepsKey]).filter((f) => !used.has(f) && source.readFile(f) !== undefined) : [];
  return { files, changes, unused: [...new Set(unused)], built, answers: { ...answers } };
}

/** The config text with the changed answers applied; the text as it was when nothing changed. */
function applyAnswers(source: EditSource, before: Readonly<Answers>, answers: Readonly<Answers>, rendered: unknown): string {
  const { template } = source;
  const original = JSON.parse(source.configText) as unknown;
  const shape = configShape(template);
  const paths = allPlaceholderPaths(shape);
  let config = original;
  for (const q of template.manifest.questions) {
    const was = before[q.key];
    const now = answers[q.key];
    for (const path of paths.get(q.key) ?? []) {
      if (isSpreadPath(path)) config = applySpread(config, path, was, now, shape);
      else if (now !== undefined && (was === undefined || !sameAnswer(was, now))) {
        const value = valueAt(rendered, path);
        if (value !== undefined) config = setAt(config, path, value, shape);
      } else if (now === undefined && was !== undefined) config = removeAt(config, path) ?? {};
    }
  }
  return JSON.stringify(config) === JSON.stringify(original) ? source.configText : `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * The object around a spread (`"...": "{{key}}"`) with the entries the answer had replaced by those it has now; the
 * keys the template names there itself stay. An object left empty goes, as rendering drops it.
 */
function applySpread(config: unknown, path: JsonPath, was: AnswerValue | undefined, now: AnswerValue | undefined, shape: unknown): unknown {
  if (sameAnswer(was, now)) return config;
  const parentPath = path.slice(0, -1);
  const own = spreadOwnKeys(shape, path);
  const current = valueAt(config, parentPath);
  const old = entriesOf(was);
  const kept = Object.entries(isRecord(current) ? current : {}).filter(([k]) => own.has(k) || !Object.hasOwn(old, k));
  const next = { ...Object.fromEntries(kept), ...entriesOf(now) };
  return Object.keys(next).length > 0 ? setAt(config, parentPath, next, shape) : (removeAt(config, parentPath) ?? {});
}

function entriesOf(answer: AnswerValue | undefined): Record<string, unknown> {
  return isRecord(answer) ? answer : {};
}

/** Whether two answers are the same (a question not asked: undefined). */
export function sameAnswer(a: AnswerValue | undefined, b: AnswerValue | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * `root` with `value` at `path`, missing objects created. A new key goes after the nearest key before it in the
 * template's order (`shape`) that the object has, so a schedule added to a config lands where the template puts it.
 * A path through an array element the config does not have is left alone.
 */
export function setAt(root: unknown, path: JsonPath, value: unknown, shape: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path as [string | number, ...JsonPath];
  const shapeChild = valueAt(shape, [head]);
  if (typeof head === 'number') {
    if (!Array.isArray(root) || head >= root.length) return root;
    return root.map((v, i) => (i === head ? setAt(v, rest, value, shapeChild) : v));
  }
  const obj = isRecord(root) ? root : {};
  const child = setAt(Object.hasOwn(obj, head) ? obj[head] : undefined, rest, value, shapeChild);
  return withKey(obj, head, child, isRecord(shape) ? Object.keys(shape) : []);
}

function withKey(obj: Record<string, unknown>, key: string, value: unknown, order: readonly string[]): Record<string, unknown> {
  const entries = Object.entries(obj);
  const at = entries.findIndex(([k]) => k === key);
  if (at >= 0) entries[at] = [key, value];
  else {
    const i = order.indexOf(key);
    const before = order.slice(0, Math.max(0, i)).reverse().find((k) => Object.hasOwn(obj, k));
    const after = order.slice(i + 1).find((k) => Object.hasOwn(obj, k));
    const index = before !== undefined ? entries.findIndex(([k]) => k === before) + 1 : after !== undefined ? entries.findIndex(([k]) => k === after) : entries.length;
    entries.splice(i < 0 ? entries.length : index, 0, [key, value]);
  }
  return Object.fromEntries(entries);
}

/** `root` without the key at `path`; an object that removal empties goes too (as rendering drops it). Undefined: nothing left. */
export function removeAt(root: unknown, path: JsonPath): unknown {
  if (path.length === 0) return undefined;
  const [head, ...rest] = path as [string | number, ...JsonPath];
  if (typeof head === 'number') {
    if (!Array.isArray(root) || head >= root.length) return root;
    // An element is never dropped: the indexes of the other placeholders would move.
    return root.map((v, i) => (i === head ? (removeAt(v, rest) ?? {}) : v));
  }
  if (!isRecord(root) || !Object.hasOwn(root, head)) return root;
  const child = removeAt(root[head], rest);
  const entries = Object.entries(root).flatMap(([k, v]): [string, unknown][] => (k !== head ? [[k, v]] : child === undefined ? [] : [[k, child]]));
  return entries.length === 0 ? undefined : Object.fromEntries(entries);
}
