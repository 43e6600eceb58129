import type { EnvConfigs } from '../../core/env-config.js';
import { deploymentSummary } from '../../core/deployment-summary.js';
import { ConfigError, type ConfigIssue } from '../../core/errors.js';
import { resolveAnswers, type TemplateSource } from '../../core/scaffold.js';
import type { Answers } from '../../core/template-manifest.js';
import { BUNDLE_FILE, orderedPipelineFiles, preparePipeline } from '../../core/assemble-pipeline.js';
import { planEdit, questionAnswers, resolveEditAnswers, type EditSource, type FileChange } from '../../core/edit-pipeline.js';
import { changedLines, diffView, type DiffMark } from './line-diff.js';
import { indexPlaceholders, questionKeyForIssue, type PlaceholderIndex } from './problem-keys.js';

/** What the preview is asked to show: a template filled with the answers so far. */
export interface PreviewRequest {
  readonly template: TemplateSource;
  readonly name: string;
  /** Answers given so far, including the one being typed; the rest take their defaults. */
  readonly given: Answers;
  readonly env: string;
  /** Text of the current answer, to bring its line into view. */
  readonly focus?: string;
  /** Bring the env's target block into view instead. */
  readonly focusTarget?: boolean;
}

export type ProblemsByKey = Readonly<Record<string, readonly string[]>>;

/** The expensive part, memoized per answers snapshot. */
export interface PreparedPreview {
  /** The exact databricks.yml lines preparePipeline would write; undefined when the answers make no valid pipeline. */
  readonly yamlLines?: readonly string[];
  readonly files: readonly string[];
  /** Problems by question key; '' holds those no single question causes. */
  readonly problemsByKey: ProblemsByKey;
  /** Every answer with defaults filled in, as they would be written. */
  readonly answers: Answers;
  /** Per env, one line on what the CLI will deploy (name prefix, paused triggers, whose data, run as). */
  readonly deployments?: Readonly<Record<string, string>>;
  /** An edit: databricks.yml on disk (the diff's left side), the files that change, the step files left unused. */
  readonly baseLines?: readonly string[];
  readonly changes?: readonly FileChange[];
  readonly unused?: readonly string[];
}

/** For an edit: the pipeline as it is, and the answers it has (what the changes are measured from). */
export interface EditBase {
  readonly source: EditSource;
  readonly before: Answers;
}

export interface PreviewModel extends PreparedPreview {
  readonly yamlLines: readonly string[];
  readonly changedLines: readonly number[];
  /** True when problems stop the file: the lines are the last ones that could be built. */
  readonly stale: boolean;
  readonly env: string;
  /** Lines of `targets.<env>` (end exclusive). */
  readonly target?: { readonly start: number; readonly end: number };
  readonly focusLine?: number;
  /** An edit: each line against the file on disk, and how many were added and removed. */
  readonly marks?: readonly DiffMark[];
  /** With marks: each line's number in the new file (none for a removed line). */
  readonly lineNumbers?: readonly (number | undefined)[];
  readonly diffCounts?: { readonly added: number; readonly removed: number };
}

const indexes = new WeakMap<TemplateSource, PlaceholderIndex>();

export function preparePreview(request: PreviewRequest, envs: EnvConfigs, edit?: EditBase): PreparedPreview {
  const { template, name } = request;
  // An edit starts from every answer the pipeline has: one whose question a change stops asking is dropped, not a problem.
  const resolved = edit ? resolveEditAnswers(template, name, request.given, {}) : resolveAnswers(template.manifest, name, request.given, true);
  const problems: Record<string, string[]> = {};
  const add = (key: string, message: string) => (problems[key] ??= []).push(message);
  for (const p of resolved.invalid) add(p.key, p.message);
  const asked = new Set(template.manifest.questions.filter((q) => q.key in resolved.answers).map((q) => q.key));
  const answers = Object.fromEntries(Object.entries(resolved.answers).filter(([k]) => asked.has(k)));
  try {
    if (edit) return editPreview(edit, questionAnswers(template, resolved.answers), envs, problems);
    const prepared = preparePipeline(template, name, resolved.answers, envs);
    const yaml = prepared.files.get(BUNDLE_FILE) ?? '';
    const bundle = prepared.built.bundle;
    const deployments = Object.fromEntries(Object.keys(bundle.targets).map((env) => [env, deploymentSummary(bundle, env)]));
    return { yamlLines: splitLines(yaml), files: orderedPipelineFiles(prepared.files.keys()), problemsByKey: problems, answers, deployments };
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    let index = indexes.get(template);
    if (!index) indexes.set(template, (index = indexPlaceholders(template.files.get('config.json') ?? '')));
    const stepsKey = template.manifest.questions.find((q) => q.type === 'steps')?.key;
    const ctx = { index, dir: `pipelines/${name}`, asked, ...(stepsKey ? { stepsKey } : {}) };
    const issues: readonly ConfigIssue[] = error instanceof ConfigError ? error.issues : [{ file: '', path: '', message: error.message }];
    for (const issue of issues) {
      const key = questionKeyForIssue(ctx, issue);
      // A bad answer already has its own message; the config's wording of the same problem adds nothing.
      if (key !== '' && problems[key]) continue;
      add(key, key === '' && issue.path ? `${issue.path}: ${issue.message}` : issue.message);
    }
    return { files: [], problemsByKey: problems, answers };
  }
}

