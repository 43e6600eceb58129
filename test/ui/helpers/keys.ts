/** What a terminal sends for each key. */
export const KEY = {
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  shiftTab: '\u001b[Z',
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  shiftUp: '\u001b[1;2A',
  shiftDown: '\u001b[1;2B',
  pageUp: '\u001b[5~',
  pageDown: '\u001b[6~',
  backspace: '\u007f',
  ctrlC: '\u0003',
  ctrlG: '\u0007',
  ctrlU: '\u0015',
} as const;
