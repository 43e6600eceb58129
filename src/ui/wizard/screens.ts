import { resolveAnswers, type TemplateSource } from '../../core/scaffold.js';
import { validateAnswer, type Question } from '../../core/template-manifest.js';
import { PIPELINE_NAME_PATTERN, PIPELINE_NAME_RULE } from '../../core/names.js';
import type { WizardPrefill, WizardSetup } from './types.js';

export type Screen =
  | { readonly kind: 'intro' }
  | { readonly kind: 'template' }
  | { readonly kind: 'name' }
  | { readonly kind: 'question'; readonly key: string }
  | { readonly kind: 'env' }
  | { readonly kind: 'profile' }
  | { readonly kind: 'review' }
  | { readonly kind: 'writing' }
  | { readonly kind: 'deploy' };

export function sameScreen(a: Screen, b: Screen): boolean {
  return a.kind === b.kind && (a.kind !== 'question' || (b.kind === 'question' && a.key === b.key));
}

/** Why a pipeline name cannot be used, or undefined. */
export function nameProblem(setup: WizardSetup, name: string): string | undefined {
  if (!PIPELINE_NAME_PATTERN.test(name)) return PIPELINE_NAME_RULE;
  if (setup.isNameTaken(name)) return `pipelines/${name} already exists; choose another name`;
  const folder = setup.folderProblem?.(name);
  return folder ? `pipelines/${name} ${folder}` : undefined;
}

/** A free name to offer first, e.g. batch_sql_pipeline, then batch_sql_pipeline_2. */
export function suggestName(setup: WizardSetup, templateId: string): string {
  const base = `${templateId.replace(/[^a-z0-9_]/g, '_')}_pipeline`.slice(0, 58);
  for (let i = 1; ; i++) {
    const name = i === 1 ? base : `${base}_${i}`;
    if (!setup.isNameTaken(name)) return name;
  }
}

/** Questions asked with these answers, in order: a question whose `when` fails is left out. */
export function askedQuestions(template: TemplateSource, name: string, answers: Readonly<Record<string, unknown>>): Question[] {
  const resolved = resolveAnswers(template.manifest, name, answers as never, true).answers;
  return template.manifest.questions.filter((q) => q.key in resolved);
}

export interface SequenceInput {
  readonly setup: WizardSetup;
  readonly prefill: WizardPrefill;
  readonly template: TemplateSource;
  readonly name: string;
  readonly answers: Readonly<Record<string, unknown>>;
}

/** The screens of this run in order. A question the flags answered validly is skipped, both ways. */
export function screenSequence(input: SequenceInput): Screen[] {
  const { prefill, setup } = input;
  const screens: Screen[] = [];
  if (prefill.template === undefined) screens.push({ kind: 'intro' }, { kind: 'template' });
  // An edit's name is the pipeline's own, which exists: never asked.
  if (!prefill.edit && (prefill.name === undefined || nameProblem(setup, prefill.name) !== undefined)) screens.push({ kind: 'name' });
  for (const q of askedQuestions(input.template, input.name, input.answers)) {
    const given = prefill.answers[q.key];
    if (given === undefined || validateAnswer(q, given) !== undefined) screens.push({ kind: 'question', key: q.key });
  }
  if (prefill.env === undefined) screens.push({ kind: 'env' });
  if (prefill.profile === undefined) screens.push({ kind: 'profile' });
  screens.push({ kind: 'review' });
  return screens;
}
