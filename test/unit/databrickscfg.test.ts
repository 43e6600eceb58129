import { describe, expect, it } from 'vitest';
import { normalizeHost, parseDatabricksCfg } from '../../src/core/index.js';

const CFG = `; The profile defined in the DEFAULT section is to be used as a fallback when no profile is explicitly specified.
[DEFAULT]

[dev-ws]
host         = https://loyalty-dev.cloud.databricks.com/
workspace_id = 123
auth_type    = databricks-cli

[prod-ws]
host  = https://loyalty-prod.cloud.databricks.com # the prod one
token = dapi-secret-value

[stale]
host = https://loyalty-dev.cloud.databricks.com

[__settings__]
default_profile = dev-ws
`;

describe('parseDatabricksCfg', () => {
  const cfg = parseDatabricksCfg(CFG);
  it('reads profiles with hosts, skipping an empty DEFAULT and __settings__', () => {
    expect(cfg.profiles.map((p) => [p.name, p.host])).toEqual([
      ['dev-ws', 'https://loyalty-dev.cloud.databricks.com/'],
      ['prod-ws', 'https://loyalty-prod.cloud.databricks.com'],
      ['stale', 'https://loyalty-dev.cloud.databricks.com'],
    ]);
    expect(cfg.defaultProfile).toBe('dev-ws');
  });
  it('knows a profile has credentials without keeping them', () => {
    expect(cfg.profiles.map((p) => p.hasCredentials)).toEqual([true, true, false]);
    expect(JSON.stringify(cfg)).not.toContain('dapi-secret-value');
  });
  it('normalizes hosts for comparison', () => {
    expect(normalizeHost('HTTPS://Loyalty-Dev.cloud.databricks.com/')).toBe('https://loyalty-dev.cloud.databricks.com');
    expect(normalizeHost('loyalty-dev.cloud.databricks.com')).toBe('https://loyalty-dev.cloud.databricks.com');
  });
});
