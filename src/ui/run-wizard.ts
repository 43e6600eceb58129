/**
 * `loyalty-wizard new` in a terminal: the Ink wizard. Loaded with a dynamic
 * import so other commands never load Ink or React.
 */
import { createElement } from 'react';
import type { CliContext } from '../cli/context.js';
import { preparePipeline, writePipeline } from '../project/scaffold-pipeline.js';
import { runInkSession } from './ink-session.js';
import { WizardApp } from './wizard/components/wizard-app.js';
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
 * `written` with deployNow false.
 */
export async function runWizard(root: string, ctx: CliContext, prefill: WizardPrefill): Promise<WizardResult> {
  const setup = loadWizardSetup(root, ctx.env, prefill);
  const previewer = createPreviewer(setup.envs);
  const write: PipelineWriter = async (templateId, name, answers) => {
    const template = setup.templates.find((t) => t.id === templateId)!;
    const prepared = preparePipeline(template, name, answers, setup.envs);
    await writePipeline(root, prepared, { onInterrupt: ctx.onInterrupt });
    return [...prepared.files.keys()].sort().map((file) => `pipelines/${name}/${file}`);
  };
  return runInkSession<WizardResult>(
    ctx,
    (finish) => createElement(WizardApp, { setup, prefill, previewer, write, onDone: finish }),
    { status: 'cancelled' },
    { fullScreen: true },
  );
}
