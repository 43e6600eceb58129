import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, runCliInProcess } from '../helpers/cli.js';
import { fakeCalls, fakeCliEnv, writeProfiles } from '../helpers/fake-cli.js';
import { miniProject, type MiniProject } from '../helpers/mini-project.js';

let p: MiniProject;
beforeEach(() => {
  p = miniProject();
  writeProfiles(p.dir);
});
afterEach(() => p.cleanup());

interface Doc {
  ok: boolean;
  checks: { name: string; status: string; message: string; fix?: string }[];
}
const doctor = (env: Record<string, string> = {}) => runCliInProcess(['doctor', '--json'], { cwd: p.dir, env: fakeCliEnv(p.dir, env) });
const byName = (doc: Doc) => Object.fromEntries(doc.checks.map((c) => [c.name, c]));

describe('doctor', () => {
  it('checks Node, the CLI, plan support, profiles, hosts, layout and stale bundles', async () => {
    const r = await doctor();
    const doc = JSON.parse(r.stdout) as Doc;
    const c = byName(doc);
    expect(c.node!.status).toBe('ok');
    expect(c['databricks-cli']).toMatchObject({ status: 'ok', message: expect.stringContaining('1.13.0') });
    expect(c['bundle-plan']!.status).toBe('ok');
    expect(c.profiles!.message).toContain('dev (https://loyalty-dev.cloud.databricks.com)');
    expect(c['host:prod']).toMatchObject({ status: 'ok', message: expect.stringContaining('profile prod') });
    expect(c.bundles).toMatchObject({ status: 'warn', fix: 'npx loyalty-wizard generate' });
    expect(r.stdout).not.toContain('dapi-');
    expect(doc.ok).toBe(true);
    expect(r.code).toBe(0);
  });

  it('an old CLI: bundle plan is a warning with the fix', async () => {
    const c = byName(JSON.parse((await doctor({ FAKE_DATABRICKS_VERSION: '0.250.0' })).stdout) as Doc);
    expect(c['bundle-plan']).toMatchObject({ status: 'warn', fix: 'upgrade the Databricks CLI' });
  });

  it('no CLI and a broken pipeline: fails (exit 1), each with its fix (the built binary)', () => {
    p.write('pipelines/etl/config.json', '{');
    const r = runCli(['doctor'], { cwd: p.dir, env: { ...fakeCliEnv(p.dir), PATH: '/usr/bin:/bin' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ the Databricks CLI \("databricks"\) was not found\n {4}fix: install it/);
    expect(r.stdout).toMatch(/✖ 1 of 2 pipeline\(s\) invalid: pipelines\/etl\/config\.json:1:2: is not valid JSON/);
  });

  it('in a terminal 80 columns wide: lines fit it; a login command goes on with " \\" and still reads as one command', async () => {
    p.write('config/staging.yml', readFileSync(join(p.dir, 'config/staging.yml'), 'utf8').replace(/host: .*/, 'host: https://a-workspace-with-a-long-name.cloud.databricks.com'));
    const r = await runCliInProcess(['doctor'], { cwd: p.dir, env: fakeCliEnv(p.dir), columns: 80 });
    const lines = r.stdout.trimEnd().split('\n');
    for (const line of lines) expect(line.length, line).toBeLessThan(80);
    const fix = r.stdout.slice(r.stdout.indexOf("! no profile for staging's host"));
    expect(fix).toMatch(/^ {4}fix: databricks auth login \\\n {11}--host https:\/\/a-workspace-with-a-long-name\.cloud\.databricks\.com \\\n {11}--profile \S+$/m);
    const command = /fix: (databricks auth login(?:.* \\\n)*.*)/.exec(fix)![1]!;
    const words = spawnSync('sh', ['-c', `printf '%s\\n' ${command}`], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(words).toEqual(['databricks', 'auth', 'login', '--host', 'https://a-workspace-with-a-long-name.cloud.databricks.com', '--profile', expect.stringMatching(/^\S+$/)]);
    // Piped, each stays one line.
    const piped = await runCliInProcess(['doctor'], { cwd: p.dir, env: fakeCliEnv(p.dir) });
    expect(piped.stdout).toMatch(/^ {4}fix: databricks auth login --host https:\/\/a-workspace-with-a-long-name\.cloud\.databricks\.com --profile \S+$/m);
  });

  it('an env whose host no profile matches: a warning naming the login command', async () => {
    writeProfiles(p.dir);
    p.write('databrickscfg', '[dev]\nhost = https://loyalty-dev.cloud.databricks.com\ntoken = x\n');
    const c = byName(JSON.parse((await doctor()).stdout) as Doc);
    expect(c['host:staging']).toMatchObject({ status: 'warn', fix: 'databricks auth login --host https://loyalty-staging.cloud.databricks.com --profile loyalty-staging' });
    expect(c['warehouse:staging']).toMatchObject({ status: 'warn', message: "staging's SQL warehouse 1123456789abcdef not checked: no profile for its workspace" });
  });

  it('the login it suggests for an env without a profile is under a name no profile has', async () => {
    p.write('databrickscfg', '[loyalty-prod]\nhost = https://loyalty-dev.cloud.databricks.com\ntoken = x\n');
    const c = byName(JSON.parse((await doctor()).stdout) as Doc);
    expect(c['host:dev']).toMatchObject({ status: 'ok', message: expect.stringContaining('profile loyalty-prod') });
    expect(c['host:prod']).toMatchObject({ status: 'warn', fix: 'databricks auth login --host https://loyalty-prod.cloud.databricks.com --profile loyalty-prod-2' });
  });

  it('a CLI without bundle commands: says so, with the CLI\'s own error, and claims nothing about bundle plan', async () => {
    const r = await runCliInProcess(['doctor'], { cwd: p.dir, env: fakeCliEnv(p.dir, { FAKE_DATABRICKS_FAIL: 'help:unknown-command' }) });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/✖ this Databricks CLI has no "bundle" command \(databricks bundle --help: Error: unknown command "bundle" for "databricks"\)\n {4}fix: upgrade the Databricks CLI/);
    expect(r.stdout).not.toContain('bundle plan');
  });

  it('bundle --help failing for another reason: the CLI\'s real error, not "no bundle commands"', async () => {
    const r = await runCliInProcess(['doctor', '--json'], { cwd: p.dir, env: fakeCliEnv(p.dir, { FAKE_DATABRICKS_FAIL: 'help:error' }) });
    const c = byName(JSON.parse(r.stdout) as Doc);
    expect(c['bundle-commands']).toEqual({
      name: 'bundle-commands',
      status: 'fail',
      message: 'databricks bundle --help failed (exit 1): Error: something went wrong',
      fix: 'run "databricks bundle --help" to see the whole error; reinstall or upgrade the Databricks CLI if it persists',
    });
    expect(c['bundle-plan']).toBeUndefined();
    expect(r.stdout).not.toContain('no \\"bundle\\" command');
    expect(r.code).toBe(1);
  });

  it('each env SQL warehouse must be Pro or Serverless: SQL file tasks need one', async () => {
    const ok = byName(JSON.parse((await doctor()).stdout) as Doc);
    expect(ok['warehouse:dev']).toMatchObject({ status: 'ok', message: expect.stringMatching(/^dev SQL warehouse .*0123456789abcdef.*Serverless: runs SQL file tasks$/) });
    const warehouses = JSON.stringify({
      '0123456789abcdef': { name: 'dev wh', warehouse_type: 'PRO', enable_serverless_compute: false },
      '1123456789abcdef': { name: 'old classic', warehouse_type: 'CLASSIC', enable_serverless_compute: false },
    });
    const r = await doctor({ FAKE_DATABRICKS_WAREHOUSES: warehouses });
    const c = byName(JSON.parse(r.stdout) as Doc);
    expect(c['warehouse:dev']).toMatchObject({ status: 'ok', message: 'dev SQL warehouse "dev wh" (0123456789abcdef), Pro: runs SQL file tasks' });
    expect(c['warehouse:staging']).toMatchObject({
      status: 'fail',
      message: 'staging SQL warehouse "old classic" (1123456789abcdef), Classic: SQL file tasks need a Pro or Serverless warehouse',
      fix: expect.stringMatching(/^upgrade it to Pro or Serverless \(SQL Warehouses → Edit\), or set sql_warehouse_id in config\/staging\.yml/),
    });
    expect(c['warehouse:prod']).toMatchObject({ status: 'fail', message: 'prod SQL warehouse 2123456789abcdef does not exist in https://loyalty-prod.cloud.databricks.com' });
    expect(r.code).toBe(1);
    const calls = fakeCalls(p.dir).filter((x) => x.argv[0] === 'warehouses');
    expect(calls.map((x) => x.argv)).toContainEqual(['warehouses', 'get', '2123456789abcdef', '-p', 'prod', '-o', 'json']);
  });
});
