import { line, Lines, seg } from '../../lines.js';
import { tooSmallLines } from '../../layout.js';
import type { TerminalSize } from '../../terminal-size.js';

/** Instead of a screen that would lose its input line: the size needed, until the terminal grows (any screen comes back as it was). */
export function TooSmallScreen({ size }: { readonly size: TerminalSize }) {
  const lines = tooSmallLines(size.columns, size.rows).map((t) => line(seg(t, 'accent')));
  return <Lines lines={lines} width={size.columns} height={Math.max(1, size.rows - 1)} />;
}
