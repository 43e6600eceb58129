import type { KeyName, KeyPress } from '../../../src/ui/keys.js';
import { wizardKeyAction } from '../../../src/ui/wizard/key-map.js';
import { createPreviewer, type Previewer } from '../../../src/ui/wizard/preview.js';
import { previewRequest } from '../../../src/ui/wizard/selectors.js';
import { wizardReducer } from '../../../src/ui/wizard/reducer.js';
import type { WizardState } from '../../../src/ui/wizard/state.js';

/** A key by name, or typed text. */
export type K = KeyName | { text: string };

export function press(k: K): KeyPress {
  return typeof k === 'string' ? { name: k, text: '' } : { name: 'text', text: k.text };
}

/** Run keys through the key map and the reducer, as the Ink hook does (Enter carries the preview's problems). */
export function drive(state: WizardState, keys: readonly K[], previewer: Previewer = createPreviewer(state.setup.envs)): WizardState {
  let s = state;
  for (const k of keys) {
    let action = wizardKeyAction(s, press(k));
    if (!action) continue;
    if (action.type === 'submit') action = { type: 'submit', problems: previewer.prepare(previewRequest(s)).problemsByKey };
    s = wizardReducer(s, action);
  }
  return s;
}

export const enters = (n: number): K[] => Array.from({ length: n }, () => 'enter' as const);

export function screenId(s: WizardState): string {
  return s.screen.kind === 'question' ? `question:${s.screen.key}` : s.screen.kind;
}
