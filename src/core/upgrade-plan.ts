/**
 * One pipeline's upgrade, in memory (decision record 013): the folder merged file by file (template-merge.ts),
 * databricks.yml regenerated from the merged config.json and checked as `validate` checks it, and the answers record
 * rewritten with the new version and answers. Nothing here reads or writes a file.
 */
import { ANSWERS_FILE, renderAnswersRecord, type AnswersRecord } from './answers-record.js';
import { buildPipeline, BUNDLE_FILE } from './assemble-pipeline.js';
import type { EnvConfigs } from './env-config.js';
import { ConfigError, formatIssue } from './errors.js';
import { renderTemplate, type TemplateSource } from './scaffold.js';
import { builtinAnswers, type Answers } from './template-manifest.js';
import { mergeFolder, type Conflict, type FileChange } from './template-merge.js';

export interface UpgradeInput {
  readonly name: string;
  /** The template at the recorded version, and the answers recorded with it. */
  readonly base: TemplateSource;
  readonly baseAnswers: Readonly<Answers>;
  /** The template now, and the answers for it (recorded ones plus new questions'). */
  readonly theirs: TemplateSource;
  readonly answers: Readonly<Answers>;
  /** A file of the pipeline folder as it is on disk, by path relative to it; undefined when missing. */
  readonly ours: (path: string) => string | undefined;
  readonly envs: EnvConfigs;
  /** The record to write (template, new version, answers). */
  readonly record: AnswersRecord;
}

/** The merged config.json cannot make a pipeline: named like a conflict, nothing is written. */
export interface InvalidResult {
  readonly path: string;
  readonly message: string;
}

export interface UpgradePlan {
  /** Every file that changes or is listed, in reading order (databricks.yml and the record included). */
  readonly changes: readonly FileChange[];
  readonly conflicts: readonly Conflict[];
  readonly invalid?: InvalidResult;
  /** What to write, by path relative to the pipeline folder: clean merges (plus markers for --write-conflicts). */
  readonly writes: ReadonlyMap<string, string>;
  /** What --write-conflicts writes: the clean merges, conflicted files with markers, the record (no databricks.yml). */
  readonly writesWithConflicts: ReadonlyMap<string, string>;
}

export function planUpgrade(input: UpgradeInput): UpgradePlan {
  const baseFiles = renderTemplate(input.base, { ...builtinAnswers(input.name), ...input.baseAnswers });
  const theirsFiles = renderTemplate(input.theirs, { ...builtinAnswers(input.name), ...input.answers });
  const merged = mergeFolder(baseFiles, theirsFiles, input.ours);
  const conflicts = merged.filter((c): c is Conflict => c.change === 'conflict');
  const writes = new Map<string, string>();
  for (const c of merged) if (c.change === 'updated' || c.change === 'added') writes.set(c.path, c.text);
  const record = renderAnswersRecord(input.record);
  const recordChange: FileChange = { path: ANSWERS_FILE, change: 'updated', text: record, merged: false };
  const withConflicts = new Map([...writes, ...conflicts.map((c) => [c.path, c.text] as const), [ANSWERS_FILE, record]]);
  if (conflicts.length > 0) return { changes: [...merged, recordChange], conflicts, writes: new Map(), writesWithConflicts: withConflicts };
  const bundle = regenerateBundle(input, writes);
  if ('invalid' in bundle) return { changes: [...merged, recordChange], conflicts, invalid: bundle.invalid, writes: new Map(), writesWithConflicts: withConflicts };
  const changes = [...merged];
  if (bundle.yaml !== input.ours(BUNDLE_FILE)) {
    writes.set(BUNDLE_FILE, bundle.yaml);
    changes.unshift({ path: BUNDLE_FILE, change: 'updated', text: bundle.yaml, merged: false });
  }
  writes.set(ANSWERS_FILE, record);
  changes.push(recordChange);
  return { changes, conflicts, writes, writesWithConflicts: writes };
}

/** databricks.yml from the merged config.json and files, or why they make no valid pipeline. */
function regenerateBundle(input: UpgradeInput, writes: ReadonlyMap<string, string>): { yaml: string } | { invalid: InvalidResult } {
  const read = (path: string) => writes.get(path) ?? input.ours(path);
  const configText = read('config.json');
  if (configText === undefined) return { invalid: { path: 'config.json', message: 'is missing after the merge' } };
  try {
    const built = buildPipeline({ name: input.name, configText, readFile: read }, input.envs);
    const issue = built.issues[0];
    if (issue) return { invalid: { path: issue.file.replace(`pipelines/${input.name}/`, ''), message: `the merged pipeline does not validate: ${formatIssue(issue)}` } };
    return { yaml: built.yaml };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { invalid: { path: 'config.json', message: `the merged config.json is not a valid config: ${error.message}` } };
  }
}
