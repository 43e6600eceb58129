import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDatabricksCfg, type DatabricksCfg } from '../core/databrickscfg.js';
import { readUserFileIfExists } from './read-file.js';

/** DATABRICKS_CONFIG_FILE, else ~/.databrickscfg. */
export function databricksCfgPath(env: Readonly<Record<string, string | undefined>>): string {
  return env.DATABRICKS_CONFIG_FILE || join(env.HOME || homedir(), '.databrickscfg');
}

/**
 * The profiles file, read through the safe reader: missing is normal (exists:
 * false); a folder, a FIFO, a device or a huge file there is refused with a
 * ConfigError naming it, as the Databricks CLI could not use it either.
 */
export function loadDatabricksCfg(env: Readonly<Record<string, string | undefined>>): { path: string; cfg: DatabricksCfg; exists: boolean } {
  const path = databricksCfgPath(env);
  const text = readUserFileIfExists(path, { display: path });
  return text === undefined ? { path, cfg: { profiles: [] }, exists: false } : { path, cfg: parseDatabricksCfg(text), exists: true };
}

/** Auth from environment variables alone (typical in CI): a host plus some credential. */
export function hasEnvAuth(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.DATABRICKS_HOST && (env.DATABRICKS_TOKEN || (env.DATABRICKS_CLIENT_ID && env.DATABRICKS_CLIENT_SECRET) || env.DATABRICKS_AUTH_TYPE));
}
