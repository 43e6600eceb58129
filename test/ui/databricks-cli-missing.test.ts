/**
 * Without a Databricks CLI the wizard does not offer to deploy: it says the
 * CLI is missing, how to install it, and offers only to print the commands.
 * Finding the CLI is a PATH lookup (no subprocess on the wizard's way).
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { cleanup } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { findDatabricksCli } from '../../src/databricks/find-cli.js';
import { loadWizardSetup } from '../../src/ui/wizard/load-setup.js';
import { initialWizardState, wizardReducer } from '../../src/ui/wizard/reducer.js';
import { choiceValues } from '../../src/ui/wizard/selectors.js';
import { drive, screenId } from './helpers/drive.js';
import { KEY } from './helpers/keys.js';
import { renderWizard } from './helpers/render-wizard.js';
import { fixtureSetup, prefill, tempWizardProject } from './helpers/wizard-fixtures.js';

const temps: string[] = [];
afterEach(() => {
  cleanup();
  temps.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function binDir(files: Record<string, number>): string {
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-wizard-bin-'));
  temps.push(dir);
  for (const [name, mode] of Object.entries(files)) {
    writeFileSync(join(dir, name), '#!/bin/sh\n');
    chmodSync(join(dir, name), mode);
  }
  return dir;
}

describe('findDatabricksCli: a PATH lookup', () => {
  it('finds databricks on PATH, skipping folders where it is missing or not executable', () => {
    const empty = binDir({});
    const notExec = binDir({ databricks: 0o644 });
    const good = binDir({ databricks: 0o755 });
    expect(findDatabricksCli({ PATH: [empty, notExec, good].join(delimiter) })).toEqual({ executable: 'databricks', path: join(good, 'databricks') });
    expect(findDatabricksCli({ PATH: [empty, notExec].join(delimiter) })).toEqual({ executable: 'databricks' });
    expect(findDatabricksCli({})).toEqual({ executable: 'databricks' });
  });

  it('LOYALTY_DATABRICKS_CLI names the executable: a path is checked as it is, a bare name looked up on PATH', () => {
    const good = binDir({ dbx: 0o755 });
    expect(findDatabricksCli({ LOYALTY_DATABRICKS_CLI: join(good, 'dbx'), PATH: '' }).path).toBe(join(good, 'dbx'));
    expect(findDatabricksCli({ LOYALTY_DATABRICKS_CLI: join(good, 'nope'), PATH: good }).path).toBeUndefined();
    expect(findDatabricksCli({ LOYALTY_DATABRICKS_CLI: 'dbx', PATH: good }).path).toBe(join(good, 'dbx'));
    mkdirSync(join(good, 'databricks'));
    expect(findDatabricksCli({ PATH: good }).path).toBeUndefined(); // a folder is not a program
  });
});

describe('the wizard without a Databricks CLI', () => {
  const setup = () => ({ ...fixtureSetup(), databricksCli: { executable: 'databricks' } });
  const written = () => {
    const review = drive(initialWizardState(setup(), prefill({ template: 'fixture_batch', name: 'orders_etl', env: 'dev', profile: 'dev-sso' })), Array.from({ length: 8 }, () => 'enter' as const));
    expect(screenId(review)).toBe('writing');
    return wizardReducer(review, { type: 'written', files: ['pipelines/orders_etl/config.json'] });
  };

  it('offers only to print the commands: no key deploys', () => {
    const deploy = written();
    expect(screenId(deploy)).toBe('deploy');
    expect(choiceValues(deploy)).toEqual([false]);
    for (const keys of [['enter'], [{ text: 'y' }, 'enter'], ['up', 'enter']] as const) {
      expect(drive(deploy, keys).outcome).toMatchObject({ status: 'written', deployNow: false, profile: 'dev-sso' });
    }
  });

  it('says the CLI is missing and how to install it, instead of asking to deploy', async () => {
    const w = renderWizard(setup(), prefill({ template: 'fixture_batch', name: 'orders_etl', env: 'dev', profile: 'dev-sso', answers: { display_name: 'Orders', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', steps: [{ step: 'load', stage: 0, sql_file: 'sql/load.sql' }], add_email: false } }));
    await w.see('pipelines/orders_etl/databricks.yml');
    const frame = await w.typeAndSee(KEY.enter, 'Print the commands');
    const side = frame.split('\n').map((l) => l.split('│')[0]).join(' ').replace(/\s+/g, ' ');
    expect(side).toContain('The Databricks CLI ("databricks") was not found');
    expect(side).toContain('https://docs.databricks.com/dev-tools/cli/install.html');
    expect(side).toContain('brew install databricks/tap/databricks');
    expect(side).not.toContain('Validate and deploy');
    expect(side).not.toMatch(/\bYes\b/);
    w.type(KEY.enter);
    expect(await w.done()).toMatchObject({ status: 'written', deployNow: false });
  });

  it('loadWizardSetup looks the CLI up on the PATH of the environment it is given', () => {
    const p = tempWizardProject();
    temps.push(p.dir, p.home);
    const good = binDir({ databricks: 0o755 });
    expect(loadWizardSetup(p.dir, { HOME: p.home, PATH: '' }, prefill()).databricksCli).toEqual({ executable: 'databricks' });
    expect(loadWizardSetup(p.dir, { HOME: p.home, PATH: good }, prefill()).databricksCli?.path).toBe(join(good, 'databricks'));
  });
});
