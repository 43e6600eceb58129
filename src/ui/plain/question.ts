/** A template question asked as a line: the manifest's prompt, help, default and rules, as the wizard asks it. */
import type { AnswerValue, Question } from '../../core/template-manifest.js';
import { answerToText, editorFor, inputHint, questionChoices, textToAnswer } from '../wizard/question-kinds.js';
import { checkSteps, stepsFromAnswer } from '../wizard/steps-editor.js';
import { askChoice, askText, askYesNo, say, type Back, type Parsed, type Prompter } from '../../session/line-ask.js';
import { parseStepsLine, STEPS_LINE_HELP, stepsToLine } from './steps-line.js';

export interface QuestionAsk {
  /** Where this question is in the run, e.g. "3/11". */
  readonly at: string;
  /** The answer so far, else the default. */
  readonly current: AnswerValue;
  /** What the whole pipeline would make of this answer (the same check the wizard's preview makes), or undefined. */
  readonly pipelineProblem: (value: AnswerValue) => string | undefined;
}

export function questionHeader(p: Prompter, at: string, title: string, help?: string): void {
  p.output.write('\n');
  say(p, `${at} ${title}`);
  if (help) say(p, help, 2);
}

export function askQuestion(p: Prompter, q: Question, ask: QuestionAsk): Promise<AnswerValue | Back> {
  const typed = inputHint(q);
  const hint = typed ? ` ${typed[0]!.toUpperCase()}${typed.slice(1)}.` : '';
  questionHeader(p, ask.at, q.prompt, `${q.help}${hint}`);
  if (q.type === 'confirm') return askYesNo(p, q.prompt, ask.current === true, { check: ask.pipelineProblem });
  if (editorFor(q) === 'choice') {
    const options = questionChoices(q);
    const index = Math.max(0, options.findIndex((o) => o.value === ask.current));
    return askChoice(p, { label: q.prompt, options, defaultIndex: index, check: ask.pipelineProblem });
  }
  if (editorFor(q) === 'steps') return askSteps(p, q, ask);
  const parse = (text: string): Parsed<AnswerValue> => checked(textToAnswer(q, text), ask);
  return askText(p, { label: q.prompt, defaultText: answerToText(ask.current), parse });
}

function askSteps(p: Prompter, q: Question, ask: QuestionAsk): Promise<AnswerValue | Back> {
  for (const s of stepsFromAnswer(ask.current)) {
    const after = s.depends_on && s.depends_on.length > 0 ? ` (after ${s.depends_on.join(', ')})` : '';
    say(p, `stage ${s.stage}  ${s.step}${after}${s.description ? ` — ${s.description}` : ''}`, 2);
  }
  say(p, STEPS_LINE_HELP, 2);
  const parse = (text: string): Parsed<AnswerValue> => {
    const parsed = parseStepsLine(q, text, ask.current);
    if ('error' in parsed) return { problem: parsed.error };
    const problem = checkSteps(q, stepsFromAnswer(parsed.value)).first;
    return problem ? { problem } : checked(parsed, ask);
  };
  return askText(p, { label: q.prompt, defaultText: stepsToLine(ask.current), parse });
}

function checked(typed: { value: AnswerValue } | { error: string }, ask: QuestionAsk): Parsed<AnswerValue> {
  if ('error' in typed) return { problem: typed.error };
  const problem = ask.pipelineProblem(typed.value);
  return problem === undefined ? { value: typed.value } : { problem };
}
