import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { buildPipeline, BUNDLE_FILE, sharedCatalogIssues, type BuiltPipeline, type PipelineSource } from '../core/assemble-pipeline.js';
import { MAX_TASK_FILE_BYTES } from '../core/bundle-rules.js';
import type { EnvConfig, EnvConfigs } from '../core/env-config.js';
import { ConfigError, UsageError, UserError, type ConfigIssue } from '../core/errors.js';
import { ENV_NAMES, PIPELINE_NAME_PATTERN, PIPELINE_NAME_RULE, type EnvName } from '../core/names.js';
import { parseEnvConfig, parsePipelineConfig, parsePipelineDisplayName, type ParsedPipeline } from '../core/parse-config.js';
import { writeFileAtomic } from './fs-atomic.js';
import { pipelineFolderProblem } from './pipeline-names.js';
import { FileRefusedError, readUserFileIfExists } from './read-file.js';

/** Paths as the user sees them in messages: relative to the project root, with /. */
export function displayPath(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

/** config/dev.yml, staging.yml and prod.yml, each validated; all three must exist. */
export function loadEnvConfigs(root: string): EnvConfigs {
  const envs: Record<string, EnvConfig> = {};
  const issues: ConfigIssue[] = [];
  for (const env of ENV_NAMES) {
    const read = readEnvConfig(root, env);
    if ('issues' in read) issues.push(...read.issues);
    else envs[env] = read.config;
  }
  issues.push(...sharedCatalogIssues(envs));
  if (issues.length > 0) throw new ConfigError(issues);
  return envs;
}

/**
 * The env configs, each read and checked when first used, for a command that needs one env (status): a mistake in
 * another env's file is not its business. A file's problems are thrown when it is used; nothing across envs is checked.
 */
export function envConfigsOnUse(root: string): EnvConfigs {
  const envs = {} as EnvConfigs;
  for (const env of ENV_NAMES) {
    let config: EnvConfig | undefined;
    Object.defineProperty(envs, env, {
      enumerable: true,
      get: () => {
        if (config) return config;
        const read = readEnvConfig(root, env);
        if ('issues' in read) throw new ConfigError(read.issues);
        return (config = read.config);
      },
    });
  }
  return envs;
}

function readEnvConfig(root: string, env: EnvName): { config: EnvConfig } | { issues: readonly ConfigIssue[] } {
  const file = `config/${env}.yml`;
  let text: string | undefined;
  try {
    text = readUserFileIfExists(join(root, file), { display: file });
  } catch (error) {
    if (!(error instanceof FileRefusedError)) throw error;
    return { issues: error.issues };
  }
  if (text === undefined) return { issues: [{ file, path: '', message: 'is missing', hint: `create it (copy config/dev.yml and set environment: ${env})` }] };
  try {
    return { config: parseEnvConfig(text, file, env) };
  } catch (error) {
    if (error instanceof ConfigError) return { issues: error.issues };
    throw error;
  }
}

/** Every folder under pipelines/ that holds a config.json, sorted. */
export function listPipelineNames(root: string): string[] {
  const dir = join(root, 'pipelines');
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !d.name.startsWith('.') && existsSync(join(dir, d.name, 'config.json')))
    .map((d) => d.name)
    .sort();
}

export function pipelineDir(root: string, name: string): string {
  return join(root, 'pipelines', name);
}

/** Check a pipeline name given on the command line: the naming rule, then existence. Either failing is a usage error. */
export function requireExistingPipeline(root: string, name: string): void {
  const known = () => listPipelineNames(root);
  const hint = () => (known().length > 0 ? `known pipelines: ${known().join(', ')}` : 'create one with: loyalty-wizard new');
  if (!PIPELINE_NAME_PATTERN.test(name)) throw new UsageError(`"${name}" is not a valid pipeline name: ${PIPELINE_NAME_RULE}`, hint());
  if (!existsSync(join(pipelineDir(root, name), 'config.json'))) {
    throw new UsageError(
      `no pipeline "${name}": pipelines/${name}/config.json does not exist`,
      hint(),
    );
  }
}

/** Build one pipeline from disk, a bad config coming back as issues (with no `built`) instead of thrown. */
export function tryBuildPipeline(root: string, name: string, envs: EnvConfigs): { built?: BuiltPipeline; issues: readonly ConfigIssue[] } {
  try {
    const built = buildPipeline(diskSource(root, name), envs);
    return { built, issues: built.issues };
  } catch (error) {
    if (error instanceof ConfigError) return { issues: error.issues };
    throw error;
  }
}

/** One pipeline's config.json, parsed; throws ConfigError on a bad config. */
export function readPipelineConfig(root: string, name: string): ParsedPipeline {
  return parsePipelineConfig(diskSource(root, name).configText, `pipelines/${name}/config.json`);
}

/** Only the display name of `pipelines/<name>/config.json` (parsePipelineDisplayName), read as readPipelineConfig reads. */
export function readPipelineDisplayName(root: string, name: string): string {
  return parsePipelineDisplayName(diskSource(root, name).configText, `pipelines/${name}/config.json`);
}

/**
 * A pipeline folder on disk: its name checked against the reserved names and
 * .gitignore, then every file read through the safe reader and only from inside
 * the folder (what the bundle uploads). A refused file is a ConfigError.
 */
export function diskSource(root: string, name: string): PipelineSource {
  const read = pipelineReader(root, name);
  const configText = read('config.json');
  if (configText === undefined) throw new UserError(`pipelines/${name}/config.json does not exist`);
  return { name, configText, readFile: (rel) => read(rel, MAX_TASK_FILE_BYTES) };
}

/**
 * A reader of one pipeline folder's files by path relative to it (undefined when missing), after the folder's name
 * is checked as `diskSource` checks it; `maxBytes` as the bundle's task files are bounded.
 */
export function pipelineReader(root: string, name: string): (rel: string, maxBytes?: number) => string | undefined {
  const problem = pipelineFolderProblem(root, name);
  if (problem) throw new ConfigError([{ file: `pipelines/${name}`, path: '', ...problem }]);
  return inPipeline(root, name);
}

/** A reader of files inside one pipeline folder, by path relative to it. */
function inPipeline(root: string, name: string): (rel: string, maxBytes?: number) => string | undefined {
  const dir = pipelineDir(root, name);
  let within: string | undefined;
  const realFolders = new Set<string>();
  return (rel, maxBytes) => {
    // Resolved once: the folder itself may be a link (to a checkout elsewhere); its files may not leave it.
    within ??= realpathOrSelf(dir);
    const display = `pipelines/${name}/${rel}`;
    return readUserFileIfExists(join(within, rel), { display, within, realFolders, withinLabel: `the pipeline folder pipelines/${name}`, ...(maxBytes ? { maxBytes } : {}) });
  };
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return path;
  }
}

/** The pipeline's databricks.yml as it is on disk, or undefined when there is none; a folder or special file there is refused. */
export function readBundleOnDisk(root: string, name: string): string | undefined {
  return inPipeline(root, name)(BUNDLE_FILE);
}

/** Write a built pipeline's bundle file into its folder, atomically: the one place databricks.yml is written. */
export async function writeBundle(root: string, built: BuiltPipeline): Promise<void> {
  await writeFileAtomic(join(pipelineDir(root, built.name), BUNDLE_FILE), built.yaml);
}
