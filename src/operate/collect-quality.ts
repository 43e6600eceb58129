/**
 * `status --quality` (decision record 011): one statement on the env's SQL
 * warehouse for the latest checks of every pipeline; whatever keeps it from
 * answering becomes every row's `quality.error` (one line and its fix), never
 * a failure of status itself.
 */
import {
  apiProblem,
  badNameProblem,
  isPlainIdentifier,
  missingColumnProblem,
  qualitySchema,
  qualityStatement,
  qualityTableName,
  readQualityRows,
  statementProblem,
  unreadableAnswer,
  type QualityContext,
  type QualityProblem,
} from '../core/data-quality.js';
import { UserError } from '../core/errors.js';
import type { RowQuality } from '../core/status-report.js';
import type { WorkspaceInvocation } from '../databricks/jobs-commands.js';
import { cliText, DatabricksCliError } from '../databricks/run-cli.js';
import { executeStatement, UnreadableStatementError } from '../databricks/sql-statements.js';

export interface QualitySource {
  readonly warehouseId: string;
  readonly catalog: string;
  readonly silverSchema: string;
  /** Development with per-developer schemas: the table is in dev_<short name>_<silver schema>. */
  readonly perUserSchemas: boolean;
}

export interface QualityRequest {
  readonly workspace: WorkspaceInvocation;
  readonly env: string;
  readonly source: QualitySource;
  readonly devShortName?: string;
  readonly pipelines: readonly string[];
}

/** Each pipeline's quality, by name (every pipeline has one). */
export async function collectQuality(req: QualityRequest): Promise<Map<string, RowQuality>> {
  const { source } = req;
  const schema = qualitySchema(source.silverSchema, source.perUserSchemas, req.devShortName);
  const table = qualityTableName({ catalog: source.catalog, schema });
  const c: QualityContext = { env: req.env, table, warehouseId: source.warehouseId };
  const every = (error: QualityProblem | null, checks: (p: string) => RowQuality['checks'] = () => []) =>
    new Map(req.pipelines.map((p) => [p, { table, checks: checks(p), error }]));
  const bad = [source.catalog, schema].find((n) => !isPlainIdentifier(n));
  if (bad !== undefined) return every(badNameProblem(c, bad));
  if (req.pipelines.length === 0) return new Map();
  try {
    const outcome = await executeStatement(req.workspace, source.warehouseId, qualityStatement({ catalog: source.catalog, schema }, req.env, req.pipelines));
    if (outcome.state !== 'SUCCEEDED') return every(shown(req, statementProblem(outcome, c)));
    const read = readQualityRows(outcome);
    if ('missingColumn' in read) return every(missingColumnProblem(cliText(req.workspace.cli, read.missingColumn), c));
    return every(null, (p) => (read.byPipeline.get(p) ?? []).map((check) => ({ ...check, step: cliText(req.workspace.cli, check.step), check: cliText(req.workspace.cli, check.check), checked_at: cliText(req.workspace.cli, check.checked_at) })));
  } catch (error) {
    return every(problemOf(error, req, c));
  }
}

/** The warehouse's message may carry anything: safe to print. */
const shown = (req: QualityRequest, p: QualityProblem): QualityProblem => ({ message: cliText(req.workspace.cli, p.message), hint: p.hint });

function problemOf(error: unknown, req: QualityRequest, c: QualityContext): QualityProblem {
  if (error instanceof UnreadableStatementError) return unreadableAnswer();
  if (!(error instanceof UserError)) throw error;
  const general: QualityProblem = { message: `data-quality query: ${error.message}`, hint: error.hint ?? 'run status --quality --show-commands to see the command' };
  if (!(error instanceof DatabricksCliError)) return general;
  const said = error.explanation.kind === 'unknown' ? error.stderrLines[0]?.replace(/^Error: /, '') : undefined;
  const fallback = said ? { message: `data-quality query: ${error.headline}: ${said}`, hint: general.hint } : general;
  return shown(req, apiProblem(error.stderrLines, c, fallback));
}
