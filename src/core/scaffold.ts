import {
  answerText,
  builtinAnswers,
  expandDefault,
  isAsked,
  validateAnswer,
  type AnswerValue,
  type Answers,
  type Question,
  type StepAnswer,
  type TemplateManifest,
} from './template-manifest.js';

export interface TemplateSource {
  readonly id: string;
  readonly manifest: TemplateManifest;
  /** Files under the template's `files/` folder, by path relative to it. */
  readonly files: ReadonlyMap<string, string>;
  /** The step stub's text when the manifest names one. */
  readonly stepStub?: string;
}

export interface AnswerProblem {
  readonly key: string;
  readonly message: string;
}

export interface ResolvedAnswers {
  readonly answers: Answers;
  readonly missing: readonly Question[];
  readonly invalid: readonly AnswerProblem[];
}

/**
 * Combine given answers with defaults. With `acceptDefaults` (the user passed
 * --yes), unanswered questions take their default; without it they are listed
 * as missing, never filled in silently. Questions whose `when` is false are skipped.
 */
export function resolveAnswers(
  manifest: TemplateManifest,
  name: string,
  given: Readonly<Answers>,
  acceptDefaults: boolean,
): ResolvedAnswers {
  const builtins = builtinAnswers(name);
  const answers: Answers = { ...builtins };
  const missing: Question[] = [];
  const invalid: AnswerProblem[] = [];
  const known = new Set(manifest.questions.map((q) => q.key));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) invalid.push({ key, message: `this template has no question "${key}"; it asks: ${[...known].join(', ')}` });
  }
  for (const q of manifest.questions) {
    if (!isAsked(q, answers)) {
      if (given[q.key] !== undefined) {
        const w = q.when!;
        const condition = w.in ? `is one of ${w.in.join(', ')}` : `is ${String(w.equals)}`;
        invalid.push({ key: q.key, message: `is only asked when ${w.key} ${condition}; set ${w.key} too, or drop this answer` });
      }
      continue;
    }
    let value: AnswerValue | undefined = given[q.key];
    if (value === undefined) {
      if (!acceptDefaults) missing.push(q);
      value = expandDefault(q.default, builtins);
    }
    const problem = validateAnswer(q, value);
    if (problem) invalid.push({ key: q.key, message: problem });
    answers[q.key] = value;
  }
  return { answers, missing, invalid };
}

/**
 * The files of a new pipeline folder, by relative path. `config.json` has its
 * `"{{key}}"` placeholders replaced structurally (a whole-string placeholder
 * takes the answer's type; an unanswered one removes its key), so no answer
 * can break the JSON. Markdown files get plain text substitution. Step files
 * the user removed are left out; steps the user added get the stub.
 */
export function renderTemplate(template: TemplateSource, answers: Readonly<Answers>): Map<string, string> {
  const out = new Map<string, string>();
  const stepsQuestion = template.manifest.questions.find((q) => q.type === 'steps');
  const steps = stepsQuestion ? normalizeSteps(answers[stepsQuestion.key]) : undefined;
  const stepAnswers = { ...answers, ...(stepsQuestion && steps ? { [stepsQuestion.key]: steps as unknown as AnswerValue } : {}) };
  const defaultStepFiles = new Set(stepsQuestion ? stepFilesOf(stepsQuestion.default) : []);
  const usedStepFiles = new Set(steps ? stepFiles(steps) : []);

  for (const [path, text] of template.files) {
    if (defaultStepFiles.has(path) && !usedStepFiles.has(path)) continue;
    if (path === 'config.json') {
      const filled = fillPlaceholders(JSON.parse(text) as unknown, stepAnswers);
      out.set(path, `${JSON.stringify(filled, null, 2)}\n`);
    } else if (path.endsWith('.md')) {
      out.set(path, fillText(text, answers));
    } else out.set(path, text);
  }
  for (const step of steps ?? []) {
    const file = step.sql_file ?? step.notebook;
    if (!file || out.has(file)) continue;
    const stub = file.endsWith('.py') ? NOTEBOOK_STUB : template.stepStub;
    if (stub !== undefined) out.set(file, fillText(stub, { ...answers, step: step.step, stage: step.stage }));
  }
  return out;
}

function normalizeSteps(value: AnswerValue | undefined): StepAnswer[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return (value as unknown as StepAnswer[]).map((s) => ({
    ...s,
    ...(s.sql_file === undefined && s.notebook === undefined ? { sql_file: `sql/${s.step}.sql` } : {}),
  }));
}

