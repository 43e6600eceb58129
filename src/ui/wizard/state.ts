import { resolveAnswers, type TemplateSource } from '../../core/scaffold.js';
import { builtinAnswers, expandDefault, type Answers, type AnswerValue, type Question } from '../../core/template-manifest.js';
import { ENV_NAMES } from '../../core/names.js';
import { applyTextEdit, textDraft, type TextDraft, type TextEdit } from '../text-input/text-edit.js';
import type { ProblemsByKey } from './preview.js';
import { defaultProfileIndex, NO_PROFILE, profileOptions } from './profile-options.js';
import { answerToText, editorFor, questionChoices, textToAnswer } from './question-kinds.js';
import { nameProblem, sameScreen, screenSequence, suggestName, type Screen } from './screens.js';
import { applyStepsOp, checkSteps, stepsEditor, stepsToAnswer, type StepsEditorState, type StepsOp } from './steps-editor.js';
import type { EnvName, WizardPrefill, WizardResult, WizardSetup } from './types.js';

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

function sequence(state: WizardState): Screen[] {
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
  if (screen.kind === 'deploy') return [true, false];
  const q = currentQuestion(state);
  return q && editorFor(q) === 'choice' ? questionChoices(q).map((c) => c.value) : [];
}

export function initialWizardState(setup: WizardSetup, prefill: WizardPrefill): WizardState {
  const base: WizardState = {
    setup,
    prefill,
    screen: { kind: 'review' },
    templateId: prefill.template ?? setup.templates[0]!.id,
    name: prefill.name !== undefined && nameProblem(setup, prefill.name) === undefined ? prefill.name : '',
    answers: { ...prefill.answers },
    env: prefill.env ?? 'dev',
    ...(prefill.profile !== undefined ? { profile: prefill.profile } : {}),
    text: textDraft(''),
    choice: 0,
    help: false,
  };
  return enter(base, sequence(base)[0]!);
}

/** Show a screen with its editor filled from the current answer. */
function enter(state: WizardState, screen: Screen): WizardState {
  const next: WizardState = { ...state, screen, notice: undefined, steps: undefined, help: false };
  const values = choiceValues(next);
  const indexOf = (v: unknown) => Math.max(0, values.indexOf(v as never));
  switch (screen.kind) {
    case 'template':
      return { ...next, choice: indexOf(state.templateId) };
    case 'name':
      return { ...next, text: textDraft(state.name || (state.prefill.name ?? effectiveName(state))) };
    case 'env':
      return { ...next, choice: indexOf(state.env) };
    case 'profile':
      return { ...next, choice: state.profile !== undefined && values.includes(state.profile) ? indexOf(state.profile) : defaultProfileIndex(profileOptions(state.setup, state.env)) };
    case 'deploy':
      return { ...next, choice: 1 };
    case 'question': {
      const q = currentQuestion(next)!;
      const value = answerOrDefault(next, q);
      const editor = editorFor(q);
      if (editor === 'steps') return { ...next, steps: stepsEditor(value) };
      if (editor === 'choice') return { ...next, choice: indexOf(value) };
      return { ...next, text: textDraft(answerToText(value)) };
    }
    default:
      return next;
  }
}

function move(state: WizardState, delta: 1 | -1): WizardState {
  const screens = sequence(state);
  const i = screens.findIndex((s) => sameScreen(s, state.screen));
  const target = i < 0 ? screens.at(-1)! : screens[i + delta];
  return target ? enter(state, target) : state;
}

