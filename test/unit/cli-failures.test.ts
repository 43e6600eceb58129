import { describe, expect, it } from 'vitest';
import { explainCliFailure, importantStderrLines } from '../../src/core/index.js';

describe('explainCliFailure', () => {
  const ctx = { host: 'https://h.example.com', profile: 'dev-ws', target: 'dev', pipeline: 'orders' };
  const cases: [string, string, string | RegExp][] = [
    ['not-authenticated', 'Error: default auth: cannot configure default credentials, please check https://docs.databricks.com/en/dev-tools/auth.html#databricks-client-unified-authentication to configure credentials', 'databricks auth login --host https://h.example.com --profile dev-ws'],
    ['profile-missing', 'Error: cannot resolve bundle auth configuration: resolve: /home/u/.databrickscfg has no dev-ws profile configured', 'databricks auth login --host https://h.example.com --profile dev-ws'],
    ['host-mismatch', 'Error: cannot resolve bundle auth configuration: the host in the profile (https://a) doesn’t match the host configured in the bundle (https://b). The profile "other" has host="https://b" that matches host in the bundle. To select it, pass "-p other"', 'use --profile other'],
    ['lock-held', 'Error: Failed to acquire deployment lock: deploy lock acquired by jane@example.com at 2026-11-25 10:00:00 +0000 UTC. Use --force-lock to override', /--force-lock/],
    ['destructive', 'Error: the deployment requires destructive actions, but the current console does not support prompting. Please specify --auto-approve', '--yes --allow-deletes'],
    ['no-such-target', 'Error: qa: no such target. Available targets: dev, prod, staging', 'regenerate it: npx loyalty-wizard generate orders'],
    ['invalid-yaml', 'Error: failed to load /x/databricks.yml: yaml: line 3: mapping values are not allowed', /generate orders/],
  ];
  for (const [kind, stderr, fix] of cases) {
    it(kind, () => {
      const e = explainCliFailure(stderr, ctx);
      expect(e.kind).toBe(kind);
      if (typeof fix === 'string') expect(e.fix).toContain(fix);
      else expect(e.fix).toMatch(fix);
    });
  }
  it('names who holds the lock and since when', () => {
    const e = explainCliFailure('Error: Failed to acquire deployment lock: deploy lock acquired by jane@example.com at 2026-11-25 10:00:00 +0000 UTC. Use --force-lock to override', ctx);
    expect(e.cause).toBe('another deploy holds the lock: jane@example.com since 2026-11-25 10:00:00 +0000 UTC');
  });
  it('keeps error lines and their details, drops progress', () => {
    const stderr = 'Uploading bundle files...\nError: something broke\n  in databricks.yml:3:1\n\nDeploying resources...\n';
    expect(importantStderrLines(stderr)).toEqual(['Error: something broke', '  in databricks.yml:3:1']);
  });
});

describe('explainCliFailure: the failures this issue added', () => {
  it('a prod deploy from the wrong branch names both branches and where to deploy from', () => {
    const stderr = 'Error: not on the right Git branch:\n  expected according to configuration: main\n  actual: feature/x\nuse --force to override\n';
    expect(explainCliFailure(stderr, { target: 'prod' })).toEqual({
      kind: 'git-branch',
      cause: 'config/prod.yml deploys only from branch main, and this checkout is on feature/x',
      fix: 'deploy prod from main (git checkout main), e.g. from CI after the merge',
    });
  });

  it('--params on a job deployed before it had job parameters: redeploy first', () => {
    const stderr = 'Error: the job to run does not define job parameters; specifying job parameters is not allowed\n';
    expect(explainCliFailure(stderr, { target: 'dev', pipeline: 'orders' })).toMatchObject({ kind: 'job-parameters', fix: 'deploy it again first: npx loyalty-wizard deploy orders --env dev' });
  });
});
