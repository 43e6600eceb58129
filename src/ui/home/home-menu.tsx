import { useApp, useInput } from 'ink';
import { useEffect, useReducer } from 'react';
import { readKeys } from '../keys.js';
import { line, Lines, seg, type Line } from '../lines.js';
import { useTerminalSize } from '../terminal-size.js';
import { HOME_OPTIONS, homeReducer, type HomeState } from './home-menu-state.js';

export function homeMenuLines(state: HomeState): Line[] {
  if (state.chosen === 'quit') return [];
  if (state.chosen) return [line(seg('loyalty-wizard › ', 'muted'), seg(state.chosen.label, 'accent'))];
  const width = Math.max(...HOME_OPTIONS.map((o) => o.label.length)) + 2;
  return [
    line(seg('loyalty-wizard', 'title'), seg(' — pipelines for the Loyalty 2.0 data platform', 'muted')),
    ...HOME_OPTIONS.map((o, i) =>
      line(seg(i === state.selected ? '› ' : '  ', 'accent'), seg(o.label.padEnd(width), i === state.selected ? 'accent' : 'plain'), seg(o.detail, 'muted')),
    ),
    line(seg(`↑↓ choose · ↵ open · 1-${HOME_OPTIONS.length} · q quit`, 'muted')),
  ];
}

/** The menu of `loyalty-wizard` with no command; its root, so it ends the app. */
export function HomeMenu({ onDone }: { onDone: (argv: readonly string[] | undefined) => void }) {
  const [state, dispatch] = useReducer(homeReducer, { selected: 0 });
  const { exit } = useApp();
  const { columns } = useTerminalSize();
  useInput((input, key) => readKeys(input, key).forEach(dispatch));
  useEffect(() => {
    if (!state.chosen) return;
    onDone(state.chosen === 'quit' ? undefined : state.chosen.argv);
    exit();
  }, [state.chosen, onDone, exit]);
  const lines = homeMenuLines(state);
  return <Lines lines={lines} width={columns} height={lines.length} />;
}
