/**
 * One SQL statement on a SQL warehouse, through the CLI's generic API command
 * (`databricks api post /api/2.0/sql/statements --json <body>`), the one
 * runner bounding its output and time. The warehouse waits at most the
 * body's wait_timeout, then cancels the statement itself; the runner's
 * timeout is a little longer. Values go as named parameters only.
 */
import { readStatementResponse, statementBody, type SqlStatement, type StatementOutcome } from '../core/data-quality.js';
import { UserError } from '../core/errors.js';
import { profileArgs, runJson, type WorkspaceInvocation } from './jobs-commands.js';
import { formatCommandLine } from './run-cli.js';

export const STATEMENT_PATH = '/api/2.0/sql/statements';
/** The statement's own wait (30 s) plus the CLI's start and auth. */
export const STATEMENT_TIMEOUT_MS = 60_000;

export const statementCommand = (w: WorkspaceInvocation, warehouseId: string, s: SqlStatement): string[] => [
  'api',
  'post',
  STATEMENT_PATH,
  '--json',
  JSON.stringify(statementBody(warehouseId, s)),
  ...profileArgs(w),
  '-o',
  'json',
];

/** Thrown when the CLI printed something that is not a statement's answer. */
export class UnreadableStatementError extends UserError {
  override readonly name = 'UnreadableStatementError';
}

/** Runs `s` on the warehouse; the CLI's own failures (auth, no such warehouse) throw DatabricksCliError. */
export async function executeStatement(w: WorkspaceInvocation, warehouseId: string, s: SqlStatement): Promise<StatementOutcome> {
  const args = statementCommand(w, warehouseId, s);
  const outcome = readStatementResponse(await runJson(w, args, STATEMENT_TIMEOUT_MS));
  if (!outcome) throw new UnreadableStatementError(`${formatCommandLine(w.cli.executable, ['api', 'post', STATEMENT_PATH])} printed something that is not a statement's answer`);
  return outcome;
}
