/**
 * Files a user controls, as classes (issue 9): every kind of thing that can sit
 * where a file should (missing, folder, FIFO, socket, device, link out, too big,
 * unreadable) through the one safe reader; pipeline names git would ignore; our
 * own temp files left by a killed run; template manifests that point outside.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { buildSync } from 'esbuild';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.js';
import { RESERVED_PIPELINE_NAMES } from '../../src/core/names.js';
import { removeStaleTemps, STALE_TEMP_MS, writeDirAtomic, writeFileAtomic } from '../../src/project/fs-atomic.js';
import { ignoringRule, parseGitignore } from '../../src/project/gitignore.js';
import { pipelineFolderProblem } from '../../src/project/pipeline-names.js';
import { diskSource, loadEnvConfigs, readBundleOnDisk } from '../../src/project/project.js';
import { FileRefusedError, MAX_USER_FILE_BYTES, readUserFile, readUserFileIfExists, type RefusalReason } from '../../src/project/read-file.js';
import { loadTemplate } from '../../src/project/templates.js';
import { REPO, SHIPPED_PIPELINES } from '../helpers/fixtures.js';
import { miniProject, type MiniProject } from '../helpers/mini-project.js';
import { giveToNobody, isRoot, nodeAsNobody } from '../helpers/unprivileged.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'lw-hostile-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const put = (rel: string, content = 'a: 1\n') => {
  mkdirSync(dirname(join(dir, rel)), { recursive: true });
  writeFileSync(join(dir, rel), content);
  return join(dir, rel);
};

/**
 * Root reads any file: as root, run readUserFile (bundled from the sources) as the unprivileged
 * user `nobody`, who owns the test folder, and return its refusal's message.
 */
function refusalAsNobody(path: string): string {
  const script = join(dir, 'read-as-nobody.mjs');
  buildSync({
    stdin: {
      contents: `import { readUserFile } from './src/project/read-file.ts';
try { readUserFile(process.argv[2], { display: 'config/dev.yml' }); console.log('read'); } catch (e) { console.log(e.issues?.[0]?.message ?? String(e)); }`,
      resolveDir: REPO,
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'node',
    outfile: script,
    logLevel: 'silent',
  });
  giveToNobody(dir);
  const r = nodeAsNobody([script, path], { cwd: dir, home: dir });
  expect(r.stderr).toBe('');
  return r.stdout.trim();
}

function refusal(fn: () => unknown): FileRefusedError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(FileRefusedError);
    return error as FileRefusedError;
  }
  throw new Error('expected the file to be refused');
}

let socketServer: Server | undefined;
afterAll(() => socketServer?.close());
const linux = process.platform === 'linux';

