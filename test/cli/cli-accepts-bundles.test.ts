/**
 * What the Databricks CLI makes of every bundle we generate, in every target:
 * `bundle validate --strict` (warnings fail) must pass with nothing to report,
 * and what it resolves must be what `preview` says it will deploy. The CLI is
 * the fake on PATH, which applies development mode, run_as and the target
 * merges as the real one does (test/fixtures/fake-databricks).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveBundleForTarget } from '../../src/core/index.js';
import { buildPipeline } from '../../src/core/assemble-pipeline.js';
import { diskSource, loadEnvConfigs } from '../../src/project/project.js';
import { runCliInProcess, tempProject } from '../helpers/cli.js';
import { fakeCliEnv, writeProfiles } from '../helpers/fake-cli.js';

const ENVS = ['dev', 'staging', 'prod'] as const;
const readFile = (path: string) => readFileSync(path, 'utf8');
const writeFile = (path: string, text: string) => writeFileSync(path, text);
const USER = 'jane.doe@example.com';
let project: { dir: string; cleanup: () => void };

beforeAll(async () => {
  project = tempProject(['config', 'pipelines', 'templates']);
  writeProfiles(project.dir);
  for (const id of readdirSync(join(project.dir, 'templates'))) {
    const r = await runCliInProcess(['new', '--template', id, '--name', `fresh_${id}`, '--yes'], { cwd: project.dir });
    expect(r.code, r.stderr).toBe(0);
  }
});
afterAll(() => project.cleanup());

function databricks(pipeline: string, args: string[]) {
  const env = { ...process.env, ...fakeCliEnv(project.dir, { FAKE_DATABRICKS_USER: USER }) };
  const r = spawnSync('databricks', args, { cwd: join(project.dir, 'pipelines', pipeline), env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Job {
  name: string;
  tags: Record<string, string>;
  max_concurrent_runs: number;
  schedule?: { pause_status?: string };
  continuous?: { pause_status?: string };
  run_as?: Record<string, string>;
  parameters?: { name: string; default: string }[];
  job_clusters?: { new_cluster: { num_workers: number; spark_conf?: Record<string, string>; custom_tags?: Record<string, string> } }[];
  health?: unknown;
}

describe('the Databricks CLI accepts every generated bundle in every target, warning-free', () => {
  const pipelines = () => readdirSync(join(project.dir, 'pipelines')).sort();

  it('covers the seed pipelines and a fresh pipeline of every template', () => {
    expect(pipelines()).toEqual(expect.arrayContaining(['gap_injection_with_kafka', 'kafka_to_lakebase', 'kafka_traffic_pipeline', 'fresh_batch_sql', 'fresh_streaming_delta', 'fresh_streaming_postgres']));
  });

  it('validate --strict: exit 0, no warning and no recommendation, and the job is what preview shows', () => {
    const envs = loadEnvConfigs(project.dir);
    for (const pipeline of pipelines()) {
      const built = buildPipeline(diskSource(project.dir, pipeline), envs);
      for (const env of ENVS) {
        const r = databricks(pipeline, ['bundle', 'validate', '--strict', '-t', env, '-p', env, '-o', 'json']);
        const where = `${pipeline} -t ${env}: ${r.stderr}`;
        expect(r.code, where).toBe(0);
        expect(r.stderr, where).not.toMatch(/Warning:|Recommendation:|Error:/);
        const cli = (JSON.parse(r.stdout) as { resources: { jobs: Record<string, Job> } }).resources.jobs[built.jobKey]!;
        const ours = (resolveBundleForTarget(built.bundle, env, { user: USER }) as { resources: { jobs: Record<string, Job> } }).resources.jobs[built.jobKey]!;
        expect(cli.name, where).toBe(ours.name);
        expect(cli.tags, where).toEqual(ours.tags);
        expect(cli.max_concurrent_runs, where).toBe(ours.max_concurrent_runs);
        expect(cli.schedule?.pause_status ?? cli.continuous?.pause_status, where).toBe(env === 'dev' ? 'PAUSED' : 'UNPAUSED');
        expect(ours.schedule?.pause_status ?? ours.continuous?.pause_status, where).toBe(env === 'dev' ? 'PAUSED' : undefined);
        expect(cli.run_as, where).toEqual(ours.run_as);
        expect(cli.parameters, where).toEqual(ours.parameters);
        expect(cli.health, where).toEqual(ours.health);
        expect(cli.job_clusters?.map((c) => c.new_cluster.num_workers), where).toEqual(ours.job_clusters?.map((c) => c.new_cluster.num_workers));
      }
    }
  });

  it('a developer copy is named, tagged and paused by development mode, and reads its own schemas', () => {
    const r = databricks('kafka_traffic_pipeline', ['bundle', 'validate', '-t', 'dev', '-p', 'dev', '-o', 'json']);
    const job = (JSON.parse(r.stdout) as { resources: { jobs: Record<string, Job> } }).resources.jobs.traffic_data_etl_pipeline!;
    expect(job.name).toBe('[dev jane_doe] [Loyalty2.0] [dev] Traffic Data ETL Pipeline');
    expect(job.tags.dev).toBe('jane_doe');
    expect(job.parameters).toContainEqual({ name: 'silver_schema', default: 'dev_jane_doe_silver_db' });
  });

  it('an env with num_workers 0 gets a single-node cluster the CLI does not warn about', async () => {
    const dev = join(project.dir, 'config', 'dev.yml');
    const text = readFile(dev);
    writeFile(dev, text.replace('num_workers: 2', 'num_workers: 0'));
    try {
      expect((await runCliInProcess(['generate', 'gap_injection_with_kafka'], { cwd: project.dir })).code).toBe(0);
      const r = databricks('gap_injection_with_kafka', ['bundle', 'validate', '--strict', '-t', 'dev', '-p', 'dev', '-o', 'json']);
      expect(r.code, r.stderr).toBe(0);
      const cluster = (JSON.parse(r.stdout) as { resources: { jobs: Record<string, Job> } }).resources.jobs.kafka_ingestion_to_bronze_pipeline!.job_clusters![0]!.new_cluster;
      expect(cluster).toMatchObject({ num_workers: 0, spark_conf: { 'spark.databricks.cluster.profile': 'singleNode', 'spark.master': 'local[*]' }, custom_tags: { ResourceClass: 'SingleNode' } });
    } finally {
      writeFile(dev, text);
      await runCliInProcess(['generate', 'gap_injection_with_kafka'], { cwd: project.dir });
    }
  });

  it('a shared root path is what the CLI warns about, so validate --strict fails on it (and our validate refuses it first)', async () => {
    const prod = join(project.dir, 'config', 'prod.yml');
    const text = readFile(prod);
    writeFile(prod, text.replace(/root_path: .*/, 'root_path: /Workspace/Shared/.bundle/${bundle.name}/${bundle.target}'));
    try {
      const ours = await runCliInProcess(['validate', 'kafka_traffic_pipeline'], { cwd: project.dir });
      expect(ours.code).toBe(1);
      expect(ours.stderr).toMatch(/config\/prod\.yml:\d+:\d+: workspace\.root_path: is under \/Workspace\/Shared/);
      const bundle = join(project.dir, 'pipelines', 'kafka_traffic_pipeline', 'databricks.yml');
      const original = readFile(bundle);
      writeFile(bundle, original.replace(/root_path: \/Workspace\/Users\/[^/]+\/\.bundle/g, 'root_path: /Workspace/Shared/.bundle'));
      const r = databricks('kafka_traffic_pipeline', ['bundle', 'validate', '--strict', '-t', 'prod', '-p', 'prod']);
      writeFile(bundle, original);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/Warning: the bundle root path \/Workspace\/Shared\/\.bundle\/loyalty_kafka_traffic_pipeline\/prod is writable by all workspace users/);
    } finally {
      writeFile(prod, text);
    }
  });
});
