import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expectCleanFailure, runCli, runCliInProcess, tempProject } from '../helpers/cli.js';
import { REPO } from '../helpers/fixtures.js';
import { snapshotTree } from '../helpers/tree.js';
import { templateAtVersion } from '../../src/databricks/git-templates.js';
import { listTemplateIds, loadTemplate } from '../../src/project/templates.js';

/**
 * A project that is a real git repository: the templates committed (batch_sql, the one most tests change, renumbered
 * to version 1 whatever the repository's is, so the versions below read as 1 → 2), pipelines scaffolded with
 * `new --yes` and committed, then edited by hand and a template changed and bumped, as a platform team does.
 */
let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempProject(['config', 'templates', 'schemas']));
  mkdirSync(join(dir, 'pipelines'));
  edit('templates/batch_sql/template.yml', (t) => t.replace(/^version: \d+$/m, 'version: 1'));
  git('init', '-q');
  commitAll('templates, batch_sql at version 1');
});
afterEach(() => cleanup());

function git(...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.com', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const commitAll = (message: string) => (git('add', '-A'), git('commit', '-q', '-m', message));
const cli = (...args: string[]) => runCliInProcess(args, { cwd: dir });
const file = (rel: string) => join(dir, rel);
const read = (rel: string) => readFileSync(file(rel), 'utf8');
const edit = (rel: string, change: (text: string) => string) => writeFileSync(file(rel), change(read(rel)));

const SETUP = 'templates/batch_sql/files/sql/setup_schemas.sql';

async function scaffold(...names: string[]): Promise<void> {
  for (const name of names) {
    const r = await cli('new', '--template', 'batch_sql', '--name', name, '--yes');
    expect(r.code, r.stderr).toBe(0);
  }
  commitAll('pipelines');
}

/** Version 2 of batch_sql: a line added at the end of the setup SQL, a new file, `extra` applied to the manifest. */
function templateV2(extra: (manifest: string) => string = (m) => m): void {
  edit(SETUP, (t) => `${t}-- added in version 2\n`);
  writeFileSync(file('templates/batch_sql/files/sql/checks.sql'), 'SELECT 2;\n');
  edit('templates/batch_sql/template.yml', (t) => extra(t.replace(/^version: 1$/m, 'version: 2')));
  commitAll('batch_sql version 2');
}

/** A manifest with its version one higher. */
const bumped = (manifest: string) => manifest.replace(/^version: (\d+)$/m, (_, v: string) => `version: ${Number(v) + 1}`);
const versionOf = (id: string) => loadTemplate(dir, id).manifest.version;

const recordOf = (name: string) => parse(read(`pipelines/${name}/.template-answers.yml`)) as { template_version: number; answers: Record<string, unknown> };

describe('upgrade <pipeline>', () => {
  it("a clean merge keeps the user's edit, takes the template's change and new file, and validate passes", async () => {
    await scaffold('orders_etl');
    edit('pipelines/orders_etl/sql/setup_schemas.sql', (t) => `-- my own note\n${t}`);
    templateV2();
    const r = await cli('upgrade', 'orders_etl');
    expect(r.code, r.stderr).toBe(0);
    const setup = read('pipelines/orders_etl/sql/setup_schemas.sql');
    expect(setup.startsWith('-- my own note\n')).toBe(true);
    expect(setup.endsWith('-- added in version 2\n')).toBe(true);
    expect(read('pipelines/orders_etl/sql/checks.sql')).toBe('SELECT 2;\n');
    expect(recordOf('orders_etl').template_version).toBe(2);
    expect(r.stdout).toContain('upgraded pipelines/orders_etl: template batch_sql version 1 → 2');
    expect(r.stdout).toMatch(/updated +sql\/setup_schemas\.sql \(merged with your changes\)/);
    expect(r.stdout).toMatch(/added +sql\/checks\.sql/);
    expect(r.stdout).toContain('git diff pipelines/orders_etl');
    const v = await cli('validate', 'orders_etl');
    expect(v.code, v.stderr).toBe(0);
    expect((await cli('upgrade', 'orders_etl')).stdout).toContain('pipelines/orders_etl is up to date (template batch_sql version 2)');
  });

  it('the lifecycle: new at version 1, edit (the command) and a hand edit, the template bumped to 2, upgrade keeps both and validates', async () => {
    await scaffold('orders_etl');
    const edited = await cli('edit', 'orders_etl', '--set', 'schedule_cron=0 0 3 * * ?', '--set', 'display_name=Orders Daily', '--yes');
    expect(edited.code, edited.stderr).toBe(0);
    edit('pipelines/orders_etl/sql/setup_schemas.sql', (t) => `-- my own note\n${t}`);
    commitAll('orders_etl edited');
    edit('templates/batch_sql/files/config.json', (t) => t.replace('"description": "{{description}}"', '"description": "{{description}} Owned by the platform team."'));
    templateV2();
    const r = await cli('upgrade', 'orders_etl', '--yes');
    expect(r.code, r.stderr).toBe(0);
    const config = JSON.parse(read('pipelines/orders_etl/config.json')) as { pipeline_name: string; description: string; schedule: { quartz_cron_expression: string } };
    expect(config.pipeline_name).toBe('Orders Daily');
    expect(config.schedule.quartz_cron_expression).toBe('0 0 3 * * ?');
    expect(config.description).toMatch(/Owned by the platform team\.$/);
    expect(read('pipelines/orders_etl/sql/setup_schemas.sql')).toMatch(/^-- my own note\n[\s\S]*-- added in version 2\n$/);
    expect(read('pipelines/orders_etl/databricks.yml')).toContain('Orders Daily');
    expect(recordOf('orders_etl')).toMatchObject({ template_version: 2, answers: { display_name: 'Orders Daily', schedule_cron: '0 0 3 * * ?' } });
    expect((await cli('validate', 'orders_etl')).code).toBe(0);
    // And editing after the upgrade starts from the upgraded pipeline.
    const again = await cli('edit', 'orders_etl', '--set', 'schedule_timezone=Europe/Amsterdam', '--yes');
    expect(again.code, again.stderr).toBe(0);
    expect(recordOf('orders_etl').template_version).toBe(2);
    expect(read('pipelines/orders_etl/config.json')).toContain('Owned by the platform team.');
  });

  it('a change to config.json by the template reaches databricks.yml, generated again', async () => {
    await scaffold('orders_etl');
    edit('templates/batch_sql/files/config.json', (t) => t.replace('"description": "{{description}}"', '"description": "{{description}} Owned by the platform team."'));
    templateV2();
    const r = await cli('upgrade', 'orders_etl');
    expect(r.code, r.stderr).toBe(0);
    expect(read('pipelines/orders_etl/databricks.yml')).toContain('Owned by the platform team.');
    expect(r.stdout).toContain('databricks.yml (generated from the merged config.json)');
    expect((await cli('validate', 'orders_etl')).code).toBe(0);
  });

  it('a conflict exits 1 naming the file and lines, and writes nothing', async () => {
    await scaffold('orders_etl');
    edit('pipelines/orders_etl/sql/setup_schemas.sql', (t) => `${t}-- my own last line\n`);
    templateV2();
    const r = await expectCleanFailure(dir, ['upgrade', 'orders_etl'], 1, /^conflict pipelines\/orders_etl: template batch_sql version 1 → 2: 1 file\(s\).*nothing was written/);
    expect(r.stderr).toMatch(/pipelines\/orders_etl\/sql\/setup_schemas\.sql: yours line \d+, the template's line \d+/);
    expect(r.stderr).toContain('--write-conflicts');
  });

  it('--write-conflicts writes git-style markers and the record, and lists the files to resolve', async () => {
    await scaffold('orders_etl');
    edit('pipelines/orders_etl/sql/setup_schemas.sql', (t) => `${t}-- my own last line\n`);
    templateV2();
    const r = await cli('upgrade', 'orders_etl', '--write-conflicts');
    expect(r.code).toBe(1);
    expect(read('pipelines/orders_etl/sql/setup_schemas.sql')).toMatch(/<<<<<<< ours\n-- my own last line\n\|\|\|\|\|\|\| base\n=======\n-- added in version 2\n>>>>>>> theirs\n$/);
    expect(read('pipelines/orders_etl/sql/checks.sql')).toBe('SELECT 2;\n');
    expect(recordOf('orders_etl').template_version).toBe(2);
    expect(r.stdout).toContain('Files to resolve');
    expect(r.stdout).toContain('  pipelines/orders_etl/sql/setup_schemas.sql\n');
  });

  it('--dry-run prints the unified diff of every file that would change and writes nothing', async () => {
    await scaffold('orders_etl');
    templateV2();
    const before = snapshotTree(dir);
    const r = await cli('upgrade', 'orders_etl', '--dry-run');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('--- a/pipelines/orders_etl/sql/setup_schemas.sql\n+++ b/pipelines/orders_etl/sql/setup_schemas.sql\n');
    expect(r.stdout).toContain('+-- added in version 2\n');
    expect(r.stdout).toContain('--- /dev/null\n+++ b/pipelines/orders_etl/sql/checks.sql\n');
    expect(r.stdout).toContain('-template_version: 1\n+template_version: 2\n');
    expect(snapshotTree(dir)).toEqual(before);
  });

  it('a merged config.json that is no valid config: exit 1 naming the file, nothing written; --write-conflicts writes it to fix', async () => {
    await scaffold('orders_etl');
    edit('pipelines/orders_etl/config.json', (t) => t.replace('{\n', '{\n  // my note\n'));
    edit('templates/batch_sql/files/config.json', (t) => t.replace('"description": "{{description}}"', '"description": "{{description}} (v2)"'));
    templateV2();
    await expectCleanFailure(dir, ['upgrade', 'orders_etl'], 1, /^✖ pipelines\/orders_etl\/config\.json: the merged config\.json is not a valid config: .*nothing was written — rerun with --write-conflicts/);
    const r = await cli('upgrade', 'orders_etl', '--write-conflicts');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('the merge was written: fix pipelines/orders_etl/config.json');
    expect(read('pipelines/orders_etl/config.json')).toContain('// my note');
    expect(read('pipelines/orders_etl/config.json')).toContain('(v2)');
    expect(recordOf('orders_etl').template_version).toBe(2);
  });

  it('a file the template removed is listed and kept', async () => {
    await scaffold('orders_etl');
    rmSync(file('templates/batch_sql/files/README.md'));
    templateV2();
    const r = await cli('upgrade', 'orders_etl');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/kept +README\.md \(the template no longer has it/);
    expect(existsSync(file('pipelines/orders_etl/README.md'))).toBe(true);
  });
});

describe('new questions of the newer template', () => {
  const ownerQuestion = (m: string) =>
    `${m}\n  - key: owner_team\n    prompt: Owning team\n    help: 'The team that answers for this pipeline, e.g. loyalty-data'\n    type: text\n    default: data-platform\n`;
  const withOwner = () => {
    edit('templates/batch_sql/files/README.md', (t) => `${t}\nOwned by {{owner_team}}.\n`);
    templateV2(ownerQuestion);
  };

  it('without a terminal and without --yes: exit 2 naming them, nothing written', async () => {
    await scaffold('orders_etl');
    withOwner();
    const r = await expectCleanFailure(dir, ['upgrade', 'orders_etl'], 2, /^error: upgrade orders_etl: template batch_sql version 2 asks 1 new question\(s\): owner_team/);
    expect(r.stderr).toContain('--yes');
  });

  it('--yes takes the defaults and lists them; --set answers them', async () => {
    await scaffold('orders_etl', 'returns_etl');
    withOwner();
    const r = await cli('upgrade', 'orders_etl', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('new question owner_team: took the default "data-platform"');
    expect(read('pipelines/orders_etl/README.md')).toContain('Owned by data-platform.');
    expect(recordOf('orders_etl').answers.owner_team).toBe('data-platform');
    const s = await cli('upgrade', 'returns_etl', '--set', 'owner_team=returns-crew');
    expect(s.code, s.stderr).toBe(0);
    expect(read('pipelines/returns_etl/README.md')).toContain('Owned by returns-crew.');
  });
});

describe('upgrade --all', () => {
  it('--set answers the templates that ask it, and the others upgrade without it', async () => {
    await scaffold('orders_etl');
    expect((await cli('new', '--template', 'streaming_delta', '--name', 'clicks_bronze', '--yes')).code).toBe(0);
    commitAll('a streaming pipeline');
    const streamingVersion = versionOf('streaming_delta');
    edit('templates/streaming_delta/template.yml', bumped);
    edit('templates/batch_sql/files/README.md', (t) => `${t}\nOwned by {{owner_team}}.\n`);
    templateV2((m) => `${m}\n  - key: owner_team\n    prompt: Owning team\n    help: 'The owning team, e.g. loyalty-data'\n    type: text\n    default: data-platform\n`);
    const r = await cli('upgrade', '--all', '--set', 'owner_team=orders-crew');
    expect(r.code, r.stderr).toBe(0);
    expect(read('pipelines/orders_etl/README.md')).toContain('Owned by orders-crew.');
    expect(recordOf('clicks_bronze').template_version).toBe(streamingVersion + 1);
  });


  it('goes on past a conflict, upgrades the rest, sums up and exits 1', async () => {
    await scaffold('a_etl', 'b_etl', 'c_etl');
    edit('pipelines/b_etl/sql/setup_schemas.sql', (t) => `${t}-- b's own last line\n`);
    templateV2();
    const r = await cli('upgrade', '--all');
    expect(r.code).toBe(1);
    expect(recordOf('a_etl').template_version).toBe(2);
    expect(recordOf('b_etl').template_version).toBe(1);
    expect(recordOf('c_etl').template_version).toBe(2);
    expect(r.stdout).toContain('2 upgraded, 1 not (conflict or error)');
    expect(r.stdout).toContain('✖ b_etl (conflict)');
    // The review commands once, at the end, for all of them.
    expect(r.stdout.match(/Review, then deploy/g)).toHaveLength(1);
    expect(r.stdout.endsWith('Review, then deploy:\n  git diff pipelines\n  npx loyalty-wizard deploy --all --env dev\n')).toBe(true);
    expect(r.stderr).toContain('conflict pipelines/b_etl');
  });

  it('a record that cannot be read is reported with its file and field; the others are upgraded', async () => {
    await scaffold('a_etl', 'b_etl');
    edit('pipelines/a_etl/.template-answers.yml', (t) => t.replace('template_version: 1', 'template_version: one'));
    templateV2();
    const r = await cli('upgrade', '--all');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/✖ pipelines\/a_etl: pipelines\/a_etl\/\.template-answers\.yml:\d+:\d+: template_version:/);
    expect(recordOf('b_etl').template_version).toBe(2);
    expect(r.stdout).toContain('✖ a_etl (failed)');
  });

  it('with every pipeline current, says so and exits 0', async () => {
    await scaffold('a_etl');
    const r = await cli('upgrade', '--all');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("at its template's current version");
  });
});

describe('pipelines without a record', () => {
  const seed = () => {
    cpSync(join(REPO, 'pipelines', 'kafka_traffic_pipeline'), file('pipelines/kafka_traffic_pipeline'), { recursive: true });
    rmSync(file('pipelines/kafka_traffic_pipeline/.template-answers.yml'), { force: true });
  };

  it('upgrade without --adopt: a one-line error naming the fix, nothing written', async () => {
    seed();
    await expectCleanFailure(dir, ['upgrade', 'kafka_traffic_pipeline'], 1, /^error: pipelines\/kafka_traffic_pipeline\/\.template-answers\.yml does not exist/);
    const r = await cli('upgrade', 'kafka_traffic_pipeline');
    expect(r.stderr).toContain('upgrade kafka_traffic_pipeline --adopt <template>');
  });

  it('--adopt writes only the record: answers from config.json, defaults for the rest, the current version', async () => {
    seed();
    const before = snapshotTree(file('pipelines/kafka_traffic_pipeline'));
    const config = JSON.parse(read('pipelines/kafka_traffic_pipeline/config.json')) as { pipeline_name: string; schedule: { quartz_cron_expression: string } };
    const r = await cli('upgrade', 'kafka_traffic_pipeline', '--adopt', 'batch_sql');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('adopted pipelines/kafka_traffic_pipeline: template batch_sql version 1');
    expect(r.stdout).toMatch(/from config\.json: .*display_name/);
    const after = snapshotTree(file('pipelines/kafka_traffic_pipeline'));
    expect(Object.keys(after).filter((k) => before[k] !== after[k])).toEqual(['.template-answers.yml']);
    const record = recordOf('kafka_traffic_pipeline');
    expect(record.template_version).toBe(1);
    expect(record.answers.display_name).toBe(config.pipeline_name);
    expect(record.answers.schedule_cron).toBe(config.schedule.quartz_cron_expression);
    expect((await cli('upgrade', 'kafka_traffic_pipeline')).stdout).toContain('is up to date');
  });
});

describe('--adopt with a template of another type', () => {
  it('is refused naming both types and the templates that fit, nothing written', async () => {
    cpSync(join(REPO, 'pipelines', 'kafka_traffic_pipeline'), file('pipelines/kafka_traffic_pipeline'), { recursive: true });
    const r = await expectCleanFailure(dir, ['upgrade', 'kafka_traffic_pipeline', '--adopt', 'streaming_delta'], 2, /^error: upgrade kafka_traffic_pipeline --adopt streaming_delta: the pipeline is a batch_sql pipeline .* template streaming_delta makes streaming_to_delta; nothing was written/);
    expect(r.stderr).toContain('batch_sql');
  });
});

describe('the base version not in git history', () => {
  it('an uncommitted template version: a one-line error naming the template, the version and the fix', async () => {
    await scaffold('orders_etl');
    // The pipeline claims version 2, which was never committed.
    edit('pipelines/orders_etl/.template-answers.yml', (t) => t.replace('template_version: 1', 'template_version: 2'));
    edit('templates/batch_sql/template.yml', (t) => t.replace(/^version: 1$/m, 'version: 3'));
    const r = await expectCleanFailure(dir, ['upgrade', 'orders_etl', '--yes'], 1, /^error: templates\/batch_sql: version 2 of template batch_sql is not in git history \(its commits have version 1\)/);
    expect(r.stderr).toMatch(/hint: commit the template at each version .*git fetch --unshallow/);
  });

  it('no git repository at all: the same error, saying why', async () => {
    await scaffold('orders_etl');
    templateV2();
    rmSync(file('.git'), { recursive: true, force: true });
    await expectCleanFailure(dir, ['upgrade', 'orders_etl'], 1, /^error: templates\/batch_sql: version 1 of template batch_sql is not in git history \(git log: fatal: not a git repository/);
  });
});

describe('the base: a template read from git history', () => {
  it('is the same template loadTemplate reads from disk, for every template', async () => {
    for (const id of listTemplateIds(dir)) {
      const fromGit = await templateAtVersion(dir, id, loadTemplate(dir, id).manifest.version);
      expect(fromGit, id).toEqual(loadTemplate(dir, id));
    }
  });

  it('is the newest commit at that version: not an earlier commit at it, nor a later version', async () => {
    edit(SETUP, (t) => `${t}-- fixed without a bump\n`);
    commitAll('batch_sql fix at version 1');
    templateV2();
    const v1 = await templateAtVersion(dir, 'batch_sql', 1);
    expect(v1.manifest.version).toBe(1);
    expect(v1.files.get('sql/setup_schemas.sql')).toMatch(/-- fixed without a bump\n$/);
    expect(v1.files.has('sql/checks.sql')).toBe(false);
    expect((await templateAtVersion(dir, 'batch_sql', 2)).files.get('sql/checks.sql')).toBe('SELECT 2;\n');
  });
});

describe('a project inside a larger git repository', () => {
  it('reads the base from its own templates/, run from any folder of the project', async () => {
    const sub = file('platform');
    mkdirSync(join(sub, 'pipelines'), { recursive: true });
    for (const part of ['config', 'templates', 'schemas']) cpSync(file(part), join(sub, part), { recursive: true });
    commitAll('the project in a subfolder');
    expect((await runCliInProcess(['new', '--template', 'batch_sql', '--name', 'orders_etl', '--yes'], { cwd: sub })).code).toBe(0);
    commitAll('pipelines');
    edit('platform/templates/batch_sql/files/sql/setup_schemas.sql', (t) => `${t}-- added in version 2\n`);
    edit('platform/templates/batch_sql/template.yml', (t) => t.replace(/^version: 1$/m, 'version: 2'));
    commitAll('batch_sql version 2');
    const r = await runCliInProcess(['upgrade', 'orders_etl'], { cwd: join(sub, 'pipelines') });
    expect(r.code, r.stderr).toBe(0);
    expect(read('platform/pipelines/orders_etl/sql/setup_schemas.sql').endsWith('-- added in version 2\n')).toBe(true);
  });
});

describe('git runs', () => {
  it('--all reads each base once: three git runs for one template version, however many pipelines', async () => {
    await scaffold('a_etl', 'b_etl', 'c_etl');
    templateV2();
    const realGit = spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim();
    mkdirSync(file('bin'));
    writeFileSync(file('bin/git'), `#!/bin/sh\necho "$1" >> "${file('git-runs.log')}"\nexec "${realGit}" "$@"\n`);
    chmodSync(file('bin/git'), 0o755);
    const r = runCli(['upgrade', '--all', '--yes'], { cwd: dir, env: { PATH: `${file('bin')}:${process.env.PATH ?? ''}` } });
    expect(r.code, r.stderr).toBe(0);
    expect(read('git-runs.log').trim().split('\n').sort()).toEqual(['cat-file', 'log', 'ls-tree']);
  });
});

describe('--json', () => {
  it('one document: each pipeline with its status, versions, files, conflicts and defaults', async () => {
    await scaffold('a_etl', 'b_etl');
    edit('pipelines/b_etl/sql/setup_schemas.sql', (t) => `${t}-- b's own last line\n`);
    templateV2();
    const r = await cli('upgrade', '--all', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { pipelines: { name: string; status: string; from: number; to: number; files: { path: string; change: string }[]; conflicts: { path: string; kind: string }[] }[] };
    expect(doc.pipelines.map((p) => [p.name, p.status, p.from, p.to])).toEqual([['a_etl', 'upgraded', 1, 2], ['b_etl', 'conflict', 1, 2]]);
    expect(doc.pipelines[0]!.files).toContainEqual({ path: 'sql/checks.sql', change: 'added' });
    expect(doc.pipelines[1]!.conflicts).toEqual([expect.objectContaining({ path: 'sql/setup_schemas.sql', kind: 'content' })]);
  });
});

describe('usage', () => {
  it('neither a pipeline nor --all, or both: exit 2', async () => {
    await expectCleanFailure(dir, ['upgrade'], 2, /^error: upgrade: name a pipeline, or pass --all/);
    await scaffold('orders_etl');
    await expectCleanFailure(dir, ['upgrade', 'orders_etl', '--all'], 2, /^error: upgrade: name one pipeline or pass --all, not both/);
  });
});

describe('the streaming templates, version 1 → 2: the job cluster’s workers become a question', () => {
  const STREAMING = ['streaming_delta', 'streaming_postgres'];

  /** The template as version 1 was: without the two cluster questions and config.json's job_cluster. */
  function asVersion1(id: string): void {
    edit(`templates/${id}/template.yml`, (t) => {
      const [from, to] = [t.indexOf('  - key: override_cluster\n'), t.indexOf('  - key: add_notification_email\n')];
      expect(from).toBeGreaterThan(0);
      return `${t.slice(0, from)}${t.slice(to)}`.replace(/^version: 2$/m, 'version: 1');
    });
    edit(`templates/${id}/files/config.json`, (t) => t.replace('  "job_cluster": {\n    "num_workers": "{{cluster_num_workers}}"\n  },\n', ''));
    expect(read(`templates/${id}/files/config.json`)).not.toContain('job_cluster');
  }

  type StreamingConfig = { job_cluster?: { num_workers: number } };
  const configOf = (name: string) => JSON.parse(read(`pipelines/${name}/config.json`)) as StreamingConfig;

  beforeEach(async () => {
    expect(STREAMING.map(versionOf)).toEqual([2, 2]);
    for (const id of STREAMING) asVersion1(id);
    commitAll('streaming templates at version 1');
    for (const id of STREAMING) expect((await cli('new', '--template', id, '--name', `${id}_feed`, '--yes')).code).toBe(0);
    commitAll('streaming pipelines at version 1');
    for (const id of STREAMING) cpSync(join(REPO, 'templates', id), file(`templates/${id}`), { recursive: true });
    commitAll('streaming templates at version 2');
  });

  it('upgrade --yes takes "no" for the new question: the pipeline keeps the environment’s workers', async () => {
    const before = STREAMING.map((id) => read(`pipelines/${id}_feed/config.json`));
    const r = await cli('upgrade', '--all', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('new question override_cluster: took the default "false"');
    expect(STREAMING.map((id) => read(`pipelines/${id}_feed/config.json`))).toEqual(before);
    for (const id of STREAMING) expect(recordOf(`${id}_feed`)).toMatchObject({ template_version: 2, answers: { override_cluster: false } });
    expect((await cli('validate')).code).toBe(0);
  });

  it('upgrade --set gives the pipeline its own workers; edit changes them, then gives them back to the environments', async () => {
    const r = await cli('upgrade', 'streaming_delta_feed', '--set', 'override_cluster=yes', '--set', 'cluster_num_workers=4');
    expect(r.code, r.stderr).toBe(0);
    expect(configOf('streaming_delta_feed').job_cluster).toEqual({ num_workers: 4 });
    expect(recordOf('streaming_delta_feed').answers).toMatchObject({ override_cluster: true, cluster_num_workers: 4 });
    const bundle = () => read('pipelines/streaming_delta_feed/databricks.yml');
    // One num_workers, in the job's cluster: no target sets its own.
    expect(bundle().match(/num_workers: \d+/g)).toEqual(['num_workers: 4']);
    expect((await cli('validate', 'streaming_delta_feed')).code).toBe(0);

    expect((await cli('edit', 'streaming_delta_feed', '--set', 'cluster_num_workers=0', '--yes')).code).toBe(0);
    expect(configOf('streaming_delta_feed').job_cluster).toEqual({ num_workers: 0 });
    expect(bundle()).toContain('spark.databricks.cluster.profile: singleNode');

    expect((await cli('edit', 'streaming_delta_feed', '--set', 'override_cluster=no', '--yes')).code).toBe(0);
    expect(configOf('streaming_delta_feed')).not.toHaveProperty('job_cluster');
    expect(bundle().match(/num_workers: \d+/g)?.length).toBe(3);
    expect((await cli('validate', 'streaming_delta_feed')).code).toBe(0);
  });
});

describe('batch_sql, version 1 → 2: more job parameters become a question', () => {
  it('upgrade --yes leaves the config as it is; --set adds the parameters next to bronze_table', async () => {
    expect(loadTemplate(REPO, 'batch_sql').manifest.version).toBe(2);
    // Version 1 as it was: without the question and config.json's spread.
    edit('templates/batch_sql/template.yml', (t) => {
      const [from, to] = [t.indexOf('  - key: extra_parameters\n'), t.indexOf('  - key: steps\n')];
      expect(from).toBeGreaterThan(0);
      return `${t.slice(0, from)}${t.slice(to)}`;
    });
    edit('templates/batch_sql/files/config.json', (t) => t.replace(',\n    "...": "{{extra_parameters}}"', ''));
    expect(read('templates/batch_sql/files/config.json')).not.toContain('extra_parameters');
    commitAll('batch_sql as version 1 was');
    await scaffold('a_etl', 'b_etl');
    cpSync(join(REPO, 'templates', 'batch_sql'), file('templates/batch_sql'), { recursive: true });
    commitAll('batch_sql version 2');
    const before = read('pipelines/a_etl/config.json');

    const r = await cli('upgrade', 'a_etl', '--yes');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('new question extra_parameters: took the default ""');
    expect(read('pipelines/a_etl/config.json')).toBe(before);
    expect(recordOf('a_etl')).toMatchObject({ template_version: 2, answers: { extra_parameters: {} } });

    const s = await cli('upgrade', 'b_etl', '--set', 'extra_parameters=lookback_days=7, region=eu');
    expect(s.code, s.stderr).toBe(0);
    expect(JSON.parse(read('pipelines/b_etl/config.json')).parameters).toEqual({ bronze_table: 'kafka_events_bronze', lookback_days: '7', region: 'eu' });
    expect(read('pipelines/b_etl/databricks.yml')).toMatch(/- name: region\n\s+default: eu\n/);
    expect((await cli('validate')).code).toBe(0);
  });
});