/** The answer on screen, accepted, or why it cannot be. */
function acceptCurrent(state: WizardState, problems: ProblemsByKey): WizardState | string {
  const { screen } = state;
  const values = choiceValues(state);
  switch (screen.kind) {
    case 'template': {
      const id = String(values[state.choice]);
      return id === state.templateId ? state : { ...state, templateId: id, answers: { ...state.prefill.answers } };
    }
    case 'name':
      return nameProblem(state.setup, state.text.value) ?? { ...state, name: state.text.value };
    case 'env': {
      const env = values[state.choice] as EnvName;
      // A profile chosen for another workspace is asked again for this one.
      return env === state.env || state.prefill.profile !== undefined ? { ...state, env } : { ...state, env, profile: undefined };
    }
    case 'profile':
      return { ...state, profile: String(values[state.choice]) };
    case 'question': {
      const q = currentQuestion(state)!;
      let value: AnswerValue;
      if (state.steps) {
        const problem = checkSteps(q, state.steps.steps).first;
        if (problem) return problem;
        value = stepsToAnswer(state.steps.steps);
      } else if (editorFor(q) === 'choice') value = values[state.choice]!;
      else {
        const typed = textToAnswer(q, state.text.value);
        if ('error' in typed) return typed.error;
        value = typed.value;
      }
      const later = problems[q.key]?.[0];
      return later ?? { ...state, answers: { ...state.answers, [q.key]: value } };
    }
    default:
      return state;
  }
}

/** The answers of the questions asked, defaults filled in: what the pipeline is written from. */
export function answersToWrite(state: WizardState): Answers {
  const template = currentTemplate(state);
  const resolved = resolveAnswers(template.manifest, effectiveName(state), state.answers, true).answers;
  return Object.fromEntries(template.manifest.questions.filter((q) => q.key in resolved).map((q) => [q.key, resolved[q.key]!]));
}

function outcomeWritten(state: WizardState, deployNow: boolean): WizardResult {
  const profile = state.profile && state.profile !== NO_PROFILE ? state.profile : undefined;
  return {
    status: 'written',
    name: state.name,
    template: state.templateId,
    answers: answersToWrite(state),
    env: state.env,
    ...(profile ? { profile } : {}),
    deployNow,
    files: [...(state.files ?? [])],
  };
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  if (state.outcome) return state;
  switch (action.type) {
    case 'text':
      return { ...state, text: applyTextEdit(state.text, action.edit), notice: undefined };
    case 'choice': {
      const count = choiceValues(state).length;
      const index = action.index ?? state.choice + (action.delta ?? 0);
      return count === 0 ? state : { ...state, choice: Math.max(0, Math.min(count - 1, index)), notice: undefined };
    }
    case 'steps':
      return state.steps ? { ...state, steps: applyStepsOp(state.steps, action.op), notice: undefined } : state;
    case 'help':
      return { ...state, help: action.open };
    case 'back': {
      if (state.screen.kind === 'writing' || state.screen.kind === 'deploy') return state;
      // Keep what was typed when it is a valid answer, so going back loses nothing.
      const kept = acceptCurrent(state, {});
      return move(typeof kept === 'string' ? state : kept, -1);
    }
    case 'submit': {
      if (state.screen.kind === 'intro') return move(state, 1);
      if (state.screen.kind === 'writing') return state;
      if (state.screen.kind === 'deploy') return { ...state, outcome: outcomeWritten(state, state.choice === 0) };
      if (state.screen.kind === 'review') {
        const open = Object.entries(action.problems ?? {}).filter(([, m]) => m.length > 0);
        if (open.length === 0) return { ...state, screen: { kind: 'writing' }, notice: undefined };
        const [key, messages] = open[0]!;
        return { ...state, notice: `fix first: ${key === '' ? '' : `${key}: `}${messages[0]}${open.length > 1 ? ` (and ${open.length - 1} more)` : ''}` };
      }
      if (state.steps?.editing) return { ...state, steps: applyStepsOp(state.steps, { type: 'edit-commit' }) };
      const accepted = acceptCurrent(state, action.problems ?? {});
      return typeof accepted === 'string' ? { ...state, notice: accepted } : move(accepted, 1);
    }
    case 'cancel':
      if (state.screen.kind === 'writing') return { ...state, cancelRequested: true };
      return { ...state, outcome: state.screen.kind === 'deploy' ? outcomeWritten(state, false) : { status: 'cancelled' } };
    case 'written': {
      const written = { ...state, files: action.files };
      const deployable = state.profile !== undefined && state.profile !== NO_PROFILE;
      if (state.cancelRequested || !deployable) return { ...written, outcome: outcomeWritten(written, false) };
      return enter(written, { kind: 'deploy' });
    }
    case 'write-failed':
      return { ...enter(state, { kind: 'review' }), notice: action.message };
  }
}
