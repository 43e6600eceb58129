import { describe, expect, it } from 'vitest';
import {
  apiProblem,
  qualitySchema,
  qualityStatement,
  quoteIdentifier,
  readQualityRows,
  readStatementResponse,
  statementBody,
  statementProblem,
  type StatementOutcome,
} from '../../src/core/data-quality.js';
import { undeployedRow, withQuality } from '../../src/core/status-report.js';
import { qualityCells, qualityNotes } from '../../src/core/status-text.js';

const COLUMNS = ['pipeline', 'step', 'check_name', 'checked_at', 'rows_checked', 'rows_failed', 'pass_rate', 'threshold', 'passed', 'details'];
const answer = (rows: (string | null)[][], columns = COLUMNS) => ({
  statement_id: 's1',
  status: { state: 'SUCCEEDED' },
  manifest: { schema: { columns: columns.map((name, position) => ({ name, position, type_name: 'STRING' })) }, total_row_count: rows.length },
  result: { data_array: rows },
});
const cleanRate = ['etl', 'clean', 'clean_rate', '2026-12-01T02:00:00.000Z', '200', '12', '0.9400', '0.9500', 'false', '{"missing_customer_id":3,"invalid_amount":9}'];
const succeeded = (json: unknown) => {
  const o = readStatementResponse(json);
  expect(o?.state).toBe('SUCCEEDED');
  return o as StatementOutcome & { state: 'SUCCEEDED' };
};

describe('the data-quality statement', () => {
  it('names the table with quoted identifiers and passes every value as a named parameter', () => {
    const s = qualityStatement({ catalog: 'loyalty_dev', schema: 'dev_jane_silver_db' }, 'dev', ['etl', "o'brien; DROP TABLE x"]);
    expect(s.statement).toContain('FROM `loyalty_dev`.`dev_jane_silver_db`.`data_quality_results`');
    expect(s.statement).toContain('WHERE environment = :environment AND pipeline IN (:pipeline_0, :pipeline_1)');
    expect(s.statement).not.toContain('etl');
    expect(s.statement).not.toContain('brien');
    expect(s.statement).not.toMatch(/'dev'/);
    expect(s.parameters).toEqual([
      { name: 'environment', value: 'dev', type: 'STRING' },
      { name: 'pipeline_0', value: 'etl', type: 'STRING' },
      { name: 'pipeline_1', value: "o'brien; DROP TABLE x", type: 'STRING' },
    ]);
  });

  it('refuses a catalog or schema that is not a plain identifier', () => {
    for (const bad of ['a`b', 'a.b', 'x y', '', '1abc', 'é']) {
      expect(() => quoteIdentifier(bad), bad).toThrow(/not a plain identifier/);
      expect(() => qualityStatement({ catalog: bad, schema: 'silver' }, 'dev', ['etl'])).toThrow();
      expect(() => qualityStatement({ catalog: 'c', schema: bad }, 'dev', ['etl'])).toThrow();
    }
    expect(quoteIdentifier('loyalty_prod')).toBe('`loyalty_prod`');
  });

  it('the body waits a bounded time, then cancels; rows inline as JSON', () => {
    const body = statementBody('0123456789abcdef', qualityStatement({ catalog: 'c', schema: 's' }, 'prod', ['etl']));
    expect(body).toMatchObject({ warehouse_id: '0123456789abcdef', wait_timeout: '30s', on_wait_timeout: 'CANCEL', format: 'JSON_ARRAY', disposition: 'INLINE' });
    expect(body.row_limit).toBeGreaterThan(0);
  });

  it('the dev table is in the developer’s own schema', () => {
    expect(qualitySchema('silver_db', true, 'jane_doe')).toBe('dev_jane_doe_silver_db');
    expect(qualitySchema('silver_db', false, 'jane_doe')).toBe('silver_db');
  });
});

