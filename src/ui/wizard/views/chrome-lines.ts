import { fitLine } from '../../layout.js';
import { line, seg, type Line } from '../../lines.js';

/** "New pipeline · batch_sql · orders_etl  3/9" (not padded to the width: every character drawn costs frame time). */
export function headerLine(title: string, step: string, width: number): Line {
  const right = step ? `  ${step}` : '';
  return line(seg(fitLine(title, width - right.length), 'title'), seg(right, 'muted'));
}

export function footerLine(hints: readonly string[], width: number): Line {
  let text = '';
  for (const h of hints) {
    const next = text ? `${text} · ${h}` : h;
    if (next.length > width) break;
    text = next;
  }
  return line(seg(text, 'muted'));
}
