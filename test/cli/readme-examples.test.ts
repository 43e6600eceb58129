/**
 * Every command the README shows, and every example in a command's --help, is
 * run against a copy of the project with the fake databricks CLI. The commands
 * are read from the texts themselves, so a new example is covered the day it is
 * written. Synopses (with [optional] parts or …) are not examples; <placeholders>
 * are filled in from the table below, and one without an entry fails the test.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliInProcess, tempProject } from '../helpers/cli.js';
import { fakeCliEnv } from '../helpers/fake-cli.js';
import { REPO } from '../helpers/fixtures.js';

const COMMANDS = ['new', 'edit', 'generate', 'preview', 'validate', 'list', 'deploy', 'doctor', 'schemas', 'completion'];
// The tool (through npx or as the daily command), or one of its commands with arguments: a command named alone in prose is not an example.
const COMMAND_START = new RegExp(`^((npx )?loyalty-wizard(\\s|$)|(${COMMANDS.join('|')})\\s)`);
const TOOL_PREFIX = /^(npx )?loyalty-wizard\s*/;
const JOB_ID = '123456789012';

/** What a <placeholder> stands for when the example runs; `new` gets a name no pipeline has. */
function placeholderValue(placeholder: string, command: string): string | undefined {
  const values: Record<string, string> = {
    '<pipeline>': 'kafka_traffic_pipeline',
    '<name>': command === 'new' ? 'readme_example' : 'kafka_traffic_pipeline',
    '<id>': 'batch_sql',
    '<env>': 'dev',
    '<dev profile>': 'loyalty-dev',
    "<job id from the job's URL>": JOB_ID,
  };
  return values[placeholder];
}

interface Example {
  readonly source: string;
  readonly text: string;
}

/** Shell-like words: quotes group, a `#` after white space starts a comment. */
function shellWords(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'" || c === '"') {
      // An unclosed quote (an apostrophe in a <placeholder>) runs to the end of the line.
      const end = line.indexOf(c, i + 1) === -1 ? line.length : line.indexOf(c, i + 1);
      word = (word ?? '') + line.slice(i + 1, end);
      i = end;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === '#' && word === undefined) break;
    else word = (word ?? '') + c;
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The README's commands: lines of its code blocks and its `inline code`, split at &&, that start with the tool or one of its commands. */
function readmeExamples(): Example[] {
  const text = readFileSync(join(REPO, 'README.md'), 'utf8');
  const candidates: string[] = [];
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) candidates.push(...block[1]!.split('\n'));
  const prose = text.replace(/```[\s\S]*?```/g, '');
  for (const span of prose.matchAll(/`([^`\n]+)`/g)) candidates.push(span[1]!);
  return candidates
    .flatMap((c) => c.split('&&'))
    .map((c) => c.trim())
    .filter((c) => COMMAND_START.test(c))
    .map((c) => ({ source: 'README.md', text: c }));
}

/** Examples in the --help texts: `loyalty-wizard <command> …` anywhere but on a Usage: line. */
async function helpExamples(dir: string): Promise<Example[]> {
  const out: Example[] = [];
  for (const topic of [[], ...COMMANDS.map((c) => [c])]) {
    const help = (await runCliInProcess([...topic, '--help'], { cwd: dir })).stdout;
    expect(help, `${topic.join(' ')} --help`).toMatch(/Usage: loyalty-wizard/);
    for (const line of help.split('\n').filter((l) => !l.startsWith('Usage:'))) {
      for (const m of line.matchAll(new RegExp(`(?:npx )?loyalty-wizard ((?:${COMMANDS.join('|')})\\b[^)"\`;\\n]*)`, 'g'))) {
        out.push({ source: `${['loyalty-wizard', ...topic].join(' ')} --help`, text: m[1]!.trim() });
      }
    }
  }
  return out;
}

