/**
 * The `status` screen's state: the rows as they arrive, which one is selected,
 * the table or one pipeline's runs, and a line of news (a URL asked for, a
 * refresh under way). Pure: the view dispatches, the session feeds rows in.
 */
import type { StatusRow } from '../../core/status-report.js';
import type { KeyPress } from '../keys.js';

export interface StatusViewState {
  readonly pipelines: readonly string[];
  /** By index of `pipelines`; undefined until its answer arrives. */
  readonly rows: readonly (StatusRow | undefined)[];
  readonly selected: number;
  readonly view: 'table' | 'runs';
  readonly notice?: string;
  readonly refreshing: boolean;
  readonly updatedAt?: number;
  /** Set when the screen should end: quit, or start a run of the selected pipeline. */
  readonly done?: { readonly kind: 'quit' } | { readonly kind: 'run'; readonly pipeline: string };
}

export type StatusAction =
  | { type: 'key'; key: KeyPress }
  | { type: 'row'; index: number; row: StatusRow }
  | { type: 'refreshing' }
  | { type: 'refreshed'; at: number };

export const initialStatusState = (pipelines: readonly string[]): StatusViewState => ({ pipelines, rows: pipelines.map(() => undefined), selected: 0, view: 'table', refreshing: true });

function onKey(s: StatusViewState, key: KeyPress): StatusViewState {
  const last = Math.max(0, s.pipelines.length - 1);
  const row = s.rows[s.selected];
  const text = key.name === 'text' ? key.text.toLowerCase() : '';
  if (key.name === 'quit' || text === 'q') return { ...s, done: { kind: 'quit' } };
  if (key.name === 'escape') return s.view === 'runs' ? { ...s, view: 'table', notice: undefined } : { ...s, done: { kind: 'quit' } };
  if (key.name === 'up') return { ...s, selected: Math.max(0, s.selected - 1), notice: undefined };
  if (key.name === 'down') return { ...s, selected: Math.min(last, s.selected + 1), notice: undefined };
  if (key.name === 'enter' && s.pipelines.length > 0) return { ...s, view: 'runs', notice: undefined };
  if (text === 'o') return { ...s, notice: row?.job ? `job: ${row.job.url}` : `${s.pipelines[s.selected] ?? ''} is not deployed in this env` };
  if (text === 'r' && s.pipelines.length > 0) {
    if (row && row.deployed) return { ...s, done: { kind: 'run', pipeline: s.pipelines[s.selected]! } };
    return { ...s, notice: `${s.pipelines[s.selected]} is not deployed in this env: deploy it first` };
  }
  return s;
}

export function statusReducer(s: StatusViewState, a: StatusAction): StatusViewState {
  switch (a.type) {
    case 'key':
      return onKey(s, a.key);
    case 'row':
      return { ...s, rows: s.rows.map((r, i) => (i === a.index ? a.row : r)) };
    case 'refreshing':
      return { ...s, refreshing: true };
    case 'refreshed':
      return { ...s, refreshing: false, updatedAt: a.at };
  }
}
