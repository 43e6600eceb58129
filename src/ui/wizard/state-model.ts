import { resolveAnswers, type TemplateSource } from '../../core/scaffold.js';
import { builtinAnswers, expandDefault, type Answers, type AnswerValue, type Question } from '../../core/template-manifest.js';
import { ENV_NAMES } from '../../core/names.js';
import { matchProfiles } from '../../core/profile-match.js';
import type { TextDraft, TextEdit } from '../text-input/text-edit.js';
import type { ProblemsByKey } from './preview.js';
import { profileOptions } from './profile-options.js';
import { editorFor, questionChoices } from './question-kinds.js';
import { screenSequence, suggestName, type Screen } from './screens.js';
import type { StepsEditorState, StepsOp } from './steps-editor.js';
import type { EnvName, WizardPrefill, WizardResult, WizardSetup } from './types.js';

/** The wizard's state and the questions asked of it; the reducer is in state.ts, moving between screens in navigation.ts. */
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

/**
 * Why the wizard will not offer a deploy, or undefined when it can: the
 * Databricks CLI was not found, or the profile chosen is for another workspace
 * (the deploy would refuse it; the printed commands name the one that fits).
 */
export function deployBlocker(state: Pick<WizardState, 'setup' | 'env' | 'profile'>): 'no-cli' | 'wrong-profile' | undefined {
  const { setup } = state;
  if (setup.databricksCli !== undefined && setup.databricksCli.path === undefined) return 'no-cli';
  const host = setup.envs[state.env]?.workspace.host;
  if (host && state.profile && matchProfiles(setup.profiles, host, state.profile).mismatch) return 'wrong-profile';
  return undefined;
}

export function canDeploy(state: Pick<WizardState, 'setup' | 'env' | 'profile'>): boolean {
  return deployBlocker(state) === undefined;
}

export function currentTemplate(state: Pick<WizardState, 'setup' | 'templateId'>): TemplateSource {
  return state.setup.templates.find((t) => t.id === state.templateId) ?? state.setup.templates[0]!;
}

export function effectiveName(state: WizardState): string {
  return state.name || suggestName(state.setup, state.templateId);
}

export function currentQuestion(state: WizardState): Question | undefined {
  const { screen } = state;
  return screen.kind === 'question' ? currentTemplate(state).manifest.questions.find((q) => q.key === screen.key) : undefined;
}

export function sequence(state: WizardState): Screen[] {
  return screenSequence({ setup: state.setup, prefill: state.prefill, template: currentTemplate(state), name: effectiveName(state), answers: state.answers });
}

/** The accepted answer, else the flag's, else the default filled in with the name. */
export function answerOrDefault(state: WizardState, question: Question): AnswerValue {
  return state.answers[question.key] ?? expandDefault(question.default, builtinAnswers(effectiveName(state)));
}

/** Option lists of the choice screens. */
export function choiceValues(state: WizardState): readonly (string | boolean)[] {
  const { screen, setup } = state;
  if (screen.kind === 'template') return setup.templates.map((t) => t.id);
  if (screen.kind === 'env') return ENV_NAMES;
  if (screen.kind === 'profile') return profileOptions(setup, state.env).map((o) => o.value);
  if (screen.kind === 'deploy') return canDeploy(state) ? [true, false] : [false];
  const q = currentQuestion(state);
  return q && editorFor(q) === 'choice' ? questionChoices(q).map((c) => c.value) : [];
}

/** The answers of the questions asked, defaults filled in: what the pipeline is written from. */
export function answersToWrite(state: WizardState): Answers {
  const template = currentTemplate(state);
  const resolved = resolveAnswers(template.manifest, effectiveName(state), state.answers, true).answers;
  return Object.fromEntries(template.manifest.questions.filter((q) => q.key in resolved).map((q) => [q.key, resolved[q.key]!]));
}

