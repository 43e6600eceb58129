import { ConfigError, formatIssue, UserError } from '../core/errors.js';
import { knownSecretsIn, redactKnownSecrets } from '../core/redact-secrets.js';
import { terminalSafe } from '../core/terminal-text.js';
import { adviceLines } from '../core/text-width.js';
import type { CliContext } from './context.js';
import { createStyle } from './style.js';

/**
 * The one place errors become text: message, hint, exit code. No stack traces
 * unless LOYALTY_DEBUG is set. Whatever a message carries from outside is shown
 * escaped, and no credential from the environment or Databricks token is printed.
 */
export function reportError(error: unknown, ctx: CliContext): number {
  const style = createStyle(ctx.color);
  const secrets = knownSecretsIn(ctx.env);
  const shown = (text: string) => terminalSafe(redactKnownSecrets(text, secrets));
  if (error instanceof ConfigError) {
    ctx.stderr.write(`${style.red('error:')} ${shown(error.message)}\n`);
    if (error.issues.length > 1) {
      for (const issue of error.issues.slice(1, 10)) ctx.stderr.write(`${style.red('error:')} ${shown(formatIssue(issue))}\n`);
      if (error.issues.length > 10) ctx.stderr.write(`  … and ${error.issues.length - 10} more\n`);
    }
    return error.exitCode;
  }
  if (error instanceof UserError) {
    ctx.stderr.write(`${style.red('error:')} ${shown(error.message)}\n`);
    // The message stays one line; its hint fits the terminal, a command in it pasting whole.
    if (error.hint) ctx.stderr.write(`${adviceLines('  hint: ', shown(error.hint), ctx.columns).join('\n').replace('hint:', style.dim('hint:'))}\n`);
    return error.exitCode;
  }
  const err = error instanceof Error ? error : new Error(String(error));
  if (isPromptCancel(err)) {
    ctx.stderr.write(`${style.yellow('cancelled')}: nothing was changed\n`);
    return 130;
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC' || code === 'EROFS') {
    const path = (err as NodeJS.ErrnoException).path;
    ctx.stderr.write(`${style.red('error:')} cannot write${path ? ` ${shown(path)}` : ''}: ${code}\n  ${style.dim('hint:')} check the folder's permissions and free space\n`);
    return 1;
  }
  ctx.stderr.write(`${style.red('internal error:')} ${shown(err.message)}\n  ${style.dim('hint:')} this is a bug in loyalty-wizard; rerun with LOYALTY_DEBUG=1 for details and report it\n`);
  if (ctx.env.LOYALTY_DEBUG) ctx.stderr.write(`${err.stack ?? ''}\n`);
  return 1;
}

/** Ctrl-C at an inquirer prompt arrives as a typed error, not a signal. */
export function isPromptCancel(error: unknown): boolean {
  return error instanceof Error && (error.name === 'ExitPromptError' || error.name === 'AbortPromptError');
}
