/**
 * `upgrade <pipeline> | --all`: bring pipelines made from a template up to its current version with a three-way merge
 * per file (decision record 013), and `--adopt <template>` to give a pipeline made before records its answers record.
 */
import { join } from 'node:path';
import * as z from 'zod';
import { ANSWERS_FILE, answersRecordFor, parseAnswersRecord, renderAnswersRecord, type AnswersRecord } from '../../core/answers-record.js';
import { answersFromConfig } from '../../core/config-answers.js';
import { forEachConcurrent } from '../../core/pool.js';
import type { EnvConfigs } from '../../core/env-config.js';
import { ConfigError, UsageError, UserError } from '../../core/errors.js';
import { resolveAnswers, type TemplateSource } from '../../core/scaffold.js';
import { validateAnswer, type Answers } from '../../core/template-manifest.js';
import { terminalSafe } from '../../core/terminal-text.js';
import { planUpgrade } from '../../core/upgrade-plan.js';
import { forgetTemplateHistory, templateAtVersion } from '../../databricks/git-templates.js';
import { replaceFilesAtomic, writeFileAtomic } from '../../project/fs-atomic.js';
import { MAX_TASK_FILE_BYTES } from '../../core/bundle-rules.js';
import { diskSource, listPipelineNames, loadEnvConfigs, pipelineDir, pipelineReader, requireExistingPipeline } from '../../project/project.js';
import { listTemplateIds, loadTemplate } from '../../project/templates.js';
import type { CliContext } from '../../session/context.js';
import { createStyle } from '../../session/style.js';
import { globalFields, jsonField, parseCommandArgs, setField } from '../args.js';
import { parseSets } from '../answer-flags.js';
import { upgradeAnswers } from '../upgrade-answers.js';
import { printOutcome, printSummary, type Outcome } from '../upgrade-output.js';
import { projectRoot } from './common.js';

export const schema = z.object({
  ...globalFields,
  all: z.boolean().optional().describe('Every pipeline whose template has a newer version; goes on past conflicts'),
  yes: z.boolean().optional().describe("Take the defaults of the template's new questions (listed in the output)").meta({ alias: 'y' }),
  'dry-run': z.boolean().optional().describe('Print the unified diff of every file that would change; write nothing'),
  'write-conflicts': z.boolean().optional().describe('On a conflict, write the files with conflict markers and list them'),
  adopt: z.string().optional().describe('Give a pipeline without an answers record one, from its config.json and this template').meta({ valueName: '<template>', complete: 'template' }),
  set: setField('Answer a question of the current template (repeatable; with --all, for the templates that ask it)', 'schedule_timezone=UTC'),
  json: jsonField,
  positionals: z.array(z.string()).max(1, 'upgrade takes one pipeline; use --all for every one').meta({ complete: 'pipeline' }),
});

type Args = z.output<typeof schema>;

const loaded = new Map<string, TemplateSource>();

export async function run(argv: readonly string[], ctx: CliContext): Promise<number> {
  const args = parseCommandArgs('upgrade', argv, schema);
  const root = projectRoot(ctx, args.root);
  // Templates are read once per run: another run (a test's, in the same process) may follow a change to them.
  loaded.clear();
  forgetTemplateHistory();
  const name = args.positionals[0];
  checkFlags(args, name);
  if (args.adopt !== undefined) return adopt(root, name!, args.adopt, args, ctx);
  const envs = loadEnvConfigs(root);
  const outcomes: Outcome[] = [];
  if (name !== undefined) {
    requireExistingPipeline(root, name);
    outcomes.push(await upgradeOne(root, name, requireRecord(root, name), envs, args, ctx));
    if (!args.json) printOutcome(outcomes[0]!, args, ctx);
  } else {
    outcomes.push(...(await upgradeAll(root, envs, args, ctx)));
    if (!args.json) printSummary(outcomes, args, ctx);
  }
  if (args.json) ctx.stdout.write(`${JSON.stringify({ pipelines: outcomes.map(jsonOutcome) }, null, 2)}\n`);
  return outcomes.some((o) => o.status === 'conflict' || o.status === 'invalid' || o.status === 'failed') ? 1 : 0;
}

