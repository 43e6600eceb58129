import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { copyProjectParts } from './fixtures.js';
import type { TmuxSession } from './tmux.js';

/**
 * For a test file that drives the wizard in tmux: `project()` makes a copy of the repo's config, templates and
 * pipelines with a home holding one dev profile; `sessions` collects the tmux sessions. After each test both are gone.
 */
export function wizardTerminals(prefix: string): { sessions: TmuxSession[]; project: () => { dir: string; home: string } } {
  const sessions: TmuxSession[] = [];
  const temps: string[] = [];
  afterEach(() => {
    sessions.splice(0).forEach((s) => s.kill());
    temps.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), `${prefix}-`));
    copyProjectParts(dir, ['config', 'templates', 'pipelines']);
    const home = mkdtempSync(join(tmpdir(), `${prefix}-home-`));
    writeFileSync(join(home, '.databrickscfg'), '[loyalty-dev]\nhost = https://loyalty-dev.cloud.databricks.com\nauth_type = databricks-cli\n');
    temps.push(dir, home);
    return { dir, home };
  };
  return { sessions, project };
}
