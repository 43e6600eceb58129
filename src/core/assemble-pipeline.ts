/**
 * A pipeline assembled in memory, with no file touched: its config parsed, its
 * bundle generated, rendered and checked (`buildPipeline`), and for a new
 * pipeline the template rendered first (`preparePipeline`). The commands and the
 * wizard's preview share it; src/project reads and writes the files around it.
 */
import type { Bundle } from './bundle.js';
import { checkBundleRules } from './bundle-rules.js';
import type { EnvConfig, EnvConfigs } from './env-config.js';
import { ConfigError, UserError, type ConfigIssue } from './errors.js';
import { generateBundle, jobKeyOf } from './generate.js';
import { PIPELINE_NAME_PATTERN, PIPELINE_NAME_RULE } from './names.js';
import { parsePipelineConfig, type ParsedPipeline } from './parse-config.js';
import { pipelineEnvIssues, pipelineReferenceIssues } from './pipeline-env-rules.js';
import { renderBundleYaml } from './render.js';
import { renderTemplate, type TemplateSource } from './scaffold.js';
import { builtinAnswers, type Answers } from './template-manifest.js';
import { ANSWERS_FILE, answersRecordFor, renderAnswersRecord } from './answers-record.js';

/** The bundle file in each pipeline folder. */
export const BUNDLE_FILE = 'databricks.yml';

export interface BuiltPipeline {
  readonly name: string;
  /** The key of the pipeline's job in its bundle: what `databricks bundle run` takes. */
  readonly jobKey: string;
  readonly parsed: ParsedPipeline;
  readonly bundle: Bundle;
  readonly yaml: string;
  /** Problems the Databricks CLI would raise: missing files, bad notebook headers, … */
  readonly issues: readonly ConfigIssue[];
  /** Path of the bundle file, relative to the project root. */
  readonly bundlePath: string;
}

export interface PipelineSource {
  readonly name: string;
  readonly configText: string;
  readonly readFile: (rel: string) => string | undefined;
}

/** Parse, generate and check one pipeline from its sources; throws ConfigError on a bad config. */
export function buildPipeline(source: PipelineSource, envs: EnvConfigs): BuiltPipeline {
  const dir = `pipelines/${source.name}`;
  if (!PIPELINE_NAME_PATTERN.test(source.name)) {
    throw new ConfigError([{ file: dir, path: '', message: `folder name is not a valid pipeline name: ${PIPELINE_NAME_RULE}`, hint: 'rename the folder' }]);
  }
  const parsed = parsePipelineConfig(source.configText, `${dir}/config.json`);
  const bundle = generateBundle({ name: source.name, pipeline: parsed, envs });
  const issues = [...pipelineEnvIssues(dir, parsed, envs), ...pipelineReferenceIssues(dir, parsed, bundle), ...checkBundleRules(bundle, dir, source.readFile)];
  const jobKey = jobKeyOf(source.name, parsed.config);
  return { name: source.name, jobKey, parsed, bundle, yaml: renderBundleYaml(source.name, bundle), issues, bundlePath: `${dir}/${BUNDLE_FILE}` };
}

export interface PreparedPipeline {
  readonly name: string;
  readonly files: Map<string, string>;
  readonly built: BuiltPipeline;
}

/**
 * Files and bundle for a new pipeline, with its answers record (core/answers-record.ts). Throws ConfigError naming the field when the answers make an invalid pipeline.
 * The built-in answers (`{{name}}`, `{{name_title}}`) are added here, the one place both the wizard and `new --yes`
 * pass through, so the same answers give the same files whichever path wrote them.
 */
export function preparePipeline(template: TemplateSource, name: string, answers: Answers, envs: EnvConfigs): PreparedPipeline {
  const files = renderTemplate(template, { ...builtinAnswers(name), ...answers });
  const configText = files.get('config.json');
  if (configText === undefined) throw new UserError(`templates/${template.id}/files/config.json is missing`, 'every template needs a config.json');
  const built = buildPipeline({ name, configText, readFile: (rel) => files.get(rel) }, envs);
  if (built.issues.length > 0) throw new ConfigError(built.issues);
  files.set(BUNDLE_FILE, built.yaml);
  files.set(ANSWERS_FILE, renderAnswersRecord(answersRecordFor(template.id, template.manifest, answers)));
  return { name, files, built };
}

/** A pipeline's files in the order a reviewer reads them: the bundle, the config, the rest by path, the answers record last. */
export function orderedPipelineFiles(paths: Iterable<string>): string[] {
  const rank = (p: string) => (p === BUNDLE_FILE ? 0 : p === 'config.json' ? 1 : p === ANSWERS_FILE ? 3 : 2);
  return [...paths].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Dev and staging may not write to prod's catalog: one issue for each that names the same catalog. */
export function sharedCatalogIssues(envs: Readonly<Record<string, EnvConfig>>): ConfigIssue[] {
  const prod = envs.prod;
  const issues: ConfigIssue[] = [];
  for (const env of ['dev', 'staging'] as const) {
    const e = envs[env];
    if (prod && e && e.catalog.name === prod.catalog.name) {
      issues.push({
        file: `config/${env}.yml`,
        path: 'catalog.name',
        message: `is "${e.catalog.name}", the same catalog as prod`,
        hint: `give ${env} its own catalog, e.g. loyalty_${env}`,
      });
    }
  }
  return issues;
}