function checkFlags(args: Args, name: string | undefined): void {
  if (args.all && name !== undefined) throw new UsageError('upgrade: name one pipeline or pass --all, not both');
  if (!args.all && name === undefined) throw new UsageError('upgrade: name a pipeline, or pass --all', 'e.g. loyalty-wizard upgrade orders_etl, or loyalty-wizard upgrade --all --yes');
  if (args.adopt !== undefined && args.all) throw new UsageError('upgrade: --adopt takes one pipeline, not --all', 'e.g. loyalty-wizard upgrade kafka_traffic_pipeline --adopt batch_sql');
  if (args['dry-run'] && args['write-conflicts']) throw new UsageError('upgrade: --dry-run writes nothing, so it cannot --write-conflicts', 'pass one of them');
}

/** The pipeline's answers record; a one-line error naming --adopt when it has none. */
function requireRecord(root: string, name: string): AnswersRecord {
  const record = readRecord(root, name);
  if (record) return record;
  throw new UserError(`pipelines/${name}/${ANSWERS_FILE} does not exist, so upgrade does not know which template made the pipeline`, `give it one: loyalty-wizard upgrade ${name} --adopt <template>`);
}

function readRecord(root: string, name: string): AnswersRecord | undefined {
  const text = pipelineReader(root, name)(ANSWERS_FILE);
  return text === undefined ? undefined : parseAnswersRecord(text, `pipelines/${name}/${ANSWERS_FILE}`);
}

/**
 * --all: the pipelines with a record whose template has a newer version, in name order. A record or template that
 * cannot be read is a failed outcome (the others go on); pipelines without a record are left out.
 */
function upgradable(root: string, outcomes: Outcome[]): [string, AnswersRecord][] {
  const out: [string, AnswersRecord][] = [];
  for (const name of listPipelineNames(root)) {
    try {
      const record = readRecord(root, name);
      if (!record) continue;
      if (record.template_version < currentTemplate(root, record.template).manifest.version) out.push([name, record]);
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      outcomes.push(failed(name, error));
    }
  }
  return out;
}

/** The template as it is on disk, read once per run (--all reads it for each of its pipelines). */
function currentTemplate(root: string, id: string): TemplateSource {
  const key = `${root}\0${id}`;
  let template = loaded.get(key);
  if (!template) {
    template = loadTemplate(root, id);
    loaded.set(key, template);
  }
  return template;
}

/**
 * --all: the pipelines behind their template, a few at a time when no one is asked anything (their files are read
 * and written while another merges), each outcome printed in name order as soon as those before it are done.
 */
async function upgradeAll(root: string, envs: EnvConfigs, args: Args, ctx: CliContext): Promise<Outcome[]> {
  const unreadable: Outcome[] = [];
  const todo = upgradable(root, unreadable);
  const results: Outcome[] = [];
  let printed = 0;
  const print = () => {
    while (!args.json && printed < todo.length && results[printed]) printOutcome(results[printed++]!, args, ctx);
  };
  if (!args.json) for (const o of unreadable) printOutcome(o, args, ctx);
  const limit = args.yes || !ctx.interactive ? 4 : 1;
  await forEachConcurrent(todo, limit, async ([name, record], i) => {
    results[i] = await upgradeOrFailure(root, name, record, envs, args, ctx);
    print();
  });
  return [...unreadable, ...results];
}

async function upgradeOrFailure(root: string, name: string, record: AnswersRecord, envs: EnvConfigs, args: Args, ctx: CliContext): Promise<Outcome> {
  try {
    return await upgradeOne(root, name, record, envs, args, ctx);
  } catch (error) {
    if (!(error instanceof UserError) || error instanceof UsageError) throw error;
    return failed(name, error);
  }
}

