import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ANSWERS_FILE, answersRecordFor, resolveAnswers, type TemplateSource } from '../../src/core/index.js';
import { BUNDLE_FILE, preparePipeline } from '../../src/core/assemble-pipeline.js';
import { describeConflict, MARKERS, mergeFile, mergeFolder, splitLines, type Conflict } from '../../src/core/template-merge.js';
import { planUpgrade } from '../../src/core/upgrade-plan.js';
import { loadTemplate } from '../../src/project/templates.js';
import { REPO, repoEnvs } from '../helpers/fixtures.js';

const BASE = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\n';

describe('mergeFile: one file, three ways', () => {
  it('a change on the template side only is taken', () => {
    const theirs = BASE.replace('two', 'TWO');
    expect(mergeFile('a.sql', BASE, theirs, BASE)).toEqual({ path: 'a.sql', change: 'updated', text: theirs, merged: false });
  });

  it('a change on the user side only is kept (nothing to write)', () => {
    expect(mergeFile('a.sql', BASE, BASE, BASE.replace('two', 'mine'))).toBeUndefined();
  });

  it('changes to different lines on both sides are merged, keeping the user edit', () => {
    const change = mergeFile('a.sql', BASE, BASE.replace('six', 'SIX'), BASE.replace('one', 'mine'));
    expect(change).toEqual({ path: 'a.sql', change: 'updated', text: BASE.replace('six', 'SIX').replace('one', 'mine'), merged: true });
  });

  it('the same change on both sides is taken once, with nothing to write', () => {
    const same = BASE.replace('three', 'THREE');
    expect(mergeFile('a.sql', BASE, same, same)).toBeUndefined();
    const alsoOther = same.replace('seven', 'mine');
    expect(mergeFile('a.sql', BASE, same, alsoOther)).toBeUndefined();
  });

  it('different changes to the same lines are a conflict with the line ranges of each side', () => {
    const change = mergeFile('a.sql', BASE, BASE.replace('three', 'theirs 3'), BASE.replace('three\nfour', 'mine 3\nmine 4\nmine 4b')) as Conflict;
    expect(change.change).toBe('conflict');
    expect(change.kind).toBe('content');
    expect(change.regions).toEqual([{ ours: { start: 3, count: 3 }, base: { start: 3, count: 2 }, theirs: { start: 3, count: 2 } }]);
    expect(describeConflict(change)).toEqual(["yours lines 3-5, the template's lines 3-4"]);
    expect(change.text).toBe(
      `one\ntwo\n${MARKERS.ours}\nmine 3\nmine 4\nmine 4b\n${MARKERS.base}\nthree\nfour\n${MARKERS.sep}\ntheirs 3\nfour\n${MARKERS.theirs}\nfive\nsix\nseven\n`,
    );
  });

  it('conflict markers start their own line when a side has no final newline', () => {
    const change = mergeFile('a.sql', 'x', 'theirs', 'mine') as Conflict;
    expect(change.text).toBe(`${MARKERS.ours}\nmine\n${MARKERS.base}\nx\n${MARKERS.sep}\ntheirs\n${MARKERS.theirs}\n`);
  });

  it('a file the template added is added; the same file already there is left; a different one is a conflict', () => {
    expect(mergeFile('new.sql', undefined, 'SELECT 2;\n', undefined)).toEqual({ path: 'new.sql', change: 'added', text: 'SELECT 2;\n' });
    expect(mergeFile('new.sql', undefined, 'SELECT 2;\n', 'SELECT 2;\n')).toBeUndefined();
    const change = mergeFile('new.sql', undefined, 'SELECT 2;\n', 'SELECT 3;\n') as Conflict;
    expect(change).toMatchObject({ change: 'conflict', kind: 'both-added' });
    expect(change.text).toContain(`${MARKERS.ours}\nSELECT 3;\n`);
  });

  it('a file the template removed is listed and kept, never deleted; one the user removed too is nothing', () => {
    expect(mergeFile('old.sql', BASE, undefined, BASE)).toEqual({ path: 'old.sql', change: 'removed-by-template' });
    expect(mergeFile('old.sql', BASE, undefined, 'edited\n')).toEqual({ path: 'old.sql', change: 'removed-by-template' });
    expect(mergeFile('old.sql', BASE, undefined, undefined)).toBeUndefined();
  });

  it('a file the user deleted stays deleted when the template did not change it', () => {
    expect(mergeFile('gone.sql', BASE, BASE, undefined)).toBeUndefined();
  });

  it('a file the user deleted and the template changed is a conflict; --write-conflicts gets the template version', () => {
    const theirs = BASE.replace('one', 'ONE');
    const change = mergeFile('gone.sql', BASE, theirs, undefined) as Conflict;
    expect(change).toMatchObject({ change: 'conflict', kind: 'deleted-by-you', text: theirs });
    expect(describeConflict(change)).toEqual(['you deleted it; the template changed it']);
  });

  it('splitLines keeps every byte', () => {
    for (const text of ['', 'a', 'a\n', 'a\nb', 'a\n\nb\n', '\n']) expect(splitLines(text).join('')).toBe(text);
  });
});

