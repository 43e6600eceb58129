import * as z from 'zod';
import { quartzCronProblem, timeZoneProblem, timeZoneSpelling } from './schedule-rules.js';
import { boundedTest, compilePattern } from './bounded-regex.js';
import { KEY_PATTERN, RESERVED_PARAMETER } from './names.js';
import { credentialKind, hasLoneSurrogate } from './text-rules.js';

/**
 * `templates/<id>/template.yml`: a template's questions as data. The wizard and
 * the non-interactive `new` both read it; nothing about a template lives in code.
 */
export const answerValue = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.array(z.record(z.string(), z.unknown())),
  // A `parameters` question: job parameters by name.
  z.record(z.string(), z.string()),
]);

export const questionSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9_]*$/, 'a question key in snake_case'),
  prompt: z.string().min(1),
  help: z.string().min(1).describe('Why it is asked, and an example'),
  type: z.enum(['text', 'select', 'confirm', 'list', 'integer', 'cron', 'timezone', 'steps', 'parameters']),
  default: answerValue,
  pattern: z
    .string()
    .max(1000)
    .refine((p) => !('error' in compilePattern(p)), { error: (issue) => `is not a valid regular expression: ${(compilePattern(String(issue.input)) as { error: string }).error}` })
    .optional(),
  pattern_message: z.string().optional(),
  choices: z.array(z.strictObject({ value: z.string(), label: z.string() })).optional(),
  min: z.int().optional(),
  max: z.int().optional(),
  when: z
    .strictObject({
      key: z.string(),
      equals: z.union([z.string(), z.boolean(), z.number()]).optional(),
      in: z.array(z.union([z.string(), z.boolean(), z.number()])).optional(),
    })
    .refine((w) => (w.equals === undefined) !== (w.in === undefined), 'give exactly one of "equals" or "in"')
    .optional()
    .describe('Ask only when an earlier answer equals a value (or is one of several)'),
});

export const templateManifestSchema = z.strictObject({
  title: z.string().min(1),
  description: z.string().min(1).describe('One line shown when choosing a template'),
  version: z
    .int()
    .min(1)
    .default(1)
    .describe('Bump by one whenever a change to the questions or files/ should reach existing pipelines through `loyalty-wizard upgrade`'),
  pipeline_type: z.enum(['streaming_to_delta', 'streaming_to_postgres', 'batch_sql']),
  questions: z.array(questionSchema),
  /** For steps added beyond the template's own files: a file to copy per step, `{{step}}` filled in. */
  step_stub: z.string().optional(),
});

export type Question = z.output<typeof questionSchema>;
export type TemplateManifest = z.output<typeof templateManifestSchema>;
export type AnswerValue = z.output<typeof answerValue>;
export type Answers = Record<string, AnswerValue>;

