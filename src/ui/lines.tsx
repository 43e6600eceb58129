import { Box, Text } from 'ink';
import { memo } from 'react';
import { terminalSafe } from '../core/terminal-text.js';
import { columns, headColumns } from './text-width.js';
import { useTheme, type Tone } from './theme.js';

/**
 * Screens are built as plain lines (pure functions, unit-tested without a
 * terminal) and drawn by this one component. Every line is one row: nothing
 * wraps, so a pane is exactly as tall as its line list and no frame is ever
 * taller than the terminal.
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

function sameLine(a: Line, b: Line): boolean {
  return a === b || (a.length === b.length && a.every((s, i) => s.text === b[i]!.text && s.tone === b[i]!.tone));
}

/** One row: a single <Text> whose string already carries its colour codes; redrawn only when its text changes. */
export const LineView = memo(
  function LineView({ segments, width }: { segments: Line; width: number }) {
    const theme = useTheme();
    const text = fitSegments(segments, width)
      .map((s) => theme.paint(s.text, s.tone))
      .join('');
    return <Text wrap="truncate-end">{text === '' ? ' ' : text}</Text>;
  },
  (a, b) => a.width === b.width && sameLine(a.segments, b.segments),
);

/**
 * A pane of lines. Only vertical overflow is clipped: lines are cut to the
 * width before they get here, and horizontal clipping would make Ink slice
 * every line of every frame.
 */
export function Lines({ lines, width, height }: { lines: readonly Line[]; width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height} overflowY="hidden">
      {lines.slice(0, height).map((l, i) => (
        <LineView key={i} segments={l} width={width} />
      ))}
    </Box>
  );
}
