import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runWizard } from '../../src/ui/run-wizard.js';
import { fakeTerminalContext, stripAnsi, type FakeOutput } from './helpers/fake-terminal.js';
import { KEY } from './helpers/keys.js';
import { waitFor, waitForText } from './helpers/wait-for.js';
import { tempWizardProject } from './helpers/wizard-fixtures.js';
import { FAKE_BIN_DIR } from '../helpers/fake-cli.js';

const projects: ReturnType<typeof tempWizardProject>[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

function start(prefill: Parameters<typeof runWizard>[2], size = { columns: 80, rows: 24 }) {
  const project = tempWizardProject();
  projects.push(project);
  // A Databricks CLI on PATH (the fake): without one the wizard offers no deploy.
  const term = fakeTerminalContext(project.dir, { HOME: project.home, PATH: FAKE_BIN_DIR }, size);
  const result = runWizard(project.dir, term.ctx, prefill);
  const see = (text: string) => waitForText(() => term.output.screen(), text);
  return { ...term, project, result, see };
}

/** Every frame Ink drew fits the terminal: no line wider, never as many lines as it has rows. */
function expectFramesFit(output: FakeOutput, columns: number, rows: number): void {
  for (const write of output.writes) {
    const text = stripAnsi(write);
    if (text.trim() === '') continue;
    const lines = text.replace(/\n$/, '').split('\n');
    expect(lines.length).toBeLessThan(rows);
    for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(columns);
  }
}

describe('runWizard on a terminal', () => {
  it('80x24: Enter on every default writes a pipeline, leaves the terminal restored and every frame fits', async () => {
    const w = start({ answers: {} });
    await w.see('How the pieces fit');
    for (let i = 0; i < 40 && !w.output.screen().includes('Validate and deploy'); i++) {
      const screen = w.output.screen();
      w.input.type(KEY.enter);
      await waitFor(() => w.output.screen() !== screen, 'the next screen');
    }
    await w.see('Validate and deploy to dev now');
    w.input.type(KEY.enter);
    const result = await w.result;
    expect(result).toMatchObject({ status: 'written', env: 'dev', profile: 'dev-sso', deployNow: false });
    if (result.status !== 'written') return;
    for (const f of result.files) expect(existsSync(join(w.project.dir, f)), f).toBe(true);
    expect(result.files).toContain(`pipelines/${result.name}/databricks.yml`);
    expect(w.input.isRaw).toBe(false);
    expect(w.output.all().endsWith('\u001b[?1049l\u001b[?25h')).toBe(true);
    expectFramesFit(w.output, 80, 24);
  });

  it('Ctrl-C mid-wizard resolves "cancelled", writes nothing and restores the terminal', async () => {
    const w = start({ template: 'batch_sql', name: 'orders_etl', answers: {} });
    const before = readdirSync(join(w.project.dir, 'pipelines')).sort();
    await w.see('Display name');
    w.input.type(' typed');
    await w.see('typed');
    w.input.type(KEY.ctrlC);
    expect(await w.result).toEqual({ status: 'cancelled' });
    expect(readdirSync(join(w.project.dir, 'pipelines')).sort()).toEqual(before);
    expect(w.input.isRaw).toBe(false);
    expect(w.interrupts.size).toBe(0);
  });

  it('a 30-step batch pipeline: the steps editor and the preview fit 80x24', async () => {
    const w = start({ template: 'batch_sql', name: 'big_etl', answers: { display_name: 'Big', description: 'd', schedule_cron: '0 0 2 * * ?', schedule_timezone: 'UTC', bronze_table: 'events_bronze', extra_parameters: {} } });
    await w.see('Steps (3)');
    for (let n = 4; n <= 30; n++) {
      w.input.type('a');
      w.input.type(KEY.enter);
      await w.see(`Steps (${n})`);
    }
    w.input.type('d');
    w.input.type('nowhere');
    await w.see('depends on unknown step "nowhere"');
    w.input.type(KEY.escape);
    w.input.type(KEY.ctrlC);
    expect(await w.result).toEqual({ status: 'cancelled' });
    expectFramesFit(w.output, 80, 24);
  });

  it('switches to questions beside the preview when the terminal grows to 160x48', async () => {
    const w = start({ template: 'batch_sql', name: 'orders_etl', answers: {} });
    await w.see('Display name');
    w.output.resize(160, 48);
    const screen = await w.see('│');
    expect(screen.split('\n').find((l) => l.startsWith('Display name'))).toMatch(/Display name +│── databricks\.yml/);
    w.input.type(KEY.ctrlC);
    await w.result;
    expectFramesFit(w.output, 160, 48);
  });

  it('draws the intro before reading configs; a broken config then ends the wizard with its error and a restored terminal', async () => {
    const w = start({ answers: {} });
    writeFileSync(join(w.project.dir, 'config', 'dev.yml'), 'environment: dev\nworkspace: [unclosed\n');
    const outcome = w.result.then(
      () => 'resolved',
      (error: Error) => error.message,
    );
    expect(await outcome).toMatch(/config\/dev\.yml/);
    expect(stripAnsi(w.output.all())).toContain('How the pieces fit');
    expect(w.input.isRaw).toBe(false);
    expect(w.output.all().endsWith('\u001b[?1049l\u001b[?25h')).toBe(true);
    expect(w.interrupts.size).toBe(0);
  });
});