/** A synopsis shows the shape of a command ([optional], a | b, …), not a command to run. */
const isSynopsis = (text: string) => /[[\]…]|\\\|/.test(text);

interface Runnable {
  readonly argv: string[];
  readonly stdoutFile?: string;
}

function toRunnable(text: string): Runnable | { unknown: string[] } {
  const words = shellWords(text.replace(TOOL_PREFIX, ''));
  const command = words[0] ?? '';
  const unknown: string[] = [];
  const filled = text.replace(/<[^>]+>/g, (p) => placeholderValue(p, command) ?? (unknown.push(p), p));
  if (unknown.length > 0) return { unknown };
  const argv = shellWords(filled.replace(TOOL_PREFIX, ''));
  const redirect = argv.indexOf('>');
  return redirect === -1 ? { argv } : { argv: argv.slice(0, redirect), stdoutFile: argv[redirect + 1]! };
}

/** In a terminal these ask what the flags leave open; without one they must say what is missing (exit 2), and nothing else. */
const isInteractive = (argv: readonly string[]) => argv.length === 0 || ((argv[0] === 'new' || argv[0] === 'edit') && !argv.includes('--yes') && !argv.includes('--list-templates'));

let project: { dir: string; cleanup: () => void } | undefined;
afterEach(() => project?.cleanup());

function freshProject(): string {
  project?.cleanup();
  project = tempProject();
  writeFileSync(
    join(project.dir, 'databrickscfg'),
    ['dev', 'staging', 'prod'].map((env) => `[loyalty-${env}]\nhost = https://loyalty-${env}.cloud.databricks.com\nauth_type = databricks-cli\n`).join('\n'),
  );
  return project.dir;
}

async function runExample(example: Example): Promise<void> {
  const runnable = toRunnable(example.text);
  if ('unknown' in runnable) throw new Error(`${example.source}: "${example.text}": no value for ${runnable.unknown.join(', ')}; add it to placeholderValue()`);
  const dir = freshProject();
  // Runs that examples start are polled quickly: the fake moves a run on by one step per poll.
  const env = fakeCliEnv(dir, { FAKE_DATABRICKS_JOBS: JSON.stringify({ [JOB_ID]: { name: 'adopted job', tasks: [] } }), LOYALTY_RUN_POLL_SECONDS: '0.05' });
  const r = await runCliInProcess(runnable.argv, { cwd: dir, env });
  const what = `${example.source}: loyalty-wizard ${runnable.argv.join(' ')}\n${r.stderr}`;
  if (isInteractive(runnable.argv)) {
    expect(r.code, what).toBe(2);
    expect(r.stderr + r.stdout, what).toMatch(/^error: new: (missing --template|\d+ unanswered question\(s\) for template)|^error: edit: no terminal to show the wizard in|^loyalty-wizard — /);
    return;
  }
  expect(r.code, what).toBe(0);
  expect(r.stderr, what).not.toMatch(/^(error|warning):/m);
  if (runnable.stdoutFile?.endsWith('.json')) JSON.parse(r.stdout);
  else if (runnable.stdoutFile) expect(r.stdout, what).not.toBe('');
}

describe('README and --help examples run as shown', () => {
  const readme = readmeExamples().filter((e) => !isSynopsis(e.text));
  it('the README shows examples of every command it documents, most of them runnable in CI', () => {
    expect(readme.length).toBeGreaterThan(10);
    const commands = new Set(readme.map((e) => toRunnable(e.text)).flatMap((r) => ('argv' in r ? [r.argv[0]] : [])));
    for (const c of ['new', 'generate', 'preview', 'validate', 'deploy']) expect(commands).toContain(c);
  });
  for (const example of readme) {
    it(`README: ${example.text}`, () => runExample(example));
  }
  it('every example in the --help texts', async () => {
    const dir = freshProject();
    const examples = (await helpExamples(dir)).filter((e) => !isSynopsis(e.text));
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) await runExample(example);
  });
});
