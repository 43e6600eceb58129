import { ENV_NAMES, PIPELINE_NAME_RULE } from '../../../core/names.js';
import { NARROW_TEXT_COLUMNS, type PaneShare } from '../../layout.js';
import { newProfileLogin } from '../../../core/profile-match.js';
import { line, seg, type Line } from '../../lines.js';
import type { PreviewModel } from '../preview.js';
import { NO_PROFILE, profileOptions } from '../profile-options.js';
import { acceptsQuestionMark, editorFor, inputHint, questionChoices, type ChoiceOption } from '../question-kinds.js';
import { answerEcho, canDeploy, currentQuestion, currentTemplate, deployBlocker, liveProblem, profileWarning } from '../selectors.js';
import type { WizardState } from '../state.js';
import { CLI_INSTALL_EXAMPLE, CLI_INSTALL_URL } from '../../../databricks/find-cli.js';
import { checkSteps } from '../steps-editor.js';
import type { Hint } from './chrome-lines.js';
import { choiceLines } from './choice-lines.js';
import { questionHelp } from './help-lines.js';
import { stepsLines } from './steps-lines.js';
import { textQuestionLines } from './text-question-lines.js';

export const NAME_HELP = `The folder pipelines/<name>/ and the bundle loyalty_<name>; also the job's key. Rule: ${PIPELINE_NAME_RULE}.`;

/** One choice question in the pane's width and height, with the screen's live problem. */
type ChoiceLines = (prompt: string, options: readonly ChoiceOption<unknown>[], extra?: Partial<Parameters<typeof choiceLines>[0]>) => Line[];

/** The lines of the question side of the screen, for any screen that has a preview beside it. */
export function questionPaneLines(state: WizardState, model: PreviewModel | undefined, width: number, maxLines: number): Line[] {
  const { screen, setup } = state;
  const problem = liveProblem(state, model);
  const choice: ChoiceLines = (prompt, options, extra = {}) =>
    choiceLines({ prompt, options, selected: state.choice, ...(problem ? { problem } : {}), ...extra }, width, maxLines);
  switch (screen.kind) {
    case 'template':
      return choice(
        'Which kind of pipeline?',
        setup.templates.map((t) => ({ value: t.id, label: t.manifest.title, detail: t.manifest.description })),
        { detailBelow: true, notes: setup.templateProblems.map((p) => `not loadable: ${p}`) },
      );
    case 'name':
      return textQuestionLines({ prompt: 'Pipeline name', help: NAME_HELP, draft: state.text, ...(problem ? { problem } : {}) }, width, maxLines);
    case 'env':
      return choice(
        'Which environment is this for?',
        ENV_NAMES.map((e) => ({ value: e, label: e, detail: setup.envs[e]?.workspace.host ?? '' })),
        { help: 'The preview shows the whole file with every target; this one is marked ▌. The deploy step, if you choose it, goes here.' },
      );
    case 'profile':
      return profileLines(state, choice);
    case 'deploy':
      return deployLines(state, choice);
    case 'writing':
      return [line(seg(`Writing pipelines/${state.name}/ …`, 'accent'))];
    case 'question':
      return templateQuestionLines(state, problem, choice, width, maxLines);
    default:
      return [];
  }
}

/** The profile screen: this env's profiles, or how to log in to its workspace. */
function profileLines(state: WizardState, choice: ChoiceLines): Line[] {
  const { setup } = state;
  const host = setup.envs[state.env]?.workspace.host ?? '';
  const options = profileOptions(setup, state.env);
  const login = newProfileLogin(setup.profiles, state.env, host);
  const notes =
    setup.profiles.length === 0
      ? [`No profiles in ${setup.profilesPath}. To add one: ${login}`]
      : options.some((o) => o.matches)
        ? []
        : [`None of these is for the ${state.env} workspace. To add one: ${login}`];
  const help = `From ${setup.profilesPath}; this workspace's profiles first. Tokens are never shown.`;
  return choice(`Databricks profile for ${state.env} (${host})`, options, { notes, ...(notes.length === 0 ? { help } : {}) });
}

/** The deploy screen: deploy now, or only the commands when a deploy could not work. */
function deployLines(state: WizardState, choice: ChoiceLines): Line[] {
  const count = state.files?.length ?? 0;
  const written = line(seg(state.prefill.edit && count === 0 ? `✓ No changes: pipelines/${state.name}/ left as it was` : `✓ Wrote pipelines/${state.name}/ (${count} files)`, 'ok'));
  const cli = state.setup.databricksCli;
  const blocker = deployBlocker(state);
  if (blocker === 'wrong-profile') {
    return choice(`Profile "${state.profile}" is for another workspace, so the wizard will not deploy to ${state.env} with it.`, [{ value: false, label: 'Print the commands to deploy later' }], {
      before: [written, []],
      notes: [`${profileWarning(state)}. The deploy command printed next uses a profile for ${state.env}.`],
    });
  }
  if (blocker === 'no-cli' && cli) {
    // Only what can work: the commands, with how to get the CLI that runs them.
    return choice(`The Databricks CLI ("${cli.executable}") was not found, so the wizard cannot deploy to ${state.env}.`, [{ value: false, label: 'Print the commands to deploy later' }], {
      before: [written, []],
      notes: [`Install it: ${CLI_INSTALL_URL} (e.g. ${CLI_INSTALL_EXAMPLE}), or set LOYALTY_DATABRICKS_CLI to it; then run the deploy command printed next.`],
    });
  }
  return choice(`Validate and deploy to ${state.env} now (profile ${state.profile ?? NO_PROFILE})?`, [
    { value: true, label: 'Yes' },
    { value: false, label: 'No — print the commands instead' },
  ], { before: [written, []] });
}

