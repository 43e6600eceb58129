import { terminalSafe } from './terminal-text.js';

/**
 * The error hierarchy every command speaks. One top-level handler prints
 * `message` (one line, naming file and field) plus `hint`, and exits with
 * `exitCode`. Nothing here knows about the terminal.
 */

export interface SourceLocation {
  readonly line: number;
  readonly column: number;
}

/** The user must act: bad input, bad config, missing answer. */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  readonly exitCode: number = 1;
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/**
 * Bad command line: an unknown flag, a bad flag value, a missing argument, or an
 * argument that names nothing (no such pipeline, no such template). Exit 2. Every
 * check of what was typed on the command line throws this, wherever it runs.
 */
export class UsageError extends UserError {
  override readonly name = 'UsageError';
  override readonly exitCode = 2;
}

/** One problem in one file, at one JSON path. */
export interface ConfigIssue {
  readonly file: string;
  /** Dotted path with [i] for array items, e.g. `tasks[0].notebook`; empty for the whole file. */
  readonly path: string;
  readonly message: string;
  readonly hint?: string;
  readonly location?: SourceLocation;
}

/** One line: file:line:column: field: message — hint. Text from the configs in it is shown escaped, never raw. */
export function formatIssue(issue: ConfigIssue): string {
  const where = issue.location ? `${issue.file}:${issue.location.line}:${issue.location.column}` : issue.file;
  const field = issue.path ? ` ${issue.path}:` : '';
  const hint = issue.hint ? ` — ${issue.hint}` : '';
  return terminalSafe(`${where}:${field} ${issue.message}${hint}`);
}

/** A config file (or several) failed validation. The message is the first issue; all are kept. */
export class ConfigError extends UserError {
  override readonly name = 'ConfigError';
  constructor(readonly issues: readonly ConfigIssue[]) {
    super(issues.length > 0 ? formatIssue(issues[0]!) : 'invalid configuration');
  }
}

/** Join a path of keys and indices into `a.b[0].c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}
