/**
 * `status --quality`: the latest data-quality checks of each pipeline, read
 * from the table the seed pipelines log them to (setup_databases.sql creates
 * `<catalog>.<silver schema>.data_quality_results`, one row per check and
 * run). Here: the one SQL statement (values only as named parameters; the
 * table's name, which cannot be a parameter, only from strict identifiers
 * quoted with backticks), the reader of the Statement Execution API's answer
 * (untrusted: checked field by field, columns found by name), and the
 * one-line explanations of why the checks could not be read.
 */
import * as z from 'zod';

export const QUALITY_TABLE = 'data_quality_results';
/** More rows than any env's pipelines log as "latest per check"; the statement asks for no more. */
export const QUALITY_ROW_LIMIT = 1000;
/** How long the warehouse may take before the statement is cancelled (the API's wait_timeout: 5 to 50 s). */
export const QUALITY_WAIT_TIMEOUT = '30s';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,254}$/;

/** A Unity Catalog name as SQL: only letters, digits and _, quoted with backticks; anything else is refused. */
export function quoteIdentifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain identifier: ${JSON.stringify(name.slice(0, 80))}`);
  return `\`${name}\``;
}

export const isPlainIdentifier = (name: string): boolean => IDENTIFIER.test(name);

export interface QualityTable {
  readonly catalog: string;
  readonly schema: string;
}

export const qualityTableName = (t: QualityTable): string => `${t.catalog}.${t.schema}.${QUALITY_TABLE}`;

/** The silver schema as the env's jobs write it: `dev_<short user name>_<schema>` when data is per developer. */
export function qualitySchema(silver: string, perUser: boolean, devShortName: string | undefined): string {
  return perUser && devShortName !== undefined ? `dev_${devShortName}_${silver}` : silver;
}

export interface SqlParameter {
  readonly name: string;
  readonly value: string;
  readonly type: 'STRING';
}

export interface SqlStatement {
  readonly statement: string;
  readonly parameters: readonly SqlParameter[];
}

/** The columns read, by name; the table may have more, in any order. */
export const QUALITY_COLUMNS = ['pipeline', 'step', 'check_name', 'checked_at', 'rows_checked', 'rows_failed', 'pass_rate', 'threshold', 'passed', 'details'] as const;

/**
 * The latest row of each (pipeline, step, check) of `pipelines` in `env`: one statement for all of them,
 * the env and every pipeline name a named parameter (`:environment`, `:pipeline_0`, …).
 */
export function qualityStatement(table: QualityTable, env: string, pipelines: readonly string[]): SqlStatement {
  if (pipelines.length === 0) throw new Error('no pipelines to ask about');
  const from = [table.catalog, table.schema, QUALITY_TABLE].map(quoteIdentifier).join('.');
  const names = pipelines.map((_, i) => `pipeline_${i}`);
  const statement = [
    `SELECT ${QUALITY_COLUMNS.join(', ')}`,
    `FROM ${from}`,
    `WHERE environment = :environment AND pipeline IN (${names.map((n) => `:${n}`).join(', ')})`,
    'QUALIFY row_number() OVER (PARTITION BY pipeline, step, check_name ORDER BY checked_at DESC) = 1',
    'ORDER BY pipeline, step, check_name',
  ].join('\n');
  const parameters: SqlParameter[] = [{ name: 'environment', value: env, type: 'STRING' }, ...pipelines.map((p, i) => ({ name: names[i]!, value: p, type: 'STRING' as const }))];
  return { statement, parameters };
}

/** The body of `POST /api/2.0/sql/statements`: wait at most QUALITY_WAIT_TIMEOUT, then cancel; rows inline as JSON. */
export function statementBody(warehouseId: string, s: SqlStatement): Record<string, unknown> {
  return {
    warehouse_id: warehouseId,
    statement: s.statement,
    parameters: s.parameters,
    wait_timeout: QUALITY_WAIT_TIMEOUT,
    on_wait_timeout: 'CANCEL',
    format: 'JSON_ARRAY',
    disposition: 'INLINE',
    row_limit: QUALITY_ROW_LIMIT,
  };
}

