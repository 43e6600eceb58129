/**
 * `loyalty-wizard edit` on the built binary in a real terminal (tmux, 80x24 and 160x48): the questions prefilled
 * from the pipeline, a change shown as a diff of databricks.yml in the preview, Esc back, Ctrl-C leaving every file
 * as it was, and the review writing the change. Skipped, with the reason printed, when tmux is not installed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';
import { wizardTerminals } from '../helpers/wizard-terminal.js';
import { snapshotTree } from '../helpers/tree.js';

if (!tmuxAvailable) console.warn('edit-tmux: skipped: tmux is not installed');

const { sessions, project } = wizardTerminals('loyalty-wizard-edit-e2e');

function launch(args: string, p: { dir: string; home: string }, size = { width: 80, height: 24 }): TmuxSession {
  const session = new TmuxSession(`node '${BIN}' ${args}`, {
    cwd: p.dir,
    // No Databricks CLI on PATH: the wizard writes and offers no deploy.
    env: { HOME: p.home, PATH: '/usr/bin:/bin', TERM: 'xterm-256color', CI: undefined, CONTINUOUS_INTEGRATION: undefined, FORCE_COLOR: undefined, NO_COLOR: undefined },
    ...size,
  });
  sessions.push(session);
  return session;
}

function expectFits(screen: string, columns: number, rows: number): void {
  const lines = screen.replace(/\n$/, '').split('\n');
  expect(lines.length).toBeLessThanOrEqual(rows);
  for (const l of lines) expect(l.length, l).toBeLessThanOrEqual(columns);
}


describe.skipIf(!tmuxAvailable)('loyalty-wizard edit in tmux (built binary)', { timeout: 120_000 }, () => {
  it('80x24: prefilled, a change shows as a diff, Esc goes back, Ctrl-C leaves every file as it was', async () => {
    const p = project();
    const before = snapshotTree(join(p.dir, 'pipelines'));
    const t = launch('edit kafka_traffic_pipeline --env dev', p);
    let screen = await t.waitFor('› Traffic Data ETL Pipeline');
    expectFits(screen, 80, 24);
    expect(screen.split('\n')[0]).toMatch(/^Edit pipeline · batch_sql · kafka_traffic_pipeline/);
    expect(await t.waitFor('databricks.yml · no changes')).not.toContain('Pipeline name');
    t.keys('Enter', 'Enter');
    screen = await t.waitFor('› 0 0 2 * * ?');
    t.keys('C-u');
    t.type('0 0 3 * * ?');
    screen = await t.waitFor('+1 −1 vs disk');
    expectFits(screen, 80, 24);
    expect(screen).toMatch(/− +quartz_cron_expression: "0 0 2 \* \* \?"/);
    expect(screen).toMatch(/\+ +quartz_cron_expression: "0 0 3 \* \* \?"/);
    t.keys('Enter');
    await t.waitFor('Time zone of the schedule');
    t.keys('Escape');
    screen = await t.waitFor('› 0 0 3 * * ?');
    expect(screen).toContain('Schedule (Quartz cron)');
    t.keys('C-c');
    expect(await t.exitCode()).toBe(130);
    expect(t.screen()).toContain('cancelled: nothing was written');
    expect(snapshotTree(join(p.dir, 'pipelines'))).toEqual(before);
  });

  it('160x48: the diff beside the questions; the review writes the change and the CI command repeats it', async () => {
    const p = project();
    const t = launch('edit kafka_traffic_pipeline --env dev', p, { width: 160, height: 48 });
    await t.waitFor(/Display name +│── databricks\.yml · no changes/);
    t.keys('C-u');
    t.type('Traffic Wide');
    expectFits(await t.waitFor(/\+ +name: "\[Loyalty2\.0\] \[\$\{bundle\.target\}\] Traffic Wide"/), 160, 48);
    const header = (s: string) => s.split('\n')[0] ?? '';
    let screen = t.screen();
    for (let i = 0; i < 20 && !screen.includes('Review —'); i++) {
      const last = header(screen);
      t.keys('Enter');
      screen = await t.waitFor((now) => now.includes('Review —') || header(now) !== last);
    }
    expect(screen).toContain('changed config.json');
    t.keys('Enter');
    // No Databricks CLI: the wizard offers to print the deploy commands instead.
    await t.waitFor('✓ Wrote pipelines/kafka_traffic_pipeline/ (2 files)');
    t.keys('Enter');
    expect(await t.exitCode()).toBe(0);
    expect(JSON.parse(readFileSync(join(p.dir, 'pipelines/kafka_traffic_pipeline/config.json'), 'utf8')).pipeline_name).toBe('Traffic Wide');
    expect(t.screen()).toMatch(/npx loyalty-wizard edit kafka_traffic_pipeline --set 'display_name=Traffic Wide' --yes/);
  });
});
