import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectCleanFailure, runCli, runCliInProcess, tempProject } from '../helpers/cli.js';
import { snapshotTree } from '../helpers/tree.js';
import { run as runEdit } from '../../src/cli/commands/edit.js';
import { fakeTerminalContext } from '../ui/helpers/fake-terminal.js';

let p: { dir: string; cleanup: () => void };
beforeEach(() => {
  p = tempProject();
});
afterEach(() => p.cleanup());
const cli = (...args: string[]) => runCliInProcess(args, { cwd: p.dir });
const read = (rel: string) => readFileSync(join(p.dir, rel), 'utf8');

describe('edit --set … --yes', () => {
  it('on a pipeline made by new: the answer lands in config.json, the bundle and the record follow; validate passes', async () => {
    expect((await cli('new', '--template', 'batch_sql', '--name', 'orders_etl', '--yes')).code).toBe(0);
    const config = JSON.parse(read('pipelines/orders_etl/config.json'));
    config.max_concurrent_runs = 2;
    writeFileSync(join(p.dir, 'pipelines/orders_etl/config.json'), `${JSON.stringify(config, null, 2)}\n`);
    const r = await cli('edit', 'orders_etl', '--set', 'schedule_cron=0 0 3 * * ?', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('edited pipelines/orders_etl/ with template batch_sql (from .template-answers.yml)');
    expect(r.stdout).toContain("schedule_cron: '0 0 2 * * ?' → '0 0 3 * * ?'");
    expect(r.stdout).toMatch(/changed +pipelines\/orders_etl\/databricks\.yml/);
    const written = JSON.parse(read('pipelines/orders_etl/config.json'));
    expect(written.schedule.quartz_cron_expression).toBe('0 0 3 * * ?');
    expect(written.max_concurrent_runs).toBe(2);
    expect(read('pipelines/orders_etl/databricks.yml')).toContain('0 0 3 * * ?');
    expect(read('pipelines/orders_etl/.template-answers.yml')).toContain('schedule_cron: "0 0 3 * * ?"');
    const v = runCli(['validate', 'orders_etl'], { cwd: p.dir });
    expect(v.code, v.stderr).toBe(0);
  });

  it('on a seed pipeline without a record: the template of its pipeline_type, no record written, other files untouched', async () => {
    const before = snapshotTree(join(p.dir, 'pipelines', 'kafka_traffic_pipeline'));
    const r = await cli('edit', 'kafka_traffic_pipeline', '--set', 'schedule_cron=0 0 3 * * ?', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('template batch_sql (no .template-answers.yml: its pipeline_type batch_sql matches)');
    const after = snapshotTree(join(p.dir, 'pipelines', 'kafka_traffic_pipeline'));
    const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
    expect(changed.sort()).toEqual(['config.json', 'databricks.yml']);
    expect(JSON.parse(read('pipelines/kafka_traffic_pipeline/config.json')).job_key).toBe('traffic_data_etl_pipeline');
    const v = runCli(['validate', 'kafka_traffic_pipeline'], { cwd: p.dir });
    expect(v.code, v.stderr).toBe(0);
  });

  it('--answers: a YAML file of answers, --set over it', async () => {
    writeFileSync(join(p.dir, 'answers.yml'), 'description: From a file\nschedule_timezone: Europe/Amsterdam\n');
    const r = await cli('edit', 'kafka_traffic_pipeline', '--answers', 'answers.yml', '--set', 'schedule_timezone=UTC', '--yes');
    expect(r.code, r.stderr).toBe(0);
    const config = JSON.parse(read('pipelines/kafka_traffic_pipeline/config.json'));
    expect(config.description).toBe('From a file');
    expect(config.schedule.timezone_id).toBe('UTC');
  });

  it('an edit that changes nothing says so and writes nothing', async () => {
    const before = snapshotTree(p.dir);
    const r = await cli('edit', 'gap_injection_with_kafka', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^unchanged pipelines\/gap_injection_with_kafka\/: .*nothing was written/);
    expect(snapshotTree(p.dir)).toEqual(before);
  });
});

describe('edit: refused', () => {
  it('an unknown pipeline is a usage error naming the known ones', async () => {
    const r = await expectCleanFailure(p.dir, ['edit', 'no_such_pipeline', '--yes'], 2, /^error: no pipeline "no_such_pipeline"/);
    expect(r.stderr).toMatch(/known pipelines: .*kafka_traffic_pipeline/);
  });

  it('a bad --set value exits 2 naming the key, and writes nothing', async () => {
    await expectCleanFailure(p.dir, ['edit', 'kafka_traffic_pipeline', '--set', 'schedule_cron=every day', '--yes'], 2, /^error: edit: answer "schedule_cron": /);
    await expectCleanFailure(p.dir, ['edit', 'kafka_traffic_pipeline', '--set', 'no_question=1', '--yes'], 2, /^error: edit: --set no_question: template batch_sql has no question "no_question"/);
  });

  it('without a terminal and without --yes: a usage error naming --yes', async () => {
    const r = await expectCleanFailure(p.dir, ['edit', 'kafka_traffic_pipeline', '--set', 'schedule_cron=0 0 3 * * ?'], 2, /^error: edit: no terminal to show the wizard in; nothing was written/);
    expect(r.stderr).toMatch(/pass --yes/);
  });

  it('in a terminal that cannot move the cursor, without --yes: a usage error naming --yes, nothing written', async () => {
    const before = snapshotTree(p.dir);
    const term = fakeTerminalContext(p.dir, {});
    let stderr = '';
    const ctx = { ...term.ctx, plain: true, stderr: { write: (t: string) => (stderr += t) } };
    await expect(runEdit(['kafka_traffic_pipeline'], ctx)).rejects.toThrow(/^edit: this terminal cannot show the wizard/);
    await expect(runEdit(['kafka_traffic_pipeline'], ctx)).rejects.toMatchObject({ exitCode: 2, hint: expect.stringContaining('--yes') });
    expect(stderr).toBe('');
    expect(snapshotTree(p.dir)).toEqual(before);
  });

  it('an answers record naming a template that is gone: one line naming the file and the field', async () => {
    expect((await cli('new', '--template', 'batch_sql', '--name', 'orders_etl', '--yes')).code).toBe(0);
    const file = join(p.dir, 'pipelines/orders_etl/.template-answers.yml');
    writeFileSync(file, read('pipelines/orders_etl/.template-answers.yml').replace('template: batch_sql', 'template: gone_template'));
    const r = await expectCleanFailure(p.dir, ['edit', 'orders_etl', '--yes'], 1, /^error: pipelines\/orders_etl\/\.template-answers\.yml: template: "gone_template" is not a template/);
    expect(r.stderr).toMatch(/one of: batch_sql, streaming_delta, streaming_postgres/);
  });

  it('a step whose file would be outside the pipeline folder is refused, nothing written', async () => {
    const steps = JSON.stringify([{ step: 'setup_databases', stage: 0, sql_file: 'sql/setup/setup_databases.sql' }, { step: 'escape', stage: 1, sql_file: '../../escape.sql' }]);
    await expectCleanFailure(p.dir, ['edit', 'kafka_traffic_pipeline', '--set', `steps=${steps}`, '--yes'], 1, /^error: pipelines\/kafka_traffic_pipeline\/\.\.\/\.\.\/escape\.sql: .*outside the pipeline folder/);
  });

  it('no pipeline named: a usage error listing them', async () => {
    const r = await expectCleanFailure(p.dir, ['edit', '--yes'], 2, /^error: edit: name the pipeline to edit/);
    expect(r.stderr).toMatch(/pipelines: gap_injection_with_kafka/);
  });
});
