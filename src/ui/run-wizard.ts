/**
 * `loyalty-wizard new` in a terminal: the Ink wizard. Loaded with a dynamic
 * import so other commands never load Ink or React.
 */
import { createElement } from 'react';
import type { CliContext } from '../session/context.js';
import type { TemplateSource } from '../core/scaffold.js';
import { orderedPipelineFiles, preparePipeline } from '../core/assemble-pipeline.js';
import { writePipeline } from '../project/scaffold-pipeline.js';
import { runInkSession } from './ink-session.js';
import { WizardApp } from './wizard/components/wizard-app.js';
import { WizardBoot, type WizardWorld } from './wizard/components/wizard-boot.js';
import type { PipelineWriter } from './wizard/hooks/use-write-pipeline.js';
import { loadWizardSetup } from './wizard/load-setup.js';
import { createPreviewer } from './wizard/preview.js';
import type { WizardPrefill, WizardResult } from './wizard/types.js';
import { planEdit } from '../core/edit-pipeline.js';
import type { Answers } from '../core/template-manifest.js';
import type { EnvName } from '../core/names.js';
import type { EnvConfigs } from '../core/env-config.js';
import { writeEdit, type EditTarget } from '../project/edit-target.js';

export type { WizardPrefill, WizardResult } from './wizard/types.js';

/**
 * Ask for a pipeline, show its databricks.yml live, write the folder, and ask
 * whether to deploy. Resolves after Ink has fully unmounted; deploying is the
 * caller's (listr2 must not share the screen with Ink). Ctrl-C before the
 * write resolves `cancelled` with nothing written; after the write it resolves
 * `written` with deployNow false. Broken templates or configs reject with
 * their error, after the terminal is restored. `prefilledTemplate`: the
 * flag's template when the caller has already read it.
 */
export async function runWizard(root: string, ctx: CliContext, prefill: WizardPrefill, prefilledTemplate?: TemplateSource): Promise<WizardResult> {
  const load = (): WizardWorld => {
    const setup = loadWizardSetup(root, ctx.env, prefill, prefilledTemplate);
    const write: PipelineWriter = async (templateId, name, answers) => {
      const template = setup.templates.find((t) => t.id === templateId)!;
      const prepared = preparePipeline(template, name, answers, setup.envs);
      await writePipeline(root, prepared, { onInterrupt: ctx.onInterrupt });
      return orderedPipelineFiles(prepared.files.keys()).map((file) => `pipelines/${name}/${file}`);
    };
    return { setup, previewer: createPreviewer(setup.envs), write };
  };
  // Without a template flag the wizard opens on the intro, which needs nothing loaded:
  // draw it first. With one, the first screen needs the setup: read it before Ink starts.
  const world = prefill.template === undefined ? undefined : load();
  let loadError: { error: unknown } | undefined;
  const result = await runInkSession<WizardResult>(
    ctx,
    (finish) =>
      world
        ? createElement(WizardApp, { ...world, prefill, onDone: finish })
        : createElement(WizardBoot, { load, prefill, onDone: finish, onLoadError: (error) => (loadError = { error }) }),
    { status: 'cancelled' },
    { fullScreen: true },
  );
  if (loadError) throw loadError.error;
  return result;
}

/** What the flags of `edit` give the wizard: answers to start from (over the pipeline's), env and profile. */
export interface EditFlags {
  readonly answers: Answers;
  readonly env?: EnvName;
  readonly profile?: string;
}

/**
 * `loyalty-wizard edit` in a terminal: the same wizard on an existing pipeline, its template and name fixed and
 * every question prefilled. The preview is the diff of databricks.yml against the file on disk; the review lists
 * the files that change. Resolves `written` with no files when the answers change nothing (nothing is written).
 */
export async function runEditWizard(root: string, ctx: CliContext, target: EditTarget, flags: EditFlags, envs?: EnvConfigs): Promise<WizardResult> {
  const prefill: WizardPrefill = {
    template: target.template.id,
    name: target.name,
    answers: {},
    ...(flags.env ? { env: flags.env } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
    edit: { start: { ...target.before, ...flags.answers }, templateNote: target.templateNote },
  };
  const setup = loadWizardSetup(root, ctx.env, prefill, target.template, envs);
  const write: PipelineWriter = async (_template, name, answers) => {
    const plan = planEdit(target, target.before, answers, setup.envs);
    return plan.changes.length > 0 ? writeEdit(root, name, plan) : [];
  };
  const previewer = createPreviewer(setup.envs, 64, { source: target, before: target.before });
  return runInkSession<WizardResult>(ctx, (finish) => createElement(WizardApp, { setup, previewer, write, prefill, onDone: finish }), { status: 'cancelled' }, { fullScreen: true });
}
