/**
 * Rules for `config/<env>.yml` that the schema cannot say: the mode each
 * environment deploys in, root paths the Databricks CLI accepts without
 * warnings, who jobs run as in prod, grants that the Jobs API takes, and a
 * node type of the workspace's own cloud.
 */
import { principalOf, type EnvConfig, type Permission } from './env-config.js';
import { referencesIn } from './text-rules.js';

export interface Check {
  readonly path: PropertyKey[];
  readonly message: string;
  readonly hint?: string;
}

const PROD_ROOT_HINT = 'use root_path: /Workspace/Users/<deploying user or service principal>/.bundle/${bundle.name}/${bundle.target}';

export function envChecks(config: EnvConfig, env: string): Check[] {
  return [
    ...hostChecks(config.workspace.host),
    ...identityChecks(config, env),
    ...rootPathChecks(config),
    ...productionChecks(config, env),
    ...permissionChecks(config.permissions),
    ...nodeTypeChecks(config),
  ];
}

function identityChecks(config: EnvConfig, env: string): Check[] {
  const out: Check[] = [];
  if (config.environment !== env) {
    out.push({ path: ['environment'], message: `is "${config.environment}" but the file is ${env}.yml`, hint: `set environment: ${env}` });
  }
  const expectedMode = env === 'dev' ? 'development' : 'production';
  if (config.mode !== expectedMode) {
    const why = env === 'dev' ? 'each developer deploys a copy of their own' : `${env} is one shared copy whose schedules run (development mode would pause them and prefix job names with [dev <user>])`;
    out.push({ path: ['mode'], message: `must be "${expectedMode}" for ${env}: ${why}`, hint: `set mode: ${expectedMode}` });
  }
  return out;
}

/** Under /Workspace/Shared every workspace user may write the deployed files (the CLI warns on every command). */
export function isSharedWorkspacePath(path: string): boolean {
  return /^(\/Workspace)?\/Shared(\/|$)/.test(path);
}

/**
 * A workspace URL is scheme and host only: no user or token in it (it would
 * end up in every generated bundle), no path, query or fragment, nothing a
 * URL parser would quietly drop or fix (whitespace, line breaks, "${").
 */
function hostChecks(host: string): Check[] {
  const at = ['workspace', 'host'];
  const hint = 'write only the workspace address, e.g. https://adb-1234567890123456.7.azuredatabricks.net; log in with databricks auth login, never in the URL';
  if (/[\s]/.test(host) || host.includes('${')) return [{ path: at, message: 'must be one workspace address without spaces, line breaks or "${"', hint }];
  let url: URL;
  try {
    url = new URL(host);
  } catch {
    return [{ path: at, message: 'is not a URL', hint }];
  }
  if (url.username || url.password) return [{ path: at, message: 'holds a user name or token (the value is not shown)', hint }];
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || host.includes('?') || host.includes('#')) {
    return [{ path: at, message: `must not have a path, query or fragment (${url.pathname !== '/' ? url.pathname : ''}${url.search}${url.hash})`.replace(' ()', ''), hint }];
  }
  return [];
}

/** What a root path may refer to: the bundle and the deploying user (the CLI fills them in). */
const ROOT_PATH_REFERENCES = /^(bundle\.(name|target)|workspace\.current_user\.(userName|short_name|domain_friendly_name))$/;

function rootPathChecks(config: EnvConfig): Check[] {
  const root = config.workspace.root_path;
  const at = ['workspace', 'root_path'];
  const out: Check[] = [];
  for (const ref of referencesIn(root).filter((r) => !ROOT_PATH_REFERENCES.test(r))) {
    out.push({ path: at, message: `refers to \${${ref}}, which the CLI cannot fill in here`, hint: 'use ${bundle.name}, ${bundle.target} or ${workspace.current_user.userName}' });
  }
  if (/[\s]/.test(root)) out.push({ path: at, message: 'must not hold spaces or line breaks', hint: 'use a path such as /Workspace/Users/<principal>/.bundle/${bundle.name}/${bundle.target}' });
  if (!root.includes('${bundle.name}')) {
    out.push({ path: at, message: 'must contain ${bundle.name}: every pipeline is its own bundle and needs its own folder', hint: 'end it with /.bundle/${bundle.name}/${bundle.target}' });
  }
  if (config.mode === 'development') {
    if (!/^~\/|\$\{workspace\.current_user\.(userName|short_name)\}/.test(root)) {
      out.push({
        path: at,
        message: 'must start with ~/ or contain ${workspace.current_user.userName} in development mode (the CLI requires a per-user path)',
        hint: 'use root_path: ~/.bundle/${bundle.name}/${bundle.target}',
      });
    }
    return out;
  }
  if (root.startsWith('~/') || root.includes('${workspace.current_user.')) {
    out.push({ path: at, message: 'must name one fixed folder in production, not the home folder of whoever deploys (each deployer would get a copy of the jobs)', hint: PROD_ROOT_HINT });
  } else if (isSharedWorkspacePath(root)) {
    out.push({ path: at, message: 'is under /Workspace/Shared, where every workspace user can change the deployed code (the Databricks CLI warns on every validate and deploy)', hint: PROD_ROOT_HINT });
  } else if (!root.startsWith('/Workspace/') && !root.startsWith('/Users/')) {
    out.push({ path: at, message: 'must be an absolute workspace path in production', hint: PROD_ROOT_HINT });
  }
  return out;
}

