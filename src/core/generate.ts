import type { Bundle, BundleTarget, BundleVariables } from './bundle.js';
import { variableSpecsFor } from './bundle-variables.js';
import type { EnvConfigs } from './env-config.js';
import { buildJob, jobKeyOf } from './generate-jobs.js';
import { DEPLOY_RECORD_TAGS, UNRECORDED } from './deploy-record.js';
import { buildTarget } from './generate-targets.js';
import { bundleNameFor, ENV_NAMES } from './names.js';
import type { ParsedPipeline } from './parse-config.js';

export { BATCH_TIMEOUT_SECONDS, JOB_NAME_PREFIX, jobKeyOf, SINGLE_NODE_SPARK_CONF, SINGLE_NODE_TAGS, STREAMING_TIMEOUT_SECONDS } from './generate-jobs.js';

export interface GenerateInput {
  /** The pipeline's folder name under pipelines/. */
  readonly name: string;
  readonly pipeline: ParsedPipeline;
  readonly envs: EnvConfigs;
}

/** Configs in, bundle object out. Pure and deterministic: same input, same object, same key order. */
export function generateBundle({ name, pipeline, envs }: GenerateInput): Bundle {
  const specs = variableSpecsFor(pipeline);
  const jobKey = jobKeyOf(name, pipeline.config);
  const variables: BundleVariables = {};
  for (const [key, spec] of Object.entries(specs)) variables[key] = { description: spec.description };
  Object.assign(variables, RECORD_VARIABLES);
  const targets: Record<string, BundleTarget> = {};
  for (const envName of orderedEnvNames(envs)) targets[envName] = buildTarget(envName, envs[envName]!, { name, jobKey, pipeline, specs });
  return { bundle: { name: bundleNameFor(name) }, variables, resources: { jobs: { [jobKey]: buildJob(name, pipeline) } }, targets };
}

/** Set by every deploy with --var (decision record 012): what was deployed, kept in the job's tags. */
const RECORD_VARIABLES: BundleVariables = {
  [DEPLOY_RECORD_TAGS.commit]: { description: 'Git commit of the deploy (set by loyalty-wizard deploy)', default: UNRECORDED },
  [DEPLOY_RECORD_TAGS.content]: { description: 'Content hash of the pipeline folder (set by loyalty-wizard deploy)', default: UNRECORDED },
};

/** dev, staging, prod first, in that order; anything else after, sorted. */
export function orderedEnvNames(envs: EnvConfigs): string[] {
  const known = ENV_NAMES.filter((e) => e in envs);
  const others = Object.keys(envs)
    .filter((e) => !(ENV_NAMES as readonly string[]).includes(e))
    .sort();
  return [...known, ...others];
}
