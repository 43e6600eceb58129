import type { KeyPress } from '../keys.js';
import { textEditForKey } from '../text-input/text-edit.js';
import { acceptsQuestionMark, editorFor } from './question-kinds.js';
import { currentQuestion } from './selectors.js';
import type { WizardAction, WizardState } from './state.js';
import type { StepsOp } from './steps-editor.js';

/**
 * Every key of the wizard, as a pure function of the state: Enter/Tab accept,
 * Esc/Shift-Tab go back, Ctrl-C quits, ? or Ctrl-G open help ("?" is typed
 * instead where it can be part of the answer, e.g. a cron expression).
 * PgUp/PgDn belong to the preview and ↑/↓ on the review screen to its list.
 */
export function wizardKeyAction(state: WizardState, key: KeyPress): WizardAction | undefined {
  if (key.name === 'quit') return { type: 'cancel' };
  if (state.help) return key.name === 'escape' || key.name === 'enter' || key.name === 'help' || key.text === '?' || key.text === 'q' ? { type: 'help', open: false } : undefined;
  if (state.screen.kind === 'writing') return undefined;
  const editing = state.steps?.editing;
  const typing = editing !== undefined || isTextScreen(state);
  if (key.name === 'help' || (key.text === '?' && !(typing && acceptsQuestionMark(editing ? undefined : currentQuestion(state))))) {
    return { type: 'help', open: true };
  }
  if (key.name === 'escape') return editing ? { type: 'steps', op: { type: 'edit-cancel' } } : { type: 'back' };
  if (key.name === 'shift-tab') return editing ? undefined : { type: 'back' };
  if (key.name === 'enter' || key.name === 'tab') return { type: 'submit' };
  if (editing) {
    const edit = textEditForKey(key);
    return edit ? { type: 'steps', op: { type: 'edit', edit } } : undefined;
  }
  if (isTextScreen(state)) {
    const edit = textEditForKey(key);
    return edit ? { type: 'text', edit } : undefined;
  }
  if (state.steps) {
    const op = stepsKeyOp(key);
    return op ? { type: 'steps', op } : undefined;
  }
  return choiceKeyAction(state, key);
}

function isTextScreen(state: WizardState): boolean {
  if (state.screen.kind === 'name') return true;
  const q = currentQuestion(state);
  return q !== undefined && editorFor(q) === 'text';
}

function choiceKeyAction(state: WizardState, key: KeyPress): WizardAction | undefined {
  const { kind } = state.screen;
  if (kind === 'intro' || kind === 'review') return undefined;
  if (key.name === 'up' || key.name === 'left') return { type: 'choice', delta: -1 };
  if (key.name === 'down' || key.name === 'right') return { type: 'choice', delta: 1 };
  if (key.name === 'home') return { type: 'choice', index: 0 };
  if (key.name === 'end') return { type: 'choice', index: Number.MAX_SAFE_INTEGER };
  const yesNo = kind === 'deploy' || currentQuestion(state)?.type === 'confirm';
  if (yesNo && key.name === 'text' && /^[yn]$/i.test(key.text)) return { type: 'choice', index: /^y$/i.test(key.text) ? 0 : 1 };
  if (key.name === 'text' && /^[1-9]$/.test(key.text)) return { type: 'choice', index: Number(key.text) - 1 };
  return undefined;
}

/** Steps list: ↑↓ select, Shift-↑↓ or K/J move, ←→ or -/+ stage, a add, x remove, r rename, d dependencies. */
function stepsKeyOp(key: KeyPress): StepsOp | undefined {
  switch (key.name) {
    case 'up':
      return { type: 'select', delta: -1 };
    case 'down':
      return { type: 'select', delta: 1 };
    case 'shift-up':
      return { type: 'move', delta: -1 };
    case 'shift-down':
      return { type: 'move', delta: 1 };
    case 'left':
      return { type: 'stage', delta: -1 };
    case 'right':
      return { type: 'stage', delta: 1 };
    case 'backspace':
      return { type: 'remove' };
    case 'text':
      return STEP_LETTERS[key.text];
    default:
      return undefined;
  }
}

const STEP_LETTERS: Record<string, StepsOp> = {
  K: { type: 'move', delta: -1 },
  J: { type: 'move', delta: 1 },
  '-': { type: 'stage', delta: -1 },
  '+': { type: 'stage', delta: 1 },
  a: { type: 'add' },
  x: { type: 'remove' },
  r: { type: 'edit-start', field: 'name' },
  d: { type: 'edit-start', field: 'deps' },
};
