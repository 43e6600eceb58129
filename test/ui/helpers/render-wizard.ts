import { render } from 'ink-testing-library';
import { createElement } from 'react';
import type { Answers } from '../../../src/core/template-manifest.js';
import { createTheme, ThemeContext } from '../../../src/ui/theme.js';
import { WizardApp } from '../../../src/ui/wizard/components/wizard-app.js';
import { createPreviewer, type Previewer } from '../../../src/ui/wizard/preview.js';
import type { PipelineWriter } from '../../../src/ui/wizard/hooks/use-write-pipeline.js';
import type { WizardPrefill, WizardResult, WizardSetup } from '../../../src/ui/wizard/types.js';
import { stripAnsi } from './fake-terminal.js';
import { waitFor, waitForText } from './wait-for.js';

/** The wizard's root under ink-testing-library (100 columns: questions left, preview right). */
export function renderWizard(setup: WizardSetup, prefill: WizardPrefill, opts: { color?: boolean; previewer?: Previewer; write?: PipelineWriter } = {}) {
  const writes: { templateId: string; name: string; answers: Answers }[] = [];
  let result: WizardResult | undefined;
  const app = render(
    createElement(
      ThemeContext.Provider,
      { value: createTheme(opts.color ?? false) },
      createElement(WizardApp, {
        setup,
        prefill,
        previewer: opts.previewer ?? createPreviewer(setup.envs),
        write: async (templateId, name, answers) => {
          writes.push({ templateId, name, answers });
          return opts.write ? opts.write(templateId, name, answers) : [`pipelines/${name}/config.json`, `pipelines/${name}/databricks.yml`];
        },
        onDone: (r) => (result = r),
      }),
    ),
  );
  const frame = () => stripAnsi(app.lastFrame() ?? '');
  return {
    ...app,
    writes,
    result: () => result,
    frame,
    /** Type one key or text chunk, as a terminal sends it. */
    type: (chunk: string) => app.stdin.write(chunk),
    see: (text: string) => waitForText(frame, text),
    seeMatch: (pattern: RegExp) => waitFor(() => pattern.exec(frame())?.[0], () => `${pattern} on screen; last frame:\n${frame()}`),
    /** Type, then wait until the frame shows `text`. */
    typeAndSee: async (chunk: string, text: string) => {
      app.stdin.write(chunk);
      return waitForText(frame, text);
    },
    done: () => waitFor(() => result, 'the wizard to finish'),
  };
}
