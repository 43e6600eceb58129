/**
 * The answer flags `new`, `edit` and `upgrade` share: `--set key=value` read as answers of a template's questions,
 * `--answers <file>`, and answers written back as the `--set` values that give them.
 */
import { resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { parseLocated, ParseFailure } from '../core/located-parse.js';
import type { TemplateSource } from '../core/scaffold.js';
import { answerText, coerceAnswer, type Answers, type AnswerValue } from '../core/template-manifest.js';
import { FileRefusedError, readUserFile } from '../project/read-file.js';
import { commandLines } from '../core/text-width.js';
import type { CliContext } from '../session/context.js';

/** The --set flags as answers of `template`'s questions; a usage error naming the key when one is not. `verb`: the command. */
export function parseSets(template: TemplateSource, sets: readonly string[], verb: string): Answers {
  const answers: Answers = {};
  for (const entry of sets) {
    const eq = entry.indexOf('=');
    const key = entry.slice(0, eq);
    const raw = entry.slice(eq + 1);
    const question = template.manifest.questions.find((q) => q.key === key);
    if (!question) {
      throw new UsageError(
        `${verb}: --set ${key}: template ${template.id} has no question "${key}"`,
        `its questions: ${template.manifest.questions.map((q) => q.key).join(', ')}`,
      );
    }
    const coerced = coerceAnswer(question, raw);
    if ('error' in coerced) throw new UsageError(`${verb}: --set ${key}: ${coerced.error}`);
    answers[key] = coerced.value;
  }
  return answers;
}

/** The --answers file: absolute, or relative to the folder the command runs in (no `~`: the shell expands that). */
export function readAnswersFile(ctx: CliContext, path: string | undefined, verb: string): Answers {
  if (path === undefined) return {};
  let text: string;
  try {
    text = readUserFile(resolve(ctx.cwd, path), { display: path });
  } catch (error) {
    if (!(error instanceof FileRefusedError)) throw error;
    const issue = error.issues[0]!;
    throw new UsageError(`${verb}: --answers ${path}: ${issue.message}`, issue.hint);
  }
  let value: unknown;
  try {
    value = parseLocated(text, path.endsWith('.json') ? 'json' : 'yaml').value;
  } catch (error) {
    if (error instanceof ParseFailure) {
      const at = error.location ? `:${error.location.line}:${error.location.column}` : '';
      throw new UsageError(`${path}${at}: not valid ${path.endsWith('.json') ? 'JSON' : 'YAML'}: ${error.message}`, error.hint);
    }
    throw error;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(`${path}: expected a mapping of question keys to answers, e.g. "topics: [orders]"`);
  }
  return value as Answers;
}

/** An answer as --set takes it; `raw` leaves quoting to the caller. */
export function formatValue(value: AnswerValue, raw = false): string {
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v === 'string')) return value.join(',');
    return raw ? JSON.stringify(value) : "'<steps as JSON>'";
  }
  const s = typeof value === 'object' ? answerText(value) : String(value);
  return !raw && /[\s"'*?]/.test(s) ? `'${s}'` : s;
}

/** One shell word: as it is when it needs no quoting, else in single quotes. */
export function shellArg(s: string): string {
  return /^[A-Za-z0-9_./:=,@+-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/**
 * "The same, without questions (for CI):" and the commands, each given as its parts (a command, then flags with their
 * quoted values). In a terminal a command wider than it goes on over lines ending in " \\", so that it still pastes
 * into a shell whole; without a known width (a pipe, a CI log) each stays one line.
 */
export function printReplay(ctx: CliContext, commands: readonly (readonly string[])[]): void {
  ctx.stdout.write('\nThe same, without questions (for CI):\n');
  for (const parts of commands) ctx.stdout.write(`${commandLines(parts, ctx.columns).join('\n')}\n`);
}
