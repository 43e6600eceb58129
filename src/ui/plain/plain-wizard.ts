/**
 * `new` on a terminal that cannot address the cursor: the wizard's questions as
 * lines, in the wizard's order (screens.ts), with its defaults, its checks (the
 * same preview of the pipeline decides whether an answer is accepted), a plain
 * review, and the same write as `new --yes`.
 */
import type { CliContext } from '../../session/context.js';
import { ENV_NAMES } from '../../core/names.js';
import { loginCommand } from '../../core/profile-match.js';
import { resolveAnswers, type TemplateSource } from '../../core/scaffold.js';
import { builtinAnswers, expandDefault, type Answers, type AnswerValue } from '../../core/template-manifest.js';
import { orderedPipelineFiles, preparePipeline } from '../../core/assemble-pipeline.js';
import { writePipeline } from '../../project/scaffold-pipeline.js';
import { loadWizardSetup } from '../wizard/load-setup.js';
import { createPreviewer } from '../wizard/preview.js';
import { defaultProfileIndex, profileOptions } from '../wizard/profile-options.js';
import { nameProblem, screenSequence, type Screen } from '../wizard/screens.js';
import type { WizardPrefill, WizardResult } from '../wizard/types.js';
import { askChoice, askText, askYesNo, BACK, createPrompter, say, type Back, type Prompter } from '../../session/line-ask.js';
import { askQuestion, questionHeader } from './question.js';
import { printReview } from './review.js';
import { nameOf, templateOf, type PlainAnswers, type PlainRun } from './plain-state.js';

/** Asks everything, writes the pipeline, and asks whether to deploy. Resolves `cancelled` when the input ends first. */
export async function runPlainWizard(root: string, ctx: CliContext, prefill: WizardPrefill, prefilledTemplate?: TemplateSource): Promise<WizardResult> {
  const setup = loadWizardSetup(root, ctx.env, prefill, prefilledTemplate);
  const run: PlainRun = { p: createPrompter(ctx.terminal), setup, prefill, previewer: createPreviewer(setup.envs) };
  try {
    printIntro(run.p, prefill);
    // Ctrl-C while asking: the process ends (exit 130) having written nothing; say so.
    const unregister = ctx.onInterrupt(() => void run.p.output.write('\ncancelled: nothing was written\n'));
    const answered = await askAll(run, initialAnswers(run)).finally(unregister);
    if (answered === undefined) return { status: 'cancelled' };
    const files = await write(root, ctx, run, answered);
    const deployNow = answered.profile ? await askDeploy(run.p, answered, files.length) : false;
    return { status: 'written', name: answered.name, template: answered.templateId, answers: askedAnswers(run, answered), env: answered.env, ...(answered.profile ? { profile: answered.profile } : {}), deployNow, files };
  } catch (error) {
    if (error instanceof Error && error.name === 'ExitPromptError') return { status: 'cancelled' };
    throw error;
  } finally {
    run.p.reader.close();
  }
}

async function askDeploy(p: Prompter, s: PlainAnswers, fileCount: number): Promise<boolean> {
  p.output.write('\n');
  say(p, `Wrote pipelines/${s.name}/ (${fileCount} files)`);
  return (await askYesNo(p, `Validate and deploy to ${s.env} now (profile ${s.profile})?`, false, { back: false })) === true;
}

function initialAnswers(run: PlainRun): PlainAnswers {
  const { prefill, setup } = run;
  const name = prefill.name !== undefined && nameProblem(setup, prefill.name) === undefined ? prefill.name : '';
  return { templateId: prefill.template ?? setup.templates[0]!.id, name, answers: { ...prefill.answers }, env: prefill.env ?? 'dev', ...(prefill.profile !== undefined ? { profile: prefill.profile } : {}) };
}

function printIntro(p: Prompter, prefill: WizardPrefill): void {
  say(p, 'Create a data pipeline');
  say(p, 'A few questions, each with a default in [brackets]: Enter takes it, "<" goes back to the previous question, Ctrl-C quits. Nothing is written until you confirm the review.', 2);
  if (prefill.template === undefined) say(p, 'Streaming templates read Kafka topics into a bronze Delta table or into Lakebase Postgres; batch SQL builds silver and gold tables from bronze on a schedule.', 2);
}

function sequence(run: PlainRun, s: PlainAnswers): Screen[] {
  const template = templateOf(run, s);
  return screenSequence({ setup: run.setup, prefill: run.prefill, template, name: nameOf(run, s), answers: s.answers }).filter((x) => x.kind !== 'intro');
}

/** Each screen of the wizard's sequence in turn; "<" steps back one. Undefined: the review was declined. */
async function askAll(run: PlainRun, start: PlainAnswers): Promise<PlainAnswers | undefined> {
  let s = start;
  for (let i = 0; ; ) {
    const screens = sequence(run, s);
    const screen = screens[Math.min(i, screens.length - 1)]!;
    const at = `(${i + 1}/${screens.length})`;
    if (screen.kind === 'review') {
      const write = await printReview(run, s, at);
      if (write === BACK) i = Math.max(0, i - 1);
      else return write ? { ...s, name: nameOf(run, s) } : undefined;
      continue;
    }
    const next = await askScreen(run, s, screen, at);
    if (next === BACK) i = Math.max(0, i - 1);
    else [s, i] = [next, i + 1];
  }
}

