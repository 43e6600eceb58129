/**
 * The daily command: `npm link --ignore-scripts` puts loyalty-wizard on PATH (as
 * the README says); doctor checks it; the end of the wizard mentions it only
 * while it is missing.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { FAKE_BIN_DIR, fakeCliEnv, writeProfiles } from '../helpers/fake-cli.js';
import { REPO } from '../helpers/fixtures.js';
import { miniProject } from '../helpers/mini-project.js';
import { PtyRun, ptyAvailable } from '../helpers/pty.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A folder holding a `loyalty-wizard` that runs this checkout, as `npm link` makes one. */
function linkedBin(): string {
  const dir = tempDir('loyalty-wizard-bin-');
  symlinkSync(BIN, join(dir, 'loyalty-wizard'));
  return dir;
}

function doctorCheck(path: string, extra: Record<string, string | undefined> = { npm_command: undefined }): { status: string; message: string; fix?: string } {
  const p = miniProject();
  cleanups.push(p.cleanup);
  writeProfiles(p.dir);
  const r = runCli(['doctor', '--json'], { cwd: p.dir, env: { ...fakeCliEnv(p.dir), PATH: path, ...extra } });
  const checks = JSON.parse(r.stdout).checks as { name: string; status: string; message: string; fix?: string }[];
  return checks.find((c) => c.name === 'daily-command')!;
}

describe('doctor: daily command', () => {
  it('warns with the npm link command when loyalty-wizard is not on PATH', () => {
    const check = doctorCheck(FAKE_BIN_DIR);
    expect(check).toMatchObject({ status: 'warn', fix: expect.stringContaining('npm link --ignore-scripts') });
  });

  it('is ok when a shell would find loyalty-wizard', () => {
    const bin = linkedBin();
    expect(doctorCheck(`${FAKE_BIN_DIR}:${bin}`)).toMatchObject({ status: 'ok', message: expect.stringContaining(join(bin, 'loyalty-wizard')) });
  });

  it('under npx, the node_modules/.bin folders npm put first on PATH for that run do not count', () => {
    const npxBin = join(tempDir('loyalty-wizard-npx-'), 'node_modules', '.bin');
    mkdirSync(npxBin, { recursive: true });
    symlinkSync(BIN, join(npxBin, 'loyalty-wizard'));
    expect(doctorCheck(`${npxBin}:${FAKE_BIN_DIR}`, { npm_command: 'exec' }).status).toBe('warn');
    expect(doctorCheck(`${npxBin}:${FAKE_BIN_DIR}`).status).toBe('ok');
  });
});

describe('npm link --ignore-scripts', () => {
  it('puts a loyalty-wizard on PATH that runs this checkout', () => {
    const prefix = tempDir('loyalty-wizard-prefix-');
    const link = spawnSync('npm', ['link', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: REPO, env: { ...process.env, npm_config_prefix: prefix }, encoding: 'utf8' });
    expect(link.status, link.stderr).toBe(0);
    expect(link.stderr).not.toMatch(/npm warn/i);
    const bin = process.platform === 'win32' ? prefix : join(prefix, 'bin');
    const version = spawnSync('loyalty-wizard', ['--version'], { env: { ...process.env, PATH: `${bin}:${process.env.PATH}` }, encoding: 'utf8' });
    expect(version.stdout.trim()).toBe(JSON.parse(spawnSync(process.execPath, ['-p', 'JSON.stringify(require("./package.json").version)'], { cwd: REPO, encoding: 'utf8' }).stdout));
  });
});

describe.skipIf(!ptyAvailable)('the end of the wizard', () => {
  async function wizardEnd(path: string): Promise<string> {
    const dir = tempDir('loyalty-wizard-project-');
    for (const part of ['config', 'templates']) spawnSync('cp', ['-r', join(REPO, part), dir]);
    mkdirSync(join(dir, 'pipelines'));
    const run = new PtyRun(`${process.execPath} ${BIN} new --template batch_sql --name tip_check`, {
      cwd: dir,
      env: { ...process.env, PATH: path, HOME: dir, TERM: 'dumb', CI: undefined },
    });
    cleanups.push(() => run.kill());
    await run.waitFor('Display name');
    // Enter on every question: lines typed ahead wait for their question.
    for (let i = 0; i < 20; i++) run.line('');
    expect(await run.exited).toBe(0);
    return run.output();
  }

  it('mentions the daily command while it is not on PATH, and not once it is', async () => {
    expect(await wizardEnd(process.env.PATH ?? '')).toContain('npm link --ignore-scripts');
    expect(await wizardEnd(`${linkedBin()}:${process.env.PATH ?? ''}`)).not.toContain('npm link');
  });
});
