import { useEffect, type Dispatch } from 'react';
import type { Answers } from '../../../core/template-manifest.js';
import { answersToWrite } from '../selectors.js';
import type { WizardAction, WizardState } from '../state.js';

/** Writes the folder; returns the written paths relative to the project root. */
export type PipelineWriter = (templateId: string, name: string, answers: Answers) => Promise<string[]>;

/** Runs the write when the review is accepted, and reports back to the reducer. */
export function useWritePipeline(state: WizardState, dispatch: Dispatch<WizardAction>, write: PipelineWriter): void {
  const writing = state.screen.kind === 'writing';
  useEffect(() => {
    if (!writing) return;
    write(state.templateId, state.name, answersToWrite(state)).then(
      (files) => dispatch({ type: 'written', files }),
      (error: unknown) => dispatch({ type: 'write-failed', message: error instanceof Error ? error.message : String(error) }),
    );
    // Only the switch to "writing" starts a write; the state it reads is then fixed.
  }, [writing]);
}
