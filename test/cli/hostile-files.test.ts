/**
 * The CLI against hostile files (issue 9), as a table: every file a user
 * controls × every kind of bad thing that can be there. Each must end with the
 * exit code named, one clear line naming the file, no stack trace, no "internal
 * error", not one file changed, and no hang (the timeout below is a guard against
 * reading /dev/zero or a FIFO for ever, not a performance assertion).
 * Most run the CLI in this process; what could block the reading thread (a FIFO,
 * a device) runs the built binary, so a hang fails its test instead of the run.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RESERVED_PIPELINE_NAMES } from '../../src/core/names.js';
import { BIN, cliEnv, runCliInProcess } from '../helpers/cli.js';
import { batchConfig, REPO } from '../helpers/fixtures.js';
import { miniProject, type MiniProject } from '../helpers/mini-project.js';
import { cliCopyForNobody, giveToNobody, isRoot, nodeAsNobody } from '../helpers/unprivileged.js';

let p: MiniProject;
beforeEach(() => {
  p = miniProject({ templates: true });
  cpSync(join(REPO, '.gitignore'), join(p.dir, '.gitignore'));
});
afterEach(() => p.cleanup());

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let cliCopy: { bin: string; dir: string } | undefined;
/** The built CLI where `nobody` can run it, copied once. */
const nobodysCli = () => (cliCopy ??= cliCopyForNobody(REPO));
afterAll(() => {
  if (cliCopy) rmSync(cliCopy.dir, { recursive: true, force: true });
});

interface RunOptions {
  cwd?: string;
  env?: Record<string, string>;
  /** As the unprivileged user, with the built CLI. */
  asNobody?: boolean;
  /** The built CLI, stopped after 20 s. */
  spawned?: boolean;
}

async function run(args: readonly string[], opts: RunOptions = {}): Promise<Run> {
  const cwd = opts.cwd ?? p.dir;
  if (!opts.asNobody && !opts.spawned) return { ...(await runCliInProcess(args, { cwd, ...(opts.env ? { env: opts.env } : {}) })), signal: null };
  const env = cliEnv(opts.env);
  const r = opts.asNobody
    ? nodeAsNobody([nobodysCli().bin, ...args], { cwd, home: p.dir, env })
    : spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Like test/helpers/tree.ts, but never reads what is not a regular file (a FIFO would hang it). */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const stack = [dir];
  while (stack.length > 0) {
    const d = stack.pop()!;
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      const s = lstatSync(path);
      const rel = path.slice(dir.length + 1);
      if (s.isDirectory()) stack.push(path);
      else if (s.isSymbolicLink()) out[rel] = `link:${readlinkSync(path)}`;
      else if (s.isFile() && s.size < 10_000_000 && s.blocks > 0) out[rel] = createHash('sha1').update(readFileSync(path)).digest('hex');
      else out[rel] = `${s.isFile() ? 'file' : 'special'}:${s.size}`;
    }
  }
  return out;
}

async function expectRefused(args: readonly string[], code: number, line: RegExp, opts: Omit<RunOptions, 'cwd'> = {}): Promise<Run> {
  const before = snapshot(p.dir);
  const r = await run(args, opts);
  expect(r.signal, 'killed by the timeout: it hung').toBeNull();
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.split('\n').slice(0, 2).some((l) => line.test(l)), r.stderr).toBe(true);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+|internal error|Maximum call stack/);
  expect(snapshot(p.dir)).toEqual(before);
  return r;
}

