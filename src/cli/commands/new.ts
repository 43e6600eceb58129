import * as z from 'zod';
import { UsageError, UserError } from '../../core/errors.js';
import { PIPELINE_NAME_PATTERN, PIPELINE_NAME_RULE } from '../../core/names.js';
import { resolveAnswers, type TemplateSource } from '../../core/scaffold.js';
import { builtinAnswers, expandDefault, type Answers } from '../../core/template-manifest.js';
import { displayPath, loadEnvConfigs } from '../../project/project.js';
import { orderedPipelineFiles, preparePipeline } from '../../core/assemble-pipeline.js';
import { pipelineExists, writePipeline } from '../../project/scaffold-pipeline.js';
import { pipelineFolderProblem } from '../../project/pipeline-names.js';
import { listTemplateIds, loadTemplate } from '../../project/templates.js';
import { answersFileField, globalFields, parseCommandArgs, setField, wizardTargetFields } from '../args.js';
import type { CliContext } from '../../session/context.js';
import { createStyle } from '../../session/style.js';
import { dailyCommandTip } from '../daily-command.js';
import { formatValue, parseSets, printReplay, readAnswersFile, shellArg } from '../answer-flags.js';
import { projectRoot } from './common.js';
import { deployAfterWizard } from '../wizard-deploy.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { columns, hangingLines, paragraph } from '../../core/text-width.js';
import { knownColumns } from '../../core/terminal-width.js';
import type { Profile } from '../../core/databrickscfg.js';
import { profileForEnv } from '../../core/profile-match.js';
import { loadDatabricksCfg } from '../../project/profiles.js';
import { inputHint } from '../../ui/wizard/question-kinds.js';
import type { WizardResult } from '../../ui/wizard/types.js';
import { CLI_INSTALL_EXAMPLE, CLI_INSTALL_URL, findDatabricksCli } from '../../databricks/find-cli.js';

export const schema = z.object({
  ...globalFields,
  template: z.string().optional().describe('Template folder name under templates/ (see: loyalty-wizard new --list-templates)').meta({ valueName: '<id>', complete: 'template' }),
  name: z.string().optional().describe('Pipeline name: 3-64 characters, a lowercase letter then a-z, 0-9 or _').meta({ valueName: '<name>' }),
  set: setField('Answer one template question (repeatable)', 'kafka_topics=orders,returns'),
  answers: answersFileField,
  yes: z.boolean().optional().describe("Accept the template's defaults for every question not answered").meta({ alias: 'y' }),
  force: z.boolean().optional().describe('Replace an existing pipeline (the old folder is kept in .loyalty-wizard/backups/)'),
  'list-templates': z.boolean().optional().describe('List the templates and their questions, then exit'),
  ...wizardTargetFields,
  positionals: z.array(z.string()).max(0, 'new takes no positional arguments; use --name <name>'),
});


export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('new', argv, schema);
  const root = projectRoot(ctx, args.root);
  const style = createStyle(ctx.color);

  if (args['list-templates']) {
    printTemplates(root, ctx, style);
    return 0;
  }

  if (ctx.interactive && !args.yes) return runInteractive(root, args, ctx);

  const missingFlags = [!args.template && '--template <id>', !args.name && '--name <name>'].filter(Boolean);
  if (missingFlags.length > 0) {
    const ids = listTemplateIds(root);
    throw new UsageError(
      `new: missing ${missingFlags.join(' and ')}`,
      `templates: ${ids.join(', ')}; e.g. loyalty-wizard new --template ${ids[0] ?? '<id>'} --name my_pipeline --yes`,
    );
  }
  const name = args.name!;
  checkNameFlag(root, name);
  const template = loadTemplate(root, args.template!);

  if (pipelineExists(root, name) && !args.force) {
    throw new UserError(`pipelines/${name} already exists; nothing was written`, 'choose another --name, or pass --force to replace it (the old folder is backed up first)');
  }

  const answers = answersFromFlags(template, name, args, ctx);
  const prepared = preparePipeline(template, name, answers, loadEnvConfigs(root));
  const { backup } = await writePipeline(root, prepared, { force: Boolean(args.force), onInterrupt: ctx.onInterrupt });
  const { files, built } = prepared;

  if (backup) ctx.stderr.write(`${style.yellow('replaced')} pipelines/${name} (the old folder is in ${displayPath(root, backup)})\n`);
  ctx.stdout.write(`${style.green('created')} pipelines/${name}/ from template ${template.id} (${built.parsed.kind}, ${files.size} files)\n`);
  for (const path of orderedPipelineFiles(files.keys())) ctx.stdout.write(`  pipelines/${name}/${path}\n`);
  ctx.stdout.write(`\nNext:\n  npx loyalty-wizard preview ${name} --env dev\n  npx loyalty-wizard validate ${name}\n`);
  return 0;
}

