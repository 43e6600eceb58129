/**
 * One rule for every command: what it did or found (files written, lists,
 * previews, check results, its summary and the commands to run next) goes to
 * stdout; errors, warnings, hints and progress go to stderr.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { fakeCliEnv, writeProfiles } from '../helpers/fake-cli.js';
import { streamingConfig } from '../helpers/fixtures.js';
import { miniProject, type MiniProject } from '../helpers/mini-project.js';

let p: MiniProject;
beforeEach(() => {
  p = miniProject({ templates: true });
  writeProfiles(p.dir);
});
afterEach(() => p.cleanup());

const cli = (...args: string[]) => runCli(args, { cwd: p.dir, env: fakeCliEnv(p.dir) });

describe('results on stdout, diagnostics on stderr', () => {
  it('generate: the files written and the summary on stdout', () => {
    const first = cli('generate');
    expect(first.stdout).toBe('wrote pipelines/etl/databricks.yml\nwrote pipelines/orders/databricks.yml\n✔ 2 bundle(s): 2 written, 0 unchanged\n');
    expect(first.stderr).toBe('');
    const again = cli('generate');
    expect([again.stdout, again.stderr]).toEqual(['✔ 2 bundle(s): 0 written, 2 unchanged\n', '']);
  });

  it('generate --check: the summary on stdout, each stale bundle as an error on stderr', () => {
    cli('generate');
    const ok = cli('generate', '--check');
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, '✔ 2 bundle(s) up to date\n', '']);
    p.write('pipelines/orders/config.json', JSON.stringify(streamingConfig({ pipeline_name: 'Renamed' })));
    const stale = cli('generate', '--check');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe('✖ 1 of 2 bundle(s) out of date; run: npx loyalty-wizard generate\n');
    expect(stale.stderr).toBe('stale: pipelines/orders/databricks.yml\n');
  });

  it('validate: a line per pipeline and the summary on stdout, each problem on stderr', () => {
    cli('generate');
    const ok = cli('validate');
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, '✔ etl\n✔ orders\n✔ config/*.yml and 2 pipeline(s) valid\n', '']);
    p.write('pipelines/orders/notebooks/ingest.py', 'print(1)\n');
    const bad = cli('validate');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('✔ etl\n✖ orders\n✖ 1 of 2 pipeline(s) have problems\n');
    expect(bad.stderr).toMatch(/^ {2}pipelines\/orders\/notebooks\/ingest\.py: is not a Databricks notebook/);
    expect(bad.stderr).not.toContain('✔');
  });

  it('list, preview and doctor: everything on stdout', () => {
    for (const args of [['list'], ['list', '--json'], ['preview', 'etl', '--env', 'prod'], ['doctor']]) {
      const r = cli(...args);
      expect(r.stdout, args.join(' ')).not.toBe('');
      expect(r.stderr, args.join(' ')).toBe('');
    }
  });

  it('schemas: what it wrote and the summary on stdout; --check names stale files on stderr', () => {
    const first = cli('schemas');
    expect([first.code, first.stderr]).toEqual([0, '']);
    const wrote = first.stdout.split('\n').filter((l) => /^wrote schemas\/\S+\.schema\.json$/.test(l)).length;
    expect(wrote).toBeGreaterThan(1);
    expect(first.stdout.split('\n').slice(wrote)).toEqual([`✔ ${wrote} schema file(s): ${wrote} written, 0 unchanged`, '']);
    const ok = cli('schemas', '--check');
    expect([ok.code, ok.stdout, ok.stderr]).toEqual([0, `✔ ${wrote} schema file(s) up to date\n`, '']);
    p.write('schemas/env.schema.json', '{}');
    const stale = cli('schemas', '--check');
    expect(stale.code).toBe(1);
    expect(stale.stdout).toBe(`✖ 1 of ${wrote} schema file(s) out of date; run: npx loyalty-wizard schemas\n`);
    expect(stale.stderr).toBe('stale: schemas/env.schema.json\n');
  });

  it('new --yes: the files created and the next commands on stdout', () => {
    const r = cli('new', '--template', 'batch_sql', '--name', 'orders_etl', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^created pipelines\/orders_etl\/ from template batch_sql/);
    expect(r.stdout).toContain('\nNext:\n  npx loyalty-wizard preview orders_etl --env dev\n');
    expect(r.stderr).toBe('');
  });

  it('deploy without a terminal: the summary and next commands on stdout, the task list on stderr', () => {
    const r = cli('deploy', 'etl', '--env', 'dev', '--profile', 'dev');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✔ etl deployed to dev/);
    expect(r.stdout).toMatch(/URL {6}https:\/\//);
    expect(r.stdout).not.toMatch(/Validate|Plan:/);
    expect(r.stderr).toMatch(/✔ Validate: bundle valid/);
    expect(r.stderr).not.toMatch(/URL {6}|deployed to dev in/);
  });
});
