import { wrapText } from '../../layout.js';
import { line, seg, type Line } from '../../lines.js';

const KEYS: [string, string][] = [
  ['Enter, Tab', 'accept the answer and go on'],
  ['Esc, Shift-Tab', 'back one question (answers are kept)'],
  ['↑ ↓', 'choose an option'],
  ['PgUp, PgDn', 'scroll the databricks.yml preview'],
  ['Ctrl-U', 'clear the field'],
  ['? or Ctrl-G', 'this help (where ? can be typed, Ctrl-G)'],
  ['Ctrl-C', 'quit; nothing is written before the review'],
];

const STEP_KEYS: [string, string][] = [
  ['↑ ↓', 'select a step'],
  ['a, x', 'add a step after it, remove it'],
  ['Shift-↑↓, K J', 'move it up or down'],
  ['← → or - +', 'its stage (same stage = parallel)'],
  ['r, d', 'rename it, set what it runs after'],
];

export function helpLines(title: string, help: string, withStepKeys: boolean, width: number): Line[] {
  const lines: Line[] = [line(seg(`Help — ${title}`, 'title')), ...wrapText(help, width).map((t) => line(t)), [], line(seg('Keys', 'title'))];
  const keys = withStepKeys ? [...STEP_KEYS, ...KEYS.filter(([k]) => k !== '↑ ↓' && k !== 'Ctrl-U')] : KEYS;
  for (const [k, what] of keys) lines.push(line(seg(`  ${k.padEnd(16)}`, 'accent'), what));
  lines.push([], line(seg('Esc, Enter or ? closes this help', 'muted')));
  return lines;
}
