/**
 * Text from configs never reaches the terminal raw: escape sequences in a
 * display name, a description or a folder name are shown escaped by every
 * command that prints them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCliInProcess } from '../helpers/cli.js';
import { batchConfig, SQL } from '../helpers/fixtures.js';
import { miniProject, type MiniProject } from '../helpers/mini-project.js';

let p: MiniProject;
beforeEach(() => {
  p = miniProject();
});
afterEach(() => p.cleanup());
const cli = (...args: string[]) => runCliInProcess(args, { cwd: p.dir });
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('hostile text in configs', () => {
  const evil = 'Orders \u001b]0;pwned\u0007\u001b[2J\u009b31m';

  it('list shows escape sequences in a display name escaped', async () => {
    p.write('pipelines/etl/config.json', JSON.stringify(batchConfig({ pipeline_name: evil }), null, 2));
    const r = await cli('list');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('Orders \\x1b]0;pwned\\x07\\x1b[2J\\x9b31m');
  });

  it('the bundle keeps the exact text, escaped so every YAML reader reads it back', async () => {
    const description = 'del\u007f csi\u009b nel\u0085 ls\u2028 bom\ufeff';
    p.write('pipelines/etl/config.json', JSON.stringify(batchConfig({ pipeline_name: 'Orders', description }), null, 2));
    expect((await cli('generate', 'etl')).code).toBe(0);
    const text = readFileSync(join(p.dir, 'pipelines/etl/databricks.yml'), 'utf8');
    expect(text).not.toMatch(/[\u007f-\u009f\u2028\ufeff]/);
    expect((parse(text) as { resources: { jobs: { etl: { description: string } } } }).resources.jobs.etl.description).toBe(description);
    expect((await cli('validate', 'etl')).code).toBe(0);
  });

  it('an error about a value or a folder name shows it escaped', async () => {
    p.write('pipelines/etl/config.json', JSON.stringify(batchConfig({ tags: { '\u001b[31mx': 'y' } }), null, 2));
    p.write('pipelines/bad\u001b[2Jname/config.json', '{}');
    p.write('pipelines/bad\u001b[2Jname/sql/a.sql', SQL);
    const r = await cli('validate', '--all');
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    expect(r.stderr).toContain('pipelines/bad\\x1b[2Jname');
    expect(r.stderr).toContain('tags.\\x1b[31mx');
    const n = await runCliInProcess(['new', '--template', '\u001b[2Jnope', '--name', 'x_y_z'], { cwd: p.dir });
    expect(n.stderr).not.toMatch(RAW_CONTROL);
  });
});