describe('readUserFile: whatever sits where a file should, one clear refusal and never a hang', () => {
  /** Each kind of thing, made at `path`; the reason and message the reader must give. */
  const kinds: [string, (path: string) => void | Promise<void>, RefusalReason, RegExp][] = [
    ['nothing', () => undefined, 'missing', /^does not exist$/],
    ['a directory', (p) => mkdirSync(p), 'directory', /^is a directory, where a file should be$/],
    ['a FIFO', (p) => void spawnSync('mkfifo', [p]), 'not-regular', /^is not a regular file \(it is a named pipe, a FIFO\)$/],
    ['a link to /dev/zero', (p) => symlinkSync('/dev/zero', p), 'not-regular', /^is not a regular file \(it is a character device, such as \/dev\/zero\)$/],
    ['a broken link', (p) => symlinkSync(join(dir, 'nowhere'), p), 'missing', /^does not exist$/],
    ['a link to itself', (p) => symlinkSync(p, p), 'unreadable', /^cannot read the file: a symbolic link that loops/],
    ['a file one byte over the limit', (p) => (writeFileSync(p, ''), truncateSync(p, MAX_USER_FILE_BYTES + 1)), 'too-large', /^is larger than 2 MB \(2 MB\)$/],
    ['a 150 MB file', (p) => (writeFileSync(p, ''), truncateSync(p, 150_000_000)), 'too-large', /^is larger than 2 MB \(150 MB\)$/],
    [
      'a socket',
      (p) =>
        new Promise<void>((resolve) => {
          socketServer = createServer().listen(p, () => resolve());
        }),
      'not-regular',
      /^is not a regular file \(it is a socket\)$/,
    ],
  ];
  it.each(kinds)('%s', async (_label, make, reason, message) => {
    const path = join(dir, 'answers.yml');
    await make(path);
    const e = refusal(() => readUserFile(path, { display: 'answers.yml' }));
    expect(e.reason).toBe(reason);
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]).toMatchObject({ file: 'answers.yml', path: '' });
    expect(e.issues[0]!.message).toMatch(message);
    expect(e.issues[0]!.hint).toBeTruthy();
    expect(e).toBeInstanceOf(ConfigError);
    if (reason === 'missing') expect(readUserFileIfExists(path, { display: 'answers.yml' })).toBeUndefined();
    else expect(() => readUserFileIfExists(path, { display: 'answers.yml' })).toThrow(FileRefusedError);
  });

  it('property: a file is read whole exactly when it is no larger than the bound', () => {
    const path = put('f.txt', '');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 1, max: 64 }), (size, max) => {
        writeFileSync(path, 'x'.repeat(size));
        if (size <= max) expect(readUserFile(path, { display: 'f.txt', maxBytes: max })).toBe('x'.repeat(size));
        else expect(refusal(() => readUserFile(path, { display: 'f.txt', maxBytes: max })).reason).toBe('too-large');
      }),
    );
  });
  it.skipIf(!linux)('a file that reports no size (as /proc files do) is still read with the bound', () => {
    expect(readUserFile('/proc/self/status', { display: 'status' })).toMatch(/^Name:/m);
    expect(refusal(() => readUserFile('/proc/self/status', { display: 'status', maxBytes: 10 })).reason).toBe('too-large');
  });
  it.skipIf(!linux)('a file that fails to read says "cannot read", not "cannot write"', () => {
    // /proc/self/mem is a regular file whose first page cannot be read: EIO, also as root.
    const e = refusal(() => readUserFile('/proc/self/mem', { display: 'config/dev.yml' }));
    expect(e.reason).toBe('unreadable');
    expect(e.issues[0]!.message).toMatch(/^cannot read the file: EIO$/);
  });
  it('a file without read permission says "cannot read … permission denied"', () => {
    const path = put('config/dev.yml');
    chmodSync(path, 0o000);
    const message = isRoot ? refusalAsNobody(path) : refusal(() => readUserFile(path, { display: 'config/dev.yml' })).issues[0]!.message;
    expect(message).toBe('cannot read the file: permission denied (EACCES)');
  });
});

describe('readUserFile within a folder: links and paths out of it are refused', () => {
  let folder: string;
  beforeEach(() => {
    folder = join(dir, 'pipelines', 'p');
    put('pipelines/p/sql/inside.sql', 'SELECT 1;');
    put('outside/secret.sql', 'SELECT secret;');
  });
  const read = (rel: string) => readUserFile(join(folder, rel), { display: `pipelines/p/${rel}`, within: folder, withinLabel: 'the pipeline folder pipelines/p', realFolders: new Set() });
  it.each([
    ['a file linked out', () => symlinkSync(join(dir, 'outside/secret.sql'), join(folder, 'sql/linked.sql')), 'sql/linked.sql'],
    ['a folder linked out', () => symlinkSync(join(dir, 'outside'), join(folder, 'linked')), 'linked/secret.sql'],
    ['a relative link climbing out', () => symlinkSync('../../../outside/secret.sql', join(folder, 'sql/up.sql')), 'sql/up.sql'],
    ['a path climbing out', () => undefined, '../../outside/secret.sql'],
    ['a link to /dev/zero', () => symlinkSync('/dev/zero', join(folder, 'sql/zero.sql')), 'sql/zero.sql'],
  ])('%s', (_label, make, rel) => {
    make();
    const e = refusal(() => read(rel));
    expect(e.reason).toBe('outside');
    expect(e.issues[0]!.message).toMatch(/^resolves to .+, outside the pipeline folder pipelines\/p$/);
  });
  it('links that stay inside are followed', () => {
    symlinkSync('inside.sql', join(folder, 'sql/alias.sql'));
    symlinkSync('sql', join(folder, 'also'));
    expect(read('sql/alias.sql')).toBe('SELECT 1;');
    expect(read('also/inside.sql')).toBe('SELECT 1;');
  });
});

