/**
 * `loyalty-wizard upgrade` on the built binary in a real terminal (tmux, 80x24): a new question of the template is
 * asked as a line, its default shown; an answer the question refuses is said and asked again; the answer lands in
 * the pipeline. Skipped, with the reason printed, when tmux is not installed.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BIN, runCliInProcess } from '../helpers/cli.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';
import { wizardTerminals } from '../helpers/wizard-terminal.js';

if (!tmuxAvailable) console.warn('upgrade-tty: skipped: tmux is not installed');

const { sessions, project } = wizardTerminals('loyalty-wizard-upgrade-e2e');

function git(dir: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}

describe.skipIf(!tmuxAvailable)('loyalty-wizard upgrade in tmux (built binary)', { timeout: 120_000 }, () => {
  it('80x24: a new question is asked with its default; a refused answer is asked again; the answer is upgraded in', async () => {
    const p = project();
    git(p.dir, 'init', '-q');
    git(p.dir, 'add', '-A');
    git(p.dir, 'commit', '-q', '-m', 'templates');
    expect((await runCliInProcess(['new', '--template', 'batch_sql', '--name', 'orders_etl', '--yes'], { cwd: p.dir })).code).toBe(0);
    git(p.dir, 'add', '-A');
    git(p.dir, 'commit', '-q', '-m', 'a pipeline');
    const manifest = join(p.dir, 'templates/batch_sql/template.yml');
    const question = "  - key: owner_team\n    prompt: Owning team\n    help: 'The team that owns the pipeline, e.g. loyalty-data'\n    type: text\n    default: data-platform\n    pattern: '^[a-z][a-z-]{1,40}$'\n    pattern_message: lowercase letters and -, e.g. loyalty-data\n";
    writeFileSync(manifest, `${readFileSync(manifest, 'utf8').replace(/^version: (\d+)$/m, (_, v: string) => `version: ${Number(v) + 1}`)}${question}`);
    const readme = join(p.dir, 'templates/batch_sql/files/README.md');
    writeFileSync(readme, `${readFileSync(readme, 'utf8')}\nOwned by {{owner_team}}.\n`);
    git(p.dir, 'add', '-A');
    git(p.dir, 'commit', '-q', '-m', 'batch_sql: owner_team');

    const t = new TmuxSession(`node '${BIN}' upgrade orders_etl`, {
      cwd: p.dir,
      env: { HOME: p.home, PATH: '/usr/bin:/bin', TERM: 'xterm-256color', CI: undefined, CONTINUOUS_INTEGRATION: undefined, FORCE_COLOR: undefined, NO_COLOR: undefined },
    });
    sessions.push(t);
    let screen = await t.waitFor('Owning team [data-platform]');
    expect(screen).toContain('New question: The team that owns the pipeline, e.g. loyalty-data');
    t.type('Loyalty Data');
    t.keys('Enter');
    screen = await t.waitFor('lowercase letters and -, e.g. loyalty-data');
    t.keys('C-u');
    t.type('loyalty-data');
    t.keys('Enter');
    expect(await t.exitCode()).toBe(0);
    expect(t.screen()).toContain('upgraded pipelines/orders_etl');
    expect(readFileSync(join(p.dir, 'pipelines/orders_etl/README.md'), 'utf8')).toContain('Owned by loyalty-data.');
    const record = parse(readFileSync(join(p.dir, 'pipelines/orders_etl/.template-answers.yml'), 'utf8')) as { answers: Record<string, unknown> };
    expect(record.answers.owner_team).toBe('loyalty-data');
  });
});
