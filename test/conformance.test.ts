/**
 * Every bundle the product generates — the seed pipelines and a fresh `new`
 * from every template — must be accepted by the official Databricks bundle
 * schema and by the CLI's own rules; the committed databricks.yml files must be
 * current; the seed pipelines' resolved bundles match the reviewed golden files.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { renderYaml, resolveBundleForTarget, resolveAnswers } from '../src/core/index.js';
import { buildPipeline, preparePipeline } from '../src/core/assemble-pipeline.js';
import { diskSource, listPipelineNames, loadEnvConfigs, readBundleOnDisk } from '../src/project/project.js';
import { listTemplateIds, loadTemplate } from '../src/project/templates.js';
import { meaningfulErrors, officialValidator } from './helpers/bundle-schema.js';
import { REPO, SHIPPED_PIPELINES } from './helpers/fixtures.js';

const SEEDS: string[] = [...SHIPPED_PIPELINES];
const envs = loadEnvConfigs(REPO);
const GOLDEN = join(REPO, 'test', 'golden');

describe('seed pipelines', () => {
  it('the three of the original design are there (users may have added their own)', () => {
    expect(listPipelineNames(REPO)).toEqual(expect.arrayContaining(SEEDS));
  });

  for (const name of SEEDS) {
    describe(name, () => {
      const built = buildPipeline(diskSource(REPO, name), envs);

      it('has no CLI rule problems and its committed databricks.yml is current', () => {
        expect(built.issues).toEqual([]);
        expect(readBundleOnDisk(REPO, name)).toBe(built.yaml);
      });

      it('is accepted by the official bundle schema', () => {
        const validate = officialValidator();
        const ok = validate(parse(built.yaml));
        expect(meaningfulErrors(validate.errors)).toEqual([]);
        expect(ok).toBe(true);
      });

      for (const env of ['dev', 'staging', 'prod']) {
        it(`matches the golden file for ${env}`, () => {
          const text = renderYaml(resolveBundleForTarget(built.bundle, env));
          const file = join(GOLDEN, `${name}.${env}.yml`);
          if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, text);
          expect(existsSync(file), `${file} missing: run UPDATE_GOLDEN=1 npx vitest run test/conformance.test.ts and review the diff`).toBe(true);
          expect(text).toBe(readFileSync(file, 'utf8'));
        });
      }
    });
  }

  it('kafka_traffic_pipeline runs setup, then clean and summary in parallel, then enriched', () => {
    const job = buildPipeline(diskSource(REPO, 'kafka_traffic_pipeline'), envs).bundle.resources.jobs.traffic_data_etl_pipeline!;
    const deps = Object.fromEntries(job.tasks.map((t) => [t.task_key, (t.depends_on ?? []).map((d) => d.task_key).sort()]));
    expect(deps).toEqual({
      setup_databases: [],
      traffic_data_clean: ['setup_databases'],
      user_engagement_summary: ['setup_databases'],
      traffic_data_enriched: ['traffic_data_clean', 'user_engagement_summary'],
    });
    expect(job.schedule?.quartz_cron_expression).toBeDefined();
  });

  it('kafka_to_lakebase has its two streaming tasks on one cluster', () => {
    const job = buildPipeline(diskSource(REPO, 'kafka_to_lakebase'), envs).bundle.resources.jobs.kafka_to_lakebase_streaming_pipeline!;
    expect(job.tasks.map((t) => t.task_key)).toEqual(['kafka_to_postgres_ingestion', 'customer_stats_generator']);
    expect(new Set(job.tasks.map((t) => t.job_cluster_key)).size).toBe(1);
  });

  it('gap_injection_with_kafka writes kafka_data_bronze in the env bronze schema, which the batch pipeline reads', () => {
    const gap = buildPipeline(diskSource(REPO, 'gap_injection_with_kafka'), envs).bundle.resources.jobs.kafka_ingestion_to_bronze_pipeline!;
    expect(gap.parameters).toContainEqual({ name: 'target_table', default: '${var.catalog}.${var.bronze_schema}.kafka_data_bronze' });
    const etl = buildPipeline(diskSource(REPO, 'kafka_traffic_pipeline'), envs).bundle.resources.jobs.traffic_data_etl_pipeline!;
    expect(etl.parameters).toContainEqual({ name: 'bronze_table', default: 'kafka_data_bronze' });
    expect(etl.parameters).toContainEqual({ name: 'bronze_schema', default: '${var.bronze_schema}' });
  });

  it('keep the job keys the original framework deployed, so --bind adopts those jobs', () => {
    const keys = SEEDS.map((name) => Object.keys(buildPipeline(diskSource(REPO, name), envs).bundle.resources.jobs));
    expect(keys).toEqual([['kafka_ingestion_to_bronze_pipeline'], ['kafka_to_lakebase_streaming_pipeline'], ['traffic_data_etl_pipeline']]);
  });
});

describe('a fresh `new` from every template', () => {
  for (const id of listTemplateIds(REPO)) {
    it(`${id}: defaults give a bundle the schema and the CLI rules accept`, () => {
      const template = loadTemplate(REPO, id);
      const { answers, invalid } = resolveAnswers(template.manifest, `fresh_${id}`, {}, true);
      expect(invalid).toEqual([]);
      const prepared = preparePipeline(template, `fresh_${id}`, answers, envs);
      expect(prepared.built.issues).toEqual([]);
      const validate = officialValidator();
      expect(validate(parse(prepared.built.yaml)), meaningfulErrors(validate.errors).join('\n')).toBe(true);
    });
  }
});

describe('editor schemas', () => {
  it('schemas/ is what the zod schemas generate', async () => {
    const { renderEditorSchemas } = await import('../src/core/json-schemas.js');
    for (const [file, text] of renderEditorSchemas()) expect(readFileSync(join(REPO, 'schemas', file), 'utf8'), file).toBe(text);
  });
  it('every config.json and template manifest points at its schema', () => {
    for (const name of SEEDS) {
      expect((JSON.parse(readFileSync(join(REPO, 'pipelines', name, 'config.json'), 'utf8')) as { $schema: string }).$schema).toBe('../../schemas/pipeline.schema.json');
    }
    for (const id of readdirSync(join(REPO, 'templates'))) {
      const cfg = join(REPO, 'templates', id, 'files', 'config.json');
      if (existsSync(cfg)) expect(readFileSync(cfg, 'utf8')).toContain('"$schema": "../../schemas/pipeline.schema.json"');
    }
  });
});
