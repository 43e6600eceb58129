/** Deploy in a real terminal: prompts for what is missing, approval by typing, Ctrl-C at a prompt. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

function start(args: string): TmuxSession {
  const env = { ...fakeCliEnv(p.dir), CI: undefined, NO_COLOR: '1', TERM: 'xterm-256color' };
  t = new TmuxSession(`${process.execPath} ${BIN} ${args}`, { cwd: p.dir, env });
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
    expect(s.screen()).toMatch(/❯ dev\s+https:\/\/loyalty-dev\.cloud\.databricks\.com {2}✓ this env/);
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
    expect(s.screen()).toMatch(/❯ dev\s+https:\/\/loyalty-dev\.cloud\.databricks\.com {2}\(another workspace\)/);
    // At 80 columns the command wraps onto a second line.
    expect(s.screen().replace(/\s+/g, ' ')).toContain('databricks auth login --host https://loyalty-prod.cloud.databricks.com --profile loyalty-prod');
    s.keys('C-c');
    expect(await s.exitCode()).toBe(130);
    expect(deployed()).toBe(false);
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

  it('prod: a wrong name deploys nothing (exit 2)', async () => {
    const s = start('deploy etl --env prod --profile prod');
    await s.waitFor('Type the pipeline name to confirm');
    s.type('orders');
    s.keys('Enter');
    expect(await s.exitCode()).toBe(2);
    expect(s.screen()).toContain('not approved; nothing was deployed');
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
    const s = start('new --template batch_sql --name wizard_deploy');
    let screen = await s.waitFor(/Display name/);
    // Enter through the questions to the review, one question at a time: wait for the step
    // counter in the header ("3/9") to move, not for any new frame (the preview redraws on its own).
    const step = (text: string) => /\b(\d+)\/\d+\s*$/m.exec(text.split('\n')[0] ?? '')?.[1];
    for (let i = 0; i < 30 && !screen.includes('Review —'); i++) {
      const before = step(screen);
      s.keys('Enter');
      const deadline = Date.now() + 20_000;
      while (step((screen = s.screen())) === before && !screen.includes('Review —') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
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
    expect(out).toContain('npx loyalty-wizard deploy wizard_deploy --env dev --profile dev --yes');
    const calls = fakeCalls(p.dir).filter((c) => c.argv[0] === 'bundle').map((c) => `${c.argv[1]} ${c.cwd.split('/').at(-1)}`);
    expect(calls).toEqual(['validate wizard_deploy', 'plan wizard_deploy', 'deploy wizard_deploy', 'summary wizard_deploy']);
    expect(s.cursorVisible()).toBe(true);
  });
});