/** Where a user file lives, the command that reads it, its exit code and how the message names it. */
interface Target {
  readonly file: string;
  readonly format: 'json' | 'yaml' | 'text';
  readonly args: readonly string[];
  readonly code: number;
  readonly prefix: string;
}
const TARGETS: Target[] = [
  { file: 'config/dev.yml', format: 'yaml', args: ['generate', '--all'], code: 1, prefix: 'error: config/dev.yml' },
  { file: 'pipelines/etl/config.json', format: 'json', args: ['generate', 'etl'], code: 1, prefix: 'error: pipelines/etl/config.json' },
  { file: 'pipelines/etl/sql/clean.sql', format: 'text', args: ['validate', 'etl'], code: 1, prefix: '  pipelines/etl/sql/clean.sql' },
  { file: 'answers.yml', format: 'yaml', args: ['new', '--template', 'batch_sql', '--name', 'fresh_one', '--answers', 'answers.yml', '--yes'], code: 2, prefix: 'error: (new: --answers )?answers.yml' },
  { file: 'templates/batch_sql/template.yml', format: 'yaml', args: ['new', '--template', 'batch_sql', '--name', 'fresh_one', '--yes'], code: 1, prefix: 'error: templates/batch_sql/template.yml' },
  { file: 'templates/batch_sql/files/config.json', format: 'json', args: ['new', '--template', 'batch_sql', '--name', 'fresh_one', '--yes'], code: 1, prefix: 'error: templates/batch_sql/files/config.json' },
  { file: 'templates/batch_sql/step_stub.sql', format: 'text', args: ['new', '--template', 'batch_sql', '--name', 'fresh_one', '--yes'], code: 1, prefix: 'error: templates/batch_sql/step_stub.sql' },
];

/** A kind of bad thing, made at a path; which formats it applies to; the message after the file name. */
interface Kind {
  readonly label: string;
  readonly formats: readonly Target['format'][];
  readonly make: (path: string) => void;
  readonly message: string;
  /** Reading it could block the thread that reads: checked with the built binary and its timeout. */
  readonly blocking?: boolean;
}
const replace = (path: string, make: () => void) => {
  rmSync(path, { force: true });
  mkdirSync(dirname(path), { recursive: true });
  make();
};
const deep = (format: 'json' | 'yaml') => (format === 'json' ? `{"a": ${'['.repeat(5_000)}${']'.repeat(5_000)}}` : `a: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`);
const KINDS: Kind[] = [
  { label: 'a directory', formats: ['json', 'yaml', 'text'], make: (f) => replace(f, () => mkdirSync(f)), message: 'is a directory, where a file should be' },
  { label: 'a FIFO', formats: ['json', 'yaml', 'text'], make: (f) => replace(f, () => spawnSync('mkfifo', [f])), message: 'is not a regular file \\(it is a named pipe, a FIFO\\)', blocking: true },
  {
    label: 'a link to /dev/zero',
    formats: ['json', 'yaml', 'text'],
    make: (f) => replace(f, () => symlinkSync('/dev/zero', f)),
    message: '(is not a regular file \\(it is a character device, such as /dev/zero\\)|resolves to /dev/zero, outside the (pipeline|template) folder)',
    blocking: true,
  },
  { label: 'a 150 MB file', formats: ['json', 'yaml', 'text'], make: (f) => replace(f, () => (writeFileSync(f, ''), truncateSync(f, 150_000_000))), message: 'is larger than 2 MB \\(150 MB\\)' },
  {
    label: 'a YAML alias bomb',
    formats: ['yaml'],
    make: (f) => {
      const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
      for (const [name, prev] of [['b', 'a'], ['c', 'b'], ['d', 'c'], ['e', 'd'], ['f', 'e'], ['g', 'f'], ['h', 'g'], ['i', 'h']]) lines.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
      writeFileSync(f, `${lines.join('\n')}\n`);
    },
    message: '(\\d+:\\d+: )?(not|is not) valid YAML: its aliases \\(\\*name\\) expand to more than 100 copies',
  },
  {
    label: 'a key given twice',
    formats: ['json', 'yaml'],
    make: (f) => writeFileSync(f, f.endsWith('.json') ? '{\n  "a": 1,\n  "a": 2\n}\n' : 'a: 1\na: 2\n'),
    message: ':\\d+:\\d+: (not|is not) valid (JSON|YAML): key "a" is given twice, at \\d+:3? ?\\d*',
  },
  { label: 'nesting 5,000 levels deep', formats: ['json', 'yaml'], make: (f) => writeFileSync(f, deep(f.endsWith('.json') ? 'json' : 'yaml')), message: ':\\d+:\\d+: (not|is not) valid (JSON|YAML): nested more than 64 levels deep' },
];

