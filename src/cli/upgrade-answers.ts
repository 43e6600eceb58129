/**
 * The answers an upgrade renders the current template with: the recorded ones, --set, and the new questions'
 * (asked in a terminal, their defaults with --yes, else exit 2 naming them, as `new` does).
 */
import type { AnswersRecord } from '../core/answers-record.js';
import { UsageError } from '../core/errors.js';
import { resolveAnswers, type TemplateSource } from '../core/scaffold.js';
import { answerText, builtinAnswers, expandDefault, type Answers, type AnswerValue, type Question } from '../core/template-manifest.js';
import { textToAnswer } from '../ui/wizard/question-kinds.js';
import { terminalSafe } from '../core/terminal-text.js';
import type { CliContext } from '../session/context.js';

export interface UpgradeAnswers {
  readonly answers: Answers;
  /** New questions that took their default (--yes), with the value taken. */
  readonly defaulted: readonly { readonly key: string; readonly value: AnswerValue }[];
}

export async function upgradeAnswers(template: TemplateSource, name: string, record: AnswersRecord, sets: Answers, yes: boolean, ctx: CliContext): Promise<UpgradeAnswers> {
  const known = new Set(template.manifest.questions.map((q) => q.key));
  const given: Answers = { ...Object.fromEntries(Object.entries(record.answers).filter(([k]) => known.has(k))), ...sets };
  // Unanswered questions are listed as missing and filled with their defaults: with --yes, that is the answer.
  let resolved = checked(template, name, given);
  if (resolved.missing.length > 0 && !yes && !ctx.interactive) throw unanswered(template, name, resolved.missing);
  const defaulted = yes ? resolved.missing.map((q) => ({ key: q.key, value: resolved.answers[q.key]! })) : [];
  while (!yes && resolved.missing.length > 0) {
    const q = resolved.missing[0]!;
    given[q.key] = await askQuestion(q, expandDefault(q.default, builtinAnswers(name)), ctx);
    resolved = checked(template, name, given);
  }
  return { answers: resolved.answers, defaulted };
}

function checked(template: TemplateSource, name: string, given: Answers): ReturnType<typeof resolveAnswers> {
  const resolved = resolveAnswers(template.manifest, name, given, false);
  const first = resolved.invalid[0];
  if (first) throw new UsageError(`upgrade ${name}: answer "${first.key}": ${first.message}`, `fix it with --set ${first.key}=<value>, or in pipelines/${name}/.template-answers.yml`);
  return resolved;
}

function unanswered(template: TemplateSource, name: string, missing: readonly Question[]): UsageError {
  const keys = missing.map((q) => q.key);
  const defaults = missing.map((q) => `${q.key}=${terminalSafe(answerText(expandDefault(q.default, builtinAnswers(name))))}`).join(' ');
  return new UsageError(
    `upgrade ${name}: template ${template.id} version ${template.manifest.version} asks ${keys.length} new question(s): ${keys.join(', ')}`,
    `answer each with --set key=value, or pass --yes to take the defaults (${defaults})`,
  );
}

/** One new question, with the prompts commands use outside the wizard: yes/no, a choice, or a line checked as `new` checks it. */
async function askQuestion(q: Question, fallback: AnswerValue, ctx: CliContext): Promise<AnswerValue> {
  const { commandPrompts } = await import('../session/command-prompts.js');
  const prompts = await commandPrompts(ctx);
  ctx.stderr.write(`New question: ${terminalSafe(q.help)}\n`);
  const message = terminalSafe(q.prompt);
  if (q.type === 'confirm') return prompts.confirm(message, fallback === true);
  if (q.type === 'select') {
    const choices = (q.choices ?? []).map((c) => ({ name: terminalSafe(c.label), value: c.value }));
    return prompts.select(message, [...choices].sort((a, b) => Number(b.value === fallback) - Number(a.value === fallback)));
  }
  const parse = (typed: string): { value: AnswerValue } | { error: string } => (typed.trim() === '' ? { value: fallback } : textToAnswer(q, typed));
  const typed = await prompts.input(`${message} [${terminalSafe(answerText(fallback))}]`, (t) => {
    const p = parse(t);
    return 'error' in p ? p.error : true;
  });
  return (parse(typed) as { value: AnswerValue }).value;
}
