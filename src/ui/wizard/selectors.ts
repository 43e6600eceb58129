import { bundleNameFor, ENV_NAMES, PIPELINE_NAME_PATTERN } from '../../core/names.js';
import { matchProfiles, newProfileLogin } from '../../core/profile-match.js';
import { resolveAnswers, type TemplateSource } from '../../core/scaffold.js';
import { describeSchedule } from '../../core/schedule-text.js';
import { builtinAnswers, coerceAnswer, expandDefault, type Answers, type AnswerValue, type Question } from '../../core/template-manifest.js';
import type { PreviewModel, PreviewRequest } from './preview.js';
import { NO_PROFILE, profileOptions } from './profile-options.js';
import { answerToText, editorFor, questionChoices, textToAnswer } from './question-kinds.js';
import { nameProblem, sameScreen, screenSequence, suggestName, type Screen } from './screens.js';
import type { WizardState } from './state.js';
import { checkSteps, stepsToAnswer } from './steps-editor.js';

/**
 * Every value derived from the wizard's state, each in one place: pure
 * functions the reducer, navigation, views and preview all read.
 */

/**
 * Why the wizard will not offer a deploy, or undefined when it can: the
 * Databricks CLI was not found, or the profile chosen is for another workspace
 * (the deploy would refuse it; the printed commands name the one that fits).
 */
export function deployBlocker(state: Pick<WizardState, 'setup' | 'env' | 'profile'>): 'no-cli' | 'wrong-profile' | undefined {
  const { setup } = state;
  if (setup.databricksCli !== undefined && setup.databricksCli.path === undefined) return 'no-cli';
  const host = setup.envs[state.env]?.workspace.host;
  if (host && state.profile && matchProfiles(setup.profiles, host, state.profile).mismatch) return 'wrong-profile';
  return undefined;
}

export function canDeploy(state: Pick<WizardState, 'setup' | 'env' | 'profile'>): boolean {
  return deployBlocker(state) === undefined;
}

export function currentTemplate(state: Pick<WizardState, 'setup' | 'templateId'>): TemplateSource {
  return state.setup.templates.find((t) => t.id === state.templateId) ?? state.setup.templates[0]!;
}

export function effectiveName(state: WizardState): string {
  return state.name || suggestName(state.setup, state.templateId);
}

export function currentQuestion(state: WizardState): Question | undefined {
  const { screen } = state;
  return screen.kind === 'question' ? currentTemplate(state).manifest.questions.find((q) => q.key === screen.key) : undefined;
}

export function sequence(state: WizardState): Screen[] {
  return screenSequence({ setup: state.setup, prefill: state.prefill, template: currentTemplate(state), name: effectiveName(state), answers: state.answers });
}

/** The accepted answer, else the flag's, else the default filled in with the name. */
export function answerOrDefault(state: WizardState, question: Question): AnswerValue {
  return state.answers[question.key] ?? expandDefault(question.default, builtinAnswers(effectiveName(state)));
}

/** Option lists of the choice screens. */
export function choiceValues(state: WizardState): readonly (string | boolean)[] {
  const { screen, setup } = state;
  if (screen.kind === 'template') return setup.templates.map((t) => t.id);
  if (screen.kind === 'env') return ENV_NAMES;
  if (screen.kind === 'profile') return profileOptions(setup, state.env).map((o) => o.value);
  if (screen.kind === 'deploy') return canDeploy(state) ? [true, false] : [false];
  const q = currentQuestion(state);
  return q && editorFor(q) === 'choice' ? questionChoices(q).map((c) => c.value) : [];
}

/** The answers of the questions asked, defaults filled in: what the pipeline is written from. */
export function answersToWrite(state: WizardState): Answers {
  const template = currentTemplate(state);
  const resolved = resolveAnswers(template.manifest, effectiveName(state), state.answers, true).answers;
  return Object.fromEntries(template.manifest.questions.filter((q) => q.key in resolved).map((q) => [q.key, resolved[q.key]!]));
}

/**
 * The preview follows what is on screen, not only what was accepted: the
 * highlighted template, the name being typed, the answer being edited, the
 * highlighted env.
 */