describe('reading the answer', () => {
  it('a good answer: columns by name (any order), null % and duplicates from details', () => {
    const reordered = [...COLUMNS].reverse();
    const rows = [[...cleanRate].reverse(), [...['etl', 'gold', 'summary', '2026-12-01T03:00:00Z', '50', '2', '0.96', '1', 'false', '{"duplicate_customers":2,"scores_out_of_range":0}']].reverse()];
    const read = readQualityRows(succeeded(answer(rows, reordered)));
    expect('byPipeline' in read).toBe(true);
    const checks = (read as { byPipeline: Map<string, unknown[]> }).byPipeline.get('etl');
    expect(checks).toEqual([
      { step: 'clean', check: 'clean_rate', checked_at: '2026-12-01T02:00:00.000Z', rows_checked: 200, rows_failed: 12, pass_rate: 0.94, threshold: 0.95, passed: false, null_pct: 1.5, duplicates: null },
      { step: 'gold', check: 'summary', checked_at: '2026-12-01T03:00:00Z', rows_checked: 50, rows_failed: 2, pass_rate: 0.96, threshold: 1, passed: false, null_pct: null, duplicates: 2 },
    ]);
  });

  it('no rows, and no manifest for an empty result, are no checks', () => {
    expect(succeeded(answer([])).rows).toEqual([]);
    expect(readStatementResponse({ status: { state: 'SUCCEEDED' }, result: {} })).toEqual({ state: 'SUCCEEDED', rows: [] });
  });

  it('a table without a column the checks need says which', () => {
    const columns = COLUMNS.filter((c) => c !== 'passed');
    expect(readQualityRows(succeeded(answer([cleanRate.filter((_, i) => i !== 8)], columns)))).toEqual({ missingColumn: 'passed' });
  });

  it('garbage is not an answer', () => {
    for (const g of [null, 'x', 7, [], {}, { status: 'SUCCEEDED' }, { status: { state: 'DONE' } }, { status: { state: 'SUCCEEDED' }, result: { data_array: 'rows' } }, { status: { state: 'SUCCEEDED' }, result: { data_array: [['a']] } }]) {
      expect(readStatementResponse(g), JSON.stringify(g)).toBeUndefined();
    }
  });

  it('bad values in a row are read as unknown, never thrown', () => {
    const row = ['etl', null, 'c', '2026-12-01', 'many', 'NaN', '7', 'x', 'yes', '{not json'];
    const read = readQualityRows(succeeded(answer([row]))) as { byPipeline: Map<string, unknown[]> };
    expect(read.byPipeline.get('etl')).toEqual([{ step: '', check: 'c', checked_at: '2026-12-01', rows_checked: null, rows_failed: null, pass_rate: null, threshold: null, passed: false, null_pct: null, duplicates: null }]);
  });

  it('FAILED: the missing table, the missing grant, and a statement that did not finish, each in one line with its fix', () => {
    const c = { env: 'prod', table: 'loyalty_prod.silver_db.data_quality_results', warehouseId: 'abcdef0123456789' };
    const failed = (message: string) => readStatementResponse({ status: { state: 'FAILED', error: { error_code: 'BAD_REQUEST', message } } }) as Exclude<StatementOutcome, { state: 'SUCCEEDED' }>;
    expect(failed('[TABLE_OR_VIEW_NOT_FOUND] The table or view ... cannot be found.')).toMatchObject({ state: 'FAILED', error: { code: 'BAD_REQUEST' } });
    expect(statementProblem(failed('[TABLE_OR_VIEW_NOT_FOUND] The table or view ... cannot be found.'), c)).toEqual({
      message: 'table loyalty_prod.silver_db.data_quality_results not found',
      hint: expect.stringContaining('setup_databases.sql') as string,
    });
    expect(statementProblem(failed("[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have SELECT on Table 'x'."), c)).toMatchObject({
      message: 'permission denied on loyalty_prod.silver_db.data_quality_results',
      hint: expect.stringContaining('SELECT') as string,
    });
    expect(statementProblem({ state: 'CANCELED' }, c).message).toContain('did not finish within 30s on SQL warehouse abcdef0123456789');
    expect(statementProblem(failed('[DIVIDE_BY_ZERO] oops\nmore'), c).message).toBe('the data-quality query failed: [DIVIDE_BY_ZERO] oops');
    expect(apiProblem(['Error: Warehouse abcdef0123456789 does not exist.'], c, { message: 'other', hint: 'h' })).toEqual({
      message: 'SQL warehouse abcdef0123456789 of config/prod.yml not found in the workspace',
      hint: expect.stringContaining('set sql_warehouse_id in config/prod.yml') as string,
    });
    expect(apiProblem(['Error: The warehouse abcdef0123456789 was not found.'], c, { message: 'other', hint: 'h' }).message).toBe('SQL warehouse abcdef0123456789 of config/prod.yml not found in the workspace');
    expect(apiProblem(['Error: something else'], c, { message: 'other', hint: 'h' })).toEqual({ message: 'other', hint: 'h' });
  });
});

describe('quality in a status row', () => {
  const check = { step: 'clean', check: 'clean_rate', checked_at: '2026-12-01T02:00:00Z', rows_checked: 200, rows_failed: 12, pass_rate: 0.94, threshold: 0.95, passed: false, null_pct: 1.5, duplicates: null };
  it('a failed check is a missed target; passing checks are not', () => {
    const row = { ...undeployedRow('etl'), deployed: true };
    const bad = withQuality(row, { table: 't', checks: [check], error: null });
    expect(bad.healthy).toBe(false);
    expect(bad.problems).toEqual([{ code: 'quality-failed', message: 'data-quality check clean/clean_rate failed (94% passed, 95% needed)' }]);
    expect(withQuality(row, { table: 't', checks: [{ ...check, passed: true }], error: null }).healthy).toBe(true);
    // Not deployed here: its old checks show, but miss no target.
    expect(withQuality(undeployedRow('etl'), { table: 't', checks: [check], error: null })).toMatchObject({ healthy: true, problems: [] });
  });

  it('cells and notes: a line per check, one line per reason it could not be read', () => {
    const now = Date.parse('2026-12-01T04:00:00Z');
    const rows = [withQuality(undeployedRow('etl'), { table: 't', checks: [check], error: null }), withQuality(undeployedRow('orders'), { table: 't', checks: [], error: null })];
    expect(qualityCells(rows, now)).toEqual([['etl', 'clean_rate', '94%', '1.5%', '—', '✖ fail', '2h ago']]);
    expect(qualityNotes(rows)).toEqual(['no data-quality checks recorded yet for orders in t']);
    const error = { message: 'table t not found', hint: 'run setup' };
    expect(qualityNotes([withQuality(undeployedRow('a'), { table: 't', checks: [], error }), withQuality(undeployedRow('b'), { table: 't', checks: [], error })])).toEqual(['data quality: table t not found: run setup']);
  });
});
