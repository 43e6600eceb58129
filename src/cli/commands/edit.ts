import * as z from 'zod';
import { UsageError } from '../../core/errors.js';
import { planEdit, questionAnswers, resolveEditAnswers, sameAnswer, type EditPlan } from '../../core/edit-pipeline.js';
import type { Answers } from '../../core/template-manifest.js';
import type { EnvConfigs } from '../../core/env-config.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { loadEditTarget, writeEdit, type EditTarget } from '../../project/edit-target.js';
import { listPipelineNames, loadEnvConfigs, requireExistingPipeline } from '../../project/project.js';
import { answersFileField, globalFields, parseCommandArgs, setField, wizardTargetFields } from '../args.js';
import type { CliContext } from '../../session/context.js';
import { createStyle } from '../../session/style.js';
import { commandPrompts } from '../../session/command-prompts.js';
import { promptPipeline } from '../workspace-inputs.js';
import { projectRoot } from './common.js';
import { deployAfterWizard } from '../wizard-deploy.js';
import { formatValue, parseSets, printReplay, readAnswersFile, shellArg } from '../answer-flags.js';

export const schema = z.object({
  ...globalFields,
  set: setField('Change one answer (repeatable); the others stay as the pipeline has them', 'schedule_cron="0 0 3 * * ?"'),
  answers: answersFileField,
  yes: z.boolean().optional().describe('Apply the changes without the wizard').meta({ alias: 'y' }),
  ...wizardTargetFields,
  positionals: z.array(z.string()).max(1, 'edit takes one pipeline name').meta({ complete: 'pipeline' }),
});

type Args = z.output<typeof schema>;

/** `edit <pipeline>`: the wizard on an existing pipeline, or with --yes its answers changed by --set / --answers. */
export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('edit', argv, schema);
  const root = projectRoot(ctx, args.root);
  const wizard = ctx.interactive && !ctx.plain && !args.yes;
  const name = await pipelineArg(root, args.positionals[0], wizard, ctx);
  if (!wizard && !args.yes) {
    const why = ctx.interactive ? 'this terminal cannot show the wizard (it cannot move the cursor)' : 'no terminal to show the wizard in';
    throw new UsageError(`edit: ${why}; nothing was written`, `pass --yes to apply the answers without questions, e.g. loyalty-wizard edit ${name} --set key=value --yes`);
  }
  const envs = loadEnvConfigs(root);
  const target = loadEditTarget(root, name);
  const given = { ...readAnswersFile(ctx, args.answers, 'edit'), ...parseSets(target.template, args.set, 'edit') };
  if (wizard) return runInteractive(root, target, given, args, ctx, envs);
  const plan = planEdit(target, target.before, editAnswers(target, given), envs);
  const written = plan.changes.length > 0 ? await writeEdit(root, name, plan) : [];
  printEdit(ctx, target, plan, written);
  return 0;
}

/** The one pipeline named; without one, picked in a terminal (the home menu's "Edit a pipeline"), else a usage error listing them. */
async function pipelineArg(root: string, named: string | undefined, ask: boolean, ctx: CliContext): Promise<string> {
  if (named !== undefined) {
    requireExistingPipeline(root, named);
    return named;
  }
  const known = listPipelineNames(root);
  if (ask) return promptPipeline(await commandPrompts(ctx), root, known, ctx, 'edit');
  throw new UsageError('edit: name the pipeline to edit, e.g. loyalty-wizard edit orders_etl', known.length > 0 ? `pipelines: ${known.join(', ')}` : 'create one with: loyalty-wizard new');
}

/** The pipeline's answers with the given ones over them; a usage error naming the first bad answer. */
export function editAnswers(target: EditTarget, given: Readonly<Answers>): Answers {
  const resolved = resolveEditAnswers(target.template, target.name, target.before, given);
  if (resolved.invalid.length > 0) {
    const first = resolved.invalid[0]!;
    const more = resolved.invalid.length > 1 ? ` (and ${resolved.invalid.length - 1} more: ${resolved.invalid.slice(1).map((p) => p.key).join(', ')})` : '';
    throw new UsageError(`edit: answer "${first.key}": ${first.message}${more}`, 'fix the --set value or the answers file');
  }
  return questionAnswers(target.template, resolved.answers);
}