describe('every user file × every kind of bad thing: one clear line, the right exit code, nothing changed, no hang', () => {
  const cases = TARGETS.flatMap((t) => KINDS.filter((k) => k.formats.includes(t.format)).map((k) => [t.file, k.label, t, k] as const));
  it.each(cases)('%s as %s', async (_file, _label, target, kind) => {
    kind.make(join(p.dir, target.file));
    await expectRefused(target.args, target.code, new RegExp(`^${target.prefix}:?.*${kind.message}`), { spawned: Boolean(kind.blocking) });
  });
  it.each(KINDS.filter((k) => !k.label.includes('key') && !k.label.includes('nesting') && !k.label.includes('bomb')))('~/.databrickscfg as $label', async (kind) => {
    const cfg = join(p.dir, 'home', '.databrickscfg');
    kind.make(cfg);
    const r = await expectRefused(['deploy', 'etl', '--env', 'dev', '--profile', 'dev', '--yes'], 1, new RegExp(`^error: ${cfg}: ${kind.message}`), { env: { DATABRICKS_CONFIG_FILE: cfg }, spawned: Boolean(kind.blocking) });
    expect(r.stderr.split('\n').filter((l) => l.startsWith('error:'))).toHaveLength(1);
  });
});

describe('databricks.yml that is a folder', () => {
  beforeEach(async () => {
    expect((await run(['generate', '--all'])).code).toBe(0);
    rmSync(join(p.dir, 'pipelines/etl/databricks.yml'));
    mkdirSync(join(p.dir, 'pipelines/etl/databricks.yml'));
  });
  it.each([['generate'], ['generate', '--check'], ['validate']])('%s says so, naming it, and writes nothing', async (...args) => {
    await expectRefused([...args, 'etl'], 1, /^(error: | {2})pipelines\/etl\/databricks\.yml: is a directory, where a file should be/);
  });
});

describe('links out of a pipeline folder are refused wherever the folder is read', () => {
  it.each([
    ['a SQL file', 'pipelines/etl/sql/clean.sql'],
    ['the sql folder', 'pipelines/etl/sql'],
    ['config.json', 'pipelines/etl/config.json'],
  ])('%s linked out', async (_label, rel) => {
    const outside = join(p.dir, 'outside', rel.split('/').pop()!);
    mkdirSync(dirname(outside), { recursive: true });
    cpSync(join(p.dir, rel), outside, { recursive: true });
    rmSync(join(p.dir, rel), { recursive: true });
    symlinkSync(outside, join(p.dir, rel));
    for (const command of ['validate', 'generate']) {
      await expectRefused([command, 'etl'], 1, /^(error: | {2})pipelines\/etl\/(sql\/\w+\.sql|config\.json): resolves to .*\/outside\/.*, outside the pipeline folder pipelines\/etl/);
    }
  });
});

