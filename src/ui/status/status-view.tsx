import { useApp, useInput } from 'ink';
import { useEffect, useReducer, useState } from 'react';
import { readKeys } from '../keys.js';
import { Lines } from '../lines.js';
import { useTerminalSize } from '../terminal-size.js';
import { statusLines } from './status-lines.js';
import { initialStatusState, statusReducer, type StatusAction, type StatusViewState } from './status-state.js';

/** Where rows and refreshes come from: the session pushes actions in as the workspace answers. */
export interface StatusFeed {
  subscribe(dispatch: (action: StatusAction) => void): () => void;
}

export type StatusDone = NonNullable<StatusViewState['done']>;

/** "updated 2m ago" moves on by itself. */
function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** The `status` screen; its root, so it ends the app. */
export function StatusView({ env, pipelines, feed, onDone }: { env: string; pipelines: readonly string[]; feed: StatusFeed; onDone: (done: StatusDone) => void }) {
  const [state, dispatch] = useReducer(statusReducer, pipelines, initialStatusState);
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize();
  const now = useNow(10_000);
  useEffect(() => feed.subscribe(dispatch), [feed]);
  useInput((input, key) => readKeys(input, key).forEach((k) => dispatch({ type: 'key', key: k })));
  useEffect(() => {
    if (!state.done) return;
    onDone(state.done);
    exit();
  }, [state.done, onDone, exit]);
  const lines = statusLines(state, env, columns, rows, Math.max(now, state.updatedAt ?? 0));
  return <Lines lines={lines} width={columns} height={lines.length} />;
}
