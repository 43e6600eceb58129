/**
 * `edit` in the wizard and `edit --set … --yes` write the same files, byte for byte: on a seed pipeline without an
 * answers record and on one made by `new`. The wizard runs as `edit` in a (fake) terminal; the answers it changes
 * go to `edit --yes` as --set flags in another copy of the project, and the command the wizard prints at the end is
 * run as printed, by a shell, with the built binary, in a third.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run as runEdit } from '../../src/cli/commands/edit.js';
import { run as runNew } from '../../src/cli/commands/new.js';
import { BIN, tempProject } from '../helpers/cli.js';
import { filesOf } from '../helpers/tree.js';
import { fakeTerminalContext, type FakeInput, type FakeOutput } from './helpers/fake-terminal.js';
import { KEY } from './helpers/keys.js';
import { waitFor } from './helpers/wait-for.js';
import { tempWizardProject } from './helpers/wizard-fixtures.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const firstLine = (output: FakeOutput) => output.screen().split('\n')[1] ?? '';

/** The keys for one screen: the display name and the schedule changed, job parameters and an email added, the last step removed. */
function respond(first: string): string[] {
  if (first.startsWith('Display name')) return [KEY.ctrlU, 'Parity Edit', KEY.enter];
  if (first.startsWith('Schedule (Quartz cron)')) return [KEY.ctrlU, '0 30 6 ? * MON-FRI', KEY.enter];
  if (first.startsWith('More job parameters')) return [KEY.ctrlU, 'lookback_days=7, region=eu', KEY.enter];
  if (first.startsWith('Steps')) return [KEY.down, KEY.down, KEY.down, KEY.down, KEY.down, 'x', KEY.enter];
  if (first.startsWith('Also email someone')) return ['y', KEY.enter];
  if (first.startsWith('Email address')) return [KEY.ctrlU, 'parity@example.com', KEY.enter];
  return [KEY.enter];
}

async function drive(input: FakeInput, output: FakeOutput, done: () => boolean): Promise<void> {
  await waitFor(() => output.screen().startsWith('Edit pipeline'), () => `the first screen; last:\n${output.screen()}`, 30_000);
  for (let i = 0; i < 40 && !done(); i++) {
    const before = await waitFor(() => (done() ? '' : firstLine(output) || undefined), 'a screen to answer');
    if (done()) return;
    const header = output.screen().split('\n')[0];
    for (const key of respond(before)) input.type(key);
    await waitFor(() => done() || output.screen().split('\n')[0] !== header || firstLine(output) !== before, () => `the screen after ${before}; last:\n${output.screen()}`);
  }
}

async function wizardEdit(dir: string, home: string, name: string): Promise<string> {
  let stdout = '';
  let finished = false;
  const term = fakeTerminalContext(dir, { HOME: home, PATH: '' });
  // 80 columns: the printed command goes on over lines ending in " \", and is run as printed.
  const ctx = { ...term.ctx, columns: 80, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } };
  const code = runEdit([name], ctx).finally(() => (finished = true));
  await drive(term.input, term.output, () => finished);
  expect(await code, stdout).toBe(0);
  return stdout;
}

function flagsContext(dir: string) {
  const ctx = { ...fakeTerminalContext(dir, {}).ctx, env: { ...process.env, NO_COLOR: '1', CI: '' }, stdout: { write: () => true }, stderr: { write: () => true }, interactive: false };
  return ctx;
}

describe('the edit wizard and `edit --yes` write the same files', { timeout: 120_000 }, () => {
  for (const made of [false, true]) {
    it(`${made ? 'a pipeline made by new' : 'the seed kafka_traffic_pipeline'}: wizard, --set flags and the printed CI command agree byte for byte`, async () => {
      const wizard = tempWizardProject();
      const flags = tempProject();
      const printed = tempProject();
      cleanups.push(wizard.cleanup, flags.cleanup, printed.cleanup);
      const name = made ? 'orders_etl' : 'kafka_traffic_pipeline';
      if (made) for (const dir of [wizard.dir, flags.dir, printed.dir]) expect(await runNew(['--template', 'batch_sql', '--name', name, '--yes'], flagsContext(dir))).toBe(0);
      const stdout = await wizardEdit(wizard.dir, wizard.home, name);
      expect(stdout).toContain(`edited pipelines/${name}/`);
      const command = /^ {2}npx loyalty-wizard (edit (?:.* \\\n)*.*)$/m.exec(stdout)?.[1];
      expect(command, stdout).toBeDefined();
      for (const key of ['display_name', 'schedule_cron', 'extra_parameters', 'steps', 'add_notification_email', 'notification_email']) expect(command).toContain(`${key}=`);

      const sets = [
        'display_name=Parity Edit',
        'schedule_cron=0 30 6 ? * MON-FRI',
        'extra_parameters=lookback_days=7, region=eu',
        'add_notification_email=true',
        'notification_email=parity@example.com',
        `steps=${/--set 'steps=(\[.*?\])'/.exec(command!)![1]}`,
      ];
      expect(await runEdit([name, ...sets.flatMap((s) => ['--set', s]), '--yes'], flagsContext(flags.dir))).toBe(0);
      const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" ${command}`], { cwd: printed.dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
      expect(r.status, `${command}\n${r.stderr}`).toBe(0);

      const written = filesOf(join(wizard.dir, 'pipelines', name));
      const config = JSON.parse(written['config.json']!);
      expect(config.pipeline_name).toBe('Parity Edit');
      expect(config.execution_sequence).toHaveLength(made ? 2 : 3);
      expect(config.notification_email).toBe('parity@example.com');
      expect(config.parameters).toMatchObject({ lookback_days: '7', region: 'eu' });
      expect(written).toEqual(filesOf(join(flags.dir, 'pipelines', name)));
      expect(written).toEqual(filesOf(join(printed.dir, 'pipelines', name)));
    });
  }
});
