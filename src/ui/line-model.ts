import { terminalSafe } from '../core/terminal-text.js';
import { columns, headColumns } from './text-width.js';
import type { Tone } from './theme.js';

/**
 * Screens are built as plain lines (pure functions, unit-tested without a
 * terminal) and drawn by this one component. Every line is one row: nothing
 * wraps, so a pane is exactly as tall as its line list and no frame is ever
 * taller than the terminal. This module is the lines as data, with no Ink or React,
 * so a command that only prints text (status without a terminal) does not load them.
 */
export type { Tone };

export interface Segment {
  readonly text: string;
  readonly tone?: Tone;
}

export type Line = readonly Segment[];

export const line = (...segments: (Segment | string | false | undefined)[]): Line =>
  segments.filter((s): s is Segment | string => Boolean(s)).map((s) => (typeof s === 'string' ? { text: terminalSafe(s) } : s));

/** Segments carry text from templates, answers and configs: control characters are shown escaped, never sent raw. */
export const seg = (text: string, tone: Tone = 'plain'): Segment => ({ text: terminalSafe(text), tone });

export function lineText(l: Line): string {
  return l.map((s) => s.text).join('');
}

/** Cut a line to `width` columns, keeping tones. */
export function fitSegments(l: Line, width: number): Line {
  let left = width;
  const out: Segment[] = [];
  for (const s of l) {
    if (left <= 0) break;
    const used = columns(s.text);
    if (used <= left) out.push(s);
    else out.push({ ...s, text: left > 1 ? `${headColumns(s.text, left - 1)}…` : '…' });
    left -= used;
  }
  return out;
}

