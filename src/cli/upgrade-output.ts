/** What `upgrade` prints: per pipeline what changed (or the conflicts, or the diffs of a dry run), and --all's summary. */
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import { ANSWERS_FILE } from '../core/answers-record.js';
import { BUNDLE_FILE } from '../core/assemble-pipeline.js';
import { answerText, type AnswerValue } from '../core/template-manifest.js';
import { terminalSafe } from '../core/terminal-text.js';
import { describeConflict, type FileChange } from '../core/template-merge.js';
import type { UpgradePlan } from '../core/upgrade-plan.js';
import type { CliContext } from '../session/context.js';
import { createStyle, type Style } from '../session/style.js';

interface Where {
  readonly name: string;
  readonly template: string;
  readonly from: number;
  readonly to: number;
}

export type Outcome =
  | (Where & { readonly status: 'up-to-date' })
  | (Where & {
      readonly status: 'upgraded' | 'would-upgrade' | 'conflict' | 'invalid';
      readonly plan: UpgradePlan;
      readonly defaulted: readonly { readonly key: string; readonly value: AnswerValue }[];
      /** The file on disk before the upgrade, for the dry run's diffs. */
      readonly ours: (path: string) => string | undefined;
      readonly written: boolean;
    })
  | { readonly name: string; readonly status: 'failed'; readonly message: string; readonly hint?: string };

type Planned = Extract<Outcome, { plan: UpgradePlan }>;

interface Flags {
  readonly 'write-conflicts'?: boolean | undefined;
  readonly all?: boolean | undefined;
}

export function printOutcome(o: Outcome, flags: Flags, ctx: CliContext): void {
  const style = createStyle(ctx.color);
  if (o.status === 'failed') ctx.stderr.write(`${style.red('✖')} pipelines/${o.name}: ${terminalSafe(o.message)}${o.hint ? ` — ${terminalSafe(o.hint)}` : ''}\n`);
  else if (o.status === 'up-to-date') ctx.stdout.write(`${style.green('✔')} pipelines/${o.name} is up to date (template ${o.template} version ${o.to})\n`);
  else if (o.status === 'invalid') printInvalid(o, style, ctx);
  else if (o.status === 'conflict') printConflicts(o, flags, style, ctx);
  else if (o.status === 'would-upgrade') printDiffs(o, style, ctx);
  else printUpgraded(o, flags, style, ctx);
}

/** The merge went through but makes no valid pipeline: like a conflict, the file named; --write-conflicts writes it to fix. */
function printInvalid(o: Planned, style: Style, ctx: CliContext): void {
  const file = `pipelines/${o.name}/${terminalSafe(o.plan.invalid!.path)}`;
  const fix = o.written
    ? `the merge was written: fix ${file}, then run: npx loyalty-wizard generate ${o.name} && npx loyalty-wizard validate ${o.name}`
    : `rerun with --write-conflicts to write the merge and fix ${file} by hand, or make the template's change yourself`;
  ctx.stderr.write(`${style.red('✖')} ${file}: ${terminalSafe(o.plan.invalid!.message)} (${versions(o)}); ${o.written ? 'written' : 'nothing was written'} — ${fix}\n`);
}

function versions(o: Where): string {
  return `template ${o.template} version ${o.from} → ${o.to}`;
}

const VERB: Record<FileChange['change'], string> = { updated: 'updated', added: 'added', 'removed-by-template': 'kept', conflict: 'conflict' };

function changeLine(c: FileChange, o: Planned): string {
  if (c.path === BUNDLE_FILE) return `updated  ${BUNDLE_FILE} (generated from the merged config.json)`;
  if (c.path === ANSWERS_FILE) return `updated  ${ANSWERS_FILE} (version ${o.to})`;
  const note = c.change === 'updated' && c.merged ? ' (merged with your changes)' : c.change === 'removed-by-template' ? ' (the template no longer has it; delete it if you no longer need it)' : '';
  return `${VERB[c.change].padEnd(8)} ${terminalSafe(c.path)}${note}`;
}

