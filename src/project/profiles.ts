import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDatabricksCfg, type DatabricksCfg } from '../core/databrickscfg.js';

/** DATABRICKS_CONFIG_FILE, else ~/.databrickscfg. */
export function databricksCfgPath(env: Readonly<Record<string, string | undefined>>): string {
  return env.DATABRICKS_CONFIG_FILE || join(env.HOME || homedir(), '.databrickscfg');
}

export function loadDatabricksCfg(env: Readonly<Record<string, string | undefined>>): { path: string; cfg: DatabricksCfg; exists: boolean } {
  const path = databricksCfgPath(env);
  try {
    return { path, cfg: parseDatabricksCfg(readFileSync(path, 'utf8')), exists: true };
  } catch {
    return { path, cfg: { profiles: [] }, exists: false };
  }
}

/** Auth from environment variables alone (typical in CI): a host plus some credential. */
export function hasEnvAuth(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.DATABRICKS_HOST && (env.DATABRICKS_TOKEN || (env.DATABRICKS_CLIENT_ID && env.DATABRICKS_CLIENT_SECRET) || env.DATABRICKS_AUTH_TYPE));
}