function failed(name: string, error: UserError): Outcome {
  return { name, status: 'failed', message: error.message, ...(error.hint ? { hint: error.hint } : {}) };
}

/** Merge, then write (all files or none) unless it conflicts, is invalid or is a dry run. */
async function upgradeOne(root: string, name: string, record: AnswersRecord, envs: EnvConfigs, args: Args, ctx: CliContext): Promise<Outcome> {
  const theirs = currentTemplate(root, record.template);
  const to = theirs.manifest.version;
  const where = { name, template: record.template, from: record.template_version, to };
  if (record.template_version > to) {
    throw new UserError(`pipelines/${name}/${ANSWERS_FILE}: template_version ${record.template_version} is newer than template ${record.template}'s version ${to}`, `check out the templates/${record.template} the pipeline was made with, or fix template_version`);
  }
  if (record.template_version === to) return { ...where, status: 'up-to-date' };
  // With --all, a --set answers the templates that ask it; the others do not have the question.
  const sets = args.all ? args.set.filter((entry) => theirs.manifest.questions.some((q) => entry.startsWith(`${q.key}=`))) : args.set;
  const { answers, defaulted } = await upgradeAnswers(theirs, name, record, parseSets(theirs, sets, 'upgrade'), Boolean(args.yes), ctx);
  const base = await templateAtVersion(root, record.template, record.template_version);
  const ours = onDisk(root, name);
  const plan = planUpgrade({ name, base, baseAnswers: record.answers, theirs, answers, ours, envs, record: answersRecordFor(theirs.id, theirs.manifest, answers) });
  const before = { ...where, plan, defaulted, ours };
  const conflicted = plan.conflicts.length > 0 || plan.invalid !== undefined;
  const writes = conflicted ? (args['write-conflicts'] ? plan.writesWithConflicts : undefined) : args['dry-run'] ? undefined : plan.writes;
  if (writes) await writeAllOrNone(pipelineDir(root, name), writes, ctx);
  const status = plan.invalid ? 'invalid' : conflicted ? 'conflict' : args['dry-run'] ? 'would-upgrade' : 'upgraded';
  return { ...before, status, written: writes !== undefined };
}

/** The files written all or none; a Ctrl-C meanwhile waits the few milliseconds for the write to end either way. */
async function writeAllOrNone(dir: string, writes: ReadonlyMap<string, string>, ctx: CliContext): Promise<void> {
  const writing = replaceFilesAtomic(dir, writes);
  const unregister = ctx.onInterrupt(() => writing.catch(() => undefined));
  try {
    await writing;
  } finally {
    unregister();
  }
}

/** The pipeline's files as the merge and the bundle check read them, each read once. */
function onDisk(root: string, name: string): (path: string) => string | undefined {
  const read = pipelineReader(root, name);
  const seen = new Map<string, string | undefined>();
  return (path) => {
    if (!seen.has(path)) seen.set(path, read(path, MAX_TASK_FILE_BYTES));
    return seen.get(path);
  };
}

function jsonOutcome(o: Outcome): Record<string, unknown> {
  if (o.status === 'failed') return { name: o.name, status: o.status, message: o.message, ...(o.hint ? { hint: o.hint } : {}) };
  if (o.status === 'up-to-date') return { name: o.name, status: o.status, template: o.template, version: o.to };
  return {
    name: o.name,
    status: o.status,
    template: o.template,
    from: o.from,
    to: o.to,
    written: o.written,
    files: o.plan.changes.map((c) => ({ path: c.path, change: c.change })),
    conflicts: o.plan.conflicts.map((c) => ({ path: c.path, kind: c.kind, regions: c.regions })),
    ...(o.plan.invalid ? { invalid: o.plan.invalid } : {}),
    defaults: Object.fromEntries(o.defaulted.map((d) => [d.key, d.value])),
  };
}

/**
 * --adopt: a record for a pipeline made without one: the answers its config.json holds, defaults for the rest,
 * the template's current version. Writes only the record, and says what it inferred.
 */
