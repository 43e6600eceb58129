/**
 * What to do about a failed task, from the error its run output reports
 * (`jobs get-run-output`): a missing table, a missing privilege, or, when the
 * error says nothing we know, the run page. Pure: the caller prints it.
 */

export interface FixContext {
  readonly pipeline: string;
  readonly env: string;
  readonly task: string;
  /** The tasks before `task` in the pipeline's order (its upstream stages). */
  readonly upstream: readonly string[];
}

const TABLE_MISSING = /TABLE_OR_VIEW_NOT_FOUND|Table or view not found|table or view [`'"]?([^\s`'"]+)?[`'"]? cannot be found|SCHEMA_NOT_FOUND|NO_SUCH_CATALOG_EXCEPTION/i;
const PERMISSION = /PERMISSION_DENIED|INSUFFICIENT_PERMISSIONS|does not have \S+ (?:privilege )?on|not authorized|Access denied/i;
/** "User does not have SELECT on Table 'main.bronze.orders'": the privilege, the kind of object, the object. */
const PRIVILEGE = /does not have ([A-Z_]+(?: [A-Z_]+)?) (?:privilege )?on ([A-Za-z]+) [`'"]?([^\s`'"]{1,300})/;

/** The object named in a not-found error (`catalog`.`schema`.`table`), unquoted; undefined when none. */
function missingObject(error: string): string | undefined {
  const m = /(?:table or view|schema|catalog) ((?:`[^`]{1,200}`\.?){1,3})/i.exec(error);
  return m ? m[1]!.replace(/`/g, '') : undefined;
}

/** One line: what to do next. */
export function fixForTaskError(error: string, c: FixContext): string {
  const text = error.slice(0, 4000);
  if (TABLE_MISSING.test(text)) {
    const what = missingObject(text);
    const stage = c.upstream.length > 0 ? `run the stage that creates it first (upstream of ${c.task}: ${c.upstream.join(', ')})` : 'create it first (its setup SQL, or the pipeline that writes it)';
    return `${what ? `${what} does not exist` : 'a table does not exist'} in ${c.env}: ${stage}, or check the catalog and schema in config/${c.env}.yml and pipelines/${c.pipeline}/config.json`;
  }
  if (PERMISSION.test(text)) {
    const [, privilege, kind, object] = PRIVILEGE.exec(text) ?? [];
    const what = privilege && kind && object ? `${privilege} on ${kind.toLowerCase()} ${object}` : 'access to what the task reads and writes';
    return `the job's run-as identity (run_as in config/${c.env}.yml, else whoever deployed it) needs ${what}: ask an admin of that catalog or workspace to grant it`;
  }
  return 'open the run page for the task\'s full output';
}
