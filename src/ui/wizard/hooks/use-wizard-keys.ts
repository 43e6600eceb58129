import { useInput, type Key } from 'ink';
import { useEffect, useRef, type Dispatch } from 'react';
import { readKeys } from '../../keys.js';
import { wizardKeyAction } from '../key-map.js';
import type { Previewer } from '../preview.js';
import { previewRequest } from '../selectors.js';
import { wizardReducer } from '../reducer.js';
import type { WizardAction, WizardState } from '../state.js';

/**
 * Keys → actions (key-map.ts decides). Enter carries the preview's problems so
 * an answer that breaks the pipeline is refused. Several keys in one chunk are
 * mapped against the state each leaves behind. Keys typed before the wizard
 * was mounted (while its setup was read) are handled first, in order. While
 * `onlyQuit` (the terminal is too small to show the screen) only Ctrl-C acts:
 * nothing changes where it cannot be seen.
 */
export function useWizardKeys(state: WizardState, dispatch: Dispatch<WizardAction>, previewer: Previewer, earlyKeys: readonly EarlyKey[] = [], onlyQuit = false): void {
  const current = useRef(state);
  current.current = state;
  const blind = useRef(onlyQuit);
  blind.current = onlyQuit;
  const handle = (input: string, key: Key) => {
    let s = current.current;
    for (const press of readKeys(input, key)) {
      if (blind.current && press.name !== 'quit') continue;
      let action = wizardKeyAction(s, press);
      if (!action) continue;
      if (action.type === 'submit') action = { type: 'submit', problems: previewer.prepare(previewRequest(s)).problemsByKey };
      s = wizardReducer(s, action);
      dispatch(action);
    }
    current.current = s;
  };
  useInput(handle);
  useEffect(() => {
    for (const [input, key] of earlyKeys) handle(input, key);
    // Once, at mount: later keys come through useInput.
  }, []);
}

/** A key as Ink reported it: the typed input and its flags. */
export type EarlyKey = readonly [input: string, key: Key];