describe('pipeline names git would ignore or that are reserved: refused by new, and by validation of a folder', () => {
  const ignored: [string, string][] = [
    ['scratch_*\n', 'scratch_orders'],
    ['/pipelines/legacy_etl/\n', 'legacy_etl'],
    ['**/wip_*\n', 'wip_orders'],
  ];
  it.each([...RESERVED_PIPELINE_NAMES.map((n) => [undefined, n] as const), ...ignored])('.gitignore %j, --name %s', async (gitignore, name) => {
    if (gitignore) writeFileSync(join(p.dir, '.gitignore'), gitignore);
    const rule = gitignore ? /would be ignored by git \(\.gitignore line 1: / : /is a reserved folder name: /;
    await expectRefused(['new', '--template', 'batch_sql', '--name', name, '--yes'], 2, new RegExp(`^error: new: --name "${name}" is not allowed: pipelines/${name} ${rule.source}`));
    cpSync(join(p.dir, 'pipelines/etl'), join(p.dir, 'pipelines', name), { recursive: true });
    await expectRefused(['validate', name], 1, new RegExp(`^ {2}pipelines/${name}: ${rule.source}`));
  });
  it("the project's .gitignore (node_modules/, dist/, coverage/) leaves ordinary names alone", async () => {
    expect((await run(['new', '--template', 'batch_sql', '--name', 'orders_etl', '--yes'])).code).toBe(0);
  });
});

describe('--answers is absolute or relative to the current folder', () => {
  it.each([
    ['an absolute path', (dir: string) => join(dir, 'elsewhere', 'answers.yml'), ''],
    ['a path relative to a subfolder', () => '../elsewhere/answers.yml', 'pipelines'],
  ])('%s', async (_label, path, cwd) => {
    p.write('elsewhere/answers.yml', 'display_name: From Elsewhere\n');
    const r = await run(['new', '--template', 'batch_sql', '--name', 'from_answers', '--answers', path(p.dir), '--yes'], { cwd: join(p.dir, cwd) });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(p.dir, 'pipelines/from_answers/config.json'), 'utf8')).pipeline_name).toBe('From Elsewhere');
  });
  it('~ is not expanded (the shell does that): it is a path like any other', async () => {
    await expectRefused(['new', '--template', 'batch_sql', '--name', 'from_answers', '--answers', '~/answers.yml', '--yes'], 2, /^error: new: --answers ~\/answers\.yml: does not exist/);
  });
});

describe('the task limit and long chains', () => {
  const chain = (n: number) => {
    const steps = Array.from({ length: n }, (_, i) => ({ step: `s${i}`, stage: 0, sql_file: `sql/s${i}.sql`, ...(i < n - 1 ? { depends_on: [`s${i + 1}`] } : {}) }));
    p.write('pipelines/chain/config.json', JSON.stringify(batchConfig({ execution_sequence: steps }), null, 2));
    for (let i = 0; i < n; i++) p.write(`pipelines/chain/sql/s${i}.sql`, 'SELECT 1;\n');
  };
  it('3,000 chained steps: refused naming the Databricks limit, not a stack overflow', async () => {
    chain(3_000);
    await expectRefused(['validate', 'chain'], 1, /^ {2}pipelines\/chain\/config\.json:\d+:\d+: execution_sequence: has 3000 items, and Databricks allows at most 1000 tasks per job/);
  });
  it('1,000 chained steps: generated and valid', async () => {
    chain(1_000);
    expect((await run(['generate', 'chain'])).code).toBe(0);
    const v = await run(['validate', 'chain']);
    expect(v.code, v.stderr).toBe(0);
  });
});

describe('temp files a killed run left behind', () => {
  it('the next generate removes ours once a minute old, and keeps a fresh one and names not ours', async () => {
    const old = new Date(Date.now() - 5 * 60_000);
    p.write('pipelines/etl/.databricks.yml.tmp-99999-0123abcd', 'half a bundle');
    utimesSync(join(p.dir, 'pipelines/etl/.databricks.yml.tmp-99999-0123abcd'), old, old);
    p.write('pipelines/etl/.databricks.yml.tmp-99998-89abcdef', 'a run writing right now');
    p.write('pipelines/etl/notes.tmp-1-0123abcd', 'not ours');
    utimesSync(join(p.dir, 'pipelines/etl/notes.tmp-1-0123abcd'), old, old);
    expect((await run(['generate', 'etl'])).code).toBe(0);
    expect(readdirSync(join(p.dir, 'pipelines/etl')).filter((n) => n.includes('.tmp-')).sort()).toEqual(['.databricks.yml.tmp-99998-89abcdef', 'notes.tmp-1-0123abcd']);
  });
});

describe('a config that cannot be read says "cannot read", never "cannot write"', () => {
  it('config/dev.yml without read permission', async () => {
    // Root reads it anyway: then run the CLI as an unprivileged user who owns the project.
    if (isRoot) giveToNobody(p.dir);
    chmodSync(join(p.dir, 'config/dev.yml'), 0o000);
    await expectRefused(['generate', '--all'], 1, /^error: config\/dev\.yml: cannot read the file: permission denied \(EACCES\)/, { asNobody: isRoot });
  });
});