/**
 * --list-templates: each template with the --set flag (and default) of each of its questions. In a terminal too
 * narrow for a question's line, what it asks goes under its flag, wrapped by words.
 */
function printTemplates(root: string, ctx: CliContext, style: ReturnType<typeof createStyle>): void {
  const width = knownColumns(ctx.columns);
  for (const id of listTemplateIds(root)) {
    const t = loadTemplate(root, id);
    const description = hangingLines(terminalSafe(t.manifest.description), columns(id) + 2, width);
    ctx.stdout.write(`${style.bold(id)}  ${description.join('\n')}\n`);
    const sample = builtinAnswers('<name>');
    for (const q of t.manifest.questions) {
      const when = q.when ? ` (asked when ${q.when.key} ${q.when.in ? `in ${q.when.in.join('|')}` : `= ${String(q.when.equals)}`})` : '';
      const hint = inputHint(q);
      const flag = `  --set ${q.key}=${terminalSafe(formatValue(expandDefault(q.default, sample)))}`;
      const about = terminalSafe(`${q.prompt}${hint ? ` · ${hint}` : ''}${when}`);
      if (width === undefined || columns(`${flag}  ${about}`) < width) ctx.stdout.write(`${flag}  ${style.dim(about)}\n`);
      else ctx.stdout.write(`${flag}\n${hangingLines(about, 6, width).map((line, i) => style.dim(i === 0 ? `      ${line}` : line)).join('\n')}\n`);
    }
  }
}

/** The answers file, then --set, then (with --yes) the defaults: every question answered, or exit 2 naming the first gap. */
function answersFromFlags(template: TemplateSource, name: string, args: z.output<typeof schema>, ctx: CliContext): Answers {
  const given = { ...readAnswersFile(ctx, args.answers, 'new'), ...parseSets(template, args.set, 'new') };
  const resolved = resolveAnswers(template.manifest, name, given, Boolean(args.yes));
  if (resolved.invalid.length > 0) {
    const first = resolved.invalid[0]!;
    throw new UsageError(
      `new: answer "${first.key}": ${first.message}` + (resolved.invalid.length > 1 ? ` (and ${resolved.invalid.length - 1} more: ${resolved.invalid.slice(1).map((p) => p.key).join(', ')})` : ''),
      'fix the --set value or the answers file',
    );
  }
  if (resolved.missing.length > 0) {
    const keys = resolved.missing.map((q) => q.key);
    throw new UsageError(
      `new: ${keys.length} unanswered question(s) for template ${template.id}: ${keys.join(', ')}`,
      `answer each with --set key=value, or pass --yes to accept the defaults (${resolved.missing.map((q) => `${q.key}=${formatValue(q.default)}`).join(' ')})`,
    );
  }
  return resolved.answers;
}

/** The naming pattern, then the reserved names and the project's .gitignore. */
function checkNameFlag(root: string, name: string): void {
  if (!PIPELINE_NAME_PATTERN.test(name)) throw new UsageError(`new: --name "${name}" is not allowed: ${PIPELINE_NAME_RULE}`);
  const problem = pipelineFolderProblem(root, name);
  if (problem) throw new UsageError(`new: --name "${name}" is not allowed: pipelines/${name} ${problem.message}`, problem.hint);
}

