/**
 * Whether a SQL warehouse can run the SQL file tasks of batch pipelines:
 * "The SQL task requires Databricks SQL and a serverless or pro SQL warehouse"
 * (Databricks docs, SQL task for jobs). Read from `databricks warehouses get -o json`.
 */
export interface WarehouseInfo {
  readonly id: string;
  readonly name?: string;
  readonly type?: string;
  readonly serverless: boolean;
  readonly state?: string;
}

export function parseWarehouse(json: unknown, id: string): WarehouseInfo {
  const w = (json && typeof json === 'object' ? json : {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.length <= 200 ? v : undefined);
  const name = text(w.name);
  const type = text(w.warehouse_type);
  const state = text(w.state);
  return { id, ...(name ? { name } : {}), ...(type ? { type } : {}), serverless: w.enable_serverless_compute === true, ...(state ? { state } : {}) };
}

/** Serverless, or Pro: what a sql_task accepts. Classic (and an unknown type) cannot run SQL files. */
export function runsSqlTasks(w: WarehouseInfo): boolean {
  return w.serverless || w.type === 'PRO';
}

export function describeWarehouse(w: WarehouseInfo): string {
  const kind = w.serverless ? 'Serverless' : w.type === 'PRO' ? 'Pro' : w.type === 'CLASSIC' ? 'Classic' : (w.type ?? 'of unknown type');
  return `${w.name ? `"${w.name}" (${w.id})` : w.id}, ${kind}`;
}