/** The files the steps of a steps answer run, as rendering names them (a step without a file: sql/<step>.sql). */
export function stepFilesOf(value: AnswerValue | undefined): string[] {
  return stepFiles(normalizeSteps(value) ?? []);
}

function stepFiles(steps: readonly StepAnswer[]): string[] {
  return steps.flatMap((s) => [s.sql_file, s.notebook].filter((f): f is string => typeof f === 'string'));
}

/** A notebook step added by the user; the SQL stub is for SQL steps. */
const NOTEBOOK_STUB = `# Databricks notebook source
# Step {{step}} of {{name}}: runs on the job cluster with the widgets catalog,
# bronze_schema, silver_schema and gold_schema set by the job.

# COMMAND ----------

catalog = dbutils.widgets.get("catalog")  # noqa: F821 - provided by Databricks
silver_schema = dbutils.widgets.get("silver_schema")  # noqa: F821

# TODO: write what step {{step}} does.
print(f"{{step}}: nothing to do yet in {catalog}.{silver_schema}")
`;

/** A placeholder that is a whole JSON string: it takes the answer's type. */
export const WHOLE_PLACEHOLDER = /^\{\{(\w+)\}\}$/;
/**
 * The key of a spread in a template's config.json: `"...": "{{key}}"` puts the entries of a `parameters` answer
 * into the object around it, after the keys before it (`"parameters": {"bronze_table": "{{bronze_table}}", "...":
 * "{{extra_parameters}}"}`); nothing when the question is not asked.
 */
export const SPREAD_KEY = '...';
const ANY = /\{\{(\w+)\}\}/g;

/**
 * Replace placeholders in a parsed config.json, depth first with an explicit
 * stack of work (the template is input we do not control, so no recursion).
 * Each container's result is finished after its children, in their order.
 */
function fillPlaceholders(root: unknown, answers: Readonly<Answers>): unknown {
  let result: unknown;
  const work: (() => void)[] = [];
  const visit = (value: unknown, put: (filled: unknown) => void): void => {
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      work.push(() => put(out));
      for (let i = value.length - 1; i >= 0; i--) work.push(() => visit(value[i], (v) => v !== undefined && out.push(v)));
    } else if (value && typeof value === 'object') {
      const entries = Object.entries(value);
      const out = new Map<string, unknown>();
      // An object emptied by unanswered placeholders goes too (e.g. a schedule not asked for).
      work.push(() => put(entries.length > 0 && out.size === 0 ? undefined : Object.fromEntries(out)));
      for (let i = entries.length - 1; i >= 0; i--) {
        const [k, v] = entries[i]!;
        if (k === SPREAD_KEY) work.push(() => Object.entries(spreadAnswer(v, answers)).forEach(([ek, ev]) => out.set(ek, ev)));
        else work.push(() => visit(v, (filled) => filled !== undefined && out.set(k, filled)));
      }
    } else put(typeof value === 'string' ? fillString(value, answers) : value);
  };
  // The file itself stays, as {}, when every one of its keys went.
  visit(root, (v) => (result = v === undefined ? {} : v));
  while (work.length > 0) work.pop()!();
  return result;
}

/** The entries a spread adds: its answer when that is a parameters answer, else none. */
function spreadAnswer(value: unknown, answers: Readonly<Answers>): Record<string, unknown> {
  const key = typeof value === 'string' ? WHOLE_PLACEHOLDER.exec(value)?.[1] : undefined;
  const answer = key === undefined ? undefined : answers[key];
  return answer !== undefined && typeof answer === 'object' && !Array.isArray(answer) ? answer : {};
}

function fillString(value: string, answers: Readonly<Answers>): unknown {
  const whole = WHOLE_PLACEHOLDER.exec(value);
  if (whole) return answers[whole[1]!];
  return value.replace(ANY, (m, k: string) => (answers[k] === undefined ? m : String(answers[k])));
}

/** `\{{` writes a literal `{{`: how a template file shows the {{name}} a SQL file task fills in. */
const ANY_OR_ESCAPED = /\\?\{\{(\w+)\}\}/g;

function fillText(text: string, answers: Readonly<Answers>): string {
  return text.replace(ANY_OR_ESCAPED, (m, k: string) => {
    if (m.startsWith('\\')) return m.slice(1);
    const v = answers[k];
    return v === undefined ? m : answerText(v);
  });
}
