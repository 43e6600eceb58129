/**
 * Usage errors exit 2, as the README and --help say: an unknown flag, a bad flag
 * value, an unknown template, a pipeline argument that is not a valid name or
 * names no pipeline — for every command that takes one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectCleanFailure } from '../helpers/cli.js';
import { fakeCliEnv, writeProfiles } from '../helpers/fake-cli.js';
import { miniProject, type MiniProject } from '../helpers/mini-project.js';

let p: MiniProject;
beforeAll(() => {
  p = miniProject({ templates: true });
  writeProfiles(p.dir);
});
afterAll(() => p.cleanup());

const usage = async (args: string[], firstLine: RegExp) => {
  const r = await expectCleanFailure(p.dir, args, 2, firstLine, fakeCliEnv(p.dir));
  expect(r.stderr).toMatch(/\n {2}hint: \S/);
  return r;
};

// Each command that takes pipeline names, with the flags it needs to get as far as reading them.
const PIPELINE_COMMANDS: [string, string[]][] = [
  ['preview', []],
  ['validate', []],
  ['generate', []],
  ['deploy', ['--env', 'dev', '--profile', 'dev', '--yes']],
];

describe('a pipeline argument that is not a pipeline: exit 2', () => {
  for (const [command, flags] of PIPELINE_COMMANDS) {
    it(`${command}: a name that breaks the naming rule`, async () => {
      await usage([command, 'Not-A-Name', ...flags], /^error: "Not-A-Name" is not a valid pipeline name: a pipeline name is 3-64 characters/);
    });
    it(`${command}: a name no pipeline has, listing the known ones`, async () => {
      const r = await usage([command, 'no_such_pipeline', ...flags], /^error: no pipeline "no_such_pipeline": pipelines\/no_such_pipeline\/config\.json does not exist/);
      expect(r.stderr).toContain('known pipelines: etl, orders');
    });
  }
});

describe('unknown flags and bad flag values: exit 2, for every command', () => {
  const COMMANDS = ['new', 'generate', 'preview', 'validate', 'list', 'deploy', 'doctor', 'schemas'];
  for (const command of COMMANDS) {
    it(`${command}: an unknown flag`, async () => {
      await usage([command, '--no-such-flag'], new RegExp(`^error: ${command}: Unknown option '--no-such-flag'`));
    });
    it(`${command}: a value for a flag that takes none`, async () => {
      await usage([command, '--no-color=yes'], new RegExp(`^error: ${command}: Option '--no-color' does not take an argument`));
    });
  }
  it('preview and deploy: an env that does not exist', async () => {
    await usage(['preview', 'etl', '--env', 'qa'], /^error: preview: --env: expected one of dev, staging, prod/);
    await usage(['deploy', 'etl', '--env', 'qa', '--profile', 'dev'], /^error: deploy: --env: expected one of dev, staging, prod/);
  });
  it('deploy: a --concurrency that is not a number in range', async () => {
    await usage(['deploy', '--all', '--env', 'dev', '--profile', 'dev', '--concurrency', 'many'], /^error: deploy: --concurrency: /);
  });
  it('--root that is not a project', async () => {
    await usage(['list', '--root', '/'], /^error: --root \/: \/ has no pipelines\/ and config\/ folders/);
  });
});

describe('new: usage errors exit 2', () => {
  it('an unknown template lists the templates', async () => {
    const r = await usage(['new', '--template', 'nope', '--name', 'orders_etl', '--yes'], /^error: no template "nope"/);
    expect(r.stderr).toContain('batch_sql, streaming_delta, streaming_postgres');
  });
  it('a template id that is not a folder name', async () => {
    await usage(['new', '--template', '../batch_sql', '--name', 'orders_etl', '--yes'], /^error: no template "\.\.\/batch_sql"/);
  });
  it('an unknown --set key', async () => {
    await usage(['new', '--template', 'batch_sql', '--name', 'orders_etl', '--set', 'nope=1', '--yes'], /^error: new: --set nope: template batch_sql has no question "nope"/);
  });
});
