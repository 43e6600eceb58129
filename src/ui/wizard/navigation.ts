import type { AnswerValue } from '../../core/template-manifest.js';
import { textDraft } from '../text-input/text-edit.js';
import type { ProblemsByKey } from './preview.js';
import { defaultProfileIndex, profileOptions } from './profile-options.js';
import { answerToText, editorFor, textToAnswer } from './question-kinds.js';
import { nameProblem, sameScreen, type Screen } from './screens.js';
import { answerOrDefault, choiceValues, currentQuestion, effectiveName, sequence } from './selectors.js';
import type { WizardState } from './state.js';
import { checkSteps, stepsEditor, stepsToAnswer } from './steps-editor.js';
import type { EnvName } from './types.js';

/** Show a screen with its editor filled from the current answer. */
export function enter(state: WizardState, screen: Screen): WizardState {
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
      return { ...next, choice: values.length - 1 };
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

export function move(state: WizardState, delta: 1 | -1): WizardState {
  const screens = sequence(state);
  const i = screens.findIndex((s) => sameScreen(s, state.screen));
  const target = i < 0 ? screens.at(-1)! : screens[i + delta];
  return target ? enter(state, target) : state;
}

/** The answer on screen, accepted, or why it cannot be. */
export function acceptCurrent(state: WizardState, problems: ProblemsByKey): WizardState | string {
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

