import type { Answers } from '../../core/template-manifest.js';
import type { TextDraft, TextEdit } from '../text-input/text-edit.js';
import type { ProblemsByKey } from './preview.js';
import type { Screen } from './screens.js';
import type { StepsEditorState, StepsOp } from './steps-editor.js';
import type { EnvName, WizardPrefill, WizardResult, WizardSetup } from './types.js';

/**
 * The wizard's state and the actions that change it. The reducer is in
 * reducer.ts, moving between screens in navigation.ts, and every value derived
 * from the state in selectors.ts.
 */
export interface WizardState {
  readonly setup: WizardSetup;
  readonly prefill: WizardPrefill;
  readonly screen: Screen;
  readonly templateId: string;
  /** The pipeline name once accepted; '' before (then a suggestion is shown). */
  readonly name: string;
  /** Accepted answers by question key (flags' answers included). */
  readonly answers: Answers;
  readonly env: EnvName;
  /** The chosen profile; NO_PROFILE for none; undefined until chosen. */
  readonly profile?: string;
  /** The text being typed on a text screen. */
  readonly text: TextDraft;
  /** The highlighted option on a choice screen. */
  readonly choice: number;
  readonly steps?: StepsEditorState;
  /** Why the last Enter was refused, or what went wrong writing. */
  readonly notice?: string;
  readonly help: boolean;
  readonly files?: readonly string[];
  readonly cancelRequested?: boolean;
  /** Set once; the root then unmounts and hands it to the caller. */
  readonly outcome?: WizardResult;
}

export type WizardAction =
  | { readonly type: 'text'; readonly edit: TextEdit }
  | { readonly type: 'choice'; readonly delta?: number; readonly index?: number }
  | { readonly type: 'steps'; readonly op: StepsOp }
  /** `problems`: those the preview found for the current answers, so Enter never accepts an answer that breaks the pipeline. */
  | { readonly type: 'submit'; readonly problems?: ProblemsByKey }
  | { readonly type: 'back' }
  | { readonly type: 'help'; readonly open: boolean }
  | { readonly type: 'cancel' }
  | { readonly type: 'written'; readonly files: readonly string[] }
  | { readonly type: 'write-failed'; readonly message: string };
