/**
 * `~/.databrickscfg` read the way the Databricks CLI reads it (INI, `[DEFAULT]`,
 * `[__settings__] default_profile`). Secrets are never kept: a profile records
 * only that it has a token, never the token.
 */
export interface Profile {
  readonly name: string;
  readonly host?: string;
  readonly authType?: string;
  readonly workspaceId?: string;
  readonly accountId?: string;
  /** Has credentials of its own (token, client secret, password or an auth_type). */
  readonly hasCredentials: boolean;
}

export interface DatabricksCfg {
  readonly profiles: readonly Profile[];
  /** `[__settings__] default_profile`, when set. */
  readonly defaultProfile?: string;
}

const SETTINGS = '__settings__';
const CREDENTIAL_KEYS = ['token', 'password', 'client_secret', 'azure_client_secret', 'auth_type', 'google_service_account', 'azure_use_msi'];

export function parseDatabricksCfg(text: string): DatabricksCfg {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith(';') || line.startsWith('#')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      const name = header[1]!.trim();
      current = sections.get(name) ?? new Map<string, string>();
      sections.set(name, current);
      continue;
    }
    const eq = line.search(/[=:]/);
    if (eq <= 0) continue;
    const key = line.slice(0, eq).trim().toLowerCase();
    // An inline comment needs a space before it, as the CLI's INI reader requires.
    const value = line.slice(eq + 1).replace(/\s+[#;].*$/, '').trim();
    if (!current) {
      current = sections.get('DEFAULT') ?? new Map<string, string>();
      sections.set('DEFAULT', current);
    }
    current.set(key, value);
  }
  const profiles: Profile[] = [];
  for (const [name, keys] of sections) {
    if (name === SETTINGS) continue;
    if (!keys.get('host') && !keys.get('account_id')) continue;
    profiles.push({
      name,
      ...(keys.get('host') ? { host: keys.get('host')! } : {}),
      ...(keys.get('auth_type') ? { authType: keys.get('auth_type')! } : {}),
      ...(keys.get('workspace_id') ? { workspaceId: keys.get('workspace_id')! } : {}),
      ...(keys.get('account_id') ? { accountId: keys.get('account_id')! } : {}),
      hasCredentials: CREDENTIAL_KEYS.some((k) => Boolean(keys.get(k))),
    });
  }
  const defaultProfile = sections.get(SETTINGS)?.get('default_profile');
  return { profiles, ...(defaultProfile ? { defaultProfile } : {}) };
}

/** Hosts compare without scheme case, trailing slashes or a missing https://. */
export function normalizeHost(host: string): string {
  const withScheme = /^[a-z]+:\/\//i.test(host) ? host : `https://${host}`;
  try {
    const u = new URL(withScheme);
    return `${u.protocol}//${u.host}`.toLowerCase();
  } catch {
    return host.trim().replace(/\/+$/, '').toLowerCase();
  }
}

export function sameHost(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && normalizeHost(a) === normalizeHost(b);
}
