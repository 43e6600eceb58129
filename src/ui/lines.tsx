import { Box, Text } from 'ink';
import { memo } from 'react';
import { useTheme, type Theme } from './theme.js';

/**
 * Screens are built as plain lines (pure functions, unit-tested without a
 * terminal) and drawn by this one component. Every line is one row: nothing
 * wraps, so a pane is exactly as tall as its line list and no frame is ever
 * taller than the terminal.
 */
export type Tone = Exclude<keyof Theme, 'color'> | 'plain';

export interface Segment {
  readonly text: string;
  readonly tone?: Tone;
}

export type Line = readonly Segment[];

export const line = (...segments: (Segment | string | false | undefined)[]): Line =>
  segments.filter((s): s is Segment | string => Boolean(s)).map((s) => (typeof s === 'string' ? { text: s } : s));

export const seg = (text: string, tone: Tone = 'plain'): Segment => ({ text, tone });

export function lineText(l: Line): string {
  return l.map((s) => s.text).join('');
}

/** Cut a line to `width` characters, keeping tones. */
export function fitSegments(l: Line, width: number): Line {
  let left = width;
  const out: Segment[] = [];
  for (const s of l) {
    if (left <= 0) break;
    if (s.text.length <= left) out.push(s);
    else out.push({ ...s, text: left > 1 ? `${s.text.slice(0, left - 1)}…` : '…' });
    left -= s.text.length;
  }
  return out;
}

export const LineView = memo(function LineView({ segments, width }: { segments: Line; width: number }) {
  const theme = useTheme();
  const fitted = fitSegments(segments, width);
  return (
    <Text wrap="truncate-end">
      {fitted.length === 0 ? ' ' : fitted.map((s, i) => (s.tone && s.tone !== 'plain' ? <Text key={i} {...theme[s.tone]}>{s.text}</Text> : s.text))}
    </Text>
  );
});

export function Lines({ lines, width, height }: { lines: readonly Line[]; width: number; height: number }) {
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {lines.slice(0, height).map((l, i) => (
        <LineView key={i} segments={l} width={width} />
      ))}
    </Box>
  );
}