function editPreview(edit: EditBase, answers: Answers, envs: EnvConfigs, problems: Record<string, string[]>): PreparedPreview {
  const plan = planEdit(edit.source, edit.before, answers, envs);
  const bundle = plan.built.bundle;
  const deployments = Object.fromEntries(Object.keys(bundle.targets).map((env) => [env, deploymentSummary(bundle, env)]));
  const base = edit.source.readFile(BUNDLE_FILE);
  return {
    yamlLines: splitLines(plan.built.yaml),
    files: plan.changes.map((c) => c.path),
    problemsByKey: problems,
    answers,
    deployments,
    baseLines: base === undefined ? [] : splitLines(base),
    changes: plan.changes,
    unused: plan.unused,
  };
}

/** The lines drawn: the file, or for an edit the file with the lines removed from the one on disk in their place. */
function shownLines(prepared: PreparedPreview, previous?: PreviewModel): Pick<PreviewModel, 'yamlLines' | 'marks' | 'lineNumbers' | 'diffCounts'> {
  if (prepared.yamlLines === undefined) {
    const { marks, lineNumbers, diffCounts } = previous ?? {};
    return { yamlLines: previous?.yamlLines ?? [], ...(marks && lineNumbers && diffCounts ? { marks, lineNumbers, diffCounts } : {}) };
  }
  if (prepared.baseLines === undefined) return { yamlLines: prepared.yamlLines };
  const view = diffView(prepared.baseLines, prepared.yamlLines);
  return { yamlLines: view.lines, marks: view.marks, lineNumbers: view.numbers, diffCounts: { added: view.added, removed: view.removed } };
}

/** The model the view draws: the prepared file, what changed since `previous`, and where the env's target is. */
export function previewModel(prepared: PreparedPreview, request: PreviewRequest, previous?: PreviewModel): PreviewModel {
  const stale = prepared.yamlLines === undefined;
  const shown = shownLines(prepared, previous);
  const yamlLines = shown.yamlLines;
  // Nothing is "changed" in the first file shown.
  const changed = previous && previous.yamlLines.length > 0 && !stale ? changedLines(previous.yamlLines, yamlLines) : [];
  const target = targetBlock(yamlLines, request.env);
  const focusLine = request.focusTarget
    ? (target?.start ?? -1)
    : request.focus && request.focus.length >= 2
      ? yamlLines.findIndex((l) => l.includes(request.focus!))
      : -1;
  return {
    ...prepared,
    files: stale && previous ? previous.files : prepared.files,
    ...(stale && previous?.deployments ? { deployments: previous.deployments } : {}),
    ...(stale && previous?.changes ? { changes: previous.changes, unused: previous.unused ?? [] } : {}),
    ...shown,
    changedLines: changed,
    stale,
    env: request.env,
    ...(target ? { target } : {}),
    ...(focusLine >= 0 ? { focusLine } : {}),
  };
}

/** `targets.<env>` of a rendered bundle, as a line range. */
export function targetBlock(lines: readonly string[], env: string): { start: number; end: number } | undefined {
  const top = lines.indexOf('targets:');
  if (top < 0) return undefined;
  const header = `  ${env}:`;
  let start = -1;
  for (let i = top + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (start < 0) {
      if (line === header) start = i;
      else if (/^\S/.test(line)) return undefined;
    } else if (/^ {0,2}\S/.test(line)) return { start, end: i };
  }
  return start < 0 ? undefined : { start, end: lines.length };
}

function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

export interface Previewer {
  prepare(request: PreviewRequest): PreparedPreview;
  model(request: PreviewRequest, previous?: PreviewModel): PreviewModel;
}

/** What the prepared file depends on: template, name and answers (not the env or the focus). */
export function answersKey(request: PreviewRequest): string {
  return `${request.template.id}\u0000${request.name}\u0000${JSON.stringify(request.given)}`;
}

/** preparePipeline memoized per answers snapshot (least recently used first out). */
export function createPreviewer(envs: EnvConfigs, cacheSize = 64, edit?: EditBase): Previewer {
  const cache = new Map<string, PreparedPreview>();
  const prepare = (request: PreviewRequest): PreparedPreview => {
    const key = answersKey(request);
    let hit = cache.get(key);
    if (hit) cache.delete(key);
    else hit = preparePreview(request, envs, edit);
    cache.set(key, hit);
    if (cache.size > cacheSize) cache.delete(cache.keys().next().value!);
    return hit;
  };
  return { prepare, model: (request, previous) => previewModel(prepare(request), request, previous) };
}
