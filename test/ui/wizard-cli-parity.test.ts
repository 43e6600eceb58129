/**
 * The wizard and `new --yes` write the same pipeline for the same answers,
 * byte for byte, from every template in templates/: once with every default,
 * once with non-default answers of each kind. The wizard runs as `new` in a
 * (fake) terminal; the same answers go to `new --yes` as --set flags (in this
 * process: starting the binary is most of a run's cost), and the CI command the
 * wizard prints at the end is run as printed, by a shell, with the built binary.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run as runNew } from '../../src/cli/commands/new.js';
import type { Question } from '../../src/core/template-manifest.js';
import { loadTemplate } from '../../src/project/templates.js';
import { BIN, tempProject } from '../helpers/cli.js';
import { filesOf } from '../helpers/tree.js';
import { REPO } from '../helpers/fixtures.js';
import { fakeTerminalContext, type FakeInput, type FakeOutput } from './helpers/fake-terminal.js';
import { KEY } from './helpers/keys.js';
import { waitFor } from './helpers/wait-for.js';
import { tempWizardProject } from './helpers/wizard-fixtures.js';

const TEMPLATES = readdirSync(join(REPO, 'templates')).filter((d) => existsSync(join(REPO, 'templates', d, 'template.yml')));

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

type Mode = 'defaults' | 'changed';

/** The non-default answer typed for a question: 25000 for a number, or its maximum when that is lower. */
function typedAnswer(q: Question): string | undefined {
  if (q.type === 'integer') return String(Math.min(25_000, q.max ?? 25_000));
  return TYPED[q.key] ?? TYPED[q.type];
}

/** Non-default text answers by question type (and for two keys every template has); integers: see typedAnswer. */
const TYPED: Record<string, string> = {
  display_name: "Parity Check's Run",
  description: 'Written by the parity test: spaces, "quotes" & symbols',
  list: 'orders.created,orders.updated',
  cron: '0 30 6 ? * MON-FRI',
  timezone: 'Europe/Amsterdam',
  parameters: 'lookback_days=7, region=eu',
};

interface Screen {
  readonly header: string;
  readonly first: string;
}

function screenOf(output: FakeOutput): Screen {
  const lines = output.screen().split('\n');
  return { header: lines[0] ?? '', first: lines[1] ?? '' };
}

/**
 * Answer one screen. Returns the keys to send, and records in `sets` what the
 * same answer is as a --set flag.
 */
function answer(screen: Screen, questions: readonly Question[], mode: Mode, templateIndex: number, name: string, sets: string[]): string[] {
  const { first } = screen;
  if (first.startsWith('Which kind of pipeline?')) return [...Array.from({ length: templateIndex }, () => KEY.down), KEY.enter];
  if (first.startsWith('Pipeline name')) return [KEY.ctrlU, name, KEY.enter];
  if (first.startsWith('Which environment')) return mode === 'changed' ? [KEY.down, KEY.enter] : [KEY.enter];
  const q = questions.find((x) => first === x.prompt);
  if (!q || mode === 'defaults') return [KEY.enter];
  if (q.type === 'confirm') {
    sets.push(`${q.key}=${String(!q.default)}`);
    return [q.default ? 'n' : 'y', KEY.enter];
  }
  if (q.type === 'select') {
    const choices = q.choices ?? [];
    sets.push(`${q.key}=${choices.at(-1)!.value}`);
    return [String(choices.length), KEY.enter];
  }
  if (q.type === 'steps') {
    // Remove the last step: its file is then not written either.
    const steps = q.default as unknown[];
    sets.push(`${q.key}=${JSON.stringify(steps.slice(0, -1))}`);
    return [...Array.from({ length: steps.length - 1 }, () => KEY.down), 'x', KEY.enter];
  }
  const typed = typedAnswer(q);
  if (typed === undefined) return [KEY.enter];
  sets.push(`${q.key}=${typed}`);
  return [KEY.ctrlU, typed, KEY.enter];
}

async function driveWizard(input: FakeInput, output: FakeOutput, done: () => boolean, respond: (s: Screen) => string[]): Promise<void> {
  // The first frame waits for the wizard's modules to load: on a busy machine that alone can take seconds.
  await waitFor(() => output.screen().includes('How the pieces fit'), 'the intro', 30_000);
  for (let i = 0; i < 80 && !done(); i++) {
    const before = await waitFor(() => {
      const s = screenOf(output);
      return done() || !s.first.startsWith('Writing') ? s : undefined;
    }, () => `a screen to answer; last:\n${output.screen()}`);
    if (done()) return;
    const problem = output.screen().split('\n').find((l) => l.startsWith('✗'));
    if (problem) throw new Error(`the wizard refuses an answer: ${problem}\n${output.screen()}`);
    for (const key of respond(before)) input.type(key);
    await waitFor(() => {
      const now = screenOf(output);
      return done() || now.header !== before.header || now.first !== before.first;
    }, () => `the screen after ${before.header} / ${before.first}; last:\n${output.screen()}`);
  }
}

