import type { KeyPress } from '../keys.js';

export interface HomeOption {
  readonly label: string;
  readonly detail: string;
  /** The command line it runs; undefined quits. */
  readonly argv?: readonly string[];
}

export const HOME_OPTIONS: readonly HomeOption[] = [
  { label: 'New pipeline', detail: 'scaffold one from a template, with a live preview', argv: ['new'] },
  { label: 'Deploy', detail: 'validate and deploy a pipeline to dev, staging or prod', argv: ['deploy'] },
  { label: 'List pipelines', detail: 'type, tasks and schedule of each', argv: ['list'] },
  { label: 'Doctor', detail: 'check Node, the Databricks CLI, profiles and the project', argv: ['doctor'] },
  { label: 'Edit a pipeline', detail: 'change its answers in the wizard, with the diff', argv: ['edit'] },
  { label: 'Help', detail: 'every command and option', argv: ['--help'] },
  { label: 'Quit', detail: '' },
];

export interface HomeState {
  readonly selected: number;
  /** Set once chosen: the option, or 'quit'. */
  readonly chosen?: HomeOption | 'quit';
}

/** ↑↓ (wrapping) choose, Enter opens, a digit opens that option, Esc / q / Ctrl-C quit. */
export function homeReducer(state: HomeState, key: KeyPress): HomeState {
  if (state.chosen) return state;
  const count = HOME_OPTIONS.length;
  switch (key.name) {
    case 'up':
    case 'shift-tab':
      return { selected: (state.selected - 1 + count) % count };
    case 'down':
    case 'tab':
      return { selected: (state.selected + 1) % count };
    case 'enter': {
      const option = HOME_OPTIONS[state.selected]!;
      return { ...state, chosen: option.argv ? option : 'quit' };
    }
    case 'escape':
    case 'quit':
      return { ...state, chosen: 'quit' };
    case 'text': {
      if (key.text === 'q') return { ...state, chosen: 'quit' };
      const n = Number(key.text);
      const option = Number.isInteger(n) ? HOME_OPTIONS[n - 1] : undefined;
      return option ? { selected: n - 1, chosen: option.argv ? option : 'quit' } : state;
    }
    default:
      return state;
  }
}
