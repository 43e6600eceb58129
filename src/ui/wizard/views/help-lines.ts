import { wrapText } from '../../layout.js';
import { line, seg, type Line } from '../../lines.js';
import type { Question } from '../../../core/template-manifest.js';

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

/** `setup (stage 0), clean (stage 1, after setup)`: a steps example as the editor shows steps, not as JSON. */
function describeSteps(json: string): string | undefined {
  try {
    const steps = JSON.parse(json) as unknown;
    if (!Array.isArray(steps) || steps.length === 0) return undefined;
    return steps
      .map((s: { step?: unknown; stage?: unknown; depends_on?: unknown }) => {
        if (typeof s?.step !== 'string') throw new Error('not a step');
        const after = Array.isArray(s.depends_on) && s.depends_on.length > 0 ? `, after ${s.depends_on.join(', ')}` : '';
        return `${s.step} (stage ${String(s.stage ?? 0)}${after})`;
      })
      .join(', ');
  } catch {
    return undefined;
  }
}

/**
 * A question's help as the wizard shows it. A steps question's help ends with
 * an example in the JSON that `--set` takes; the editor shows steps as a list,
 * so the example is shown that way too.
 */
export function questionHelp(question: Question): string {
  if (question.type !== 'steps') return question.help;
  const match = /Example:\s*(\[[\s\S]*\])\s*$/.exec(question.help);
  const steps = match ? describeSteps(match[1]!) : undefined;
  return match && steps ? `${question.help.slice(0, match.index)}Example: ${steps}.` : question.help;
}

export function helpLines(title: string, help: string, withStepKeys: boolean, width: number): Line[] {
  const lines: Line[] = [line(seg(`Help — ${title}`, 'title')), ...wrapText(help, width).map((t) => line(t)), [], line(seg('Keys', 'title'))];
  const keys = withStepKeys ? [...STEP_KEYS, ...KEYS.filter(([k]) => k !== '↑ ↓' && k !== 'Ctrl-U')] : KEYS;
  const keyWidth = Math.min(18, Math.max(...keys.map(([k]) => k.length)) + 4);
  for (const [k, what] of keys) {
    const [first = '', ...more] = wrapText(what, Math.max(10, width - keyWidth));
    lines.push(line(seg(`  ${k}`.padEnd(keyWidth), 'accent'), first), ...more.map((m) => line(' '.repeat(keyWidth), m)));
  }
  lines.push([], line(seg('Esc, Enter or ? closes this help', 'muted')));
  return lines;
}