async function adopt(root: string, name: string, templateId: string, args: Args, ctx: CliContext): Promise<number> {
  requireExistingPipeline(root, name);
  const existing = readRecord(root, name);
  if (existing) throw new UserError(`pipelines/${name}/${ANSWERS_FILE} exists already (template ${existing.template}, version ${existing.template_version}); nothing was written`, `upgrade it with: loyalty-wizard upgrade ${name}`);
  const template = currentTemplate(root, templateId);
  const fromConfig = inferredAnswers(root, name, template);
  const given = { ...fromConfig, ...parseSets(template, args.set, 'upgrade') };
  const resolved = resolveAnswers(template.manifest, name, given, true);
  const record = answersRecordFor(template.id, template.manifest, resolved.answers);
  const text = renderAnswersRecord(record);
  if (!args['dry-run']) await writeFileAtomic(join(pipelineDir(root, name), ANSWERS_FILE), text);
  const style = createStyle(ctx.color);
  const inferred = Object.keys(record.answers).filter((k) => k in given);
  const defaults = Object.keys(record.answers).filter((k) => !(k in given));
  if (args.json) {
    ctx.stdout.write(`${JSON.stringify({ pipeline: name, template: template.id, version: template.manifest.version, written: !args['dry-run'], from_config: inferred, defaults }, null, 2)}\n`);
    return 0;
  }
  ctx.stdout.write(`${args['dry-run'] ? style.yellow('would adopt') : style.green('adopted')} pipelines/${name}: template ${template.id} version ${template.manifest.version}\n`);
  ctx.stdout.write(`  from config.json: ${inferred.join(', ') || '(nothing)'}\n  defaults: ${defaults.join(', ') || '(none)'}\n`);
  if (args['dry-run']) ctx.stdout.write(`\n${terminalSafe(text, { multiline: true })}`);
  else ctx.stdout.write(`  wrote pipelines/${name}/${ANSWERS_FILE} (no other file changed)\n\nNext: commit it; later versions of ${template.id} reach the pipeline with: npx loyalty-wizard upgrade ${name}\n`);
  return 0;
}

/** The answers the pipeline's config.json holds for the template's questions, those that pass its checks. */
function inferredAnswers(root: string, name: string, template: ReturnType<typeof loadTemplate>): Answers {
  let config: unknown;
  try {
    config = JSON.parse(diskSource(root, name).configText);
  } catch {
    throw new ConfigError([{ file: `pipelines/${name}/config.json`, path: '', message: 'is not valid JSON', hint: 'fix it (loyalty-wizard validate shows where), then adopt' }]);
  }
  const type = (config as { pipeline_type?: unknown } | null)?.pipeline_type;
  if (type !== template.manifest.pipeline_type) {
    const fitting = listTemplateIds(root).filter((id) => currentTemplate(root, id).manifest.pipeline_type === type);
    throw new UsageError(
      `upgrade ${name} --adopt ${template.id}: the pipeline is a ${terminalSafe(String(type))} pipeline (pipelines/${name}/config.json pipeline_type), template ${template.id} makes ${template.manifest.pipeline_type}; nothing was written`,
      fitting.length > 0 ? `adopt a template that makes ${terminalSafe(String(type))}: ${fitting.join(', ')}` : 'no template makes this type of pipeline',
    );
  }
  const found = answersFromConfig(template, config);
  const kept: Answers = {};
  for (const q of template.manifest.questions) {
    const value = found[q.key];
    if (value !== undefined && validateAnswer(q, value) === undefined) kept[q.key] = value;
  }
  // An answer to a question its gate does not ask (an email without its yes) is dropped, as resolveAnswers would refuse it.
  const invalid = new Set(resolveAnswers(template.manifest, name, kept, true).invalid.map((p) => p.key));
  return Object.fromEntries(Object.entries(kept).filter(([k]) => !invalid.has(k)));
}