export function previewRequest(state: WizardState): PreviewRequest {
  const { screen } = state;
  const values = choiceValues(state);
  const template = screen.kind === 'template' ? (state.setup.templates.find((t) => t.id === values[state.choice]) ?? currentTemplate(state)) : currentTemplate(state);
  // A template only highlighted has its own suggested name (or the name already accepted), never the other's.
  const highlighted = template.id !== state.templateId;
  let name = highlighted ? state.name || suggestName(state.setup, template.id) : effectiveName(state);
  let given: Answers = highlighted ? state.prefill.answers : state.answers;
  let focus: string | undefined;
  if (screen.kind === 'name') {
    if (PIPELINE_NAME_PATTERN.test(state.text.value)) name = state.text.value;
    focus = bundleNameFor(name);
  }
  const q = currentQuestion(state);
  if (q) {
    const editor = editorFor(q);
    if (editor === 'steps' && state.steps) {
      given = { ...given, [q.key]: stepsToAnswer(state.steps.steps) };
      const selected = state.steps.steps[state.steps.selected]?.step;
      if (selected) focus = `task_key: ${selected}`;
    } else if (editor === 'choice') {
      given = { ...given, [q.key]: values[state.choice]! };
      if (typeof values[state.choice] === 'string') focus = String(values[state.choice]);
    } else {
      // An answer that breaks a rule still goes to the preview, which then names the problem there too.
      const typed = coerceAnswer(q, state.text.value);
      if ('value' in typed) given = { ...given, [q.key]: typed.value };
      focus = state.text.value.split(',')[0]?.trim();
    }
  }
  const env = screen.kind === 'env' ? String(values[state.choice]) : state.env;
  const focusTarget = screen.kind === 'env' || screen.kind === 'profile' || screen.kind === 'deploy';
  return { template, name, given, env, ...(focus ? { focus } : {}), ...(focusTarget ? { focusTarget } : {}) };
}

/** The problem to show under the current question: typed-value rules first, then what the preview found. */
export function liveProblem(state: WizardState, model: PreviewModel | undefined): string | undefined {
  if (state.notice) return state.notice;
  const { screen } = state;
  if (screen.kind === 'name') return nameProblem(state.setup, state.text.value);
  const q = currentQuestion(state);
  if (!q) return undefined;
  const editor = editorFor(q);
  if (editor === 'text') {
    const typed = textToAnswer(q, state.text.value);
    if ('error' in typed) return typed.error;
  }
  if (editor === 'steps' && state.steps) {
    const first = checkSteps(q, state.steps.steps).first;
    if (first) return first;
  }
  // The preview may still be the one for the previous keystroke; its problem is only this answer's if it was made from it.
  const current = previewRequest(state).given[q.key];
  if (model && JSON.stringify(model.answers[q.key]) !== JSON.stringify(current)) return undefined;
  return model?.problemsByKey[q.key]?.[0];
}

/** A line under the input that says what the answer means, e.g. the schedule in words. */
export function answerEcho(state: WizardState): string | undefined {
  const q = currentQuestion(state);
  if (!q || (q.type !== 'cron' && q.type !== 'timezone')) return undefined;
  const template = currentTemplate(state);
  const other = template.manifest.questions.find((x) => x.type === (q.type === 'cron' ? 'timezone' : 'cron'));
  const otherValue = other ? answerToText(answerOrDefault(state, other)) : '';
  const [cron, zone] = q.type === 'cron' ? [state.text.value, otherValue || 'UTC'] : [otherValue, state.text.value];
  if (!cron) return undefined;
  return `→ ${describeSchedule(cron, zone)}`;
}

/** "3/11": where this screen is among those of the run (intro not counted). */
export function progress(state: WizardState): { index: number; total: number } | undefined {
  const screens = sequence(state).filter((s) => s.kind !== 'intro');
  const i = screens.findIndex((s) => sameScreen(s, state.screen));
  return i < 0 ? undefined : { index: i + 1, total: screens.length };
}

/** The review's warning when the chosen profile is for another workspace than the env's (deploy refuses it). */
export function profileWarning(state: WizardState): string | undefined {
  const host = state.setup.envs[state.env]?.workspace.host;
  if (!host || !state.profile || state.profile === NO_PROFILE) return undefined;
  const m = matchProfiles(state.setup.profiles, host, state.profile);
  if (!m.mismatch) return undefined;
  const instead = m.matching[0] ? `choose ${m.matching[0].name}` : `add a profile for it: ${newProfileLogin(state.setup.profiles, state.env, host)}`;
  return `profile "${state.profile}" is for ${m.given!.host}, not the ${state.env} workspace; a deploy would refuse it: ${instead}`;
}
