/**
 * The batch steps as one line of text, for a terminal without the steps editor:
 * `stage:name` for each step, `>after,after` for explicit dependencies, e.g.
 * `0:setup 1:orders_clean 2:orders_daily>orders_clean`. A step keeping its name
 * keeps its other fields (SQL file, layer, description).
 */
import { coerceAnswer, type AnswerValue, type Question, type StepAnswer } from '../../core/template-manifest.js';
import { stepsFromAnswer, stepsToAnswer } from '../wizard/steps-editor.js';

export const STEPS_LINE_HELP = 'Type the steps as stage:name, separated by spaces; ">a,b" after a name waits for steps a and b instead of the whole previous stage. Or a JSON array, as --set takes it.';

export function stepsToLine(value: AnswerValue | undefined): string {
  return stepsFromAnswer(value)
    .map((s) => `${s.stage}:${s.step}${s.depends_on && s.depends_on.length > 0 ? `>${s.depends_on.join(',')}` : ''}`)
    .join(' ');
}

const TOKEN = /^(\d{1,2}):([^>\s]*)(?:>(\S*))?$/;

/** The steps a line describes, built on `current`; or what is wrong with the line. */
export function parseStepsLine(question: Question, text: string, current: AnswerValue | undefined): { value: AnswerValue } | { error: string } {
  if (text.trim().startsWith('[')) return coerceAnswer(question, text);
  const known = new Map(stepsFromAnswer(current).map((s) => [s.step, s]));
  const steps: StepAnswer[] = [];
  for (const token of text.trim().split(/\s+/).filter(Boolean)) {
    const m = TOKEN.exec(token);
    if (!m) return { error: `"${token}": write each step as stage:name, e.g. 1:orders_clean (or 2:orders_daily>orders_clean)` };
    const [, stage, step, after] = m as unknown as [string, string, string, string | undefined];
    const deps = (after ?? '').split(',').filter(Boolean);
    // Spread first, so every field the step had keeps its place in config.json.
    const merged: StepAnswer = { ...known.get(step), step, stage: Number(stage), depends_on: deps };
    if (deps.length === 0) delete merged.depends_on;
    steps.push(merged);
  }
  return { value: stepsToAnswer(steps) };
}