describe('mergeFolder', () => {
  it('merges every path of base or theirs, bundle and config first; files only the user has are not looked at', () => {
    const base = new Map([['sql/a.sql', 'a\n'], ['config.json', '{}\n'], ['sql/old.sql', 'old\n']]);
    const theirs = new Map([['sql/a.sql', 'A\n'], ['config.json', '{}\n'], ['sql/new.sql', 'new\n']]);
    const disk = new Map([['sql/a.sql', 'a\n'], ['config.json', '{}\n'], ['sql/old.sql', 'old\n'], ['mine.sql', 'x\n']]);
    const seen: string[] = [];
    const changes = mergeFolder(base, theirs, (p) => (seen.push(p), disk.get(p)));
    expect(changes.map((c) => [c.path, c.change])).toEqual([['sql/a.sql', 'updated'], ['sql/new.sql', 'added'], ['sql/old.sql', 'removed-by-template']]);
    expect(seen).not.toContain('mine.sql');
  });
});

describe('planUpgrade: a pipeline folder', () => {
  const envs = repoEnvs();
  const v1 = loadTemplate(REPO, 'batch_sql');
  const v2: TemplateSource = {
    ...v1,
    manifest: { ...v1.manifest, version: v1.manifest.version + 1 },
    files: new Map([...v1.files].map(([p, t]) => [p, p === 'sql/setup_schemas.sql' ? `${t}-- a line the template added\n` : t])),
  };
  const { answers } = resolveAnswers(v1.manifest, 'orders_etl', {}, true);
  const disk = preparePipeline(v1, 'orders_etl', answers, envs).files;
  const input = (ours: Map<string, string>, theirs = v2) => ({
    name: 'orders_etl',
    base: v1,
    baseAnswers: answers,
    theirs,
    answers,
    ours: (p: string) => ours.get(p),
    envs,
    record: answersRecordFor(theirs.id, theirs.manifest, answers),
  });

  it('a clean merge writes the merged files and the record with the new version; databricks.yml stays when unchanged', () => {
    const plan = planUpgrade(input(new Map(disk)));
    expect(plan.conflicts).toEqual([]);
    expect(plan.invalid).toBeUndefined();
    expect([...plan.writes.keys()].sort()).toEqual([ANSWERS_FILE, 'sql/setup_schemas.sql']);
    expect(plan.writes.get('sql/setup_schemas.sql')).toContain('a line the template added');
    expect(parse(plan.writes.get(ANSWERS_FILE)!)).toMatchObject({ template: 'batch_sql', template_version: v1.manifest.version + 1 });
  });

  it('databricks.yml is regenerated from the merged config.json, never merged', () => {
    const cfg = JSON.parse(disk.get('config.json')!) as Record<string, unknown>;
    const ours = new Map(disk);
    ours.set('config.json', `${JSON.stringify({ ...cfg, description: 'mine' }, null, 2)}\n`);
    ours.set(BUNDLE_FILE, 'stale: true\n');
    const plan = planUpgrade(input(ours));
    expect(plan.writes.get(BUNDLE_FILE)).toContain('mine');
    expect(plan.changes[0]).toMatchObject({ path: BUNDLE_FILE, change: 'updated' });
  });

  it('a conflict writes nothing, and --write-conflicts gets markers and the record', () => {
    const ours = new Map(disk);
    ours.set('sql/setup_schemas.sql', `${disk.get('sql/setup_schemas.sql')!}-- my own last line\n`);
    const plan = planUpgrade(input(ours));
    expect(plan.conflicts.map((c) => c.path)).toEqual(['sql/setup_schemas.sql']);
    expect(plan.writes.size).toBe(0);
    expect(plan.writesWithConflicts.get('sql/setup_schemas.sql')).toContain(MARKERS.base);
    expect(plan.writesWithConflicts.has(ANSWERS_FILE)).toBe(true);
  });

  it('a merged config.json that is not JSON is a failure naming the file, with nothing to write', () => {
    const theirs: TemplateSource = { ...v2, files: new Map([...v2.files, ['config.json', v1.files.get('config.json')!.replace('"{{description}}"', '"{{description}} (v2)"')]]) };
    const ours = new Map(disk);
    ours.set('config.json', disk.get('config.json')!.replace('{\n', '{\n  // my note\n'));
    const plan = planUpgrade(input(ours, theirs));
    expect(plan.conflicts).toEqual([]);
    expect(plan.invalid?.path).toBe('config.json');
    expect(plan.invalid?.message).toMatch(/not a valid config/);
    expect(plan.writes.size).toBe(0);
    // --write-conflicts writes the merge to fix by hand, with the record, and no databricks.yml.
    expect(plan.writesWithConflicts.get('config.json')).toContain('// my note');
    expect([...plan.writesWithConflicts.keys()].sort()).toEqual([ANSWERS_FILE, 'config.json', 'sql/setup_schemas.sql']);
  });
});
