import { cleanup, render } from 'ink-testing-library';
import { createElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { createTheme, ThemeContext } from '../../src/ui/theme.js';
import { WizardBoot, type WizardWorld } from '../../src/ui/wizard/components/wizard-boot.js';
import { createPreviewer } from '../../src/ui/wizard/preview.js';
import type { WizardResult } from '../../src/ui/wizard/types.js';
import { stripAnsi } from './helpers/fake-terminal.js';
import { KEY } from './helpers/keys.js';
import { waitFor, waitForText } from './helpers/wait-for.js';
import { fixtureSetup, prefill } from './helpers/wizard-fixtures.js';

afterEach(() => cleanup());

function boot(load: (stdin: { write: (s: string) => void }) => WizardWorld) {
  let result: WizardResult | undefined;
  let loadError: unknown;
  // The app's stdin exists only after render; load runs later, from the app.
  const late: { stdin?: { write: (s: string) => void } } = {};
  const app = render(
    createElement(
      ThemeContext.Provider,
      { value: createTheme(false) },
      createElement(WizardBoot, {
        load: () => load(late.stdin!),
        prefill: prefill(),
        onDone: (r) => (result = r),
        onLoadError: (e) => (loadError = e),
      }),
    ),
  );
  late.stdin = app.stdin;
  const frame = () => stripAnsi(app.lastFrame() ?? '');
  return { app, frame, see: (text: string) => waitForText(frame, text), result: () => result, loadError: () => loadError };
}

const world = (): WizardWorld => {
  const setup = fixtureSetup();
  return { setup, previewer: createPreviewer(setup.envs), write: async () => [] };
};

describe('WizardBoot: the intro first, the setup read after it', () => {
  it('the first frame is the intro, drawn before the setup is read', async () => {
    let loads = 0;
    const b = boot(() => {
      loads++;
      return world();
    });
    expect(b.frame()).toContain('How the pieces fit');
    expect(loads).toBe(0);
    await waitFor(() => loads === 1 || undefined, 'the setup read once');
    b.app.stdin.write(KEY.enter);
    await b.see('Which kind of pipeline?');
    expect(loads).toBe(1);
  });

  it('an Enter typed while the setup is read is kept and moves on from the intro', async () => {
    const b = boot((stdin) => {
      stdin.write(KEY.enter);
      return world();
    });
    await b.see('Which kind of pipeline?');
  });

  it('Ctrl-C before the setup is read quits "cancelled"', async () => {
    let loads = 0;
    const b = boot(() => {
      loads++;
      return world();
    });
    b.app.stdin.write(KEY.ctrlC);
    await waitFor(() => b.result(), 'a result');
    expect(b.result()).toEqual({ status: 'cancelled' });
    expect(loads).toBe(0);
  });

  it('a setup that fails to load is handed to onLoadError and ends the app', async () => {
    const problem = new Error('config/dev.yml: broken');
    const b = boot(() => {
      throw problem;
    });
    await waitFor(() => b.loadError(), 'the load error');
    expect(b.loadError()).toBe(problem);
    expect(b.result()).toBeUndefined();
  });
});