function printDefaults(o: Planned, ctx: CliContext): void {
  for (const d of o.defaulted) ctx.stdout.write(`  new question ${d.key}: took the default ${terminalSafe(JSON.stringify(answerText(d.value)))}\n`);
}

function printUpgraded(o: Planned, flags: Flags, style: Style, ctx: CliContext): void {
  ctx.stdout.write(`${style.green('upgraded')} pipelines/${o.name}: ${versions(o)}\n`);
  for (const c of o.plan.changes) ctx.stdout.write(`  ${changeLine(c, o)}\n`);
  printDefaults(o, ctx);
  // --all says it once, in the summary.
  if (!flags.all) ctx.stdout.write(`Review, then deploy:\n  git diff pipelines/${o.name}\n  npx loyalty-wizard deploy ${o.name} --env dev\n`);
}

/** The dry run: the unified diff of every file that would change, databricks.yml and the record included. */
function printDiffs(o: Planned, style: Style, ctx: CliContext): void {
  ctx.stdout.write(`${style.yellow('would upgrade')} pipelines/${o.name}: ${versions(o)} (dry run: nothing was written)\n`);
  for (const c of o.plan.changes) if (c.change === 'removed-by-template') ctx.stdout.write(`  ${changeLine(c, o)}\n`);
  printDefaults(o, ctx);
  for (const [path, text] of o.plan.writes) {
    const file = `pipelines/${o.name}/${path}`;
    const before = o.ours(path);
    const patch = createTwoFilesPatch(before === undefined ? '/dev/null' : `a/${file}`, `b/${file}`, before ?? '', text, undefined, undefined, { headerOptions: FILE_HEADERS_ONLY });
    ctx.stdout.write(terminalSafe(patch, { multiline: true }));
  }
}

function printConflicts(o: Planned, flags: Flags, style: Style, ctx: CliContext): void {
  const written = o.written ? 'conflict markers written' : 'nothing was written';
  ctx.stderr.write(`${style.red('conflict')} pipelines/${o.name}: ${versions(o)}: ${o.plan.conflicts.length} file(s) changed by you and by the template in the same lines; ${written}\n`);
  for (const c of o.plan.conflicts) for (const line of describeConflict(c)) ctx.stderr.write(`  pipelines/${o.name}/${terminalSafe(c.path)}: ${line}\n`);
  if (!flags['write-conflicts']) {
    ctx.stderr.write(`Make the template's change by hand, or rerun with --write-conflicts to write conflict markers into these files\n`);
    return;
  }
  ctx.stdout.write(`Files to resolve (remove the <<<<<<< ||||||| ======= >>>>>>> markers, keeping what should stay):\n`);
  for (const c of o.plan.conflicts) ctx.stdout.write(`  pipelines/${o.name}/${terminalSafe(c.path)}\n`);
  ctx.stdout.write(`Then:\n  npx loyalty-wizard generate ${o.name}\n  npx loyalty-wizard validate ${o.name}\n  git diff pipelines/${o.name}\n`);
}

/** --all: how many were upgraded, up to date, conflicted or failed; the conflicted ones by name. */
export function printSummary(outcomes: readonly Outcome[], flags: Flags, ctx: CliContext): void {
  const style = createStyle(ctx.color);
  const count = (...statuses: Outcome['status'][]) => outcomes.filter((o) => statuses.includes(o.status));
  const done = count('upgraded', 'would-upgrade');
  const bad = count('conflict', 'invalid', 'failed');
  if (outcomes.length === 0) {
    ctx.stdout.write(`${style.green('✔')} every pipeline with an answers record is at its template's current version\n`);
    return;
  }
  ctx.stdout.write(`\n${done.length} upgraded${flags.all && done.some((o) => o.status === 'would-upgrade') ? ' (dry run)' : ''}, ${bad.length} not (conflict or error)\n`);
  for (const o of bad) ctx.stdout.write(`  ${style.red('✖')} ${o.name} (${o.status})\n`);
  if (done.some((o) => o.status === 'upgraded')) ctx.stdout.write(`Review, then deploy:\n  git diff pipelines\n  npx loyalty-wizard deploy --all --env dev\n`);
}
