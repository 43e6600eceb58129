/**
 * `status` in a terminal: the screen draws at once and fills in as the
 * workspace answers (`collect` hands each row over as it arrives); with an
 * interval it asks again on that beat. Ends with what the person chose: quit,
 * or run the selected pipeline. Leaving stops the calls still running.
 */
import { createElement } from 'react';
import type { StatusRow } from '../core/status-report.js';
import type { CliContext } from '../session/context.js';
import { runInkSession } from './ink-session.js';
import type { StatusAction } from './status/status-state.js';
import { StatusView, type StatusDone, type StatusFeed } from './status/status-view.js';

export interface StatusSession {
  readonly env: string;
  readonly pipelines: readonly string[];
  /** Ask the workspace once; `onRow` for each answer. */
  readonly collect: (onRow: (row: StatusRow, index: number) => void, signal: AbortSignal) => Promise<unknown>;
  /** Ask again this often (--watch); undefined: once. */
  readonly intervalMs?: number;
}

/** A feed that remembers what was pushed before the view subscribed. */
function createFeed(): StatusFeed & { push(a: StatusAction): void } {
  const backlog: StatusAction[] = [];
  let listener: ((a: StatusAction) => void) | undefined;
  return {
    push: (a) => (listener ? listener(a) : void backlog.push(a)),
    subscribe(dispatch) {
      listener = dispatch;
      backlog.splice(0).forEach(dispatch);
      return () => (listener = undefined);
    },
  };
}

export async function runStatusView(ctx: CliContext, s: StatusSession): Promise<StatusDone> {
  const feed = createFeed();
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const refresh = async (): Promise<void> => {
    feed.push({ type: 'refreshing' });
    await s.collect((row, index) => feed.push({ type: 'row', index, row }), controller.signal).catch(() => undefined);
    if (controller.signal.aborted) return;
    feed.push({ type: 'refreshed', at: Date.now() });
    if (s.intervalMs !== undefined) timer = setTimeout(() => void refresh(), s.intervalMs);
  };
  void refresh();
  try {
    return await runInkSession<StatusDone>(ctx, (finish) => createElement(StatusView, { env: s.env, pipelines: s.pipelines, feed, onDone: finish }), { kind: 'quit' }, { fullScreen: true });
  } finally {
    controller.abort();
    clearTimeout(timer);
  }
}
