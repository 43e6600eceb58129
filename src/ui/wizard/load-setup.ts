import { UserError } from '../../core/errors.js';
import { findDatabricksCli } from '../../databricks/find-cli.js';
import { loadEnvConfigs } from '../../project/project.js';
import { loadDatabricksCfg } from '../../project/profiles.js';
import { pipelineFolderProblem } from '../../project/pipeline-names.js';
import { pipelineExists } from '../../project/scaffold-pipeline.js';
import { listTemplateIds, loadTemplate } from '../../project/templates.js';
import type { EnvConfigs } from '../../core/env-config.js';
import type { TemplateSource } from '../../core/scaffold.js';
import type { WizardPrefill, WizardSetup } from './types.js';

/**
 * Read templates, env configs and profiles in one place, so problems with them
 * are ordinary errors the CLI reports (when: see run-wizard.ts). A template that fails to load is
 * listed as a problem unless it is the one the flags asked for (which the
 * caller may already have read: `prefilledTemplate`).
 */
export function loadWizardSetup(
  root: string,
  env: Readonly<Record<string, string | undefined>>,
  prefill: WizardPrefill,
  prefilledTemplate?: TemplateSource,
  /** The env configs when the caller has read them already. */
  loadedEnvs?: EnvConfigs,
): WizardSetup {
  const envs = loadedEnvs ?? loadEnvConfigs(root);
  const templates: TemplateSource[] = [];
  const templateProblems: string[] = [];
  if (prefill.template !== undefined) templates.push(prefilledTemplate ?? loadTemplate(root, prefill.template));
  else {
    for (const id of listTemplateIds(root)) {
      try {
        templates.push(loadTemplate(root, id));
      } catch (error) {
        templateProblems.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  if (templates.length === 0) {
    throw new UserError('no templates to choose from', templateProblems[0] ?? 'add a templates/<id>/template.yml (see docs/decisions/005-templates-are-data.md)');
  }
  const { path, cfg } = loadDatabricksCfg(env);
  return {
    templates,
    templateProblems,
    envs,
    profiles: cfg.profiles,
    profilesPath: path,
    isNameTaken: (name) => pipelineExists(root, name),
    folderProblem: (name) => pipelineFolderProblem(root, name)?.message,
    databricksCli: findDatabricksCli(env),
  };
}
