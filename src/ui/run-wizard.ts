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