/**
 * In a terminal without --yes: the Ink wizard, prefilled from the flags. Ink is
 * fully unmounted before the deploy task list starts. Ends with the one-line
 * commands that reproduce this run in CI.
 */
async function runInteractive(root: string, args: z.output<typeof schema>, ctx: CliContext): Promise<number> {
  const style = createStyle(ctx.color);
  const template = args.template ? loadTemplate(root, args.template) : undefined;
  if (args.name !== undefined) checkNameFlag(root, args.name);
  const answers = template ? { ...readAnswersFile(ctx, args.answers, 'new'), ...parseSets(template, args.set, 'new') } : {};
  // A terminal that cannot move the cursor gets the same questions as lines.
  const { runWizard } = ctx.plain ? { runWizard: (await import('../../ui/plain/plain-wizard.js')).runPlainWizard } : await import('../../ui/run-wizard.js');
  const result = await runWizard(
    root,
    ctx,
    {
      ...(args.template ? { template: args.template } : {}),
      ...(args.name ? { name: args.name } : {}),
      ...(args.env ? { env: args.env } : {}),
      ...(args.profile ? { profile: args.profile } : {}),
      answers,
    },
    template,
  );
  if (result.status === 'cancelled') {
    ctx.stderr.write(`${style.yellow('cancelled')}: nothing was written\n`);
    return 130;
  }
  ctx.stdout.write(`${style.green('created')} pipelines/${result.name}/ from template ${result.template}\n`);
  for (const file of result.files) ctx.stdout.write(`  ${file}\n`);

  const code = result.deployNow && result.profile ? await deployAfterWizard(result.name, { env: result.env, profile: result.profile }, args.root, ctx) : 0;

  // With --template the wizard had no template screen: the flag's template is the one written.
  printWizardEnd(ctx, result, template ?? loadTemplate(root, result.template), loadEnvConfigs(root)[result.env]!.workspace.host);
  return code;
}

type Written = Extract<WizardResult, { status: 'written' }>;

/**
 * The end of a wizard run: the commands that repeat it without questions; when
 * the Databricks CLI is missing, that the deploy needs it (the wizard's screen
 * said so, but that screen is gone); and the daily command's tip.
 */
function printWizardEnd(ctx: CliContext, result: Written, chosen: TemplateSource, envHost: string): void {
  const style = createStyle(ctx.color);
  const { profiles } = loadDatabricksCfg(ctx.env).cfg;
  printReplay(ctx, ciCommands(result, chosen, profiles, envHost));
  const cli = findDatabricksCli(ctx.env);
  if (!cli.path) {
    const note = paragraph(`note: the deploy needs the Databricks CLI ("${terminalSafe(cli.executable)}"), which was not found: install it (${CLI_INSTALL_URL}, e.g. ${CLI_INSTALL_EXAMPLE})`, ctx.columns);
    ctx.stderr.write(`\n${style.yellow('note')}${note.slice('note'.length)}\n`);
  }
  const tip = dailyCommandTip(ctx);
  if (tip) ctx.stderr.write(`\n${paragraph(tip, ctx.columns)}\n`);
}

/**
 * The commands that do what the wizard did, without questions: answers that
 * differ from the defaults as --set, and the deploy with a profile for the env's
 * workspace (never one the review warned is for another).
 */
export function ciCommands(result: Written, template: TemplateSource, profiles: readonly Profile[], envHost: string): string[][] {
  const sets = template.manifest.questions
    .filter((q) => result.answers[q.key] !== undefined && JSON.stringify(result.answers[q.key]) !== JSON.stringify(expandDefault(q.default, builtinAnswers(result.name))))
    .map((q) => `--set ${shellArg(`${q.key}=${formatValue(result.answers[q.key]!, true)}`)}`);
  const profile = profileForEnv(profiles, envHost, result.profile) ?? '<name>';
  return [
    ['npx loyalty-wizard new', `--template ${result.template}`, `--name ${result.name}`, ...sets, '--yes'],
    [`npx loyalty-wizard deploy ${result.name}`, `--env ${result.env}`, `--profile ${profile}`, '--yes'],
  ];
}