/** What the API answered: rows by column name, or the state and error of a statement that did not succeed. */
export type StatementOutcome =
  | { readonly state: 'SUCCEEDED'; readonly rows: readonly Readonly<Record<string, string | null>>[] }
  | { readonly state: 'FAILED' | 'CANCELED' | 'CLOSED' | 'PENDING' | 'RUNNING'; readonly error?: { readonly code: string; readonly message: string } };

const text = (max: number) => z.string().max(max);
const responseSchema = z.object({
  status: z.object({
    state: z.enum(['SUCCEEDED', 'FAILED', 'CANCELED', 'CLOSED', 'PENDING', 'RUNNING']),
    error: z.object({ error_code: text(200).optional(), message: text(4000).optional() }).optional(),
  }),
  manifest: z.object({ schema: z.object({ columns: z.array(z.object({ name: text(200), position: z.number().int().min(0).max(1000).optional() })).max(1000) }) }).optional(),
  result: z.object({ data_array: z.array(z.array(z.string().max(100_000).nullable()).max(1000)).max(QUALITY_ROW_LIMIT).optional() }).optional(),
});

/** The API's JSON, or undefined when it is not the shape of a statement's answer. */
export function readStatementResponse(json: unknown): StatementOutcome | undefined {
  const parsed = responseSchema.safeParse(json);
  if (!parsed.success) return undefined;
  const { status, manifest, result } = parsed.data;
  if (status.state !== 'SUCCEEDED') {
    const e = status.error;
    return { state: status.state, ...(e ? { error: { code: e.error_code ?? '', message: e.message ?? '' } } : {}) };
  }
  const columns = manifest?.schema.columns;
  if (!columns) return result?.data_array?.length ? undefined : { state: 'SUCCEEDED', rows: [] };
  const names = columns.map((c, i) => ({ name: c.name, at: c.position ?? i }));
  const rows = (result?.data_array ?? []).map((values) => Object.fromEntries(names.map(({ name, at }) => [name, values[at] ?? null])));
  return { state: 'SUCCEEDED', rows };
}

export const qualityCheckSchema = z.object({
  step: z.string(),
  check: z.string(),
  checked_at: z.string().describe('When the check ran, as the warehouse printed it'),
  rows_checked: z.number().nullable(),
  rows_failed: z.number().nullable(),
  pass_rate: z.number().min(0).max(1).nullable().describe('rows passed / rows checked: compliance with the check'),
  threshold: z.number().nullable(),
  passed: z.boolean(),
  null_pct: z.number().nullable().describe('Percent of the rows checked that missed a value (details "missing_*" / "null_*"), when the check counts them'),
  duplicates: z.number().nullable().describe('Duplicate rows found (details "duplicate*"), when the check counts them'),
});
export type QualityCheck = z.infer<typeof qualityCheckSchema>;

const num = (v: string | null | undefined): number | null => {
  if (v === null || v === undefined || v.length > 40) return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/** `details` is the check's own JSON of counts, e.g. {"missing_customer_id":3,"duplicate_customers":0}. */
function detailCounts(details: string | null | undefined): Record<string, number> {
  if (!details || details.length > 10_000) return {};
  try {
    const d = JSON.parse(details) as unknown;
    if (!d || typeof d !== 'object' || Array.isArray(d)) return {};
    return Object.fromEntries(Object.entries(d).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));
  } catch {
    return {};
  }
}

function sumOf(counts: Record<string, number>, key: RegExp): number | null {
  const hits = Object.entries(counts).filter(([k]) => key.test(k));
  return hits.length === 0 ? null : hits.reduce((s, [, v]) => s + v, 0);
}

/** Each pipeline's checks, or the first column the rows lack (a table of another shape). */
export function readQualityRows(rows: StatementOutcome & { state: 'SUCCEEDED' }): { byPipeline: Map<string, QualityCheck[]> } | { missingColumn: string } {
  const first = rows.rows[0];
  const missing = first ? QUALITY_COLUMNS.find((c) => !(c in first)) : undefined;
  if (missing) return { missingColumn: missing };
  const byPipeline = new Map<string, QualityCheck[]>();
  for (const r of rows.rows) {
    if (!r.pipeline || !r.check_name || !r.checked_at) continue;
    const counts = detailCounts(r.details);
    const checked = num(r.rows_checked);
    const nulls = sumOf(counts, /^(missing|null)_/);
    const rate = num(r.pass_rate);
    const check: QualityCheck = {
      step: (r.step ?? '').slice(0, 200),
      check: r.check_name.slice(0, 200),
      checked_at: r.checked_at.slice(0, 40),
      rows_checked: checked,
      rows_failed: num(r.rows_failed),
      pass_rate: rate !== null && rate >= 0 && rate <= 1 ? rate : null,
      threshold: num(r.threshold),
      passed: r.passed === 'true',
      null_pct: nulls !== null && checked ? (100 * nulls) / checked : null,
      duplicates: sumOf(counts, /^duplicate/),
    };
    byPipeline.set(r.pipeline, [...(byPipeline.get(r.pipeline) ?? []), check]);
  }
  return { byPipeline };
}

