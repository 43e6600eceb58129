import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect } from 'vitest';
import { runCli, runCliInProcess } from './cli.js';
import { REPO } from './fixtures.js';
import { miniProject, type MiniProject } from './mini-project.js';

export const FAKE_BIN_DIR = join(REPO, 'test', 'fixtures', 'fake-databricks', 'bin');

export interface FakeCall {
  argv: string[];
  cwd: string;
  profileEnv: string | null;
  /** The fake's own process id: tests track the processes they started by it, never by a machine-wide search. */
  pid: number;
}

/** Whether process `pid` still exists (signal 0 checks without sending anything). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Environment that puts the fake `databricks` first on PATH and records its calls. */
export function fakeCliEnv(dir: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: `${FAKE_BIN_DIR}:${process.env.PATH ?? ''}`,
    FAKE_DATABRICKS_LOG: join(dir, 'fake-calls.jsonl'),
    FAKE_DATABRICKS_STATE: join(dir, 'fake-state'),
    DATABRICKS_CONFIG_FILE: join(dir, 'databrickscfg'),
    HOME: dir,
    CI: 'true',
    ...extra,
  };
}

export function fakeCalls(dir: string): FakeCall[] {
  const log = join(dir, 'fake-calls.jsonl');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as FakeCall);
}

/** Profiles whose hosts match the repo's config/*.yml, logged in (auth_type set). */
export function writeProfiles(dir: string, extra = ''): void {
  writeFileSync(
    join(dir, 'databrickscfg'),
    `[DEFAULT]

[dev]
host = https://loyalty-dev.cloud.databricks.com
auth_type = databricks-cli

[staging]
host = https://loyalty-staging.cloud.databricks.com
token = dapi-staging-secret

[prod]
host = https://loyalty-prod.cloud.databricks.com
token = dapi-prod-secret
workspace_id = 4242
${extra}`,
  );
}

/**
 * `deploy` against the fake CLI in the project `dir()` gives, and the bundle calls it made:
 * `deploy` runs the CLI in this process, `deploySpawned` the built binary (for tests of the process).
 */
export function fakeDeploy(dir: () => string) {
  const bundleCalls = () => fakeCalls(dir()).filter((c) => c.argv[0] === 'bundle');
  const options = (env: Record<string, string>) => ({ cwd: dir(), env: fakeCliEnv(dir(), env) });
  const deploy = (args: string[], env: Record<string, string> = {}) => runCliInProcess(['deploy', ...args], options(env));
  return {
    deploy,
    /** `deploy <pipeline> --env <env> --profile <env> --yes`, which must succeed. */
    deployed: async (pipeline: string, env: string, extra: Record<string, string> = {}): Promise<void> => {
      const r = await deploy([pipeline, '--env', env, '--profile', env, '--yes'], extra);
      expect(r.code, r.stderr + r.stdout).toBe(0);
    },
    deploySpawned: (args: string[], env: Record<string, string> = {}) => runCli(['deploy', ...args], options(env)),
    bundleCalls,
    subcommands: () => bundleCalls().map((c) => c.argv[1]),
  };
}

/** FAKE_DATABRICKS_RUNS: `runs` (pipeline or job → run results) in a file of the project's folder. */
export function seedRuns(dir: string, runs: Record<string, unknown[]>): Record<string, string> {
  const file = join(dir, 'runs.json');
  writeFileSync(file, JSON.stringify(runs));
  return { FAKE_DATABRICKS_RUNS: file };
}

/**
 * For each test of the file: a fresh mini project with logged-in profiles (removed after),
 * and `fakeDeploy` in it. `p` always stands for the current test's project.
 */
export function fakeDeployProject() {
  let current: MiniProject | undefined;
  beforeEach(() => {
    current = miniProject();
    writeProfiles(current.dir);
  });
  afterEach(() => current?.cleanup());
  const project = (): MiniProject => {
    if (!current) throw new Error('fakeDeployProject: no project outside a test');
    return current;
  };
  const p = {
    get dir() {
      return project().dir;
    },
    write: (rel: string, content: string) => project().write(rel, content),
  };
  return { p, ...fakeDeploy(() => project().dir) };
}