function productionChecks(config: EnvConfig, env: string): Check[] {
  const out: Check[] = [];
  if (config.run_as && !principalOf(config.run_as)) {
    out.push({ path: ['run_as'], message: 'must name exactly one identity', hint: 'keep either service_principal_name or user_name' });
  }
  if (config.mode === 'development') {
    if (config.run_as) out.push({ path: ['run_as'], message: 'is for production targets: a development copy runs as its developer', hint: 'remove run_as here' });
    if (config.git) out.push({ path: ['git'], message: 'is for production targets: developers deploy from any branch', hint: 'remove git here' });
  } else if (config.catalog.per_user_schemas) {
    out.push({ path: ['catalog', 'per_user_schemas'], message: 'is for development: a production target has one shared copy of the data', hint: 'remove per_user_schemas here' });
  }
  if (env === 'prod' && !config.run_as) {
    out.push({
      path: ['run_as'],
      message: 'is required in prod, so jobs run as a service principal and not as whoever deployed them last',
      hint: 'add run_as: { service_principal_name: <application id> } (the deployer needs the Service Principal User role on it)',
    });
  }
  if (env === 'prod' && !config.monitoring) {
    out.push({ path: ['monitoring'], message: 'is required in prod: every prod job gets health rules and warnings', hint: 'add monitoring: { run_duration_warning_seconds: 5400, streaming_backlog_seconds: 600 }' });
  }
  if (config.monitoring && Object.keys(config.monitoring).length === 0) {
    out.push({ path: ['monitoring'], message: 'sets no threshold', hint: 'set run_duration_warning_seconds, streaming_backlog_seconds or streaming_backlog_records' });
  }
  if (config.mode !== 'production' && config.notifications.on_success.length > 0) {
    out.push({ path: ['notifications', 'on_success'], message: 'success emails are sent only in production targets', hint: 'remove notifications.on_success here (keep on_failure)' });
  }
  return out;
}

function permissionChecks(permissions: readonly Permission[]): Check[] {
  const out: Check[] = [];
  const seen = new Map<string, number>();
  let owner: number | undefined;
  permissions.forEach((p, i) => {
    const principal = principalOf(p);
    if (!principal) {
      out.push({ path: ['permissions', i], message: 'must name exactly one of user_name, group_name, service_principal_name', hint: 'split it into one entry per principal' });
      return;
    }
    const id = `${principal.key}:${principal.name}`;
    const other = seen.get(id);
    if (other !== undefined) out.push({ path: ['permissions', i], message: `grants ${principal.name} a second time (also permissions[${other}])`, hint: 'keep one entry per principal' });
    seen.set(id, i);
    if (p.level !== 'IS_OWNER') return;
    if (principal.key === 'group_name') out.push({ path: ['permissions', i, 'level'], message: 'a group cannot own a job', hint: 'give IS_OWNER to a user or service principal, or use CAN_MANAGE' });
    if (owner !== undefined) out.push({ path: ['permissions', i, 'level'], message: `a job has one owner; permissions[${owner}] is IS_OWNER already`, hint: 'use CAN_MANAGE here' });
    owner = i;
  });
  return out;
}

export type Cloud = 'aws' | 'azure' | 'gcp';

/** The cloud a workspace runs on, from its URL; undefined when the URL does not say. */
export function cloudOfHost(host: string): Cloud | undefined {
  const h = host.toLowerCase().replace(/^https:\/\//, '').split(/[/:]/)[0]!;
  if (h.endsWith('.azuredatabricks.net') || h.endsWith('.databricks.azure.cn') || h.endsWith('.databricks.azure.us')) return 'azure';
  if (h.endsWith('.gcp.databricks.com')) return 'gcp';
  if (h.endsWith('.cloud.databricks.com') || h.endsWith('.cloud.databricks.us') || h.endsWith('.databricks.mil')) return 'aws';
  return undefined;
}

/** The cloud a node type id belongs to, by its shape: i3.xlarge, Standard_D4ds_v5, n2-highmem-4. */
export function cloudOfNodeType(nodeType: string): Cloud | undefined {
  if (/^Standard_/.test(nodeType)) return 'azure';
  if (/^[a-z][a-z0-9]*\.[a-z0-9]+$/.test(nodeType)) return 'aws';
  if (/^[a-z][a-z0-9]*-[a-z0-9-]+$/.test(nodeType)) return 'gcp';
  return undefined;
}

const NODE_TYPE_EXAMPLE: Record<Cloud, string> = { aws: 'i3.xlarge or m5d.large', azure: 'Standard_D4ds_v5', gcp: 'n2-highmem-4' };

function nodeTypeChecks(config: EnvConfig): Check[] {
  const hostCloud = cloudOfHost(config.workspace.host);
  const nodeCloud = cloudOfNodeType(config.cluster.node_type_id);
  if (!hostCloud || !nodeCloud || hostCloud === nodeCloud) return [];
  return [
    {
      path: ['cluster', 'node_type_id'],
      message: `"${config.cluster.node_type_id}" is a node type of ${nodeCloud.toUpperCase()}, but ${config.workspace.host} is a workspace on ${hostCloud.toUpperCase()}`,
      hint: `use a ${hostCloud.toUpperCase()} node type, e.g. ${NODE_TYPE_EXAMPLE[hostCloud]}`,
    },
  ];
}
