import { useInput } from 'ink';
import { useState } from 'react';
import { Lines, type Line } from '../../lines.js';

interface Props {
  readonly lines: readonly Line[];
  readonly width: number;
  readonly height: number;
  /** PgUp/PgDn scroll this list too when no preview is beside it. */
  readonly ownsPageKeys: boolean;
}

/** A list longer than its pane (the review, the help), scrolled with ↑/↓. */
export function ScrollPane({ lines, width, height, ownsPageKeys }: Props) {
  const [offset, setOffset] = useState(0);
  const max = Math.max(0, lines.length - height);
  useInput((_input, key) => {
    const step = key.upArrow ? -1 : key.downArrow ? 1 : ownsPageKeys && key.pageUp ? -(height - 1) : ownsPageKeys && key.pageDown ? height - 1 : 0;
    if (step !== 0) setOffset((o) => Math.max(0, Math.min(max, o + step)));
  });
  const start = Math.min(offset, max);
  return <Lines lines={lines.slice(start, start + height)} width={width} height={height} />;
}
