import { useApp } from 'ink';
import { useEffect, useReducer } from 'react';
import { isTooSmall } from '../../layout.js';
import { useTerminalSize } from '../../terminal-size.js';
import { usePreviewModel } from '../hooks/use-preview-model.js';
import { useWizardKeys, type EarlyKey } from '../hooks/use-wizard-keys.js';
import { useWritePipeline, type PipelineWriter } from '../hooks/use-write-pipeline.js';
import type { Previewer } from '../preview.js';
import { previewRequest } from '../selectors.js';
import { initialWizardState, wizardReducer } from '../reducer.js';
import type { WizardPrefill, WizardResult, WizardSetup } from '../types.js';
import { WizardScreen } from './wizard-screen.js';

export interface WizardAppProps {
  readonly setup: WizardSetup;
  readonly prefill: WizardPrefill;
  readonly previewer: Previewer;
  readonly write: PipelineWriter;
  readonly onDone: (result: WizardResult) => void;
  /** Keys typed while the setup was being read, to handle before any other. */
  readonly earlyKeys?: readonly EarlyKey[];
}

/** The wizard's root: the one place that ends the Ink app. */
export function WizardApp({ setup, prefill, previewer, write, onDone, earlyKeys }: WizardAppProps) {
  const [state, dispatch] = useReducer(wizardReducer, undefined, () => initialWizardState(setup, prefill));
  const { exit } = useApp();
  const size = useTerminalSize();
  const model = usePreviewModel(previewer, previewRequest(state));
  useWizardKeys(state, dispatch, previewer, earlyKeys, isTooSmall(size.columns, size.rows));
  useWritePipeline(state, dispatch, write);
  useEffect(() => {
    if (!state.outcome) return;
    onDone(state.outcome);
    exit();
  }, [state.outcome, onDone, exit]);
  return <WizardScreen state={state} model={model} size={size} />;
}
