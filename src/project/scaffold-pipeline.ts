/**
 * Turning a template plus answers into a pipeline folder: prepared entirely in
 * memory (files, config checked, bundle generated and checked), then written
 * all at once. Shared by `new --yes` and the wizard.
 */
import { existsSync, rmSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { EnvConfigs } from '../core/env-config.js';
import { ConfigError, UserError } from '../core/errors.js';
import { renderTemplate, type TemplateSource } from '../core/scaffold.js';
import { builtinAnswers, type Answers } from '../core/template-manifest.js';
import { writeDirAtomic } from './fs-atomic.js';
import { pipelineFolderProblem } from './pipeline-names.js';
import { buildPipeline, BUNDLE_FILE, pipelineDir, type BuiltPipeline } from './project.js';

export interface PreparedPipeline {
  readonly name: string;
  readonly files: Map<string, string>;
  readonly built: BuiltPipeline;
}

/**
 * Files and bundle for a new pipeline. Throws ConfigError naming the field when the answers make an invalid pipeline.
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
  return { name, files, built };
}

export function pipelineExists(root: string, name: string): boolean {
  return existsSync(pipelineDir(root, name));
}

/**
 * Write the folder atomically. An existing folder is replaced only with
 * `force`, after moving it to .loyalty-wizard/backups/ (returned). If the
 * process is interrupted, `onInterrupt` removes the half-built temp folder.
 */
export async function writePipeline(
  root: string,
  prepared: PreparedPipeline,
  opts: { force?: boolean; onInterrupt?: (cleanup: () => void) => () => void } = {},
): Promise<{ backup?: string }> {
  const problem = pipelineFolderProblem(root, prepared.name);
  if (problem) throw new UserError(`pipelines/${prepared.name} ${problem.message}; nothing was written`, problem.hint);
  const target = pipelineDir(root, prepared.name);
  let backup: string | undefined;
  if (existsSync(target)) {
    if (!opts.force) {
      throw new UserError(`pipelines/${prepared.name} already exists; nothing was written`, 'choose another name, or pass --force to replace it (the old folder is backed up first)');
    }
    const backups = join(root, '.loyalty-wizard', 'backups');
    await mkdir(backups, { recursive: true });
    backup = join(backups, `${prepared.name}-${new Date().toISOString().replace(/[:.]/g, '-')}`);
    await rename(target, backup);
  }
  let temp: string | undefined;
  const unregister = opts.onInterrupt?.(() => {
    if (temp) rmSync(temp, { recursive: true, force: true });
  });
  try {
    await writeDirAtomic(target, prepared.files, (t) => (temp = t));
  } catch (error) {
    if (backup) await rename(backup, target).catch(() => undefined);
    throw error;
  } finally {
    unregister?.();
  }
  return backup ? { backup } : {};
}
