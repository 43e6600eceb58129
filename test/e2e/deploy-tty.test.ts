/** Deploy in a real terminal: prompts for what is missing, approval by typing, Ctrl-C at a prompt. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { fakeCalls, fakeCliEnv, writeProfiles } from '../helpers/fake-cli.js';
import { miniProject, type MiniProject } from '../helpers/mini-project.js';
import { TmuxSession, tmuxAvailable } from '../helpers/tmux.js';

if (!tmuxAvailable) console.warn('tmux not found: terminal tests of deploy skipped');

let p: MiniProject;
let t: TmuxSession | undefined;
beforeEach(() => {
  p = miniProject({ templates: true });
  writeProfiles(p.dir);
});
afterEach(() => {
  t?.kill();
  p.cleanup();
});

function start(args: string, opts: { env?: Record<string, string>; width?: number; height?: number; shell?: string } = {}): TmuxSession {
  const env = { ...fakeCliEnv(p.dir), CI: undefined, NO_COLOR: '1', TERM: 'xterm-256color', ...opts.env };
  const command = `${process.execPath} ${BIN} ${args}`;
  // `shell` runs first in the same terminal (e.g. `stty cols 0`).
  t = new TmuxSession(opts.shell ? `sh -c '${opts.shell}; exec ${command}'` : command, { cwd: p.dir, env, width: opts.width ?? 80, height: opts.height ?? 24 });
  return t;
}
const deployed = () => fakeCalls(p.dir).some((c) => c.argv[0] === 'bundle' && c.argv[1] === 'deploy');

describe.skipIf(!tmuxAvailable)('deploy in a terminal', () => {
  it('asks for pipeline, env and profile, then deploys to dev without asking for approval', async () => {
    const s = start('deploy');
    await s.waitFor('Pipeline to deploy');
    expect(s.screen()).toMatch(/etl\s+\(batch_sql\)/);
    s.keys('Enter');
    await s.waitFor('Environment');
    s.keys('Enter');
    await s.waitFor(/Databricks profile for dev/);
    expect(s.screen()).toMatch(/❯ dev\s+https:\/\/loyalty-dev\.cloud\.databricks\.com\s+✓ this env/);
    expect(s.screen()).not.toContain('dapi-');
    s.keys('Enter');
    expect(await s.exitCode()).toBe(0);
    expect(s.screen()).toMatch(/✔ etl deployed to dev/);
    expect(s.cursorVisible()).toBe(true);
    expect(deployed()).toBe(true);
  });

  it('no profile for the env\'s workspace: the others are marked, and the login command is shown', async () => {
    writeFileSync(join(p.dir, 'databrickscfg'), '[dev]\nhost = https://loyalty-dev.cloud.databricks.com\nauth_type = databricks-cli\n');
    const s = start('deploy etl --env prod');
    await s.waitFor(/Databricks profile for prod/);
    expect(s.screen()).toMatch(/❯ dev\s+https:\/\/loyalty-dev\.cloud\.databricks\.com\s+another workspace/);
    // At 80 columns the command wraps onto a second line.
    expect(s.screen().replace(/\s+/g, ' ')).toContain('databricks auth login --host https://loyalty-prod.cloud.databricks.com --profile loyalty-prod');
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    expect(deployed()).toBe(false);
  });

  for (const [width, height] of [
    [80, 24],
    [160, 48],
  ] as const) {
    it(`the profile picker at ${width}x${height}: name, host and status line up by display width; long values are cut with …, never wrapped`, async () => {
      writeProfiles(
        p.dir,
        `
[a-very-long-profile-name-for-the-shared-dev-workspace]
host = https://loyalty-dev.cloud.databricks.com
token = x

[日本語プロファイル]
host = https://adb-1234567890123456.7.azuredatabricks.net/some/really/long/path/that/keeps/going/on/and/on/and/on/for/ever
token = y
`,
      );
      const s = start('deploy etl --env dev', { width, height });
      await s.waitFor(/Databricks profile for dev/);
      const lines = s.screen().split('\n');
      const first = lines.findIndex((l) => l.startsWith('❯ '));
      const choices = lines.slice(first, first + 5);
      // The profiles for the env's workspace first, then the others, as in the config file.
      expect(choices.map((r) => r.slice(2, 5))).toEqual(['dev', 'a-v', 'sta', 'pro', '日本語']);
      // Every choice is one line: its status is on it.
      for (const r of choices) expect(r, s.screen()).toMatch(/(✓ this env|another workspace)\s*$/);
      const col = (r: string, i: number) => stringWidth(r.slice(0, i));
      const hostColumns = choices.map((r) => col(r, r.indexOf('https://')));
      const statusColumns = choices.map((r) => col(r, Math.max(r.indexOf('✓ this env'), r.indexOf('another workspace'))));
      expect(new Set(hostColumns).size, s.screen()).toBe(1);
      expect(new Set(statusColumns).size, s.screen()).toBe(1);
      for (const r of choices) expect(stringWidth(r)).toBeLessThanOrEqual(width);
      if (width === 80) {
        expect(choices[1]).toContain('…');
        expect(choices[4]).toContain('…');
      } else {
        expect(choices[1]).toContain('a-very-long-profile-name-for-the-shared-dev-workspace');
      }
      s.keys('C-c');
      expect(await s.exitCode()).toBe(130);
    });
  }

  it('a hung CLI: the running step shows its time, then what it waits for and what Ctrl-C does', async () => {
    const s = start('deploy etl --env dev --profile dev', { env: { FAKE_DATABRICKS_FAIL: 'deploy:hang', LOYALTY_WAIT_NOTICE_SECONDS: '1' } });
    const before = Number(/^\S Deploy \[(\d+)s\]/m.exec(await s.waitFor(/^\S Deploy \[\d+s\]/m))![1]);
    // The clock moves while the CLI hangs.
    await s.waitFor(new RegExp(`^\\S Deploy \\[(?!${before}s)\\d+s\\]`, 'm'));
    const screen = (await s.waitFor('waiting for databricks bundle deploy')).replace(/\s+/g, ' ');
    expect(screen).toContain('Ctrl-C stops it, but the job may be left partly updated');
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    expect(s.screen().replace(/\s+/g, ' ')).toContain('interrupted during deploy');
  });

  it('a pty of 0 columns: the task list is plain lines, not one character per line', async () => {
    const s = start('deploy etl --env dev --profile dev', { shell: 'stty cols 0' });
    expect(await s.exitCode()).toBe(0);
    const screen = s.screen();
    expect(screen).toMatch(/^✔ Deploy: deployed to dev/m);
    expect(screen).toMatch(/^✔ etl deployed to dev in/m);
    expect(screen.split('\n').filter((l) => l.trim().length === 1)).toEqual([]);
  });

  it('a --profile for another workspace stops before the CLI runs, naming the profile that matches', async () => {
    const s = start('deploy etl --env prod --profile dev');
    expect(await s.exitCode()).toBe(1);
    // Lines wrap at 80 columns: compared without any white space.
    const screen = s.screen().replace(/\s+/g, '');
    const squeezed = (text: string) => text.replace(/\s+/g, '');
    expect(screen).toContain(squeezed('error: profile "dev" points at https://loyalty-dev.cloud.databricks.com, but config/prod.yml deploys to https://loyalty-prod.cloud.databricks.com'));
    expect(screen).toContain(squeezed('hint: use --profile prod'));
    expect(screen).not.toContain('authlogin');
    expect(fakeCalls(p.dir).filter((c) => c.argv[0] === 'bundle')).toEqual([]);
  });

  it('prod: deploys only after the pipeline name is typed', async () => {
    const s = start('deploy etl --env prod --profile prod');
    await s.waitFor('Type the pipeline name to confirm');
    expect(deployed()).toBe(false);
    s.type('etl');
    s.keys('Enter');
    expect(await s.exitCode()).toBe(0);
    expect(deployed()).toBe(true);
  });

  it('prod: a mistyped name can be typed again; the right name then deploys', async () => {
    const s = start('deploy etl --env prod --profile prod');
    await s.waitFor('Type the pipeline name to confirm');
    s.type('elt');
    s.keys('Enter');
    await s.waitFor(/"elt" is not etl.*2 tries left/);
    expect(deployed()).toBe(false);
    s.type('etl');
    s.keys('Enter');
    expect(await s.exitCode()).toBe(0);
    expect(deployed()).toBe(true);
  });

  it('prod: three wrong names: "not approved" (not a failure), nothing deployed, exit 2', async () => {
    const s = start('deploy etl --env prod --profile prod');
    await s.waitFor('Type the pipeline name to confirm');
    for (const [i, typed] of ['orders', 'etl2', 'ETL'].entries()) {
      s.type(typed);
      s.keys('Enter');
      if (i < 2) await s.waitFor(`${2 - i} ${i === 1 ? 'try' : 'tries'} left`);
    }
    expect(await s.exitCode()).toBe(2);
    const screen = s.screen();
    expect(screen).toMatch(/^↓ Plan: .*not approved/m);
    expect(screen).not.toContain('✖');
    expect(screen).not.toMatch(/^\S Deploy/m);
    expect(screen).toContain('etl was not approved for prod: nothing was deployed');
    expect(deployed()).toBe(false);
  });

  it('staging: answering no is "not approved", not a failure (exit 2)', async () => {
    const s = start('deploy etl --env staging --profile staging');
    await s.waitFor('Deploy etl to staging? (y/N)');
    s.type('n');
    s.keys('Enter');
    expect(await s.exitCode()).toBe(2);
    const screen = s.screen();
    expect(screen).toMatch(/^↓ Plan: .*not approved/m);
    expect(screen).not.toContain('✖');
    expect(screen).toContain('etl was not approved for staging: nothing was deployed');
    expect(deployed()).toBe(false);
  });

  it('--all in a terminal: every pipeline deploys, each with its steps under it, and the table says so', async () => {
    const s = start('deploy --all --env dev --profile dev', { height: 48 });
    expect(await s.exitCode(30_000)).toBe(0);
    const screen = s.screen();
    expect(screen).not.toContain('error');
    expect(screen).toMatch(/^etl +ok +\d+\.\ds +https:\/\/loyalty-dev/m);
    expect(screen).toMatch(/^orders +ok +\d+\.\ds +https:\/\/loyalty-dev/m);
    expect(screen).toMatch(/^ {2}✔ Deploy: deployed to dev/m);
    expect(screen).toContain('all 2 deployed');
  });

  it('--all to prod: the env name typed wrong three times is "not approved", exit 2', async () => {
    const s = start('deploy --all --env prod --profile prod');
    await s.waitFor('Type prod to confirm');
    for (const [i, typed] of ['staging', 'prd', 'dev'].entries()) {
      s.type(typed);
      s.keys('Enter');
      if (i < 2) await s.waitFor(`"${typed}" is not prod: ${2 - i} ${i === 1 ? 'try' : 'tries'} left`);
    }
    expect(await s.exitCode()).toBe(2);
    expect(s.screen()).toContain('⚠ 2 pipelines were not approved for prod: nothing was deployed');
    expect(s.screen()).not.toContain('error:');
    expect(deployed()).toBe(false);
  });

  it('staging: Ctrl-C at the prompt exits 130 and restores the terminal', async () => {
    const s = start('deploy etl --env staging --profile staging');
    await s.waitFor('Deploy etl to staging? (y/N)');
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    expect(s.screen()).toContain('cancelled at the approval prompt: nothing was deployed');
    expect(s.cursorVisible()).toBe(true);
    expect(deployed()).toBe(false);
  });
});

describe.skipIf(!tmuxAvailable)('new → deploy hand-off in a terminal', { timeout: 120_000 }, () => {
  it('the wizard writes the pipeline, unmounts, and the deploy task list ends with the job URL and the CI commands', async () => {
    // Tall enough to keep everything after the wizard on screen.
    const s = start('new --template batch_sql --name wizard_deploy', { height: 48 });
    let screen = await s.waitFor(/Display name/);
    // Enter through the questions to the review, one question at a time: wait for the step
    // counter in the header ("3/9") to move, not for any new frame (the preview redraws on its own).
    const step = (text: string) => /\b(\d+)\/\d+\s*$/m.exec(text.split('\n')[0] ?? '')?.[1];
    for (let i = 0; i < 30 && !screen.includes('Review —'); i++) {
      const before = step(screen);
      s.keys('Enter');
      screen = await s.waitFor((now) => step(now) !== before || now.includes('Review —'), 20_000);
    }
    expect(screen).toContain('Review —');
    s.keys('Enter');
    screen = await s.waitFor('Validate and deploy to dev now (profile dev)?');
    s.keys('Up');
    s.keys('Enter');
    expect(await s.exitCode(30_000)).toBe(0);
    const out = s.screen();
    expect(out).toMatch(/✔ wizard_deploy deployed to dev in/);
    expect(out).toMatch(/URL {6}https:\/\/loyalty-dev\.cloud\.databricks\.com\/jobs\/\d+/);
    expect(out).toContain('npx loyalty-wizard new --template batch_sql --name wizard_deploy --yes');
    // The CI commands once, together at the end.
    expect(out.split('npx loyalty-wizard deploy wizard_deploy --env dev --profile dev --yes').length - 1, out).toBe(1);
    expect(out).toMatch(/The same, without questions \(for CI\):\n {2}npx loyalty-wizard new .*\n {2}npx loyalty-wizard deploy wizard_deploy --env dev --profile dev --yes\n/);
    const calls = fakeCalls(p.dir).filter((c) => c.argv[0] === 'bundle').map((c) => `${c.argv[1]} ${c.cwd.split('/').at(-1)}`);
    expect(calls).toEqual(['validate wizard_deploy', 'plan wizard_deploy', 'deploy wizard_deploy', 'summary wizard_deploy']);
    expect(s.cursorVisible()).toBe(true);
  });
});