async function askScreen(run: PlainRun, s: PlainAnswers, screen: Screen, at: string): Promise<PlainAnswers | Back> {
  switch (screen.kind) {
    case 'template':
      return askTemplate(run, s, at);
    case 'name':
      return askName(run, s, at);
    case 'env':
      return askEnv(run, s, at);
    case 'profile':
      return askProfile(run, s, at);
    case 'question': {
      const q = templateOf(run, s).manifest.questions.find((x) => x.key === screen.key)!;
      const current = s.answers[q.key] ?? expandDefault(q.default, builtinAnswers(nameOf(run, s)));
      const value = await askQuestion(run.p, q, { at, current, pipelineProblem: (v) => pipelineProblem(run, s, q.key, v) });
      return value === BACK ? BACK : { ...s, answers: { ...s.answers, [q.key]: value } };
    }
    default:
      return s;
  }
}

/** What the pipeline built from these answers says about the answer to `key` (the wizard's preview check). */
function pipelineProblem(run: PlainRun, s: PlainAnswers, key: string, value: AnswerValue): string | undefined {
  const given = { ...s.answers, [key]: value };
  const prepared = run.previewer.prepare({ template: templateOf(run, s), name: nameOf(run, s), given, env: s.env });
  return prepared.problemsByKey[key]?.[0];
}

async function askTemplate(run: PlainRun, s: PlainAnswers, at: string): Promise<PlainAnswers | Back> {
  questionHeader(run.p, at, 'Which kind of pipeline?');
  for (const problem of run.setup.templateProblems) say(run.p, `not loadable: ${problem}`, 2);
  const options = run.setup.templates.map((t) => ({ value: t.id, label: `${t.id} — ${t.manifest.title}`, detail: t.manifest.description }));
  const id = await askChoice(run.p, { label: 'Template', options, defaultIndex: Math.max(0, options.findIndex((o) => o.value === s.templateId)) });
  if (id === BACK || id === s.templateId) return id === BACK ? BACK : s;
  return { ...s, templateId: id, answers: { ...run.prefill.answers } };
}

async function askName(run: PlainRun, s: PlainAnswers, at: string): Promise<PlainAnswers | Back> {
  questionHeader(run.p, at, 'Pipeline name', "The folder pipelines/<name>/ and the bundle loyalty_<name>; also the job's key.");
  const parse = (text: string) => {
    const problem = nameProblem(run.setup, text);
    return problem === undefined ? { value: text } : { problem };
  };
  const name = await askText(run.p, { label: 'Pipeline name', defaultText: s.name || run.prefill.name || nameOf(run, s), parse });
  return name === BACK ? BACK : { ...s, name };
}

async function askEnv(run: PlainRun, s: PlainAnswers, at: string): Promise<PlainAnswers | Back> {
  questionHeader(run.p, at, 'Which environment is this for?', 'The deploy, if you choose it, goes there; the files hold every environment.');
  const options = ENV_NAMES.map((e) => ({ value: e, label: e, detail: run.setup.envs[e]?.workspace.host ?? '' }));
  const env = await askChoice(run.p, { label: 'Environment', options, defaultIndex: ENV_NAMES.indexOf(s.env) });
  if (env === BACK) return BACK;
  // A profile chosen for another workspace is asked again for this one.
  if (env === s.env || run.prefill.profile !== undefined) return { ...s, env };
  const { profile: _other, ...rest } = s;
  return { ...rest, env };
}

async function askProfile(run: PlainRun, s: PlainAnswers, at: string): Promise<PlainAnswers | Back> {
  const { setup } = run;
  const host = setup.envs[s.env]?.workspace.host ?? '';
  const options = profileOptions(setup, s.env);
  questionHeader(run.p, at, `Databricks profile for ${s.env} (${host})`, `From ${setup.profilesPath}; this workspace's profiles first. Tokens are never shown.`);
  if (!options.some((o) => o.matches)) say(run.p, `None is for the ${s.env} workspace. To add one: ${loginCommand(host, `loyalty-${s.env}`)}`, 2);
  const chosen = options.findIndex((o) => o.value === s.profile);
  const profile = await askChoice(run.p, { label: 'Profile', options, defaultIndex: chosen >= 0 ? chosen : defaultProfileIndex(options) });
  return profile === BACK ? BACK : { ...s, profile };
}

/** The answers of the questions asked, defaults filled in (what the CI command line repeats). */
function askedAnswers(run: PlainRun, s: PlainAnswers): Answers {
  const template = templateOf(run, s);
  const resolved = resolveAnswers(template.manifest, s.name, s.answers, true).answers;
  return Object.fromEntries(template.manifest.questions.filter((q) => q.key in resolved).map((q) => [q.key, resolved[q.key]!]));
}

/** The same files `new --yes` writes: every answer resolved as it resolves them, built-ins included. */
async function write(root: string, ctx: CliContext, run: PlainRun, s: PlainAnswers): Promise<string[]> {
  const template = templateOf(run, s);
  const answers = resolveAnswers(template.manifest, s.name, s.answers, true).answers;
  const prepared = preparePipeline(template, s.name, answers, run.setup.envs);
  await writePipeline(root, prepared, { onInterrupt: ctx.onInterrupt });
  return orderedPipelineFiles(prepared.files.keys()).map((file) => `pipelines/${s.name}/${file}`);
}
