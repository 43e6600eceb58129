import { applyTextEdit, textDraft } from '../text-input/text-edit.js';
import { acceptCurrent, enter, move } from './navigation.js';
import { nameProblem } from './screens.js';
import { NO_PROFILE } from './profile-options.js';
import { answersToWrite, choiceValues, sequence } from './selectors.js';
import type { WizardAction, WizardState } from './state.js';
import { applyStepsOp } from './steps-editor.js';
import type { WizardPrefill, WizardResult, WizardSetup } from './types.js';

/** The wizard's reducer: pure, with the setup (templates, envs, profiles, the name check) inside the state. */
export function initialWizardState(setup: WizardSetup, prefill: WizardPrefill): WizardState {
  const base: WizardState = {
    setup,
    prefill,
    screen: { kind: 'review' },
    templateId: prefill.template ?? setup.templates[0]!.id,
    name: prefill.name !== undefined && (prefill.edit || nameProblem(setup, prefill.name) === undefined) ? prefill.name : '',
    answers: { ...prefill.edit?.start, ...prefill.answers },
    env: prefill.env ?? 'dev',
    ...(prefill.profile !== undefined ? { profile: prefill.profile } : {}),
    text: textDraft(''),
    choice: 0,
    help: false,
  };
  return enter(base, sequence(base)[0]!);
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
      if (state.screen.kind === 'deploy') return { ...state, outcome: outcomeWritten(state, choiceValues(state)[state.choice] === true) };
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
