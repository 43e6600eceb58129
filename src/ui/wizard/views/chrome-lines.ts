import { fitLine } from '../../layout.js';
import { line, seg, type Line } from '../../lines.js';
import { columns } from '../../text-width.js';

/** "New pipeline · batch_sql · orders_etl  3/9" (not padded to the width: every character drawn costs frame time). */
export function headerLine(title: string, step: string, width: number): Line {
  const right = step ? `  ${step}` : '';
  return line(seg(fitLine(title, width - right.length), 'title'), seg(right, 'muted'));
}

/**
 * A footer hint. A plain string is always shown (accept, back, help, quit);
 * one with `drop` is left out when the line is too narrow, lowest `drop` first.
 */
export type Hint = string | { readonly text: string; readonly drop: number };

const hintText = (h: Hint) => (typeof h === 'string' ? h : h.text);
const joinHints = (hints: readonly Hint[]) => hints.map(hintText).join(' · ');

/** The hints that fit the width, in their order: optional ones go first, so accept, back, help and quit stay. */
export function footerLine(hints: readonly Hint[], width: number): Line {
  let shown = [...hints];
  while (columns(joinHints(shown)) > width) {
    const optional = shown.filter((h): h is Exclude<Hint, string> => typeof h !== 'string');
    if (optional.length === 0) break;
    const first = optional.reduce((a, b) => (b.drop < a.drop ? b : a));
    shown = shown.filter((h) => h !== first);
  }
  return line(seg(fitLine(joinHints(shown), width), 'muted'));
}