/** What changed: the answers, the files written, the step files no step uses any more. */
function printEdit(ctx: CliContext, target: EditTarget, plan: EditPlan, written: readonly string[]): void {
  const style = createStyle(ctx.color);
  const dir = `pipelines/${target.name}`;
  if (written.length === 0) {
    ctx.stdout.write(`${style.green('unchanged')} ${dir}/: the answers are the ones it has; nothing was written\n`);
    return;
  }
  ctx.stdout.write(`${style.green('edited')} ${dir}/ with ${terminalSafe(target.templateNote)}\n`);
  for (const line of answerChanges(target.before, plan.answers)) ctx.stdout.write(`  ${terminalSafe(line)}\n`);
  for (const c of plan.changes) ctx.stdout.write(`  ${c.status.padEnd(8)}${dir}/${terminalSafe(c.path)}\n`);
  if (plan.unused.length > 0) ctx.stdout.write(`${style.yellow('note')}: no longer used by any step (left in place): ${plan.unused.map((f) => terminalSafe(`${dir}/${f}`)).join(', ')}\n`);
  ctx.stdout.write(`\nNext:\n  git diff ${dir}\n  npx loyalty-wizard deploy ${target.name} --env dev\n`);
}

/** `schedule_cron: 0 0 2 * * ? → 0 0 3 * * ?` for each answer that changed, in the template's order. */
export function answerChanges(before: Readonly<Answers>, after: Readonly<Answers>): string[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys
    .filter((k) => !sameAnswer(before[k], after[k]))
    .map((k) => `${k}: ${before[k] === undefined ? '(not asked)' : formatValue(before[k])} → ${after[k] === undefined ? '(not asked)' : formatValue(after[k])}`);
}

/** The wizard, prefilled; ends with the command that repeats the edit without questions. */
async function runInteractive(root: string, target: EditTarget, given: Answers, args: Args, ctx: CliContext, envs: EnvConfigs): Promise<number> {
  const style = createStyle(ctx.color);
  const { runEditWizard } = await import('../../ui/run-wizard.js');
  const result = await runEditWizard(root, ctx, target, { answers: given, ...(args.env ? { env: args.env } : {}), ...(args.profile ? { profile: args.profile } : {}) }, envs);
  if (result.status === 'cancelled') {
    ctx.stderr.write(`${style.yellow('cancelled')}: nothing was written\n`);
    return 130;
  }
  const dir = `pipelines/${target.name}`;
  if (result.files.length === 0) ctx.stdout.write(`${style.green('unchanged')} ${dir}/: nothing was written\n`);
  else {
    ctx.stdout.write(`${style.green('edited')} ${dir}/\n`);
    for (const file of result.files) ctx.stdout.write(`  ${file}\n`);
  }
  const code = result.deployNow && result.profile ? await deployAfterWizard(target.name, { env: result.env, profile: result.profile }, args.root, ctx) : 0;
  if (result.files.length === 0) return code;
  printReplay(ctx, [
    [`npx loyalty-wizard edit ${target.name}`, ...answerSets(target.before, result.answers), '--yes'],
    [`npx loyalty-wizard deploy ${target.name}`, `--env ${result.env}`, ...(result.profile ? [`--profile ${result.profile}`] : []), '--yes'],
  ]);
  return code;
}

/** `--set key=value` for each answer that differs from what the pipeline had. */
export function answerSets(before: Readonly<Answers>, after: Readonly<Answers>): string[] {
  return Object.keys(after)
    .filter((k) => !sameAnswer(before[k], after[k]))
    .map((k) => `--set ${shellArg(`${k}=${formatValue(after[k]!, true)}`)}`);
}
