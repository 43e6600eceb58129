import { statSync } from 'node:fs';
import { join } from 'node:path';
import { RESERVED_PIPELINE_NAME_RULE, RESERVED_PIPELINE_NAMES } from '../core/names.js';
import { ignoringRule, parseGitignore, type IgnoreRule } from './gitignore.js';
import { readUserFileIfExists } from './read-file.js';

/** .gitignore is a few hundred bytes; a larger one is refused like any other oversized file. */
const MAX_GITIGNORE_BYTES = 1_000_000;

export interface NameProblem {
  /** Says what is wrong with the folder pipelines/<name>, without naming it: "is a reserved folder name: …". */
  readonly message: string;
  readonly hint: string;
}

/**
 * Why `pipelines/<name>` may not be a pipeline folder beyond the naming pattern:
 * a reserved folder name, or a name the project's .gitignore would make git skip
 * (the pipeline would never reach the repository, nor CI). Undefined when fine.
 */
export function pipelineFolderProblem(root: string, name: string): NameProblem | undefined {
  if (RESERVED_PIPELINE_NAMES.includes(name)) {
    return { message: `is a reserved folder name: ${RESERVED_PIPELINE_NAME_RULE}`, hint: 'choose another name, e.g. orders_etl' };
  }
  const rule = ignoringRule(gitignoreRules(root), ['pipelines', name]);
  if (!rule) return undefined;
  return {
    message: `would be ignored by git (.gitignore line ${rule.line}: "${rule.text}"), so it would never be committed`,
    hint: 'choose another name, or change .gitignore',
  };
}

/** The last .gitignore read, kept while the file is unchanged: `validate --all` asks once per pipeline. */
let cached: { key: string; rules: IgnoreRule[] } | undefined;

function gitignoreRules(root: string): IgnoreRule[] {
  const path = join(root, '.gitignore');
  let key: string;
  try {
    const s = statSync(path);
    key = `${path}\0${s.ino}\0${s.size}\0${s.mtimeMs}`;
  } catch {
    key = `${path}\0absent`;
  }
  if (cached?.key !== key) {
    const text = readUserFileIfExists(path, { display: '.gitignore', maxBytes: MAX_GITIGNORE_BYTES });
    cached = { key, rules: text === undefined ? [] : parseGitignore(text) };
  }
  return cached.rules;
}