describe('pipeline names git would ignore, or that are reserved, are refused with the rule', () => {
  const problem = (gitignore: string | undefined, name: string) => {
    if (gitignore !== undefined) writeFileSync(join(dir, '.gitignore'), gitignore);
    return pipelineFolderProblem(dir, name);
  };
  it.each(RESERVED_PIPELINE_NAMES.map((n) => [n]))('%s is reserved, .gitignore or not', (name) => {
    expect(problem(undefined, name)?.message).toMatch(/^is a reserved folder name: a pipeline may not be named like a folder tools generate or delete/);
  });
  const cases: [string, string, boolean][] = [
    ['tmp_*', 'tmp_orders', true],
    ['tmp_*', 'orders_tmp', false],
    ['*_old/', 'orders_old', true],
    ['/orders_etl', 'orders_etl', false], // anchored at the root: only /orders_etl, not pipelines/orders_etl
    ['/pipelines/orders_etl', 'orders_etl', true],
    ['pipelines/*', 'orders_etl', true],
    ['pipelines/*\n!pipelines/orders_etl', 'orders_etl', false],
    ['pipelines/**', 'orders_etl', true],
    ['**/scratch_*', 'scratch_one', true],
    ['other/**/x_*', 'x_one', false],
    ['ord?rs', 'orders', true],
    ['ord[a-f]rs', 'orders', true],
    ['ord[x-z]rs', 'orders', false],
    ['ord[!x-z]rs', 'orders', true],
    ['# orders\n\n', 'orders', false],
    ['\\#orders', '#orders', true],
    ['orders  ', 'orders', true],
    ['*.tmp-*\n.databricks/', 'orders', false],
  ];
  it.each(cases)('.gitignore %j and the name %s: ignored %s', (gitignore, name, ignored) => {
    expect(Boolean(ignoringRule(parseGitignore(gitignore), ['pipelines', name]))).toBe(ignored);
  });
  it('the message names the .gitignore line that decides', () => {
    expect(problem('node_modules/\n\nscratch_*\n', 'scratch_orders')).toEqual({
      message: 'would be ignored by git (.gitignore line 3: "scratch_*"), so it would never be committed',
      hint: 'choose another name, or change .gitignore',
    });
  });
  it("the project's own .gitignore leaves every valid seed name alone", () => {
    const rules = parseGitignore(readFileSync(join(REPO, '.gitignore'), 'utf8'));
    expect(rules.length).toBeGreaterThan(3);
    for (const name of SHIPPED_PIPELINES) expect(ignoringRule(rules, ['pipelines', name])).toBeUndefined();
  });
  it('property: a segment pattern matches as the equivalent regular expression', () => {
    const glob = fc.array(fc.constantFrom('a', 'b', '*', '?'), { minLength: 1, maxLength: 7 }).map((a) => a.join(''));
    fc.assert(
      fc.property(glob, fc.stringMatching(/^[ab]{0,8}$/), (pattern, name) => {
        const regex = new RegExp(`^${pattern.replace(/\*+/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
        expect(Boolean(ignoringRule(parseGitignore(pattern), ['pipelines', name]))).toBe(regex.test(name));
      }),
      { numRuns: 1000 },
    );
  });
  it('pathological lines (a megabyte of spaces, of [, of /) are read in one pass', () => {
    const text = [`${' '.repeat(1_000_000)}x`, '['.repeat(1_000_000), `${'/'.repeat(1_000_000)}x`, `a${'/'.repeat(1_000_000)}`, `${'a/'.repeat(300_000)}b`].join('\n');
    expect(ignoringRule(parseGitignore(text), ['pipelines', 'orders'])).toBeUndefined();
  });
  it('a pattern that would make a backtracking matcher explode is matched in a blink', () => {
    const rules = parseGitignore(`${'*a'.repeat(30)}b`);
    expect(ignoringRule(rules, ['pipelines', 'a'.repeat(64)])).toBeUndefined();
  });
});

describe('temp files left by a killed run are removed by the next write there; nothing else is', () => {
  const old = (path: string) => utimesSync(path, new Date(Date.now() - 2 * STALE_TEMP_MS), new Date(Date.now() - 2 * STALE_TEMP_MS));
  beforeEach(() => {
    old(put('p/.databricks.yml.tmp-4242-0123abcd', 'half'));
    mkdirSync(join(dir, '.orders.tmp-4242-deadbeef'));
    put('.orders.tmp-4242-deadbeef/config.json', '{}');
    old(join(dir, '.orders.tmp-4242-deadbeef'));
    put('p/.databricks.yml.tmp-4243-89abcdef', 'a run writing right now');
    old(put('p/notes.tmp-1-0123abcd', 'not our pattern: no leading dot'));
    old(put('p/.databricks.yml.tmp-x-0123abcd', 'not our pattern: no pid'));
  });
  it('writeFileAtomic cleans its folder', async () => {
    await writeFileAtomic(join(dir, 'p', 'databricks.yml'), 'new');
    // Gone: the old temp file of ours. Kept: a fresh one (a run writing now) and names not ours.
    expect(readdirSync(join(dir, 'p')).sort()).toEqual(['.databricks.yml.tmp-4243-89abcdef', '.databricks.yml.tmp-x-0123abcd', 'databricks.yml', 'notes.tmp-1-0123abcd']);
  });
  it('writeDirAtomic cleans the folder it writes into, temp folders included', async () => {
    await writeDirAtomic(join(dir, 'orders'), new Map([['config.json', '{}']]));
    expect(existsSync(join(dir, '.orders.tmp-4242-deadbeef'))).toBe(false);
    expect(existsSync(join(dir, 'orders', 'config.json'))).toBe(true);
  });
  it('a link named like a temp file is left alone', async () => {
    symlinkSync(join(dir, 'p'), join(dir, '.p.tmp-1-0123abcd'));
    expect(await removeStaleTemps(dir, Date.now() + 10 * STALE_TEMP_MS)).toEqual([join(dir, '.orders.tmp-4242-deadbeef')]);
    expect(existsSync(join(dir, 'p', 'notes.tmp-1-0123abcd'))).toBe(true);
  });
  it.each(['../escape.sql', '/etc/x', 'a/../../b', '..'])('writeDirAtomic refuses the path %s and writes nothing', async (rel) => {
    await expect(writeDirAtomic(join(dir, 'q'), new Map([['ok.sql', 'x'], [rel, 'x']]))).rejects.toThrow(/is not a path inside the folder being written; nothing was written/);
    expect(existsSync(join(dir, 'q'))).toBe(false);
  });
});

describe('a pipeline folder read from disk', () => {
  let p: MiniProject;
  beforeEach(() => {
    p = miniProject();
  });
  afterEach(() => p.cleanup());
  it('a SQL file linked out of the folder is refused naming it', () => {
    p.write('elsewhere/clean.sql', 'SELECT 1;\n');
    rmSync(join(p.dir, 'pipelines/etl/sql/clean.sql'));
    symlinkSync(join(p.dir, 'elsewhere/clean.sql'), join(p.dir, 'pipelines/etl/sql/clean.sql'));
    expect(() => diskSource(p.dir, 'etl').readFile('sql/clean.sql')).toThrow(/^pipelines\/etl\/sql\/clean\.sql: resolves to .*elsewhere\/clean\.sql, outside the pipeline folder pipelines\/etl/);
  });
  it('a databricks.yml that is a folder is refused, not mistaken for "not generated"', () => {
    mkdirSync(join(p.dir, 'pipelines/etl/databricks.yml'));
    expect(() => readBundleOnDisk(p.dir, 'etl')).toThrow(/^pipelines\/etl\/databricks\.yml: is a directory, where a file should be/);
  });
  it('an env config that cannot be read is one issue among the others', () => {
    rmSync(join(p.dir, 'config/staging.yml'));
    mkdirSync(join(p.dir, 'config/staging.yml'));
    try {
      loadEnvConfigs(p.dir);
      expect.unreachable();
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => `${i.file}: ${i.message}`)).toEqual(['config/staging.yml: is a directory, where a file should be']);
    }
  });
  it('a folder named like one git ignores is refused with the rule', () => {
    writeFileSync(join(p.dir, '.gitignore'), 'scratch_*\n');
    cpSync(join(p.dir, 'pipelines/etl'), join(p.dir, 'pipelines/scratch_etl'), { recursive: true });
    expect(() => diskSource(p.dir, 'scratch_etl')).toThrow(/^pipelines\/scratch_etl: would be ignored by git \(\.gitignore line 1: "scratch_\*"\)/);
  });
});

describe('template manifests are untrusted: every file they name or hold stays inside the template', () => {
  let p: MiniProject;
  beforeEach(() => {
    p = miniProject({ templates: true });
  });
  afterEach(() => p.cleanup());
  const manifest = () => join(p.dir, 'templates/batch_sql/template.yml');
  const setStub = (value: string) => {
    const text = readUserFile(manifest(), { display: 'template.yml' });
    writeFileSync(manifest(), text.replace(/^step_stub: .*$/m, `step_stub: ${JSON.stringify(value)}`));
  };
  it.each(['../../../etc/passwd', '/etc/passwd', '..', 'sub/../../x.sql', '../batch_sql/step_stub.sql'])('step_stub %s is refused before it is read', (stub) => {
    setStub(stub);
    expect(() => loadTemplate(p.dir, 'batch_sql')).toThrow(
      new RegExp(`^templates/batch_sql/template\\.yml:\\d+:\\d+: step_stub: "${stub.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}" is outside the template folder`),
    );
  });
  it.each([
    ['missing', () => rmSync(join(p.dir, 'templates/batch_sql/step_stub.sql')), /^templates\/batch_sql\/step_stub\.sql: does not exist/],
    ['a directory', () => (rmSync(join(p.dir, 'templates/batch_sql/step_stub.sql')), mkdirSync(join(p.dir, 'templates/batch_sql/step_stub.sql'))), /^templates\/batch_sql\/step_stub\.sql: is a directory/],
    ['a link out', () => (rmSync(join(p.dir, 'templates/batch_sql/step_stub.sql')), symlinkSync('/etc/hostname', join(p.dir, 'templates/batch_sql/step_stub.sql'))), /^templates\/batch_sql\/step_stub\.sql: resolves to \/etc\/hostname, outside the template folder templates\/batch_sql/],
  ])('a step stub that is %s is refused naming it', (_label, make, message) => {
    make();
    expect(() => loadTemplate(p.dir, 'batch_sql')).toThrow(message);
  });
  it.each([
    ['a file linked out', () => symlinkSync('/etc/hostname', join(p.dir, 'templates/batch_sql/files/host.txt')), /^templates\/batch_sql\/files\/host\.txt: resolves to \/etc\/hostname, outside the template folder/],
    ['a folder linked out', () => symlinkSync('/etc', join(p.dir, 'templates/batch_sql/files/etc')), /^templates\/batch_sql\/files\/etc: resolves to \/etc, outside the template folder/],
    ['a FIFO', () => void spawnSync('mkfifo', [join(p.dir, 'templates/batch_sql/files/pipe.sql')]), /^templates\/batch_sql\/files\/pipe\.sql: is not a regular file \(it is a named pipe, a FIFO\)/],
    ['a folder linking to its parent', () => symlinkSync('..', join(p.dir, 'templates/batch_sql/files/sql/loop')), /^templates\/batch_sql\/files\/sql\/loop: links to a folder of the template that is read already/],
    ['broken JSON in config.json', () => writeFileSync(join(p.dir, 'templates/batch_sql/files/config.json'), '{\n  "a": 1,\n}\n'), /^templates\/batch_sql\/files\/config\.json:3:1: is not valid JSON: expected a "quoted" key, found "}" \(trailing comma\?\)/],
    ['config.json with a key twice', () => writeFileSync(join(p.dir, 'templates/batch_sql/files/config.json'), '{"a": 1, "a": 2}'), /^templates\/batch_sql\/files\/config\.json:1:10: is not valid JSON: key "a" is given twice, at 1:2 and at 1:10/],
    ['a manifest with a key twice', () => writeFileSync(manifest(), `title: A\n${readUserFile(manifest(), { display: 'm' })}`), /^templates\/batch_sql\/template\.yml:\d+:1: is not valid YAML: key "title" is given twice, at 1:1 and at \d+:1/],
    ['files/ linked out', () => (rmSync(join(p.dir, 'templates/batch_sql/files'), { recursive: true }), symlinkSync('/etc', join(p.dir, 'templates/batch_sql/files'))), /^templates\/batch_sql\/files: resolves to \/etc, outside the template folder/],
  ])('%s is refused naming the template and the file', (_label, make, message) => {
    make();
    expect(() => loadTemplate(p.dir, 'batch_sql')).toThrow(message);
  });
  it('links that stay inside the template are followed', () => {
    symlinkSync('config.json', join(p.dir, 'templates/batch_sql/files/config.copy.json'));
    const t = loadTemplate(p.dir, 'batch_sql');
    expect(t.files.get('config.copy.json')).toBe(t.files.get('config.json'));
  });
});