/** Run `loyalty-wizard new` (the wizard) in a fake terminal, with no Databricks CLI on PATH; returns its stdout and stderr. */
async function wizardNew(dir: string, home: string, respond: (s: Screen) => string[]): Promise<{ stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  let finished = false;
  const term = fakeTerminalContext(dir, { HOME: home, PATH: '' });
  // 80 columns: the printed commands go on over lines ending in " \", and are run as printed.
  const ctx = { ...term.ctx, columns: 80, stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  const code = runNew([], ctx).finally(() => (finished = true));
  await driveWizard(term.input, term.output, () => finished, respond);
  expect(await code, stdout).toBe(0);
  return { stdout, stderr };
}

/** `loyalty-wizard new <args>` in this process, with no terminal (as CI runs it); returns its exit code and output. */
async function newWithFlags(args: readonly string[], dir: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const noTerminal = fakeTerminalContext(dir, {});
  const ctx = {
    ...noTerminal.ctx,
    env: { ...process.env, NO_COLOR: '1', CI: '', FORCE_COLOR: undefined },
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    interactive: false,
  };
  const code = await runNew(args, ctx);
  return { code, stdout, stderr };
}

function runPrintedCommand(stdout: string, dir: string): void {
  const command = /^ {2}npx loyalty-wizard (new (?:.* \\\n)*.*)$/m.exec(stdout)?.[1];
  expect(command, stdout).toBeDefined();
  const r = spawnSync('sh', ['-c', `"${process.execPath}" "${BIN}" ${command}`], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CI: '1' } });
  expect(r.status, `${command}\n${r.stderr}`).toBe(0);
}

describe('the wizard and `new --yes` write the same files', { timeout: 120_000 }, () => {
  for (const [index, id] of TEMPLATES.entries()) {
    for (const mode of ['defaults', 'changed'] as const) {
      it(`${id}, ${mode === 'defaults' ? 'every default' : 'non-default answers'}: wizard, --set flags and the printed CI command agree byte for byte`, async () => {
        const wizard = tempWizardProject();
        const flags = tempProject();
        const printed = tempProject();
        cleanups.push(wizard.cleanup, flags.cleanup, printed.cleanup);
        const name = `parity_${mode}`;
        const questions = loadTemplate(wizard.dir, id).manifest.questions;
        const sets: string[] = [];
        const { stdout, stderr } = await wizardNew(wizard.dir, wizard.home, (s) => answer(s, questions, mode, index, name, sets));
        expect(stdout).toContain(`created pipelines/${name}/ from template ${id}`);
        // No Databricks CLI on PATH: the end says the deploy needs it, and where to get it.
        expect(stderr.replace(/\s+/g, ' ')).toMatch(/note: the deploy needs the Databricks CLI \("databricks"\), which was not found: install it \(https:\/\//);
        if (mode === 'changed') {
          // Each kind of answer was changed, and the printed command carries every change.
          expect(sets.length, sets.join(' ')).toBeGreaterThanOrEqual(5);
          for (const s of sets) expect(stdout).toMatch(new RegExp(`--set '?${s.slice(0, s.indexOf('='))}=`));
          // Wider than the 80 columns: it goes on over lines, each but the last ending in " \". A line is wider only when
          // it holds one answer too long for any line, left whole for the terminal to fold.
          expect(stdout).toMatch(/ \\\n {6}--set /);
          for (const line of stdout.split('\n')) if (line.length >= 80) expect(line).toMatch(/^ {6}--set '[^']*'( \\)?$/);
        }

        const r = await newWithFlags(['--template', id, '--name', name, ...sets.flatMap((s) => ['--set', s]), '--yes'], flags.dir);
        expect(r.code, r.stderr).toBe(0);
        runPrintedCommand(stdout, printed.dir);

        const written = filesOf(join(wizard.dir, 'pipelines', name));
        // The README names the pipeline (the wizard used to leave "{{name}}" in it).
        if (written['README.md'] !== undefined) expect(written['README.md']).toContain(`\`${name}\``);
        expect(written).toEqual(filesOf(join(flags.dir, 'pipelines', name)));
        expect(written).toEqual(filesOf(join(printed.dir, 'pipelines', name)));
      });
    }
  }
});
