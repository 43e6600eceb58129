import { answerText, coerceAnswer, validateAnswer, type AnswerValue, type Question } from '../../core/template-manifest.js';

/** How a question is edited on screen. */
export type QuestionEditor = 'text' | 'choice' | 'steps';

export function editorFor(question: Question): QuestionEditor {
  if (question.type === 'select' || question.type === 'confirm') return 'choice';
  if (question.type === 'steps') return 'steps';
  return 'text';
}

export interface ChoiceOption<T> {
  readonly value: T;
  readonly label: string;
  readonly detail?: string;
}

export function questionChoices(question: Question): ChoiceOption<string | boolean>[] {
  if (question.type === 'confirm') return [{ value: true, label: 'Yes' }, { value: false, label: 'No' }];
  return (question.choices ?? []).map((c) => ({ value: c.value, label: c.label }));
}

/** What a typed answer looks like, shown with the question when its prompt does not say; undefined: nothing to add. */
export function inputHint(question: Question): string | undefined {
  if (question.type === 'list') return 'separate several with commas';
  if (question.type === 'parameters') return 'name=value pairs, comma-separated; empty for none';
  if (question.type === 'integer' && question.min !== undefined) return `a whole number, ${question.min} to ${question.max ?? '…'}`;
  return undefined;
}

/** An answer as the text a person edits: lists comma-separated, numbers as digits. */
export function answerToText(value: AnswerValue | undefined): string {
  return value === undefined ? '' : answerText(value);
}

/** The typed text as an answer of the question's type, or why it cannot be one. */
export function textToAnswer(question: Question, text: string): { value: AnswerValue } | { error: string } {
  const coerced = coerceAnswer(question, text);
  if ('error' in coerced) return coerced;
  const problem = validateAnswer(question, coerced.value);
  return problem ? { error: problem } : coerced;
}

/**
 * Whether "?" is something a person may type into this question (a cron
 * expression needs it; free text may contain it). Elsewhere "?" opens help.
 */
export function acceptsQuestionMark(question: Question | undefined): boolean {
  if (!question || editorFor(question) !== 'text') return false;
  if (question.type === 'cron') return true;
  if (question.type === 'integer' || question.type === 'timezone') return false;
  return question.pattern === undefined || new RegExp(question.pattern, 'u').test('a?');
}