/** Why the checks could not be read, in one line, and what to do about it. */
export interface QualityProblem {
  readonly message: string;
  readonly hint: string;
}

export interface QualityContext {
  readonly env: string;
  readonly table: string;
  readonly warehouseId: string;
}

const setupHint = (c: QualityContext) => `run a pipeline's setup step (sql/setup/setup_databases.sql creates it) in ${c.env}, or deploy and run the pipeline`;

/** A statement the warehouse ran but did not finish: missing table, missing grant, time out, or its own error. */
export function statementProblem(outcome: Exclude<StatementOutcome, { state: 'SUCCEEDED' }>, c: QualityContext): QualityProblem {
  const said = `${outcome.error?.code ?? ''} ${outcome.error?.message ?? ''}`;
  if (/TABLE_OR_VIEW_NOT_FOUND|SCHEMA_NOT_FOUND|NO_SUCH_CATALOG|CATALOG_NOT_FOUND/.test(said)) return { message: `table ${c.table} not found`, hint: setupHint(c) };
  if (/INSUFFICIENT_PERMISSIONS|PERMISSION_DENIED/.test(said)) {
    return { message: `permission denied on ${c.table}`, hint: 'ask for SELECT on it (and USE CATALOG, USE SCHEMA on its catalog and schema)' };
  }
  if (outcome.state !== 'FAILED') {
    return { message: `the data-quality query did not finish within ${QUALITY_WAIT_TIMEOUT} on SQL warehouse ${c.warehouseId} (${outcome.state.toLowerCase()})`, hint: 'the warehouse may be starting: try again in a minute' };
  }
  const first = (outcome.error?.message ?? '').split('\n')[0]!.slice(0, 300);
  return { message: `the data-quality query failed${first ? `: ${first}` : ''}`, hint: `check ${c.table} in the workspace's Catalog Explorer` };
}

/** `api post` itself failed (exit 1, `Error: …` on stderr): the warehouse, its permission, or anything the CLI says. */
export function apiProblem(stderrLines: readonly string[], c: QualityContext, fallback: QualityProblem): QualityProblem {
  const said = stderrLines.join('\n');
  const fix = `set sql_warehouse_id in config/${c.env}.yml to a warehouse of this workspace (SQL Warehouses → the warehouse → Connection details)`;
  if (/warehouse/i.test(said) && /(not found|does not exist|RESOURCE_DOES_NOT_EXIST)/i.test(said)) return { message: `SQL warehouse ${c.warehouseId} of config/${c.env}.yml not found in the workspace`, hint: fix };
  if (/PERMISSION_DENIED|not authorized|permission/i.test(said) && /warehouse/i.test(said)) {
    return { message: `permission denied on SQL warehouse ${c.warehouseId}`, hint: 'ask for CAN USE on it, or set sql_warehouse_id to one you may use' };
  }
  return fallback;
}

export const unreadableAnswer = (): QualityProblem => ({
  message: 'the answer to the data-quality query could not be read',
  hint: 'run status --quality --show-commands and the command yourself, and check the Databricks CLI version (databricks --version)',
});

export const missingColumnProblem = (column: string, c: QualityContext): QualityProblem => ({
  message: `table ${c.table} has no column ${column}`,
  hint: 'it was made by something else: compare it with sql/setup/setup_databases.sql',
});

export const badNameProblem = (c: QualityContext, name: string): QualityProblem => ({
  message: `cannot query the data-quality table of ${c.env}: "${name.slice(0, 80)}" is not a plain name (letters, digits, _)`,
  hint: `check catalog in config/${c.env}.yml`,
});
