/** Workspace (not bundle) calls loyalty-wizard makes: a SQL warehouse's type, for doctor. */
import { UserError } from '../core/errors.js';
import { parseWarehouse, type WarehouseInfo } from '../core/warehouse.js';
import { cliText, runDatabricks, type DatabricksCliConfig } from './run-cli.js';

export async function getWarehouse(cli: DatabricksCliConfig, opts: { cwd: string; id: string; profile?: string; signal?: AbortSignal }): Promise<WarehouseInfo> {
  const r = await runDatabricks(cli, ['warehouses', 'get', opts.id, ...(opts.profile ? ['-p', opts.profile] : []), '-o', 'json'], {
    cwd: opts.cwd,
    timeoutMs: 30_000,
    stdout: 'json',
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.profile ? { context: { profile: opts.profile } } : {}),
  });
  let json: unknown;
  try {
    json = JSON.parse(r.stdout) as unknown;
  } catch {
    throw new UserError('databricks warehouses get -o json printed something that is not JSON', 'check the Databricks CLI version (databricks --version)');
  }
  const w = parseWarehouse(json, opts.id);
  // The name and type come from the workspace and are shown by doctor: made safe to print.
  return { ...w, ...(w.name !== undefined ? { name: cliText(cli, w.name) } : {}), ...(w.type !== undefined ? { type: cliText(cli, w.type) } : {}) };
}