/** An answer as text: lists comma-separated (steps as JSON), parameters as `name=value, …`, the rest as they print. */
export function answerText(value: AnswerValue): string {
  if (Array.isArray(value)) return value.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
  if (typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k}=${v}`).join(', ');
  return String(value);
}

/** Job parameters one `parameters` question may add: far more than a job needs, few enough to read. */
export const MAX_PARAMETERS = 50;
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;
const PARAMETERS_EXAMPLE = 'e.g. lookback_days=7, region=eu';

/** `name=value, name=value` as parameters by name, or what is wrong with the text. */
function parseParameters(raw: string): { value: Record<string, string> } | { error: string } {
  const value = new Map<string, string>();
  const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length > MAX_PARAMETERS) return { error: `at most ${MAX_PARAMETERS} parameters` };
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) return { error: `"${item.slice(0, 100)}" is not name=value; separate parameters with commas, ${PARAMETERS_EXAMPLE}` };
    const name = item.slice(0, eq).trim();
    if (value.has(name)) return { error: `${name.slice(0, 100)} is given twice` };
    value.set(name, item.slice(eq + 1).trim());
  }
  return { value: Object.fromEntries(value) };
}

function isParameterMap(value: AnswerValue): value is Record<string, string> {
  return typeof value === 'object' && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function validateParameters(question: Question, value: AnswerValue): string | undefined {
  if (!isParameterMap(value)) return `expected name=value pairs, ${PARAMETERS_EXAMPLE} (in an answers file: a mapping of names to quoted text)`;
  const entries = Object.entries(value);
  if (entries.length > MAX_PARAMETERS) return `at most ${MAX_PARAMETERS} parameters`;
  for (const [name, v] of entries) {
    if (!PARAMETER_NAME.test(name) || name.startsWith('__')) return `"${name.slice(0, 100)}" is not a parameter name: a letter or one "_", then letters, digits and "_"`;
    if (RESERVED_PARAMETER.test(name)) return `${name} is a parameter loyalty-wizard sets itself; choose another name`;
    if (/[,\r\n]/.test(v)) return `the value of ${name} holds a comma or a line break, which a parameter given here cannot`;
    const problem = textProblem(v) ?? patternProblem(question, `${name}=${v}`, question.pattern_message ?? 'invalid parameter');
    if (problem) return `${name}: ${problem}`;
  }
  return undefined;
}

export interface StepAnswer {
  step: string;
  stage: number;
  sql_file?: string;
  notebook?: string;
  depends_on?: string[];
  layer?: string;
  description?: string;
}

/** Built-in answers every template can use, derived from the pipeline name. */
export function builtinAnswers(name: string): Answers {
  return { name, name_title: titleCase(name) };
}

/** Words a display name keeps upper-case (`orders_etl` → "Orders ETL"), as data teams write them. */
const ACRONYMS = new Set([
  'ai', 'api', 'aws', 'bi', 'cdc', 'crm', 'csv', 'db', 'dwh', 'elt', 'erp', 'etl', 'gcp', 'gdpr', 'http', 'id', 'json',
  'kpi', 'ml', 'pii', 'pos', 's3', 'sftp', 'sku', 'sla', 'sql', 'ui', 'url', 'utc', 'xml',
]);

export function titleCase(name: string): string {
  return name
    .split('_')
    .filter(Boolean)
    .map((w) => (ACRONYMS.has(w.toLowerCase()) ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1)))
    .join(' ');
}

/** Fill `{{key}}` in a default with built-in answers. */
export function expandDefault(value: AnswerValue, builtins: Answers): AnswerValue {
  const expand = (s: string) => s.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (k in builtins ? String(builtins[k]) : m));
  if (typeof value === 'string') return expand(value);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return (value as string[]).map(expand);
  return value;
}

export function isAsked(question: Question, answers: Answers): boolean {
  const when = question.when;
  if (!when) return true;
  const answer = answers[when.key];
  if (when.in) return when.in.some((v) => v === answer);
  return answer === when.equals;
}

/** Turn a `--set key=value` string into the question's type; error text when it can't. */
export function coerceAnswer(question: Question, raw: string): { value: AnswerValue } | { error: string } {
  switch (question.type) {
    case 'confirm': {
      const v = raw.trim().toLowerCase();
      if (['true', 'yes', 'y', '1'].includes(v)) return { value: true };
      if (['false', 'no', 'n', '0'].includes(v)) return { value: false };
      return { error: 'expected yes or no' };
    }
    case 'integer':
      return /^-?\d+$/.test(raw.trim()) ? { value: Number(raw.trim()) } : { error: 'expected a whole number' };
    case 'list':
      return { value: raw.split(',').map((s) => s.trim()).filter(Boolean) };
    case 'steps':
      try {
        return { value: JSON.parse(raw) as AnswerValue };
      } catch {
        return { error: 'expected a JSON array of steps, e.g. [{"step":"clean","stage":1,"sql_file":"sql/clean.sql"}]' };
      }
    case 'timezone':
      return { value: timeZoneSpelling(raw) };
    case 'parameters':
      return parseParameters(raw);
    default:
      return { value: raw };
  }
}

/** The problem with an answer, or undefined when it is acceptable. */
export function validateAnswer(question: Question, value: AnswerValue): string | undefined {
  switch (question.type) {
    case 'confirm':
      return typeof value === 'boolean' ? undefined : 'expected yes or no';
    case 'integer': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return 'expected a whole number';
      if (question.min !== undefined && value < question.min) return `must be at least ${question.min}`;
      if (question.max !== undefined && value > question.max) return `must be at most ${question.max}`;
      return undefined;
    }
    case 'select': {
      const allowed = (question.choices ?? []).map((c) => c.value);
      return typeof value === 'string' && allowed.includes(value) ? undefined : `expected one of ${allowed.join(', ')}`;
    }
    case 'list': {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) return 'expected a comma-separated list';
      if (value.length === 0) return 'needs at least one item';
      for (const item of value as string[]) {
        const problem = textProblem(item) ?? patternProblem(question, item, `"${item}": ${question.pattern_message ?? 'invalid item'}`);
        if (problem) return problem;
      }
      return undefined;
    }
    case 'cron':
      return typeof value === 'string' ? quartzCronProblem(value) : 'a Quartz cron expression, e.g. "0 0 2 * * ?"';
    case 'timezone':
      return typeof value === 'string' ? timeZoneProblem(value) : 'an IANA time zone, e.g. Europe/Amsterdam or UTC';
    case 'steps':
      return validateSteps(value);
    case 'parameters':
      return validateParameters(question, value);
    default:
      if (typeof value !== 'string') return 'expected text';
      return textProblem(value) ?? patternProblem(question, value, question.pattern_message ?? `must match ${question.pattern ?? ''}`);
  }
}

/** Answers are short by nature; a longer one is refused before any pattern sees it. */
export const MAX_ANSWER_CHARS = 10_000;

function matches(question: Question, value: string): boolean | 'too slow' {
  if (question.pattern === undefined) return true;
  const re = compilePattern(question.pattern);
  return 'error' in re ? false : boundedTest(re, value);
}

/** What no answer may hold, before any pattern runs: too much text, a credential, half a surrogate pair. */
function textProblem(value: string): string | undefined {
  if (value.length > MAX_ANSWER_CHARS) return `is longer than ${MAX_ANSWER_CHARS.toLocaleString('en')} characters`;
  const kind = credentialKind(value);
  if (kind) return `holds what looks like ${kind}; answers never hold credentials (the value is not shown): store it in a Databricks secret and give its name`;
  if (hasLoneSurrogate(value)) return 'holds half of a surrogate pair, which is not a character';
  return undefined;
}

function patternProblem(question: Question, value: string, what: string): string | undefined {
  const m = matches(question, value);
  if (m === true) return undefined;
  if (m === 'too slow') return `the template's pattern for ${question.key} takes too long on this answer; shorten it, or ask the template's owner to simplify the pattern`;
  return what;
}

function validateSteps(value: AnswerValue): string | undefined {
  if (!Array.isArray(value) || value.length === 0) return 'needs at least one step';
  for (const [i, raw] of value.entries()) {
    if (typeof raw !== 'object' || raw === null) return `step ${i + 1}: expected an object`;
    const s = raw as Partial<StepAnswer>;
    if (typeof s.step !== 'string' || !KEY_PATTERN.test(s.step)) return `step ${i + 1}: "step" must be a name like traffic_data_clean`;
    if (typeof s.stage !== 'number' || !Number.isInteger(s.stage) || s.stage < 0) return `step ${s.step}: "stage" must be a whole number ≥ 0`;
  }
  return undefined;
}
