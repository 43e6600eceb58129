import { Box, Text } from 'ink';
import { memo } from 'react';
import { fitSegments, type Line } from './line-model.js';
import { useTheme } from './theme.js';

/** The line model is plain data (line-model.ts); this file draws it. */
export * from './line-model.js';

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