/** A template's own question, in the editor its type takes. */
function templateQuestionLines(state: WizardState, problem: ReturnType<typeof liveProblem>, choice: ChoiceLines, width: number, maxLines: number): Line[] {
  const q = currentQuestion(state)!;
  const editor = editorFor(q);
  if (editor === 'choice') return choice(q.prompt, questionChoices(q), { help: q.help });
  if (editor === 'steps' && state.steps) {
    return stepsLines({ prompt: q.prompt, help: questionHelp(q), editor: state.steps, check: checkSteps(q, state.steps.steps), ...(problem ? { problem } : {}) }, width, maxLines);
  }
  const echo = answerEcho(state);
  const hint = inputHint(q);
  return textQuestionLines(
    { prompt: q.prompt, help: q.help, draft: state.text, ...(problem ? { problem } : {}), ...(echo ? { echo } : {}), ...(hint ? { hint } : {}) },
    width,
    maxLines,
  );
}

/** How many lines the question side would like when stacked above the preview. */
export function preferredQuestionLines(state: WizardState): number {
  const { screen } = state;
  if (screen.kind === 'template') return 5 + state.setup.templates.length * 3;
  if (screen.kind === 'profile') return 6 + Math.max(1, state.setup.profiles.length + 1);
  if (screen.kind === 'env') return 8;
  if (screen.kind === 'deploy') return canDeploy(state) ? 6 : 10;
  if (state.steps) return 6 + Math.min(8, state.steps.steps.length);
  const q = currentQuestion(state);
  if (q && editorFor(q) === 'choice') return 6 + questionChoices(q).length;
  return 8;
}

/** How wide the question side is beside the preview: text questions and short choices leave the preview most of it. */
export function paneShare(state: WizardState): PaneShare {
  const { kind } = state.screen;
  if (kind === 'review') return 'review';
  if (kind === 'name') return 'narrow';
  const q = currentQuestion(state);
  if (!q) return 'wide';
  const editor = editorFor(q);
  if (editor === 'text') return 'narrow';
  return editor === 'choice' && Math.max(...questionChoices(q).map((c) => c.label.length)) + 2 <= NARROW_TEXT_COLUMNS ? 'narrow' : 'wide';
}

export function headerTitle(state: WizardState): string {
  const parts = [state.prefill.edit ? 'Edit pipeline' : 'New pipeline'];
  if (state.screen.kind !== 'intro' && state.screen.kind !== 'template') parts.push(currentTemplate(state).id);
  if (state.name) parts.push(state.name);
  return parts.join(' · ');
}

export const INTRO_HINTS: readonly Hint[] = ['↵ start', '? help', '^C quit'];

const QUIT = '^C quit';
const PREVIEW: Hint = { text: 'PgUp/PgDn preview', drop: 1 };

/** The steps editor's own keys; those that do not fit are in its help (?). */
const STEPS_HINTS: readonly Hint[] = [
  { text: '↑↓ select', drop: 6 },
  'a add',
  'x remove',
  { text: 'r rename', drop: 5 },
  { text: 'd after', drop: 4 },
  { text: '←→ stage', drop: 3 },
  { text: '⇧↑↓ move', drop: 2 },
  '↵ done',
  'esc back',
  '? help',
  QUIT,
];

export function footerHints(state: WizardState, opts: { scrolls?: boolean } = {}): readonly Hint[] {
  const scroll: Hint[] = opts.scrolls ? ['↑↓ scroll'] : [];
  if (state.help) return ['Esc close help', ...scroll, QUIT];
  const { kind } = state.screen;
  if (kind === 'intro') return INTRO_HINTS;
  if (kind === 'writing') return ['writing…'];
  if (kind === 'review') return [state.prefill.edit ? '↵ write changes' : '↵ write files', 'esc back', ...scroll, QUIT];
  if (kind === 'deploy') return canDeploy(state) ? ['y/n', '↵ confirm', QUIT] : ['↵ finish', QUIT];
  if (state.steps?.editing) return ['type', '↵ keep', 'esc undo', PREVIEW, QUIT];
  if (state.steps) return STEPS_HINTS;
  const q = currentQuestion(state);
  const text = kind === 'name' || (q !== undefined && editorFor(q) === 'text');
  const help = acceptsQuestionMark(q) ? '^G help' : '? help';
  return [...(text ? [] : ['↑↓ choose']), '↵ next', 'esc back', help, PREVIEW, QUIT];
}
