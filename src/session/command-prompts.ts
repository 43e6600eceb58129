/**
 * The prompts commands use outside the wizard: inquirer's in a terminal that can
 * redraw, line prompts in one that cannot (ctx.plain). Loaded only when someone
 * must be asked.
 */
import type { CommandPrompts } from './line-prompts.js';
import type { CliContext } from './context.js';

export type { CommandPrompts, PromptChoice } from './line-prompts.js';

export async function commandPrompts(ctx: CliContext): Promise<CommandPrompts> {
  if (ctx.plain) return (await import('./line-prompts.js')).linePrompts(ctx.terminal);
  const inquirer = await import('./inquirer-prompts.js');
  return {
    select: (message, choices, notes = []) => inquirer.select({ message, choices: [...choices, ...notes.map((n) => new inquirer.Separator(`  ${n}`))] }, ctx.terminal),
    input: (message, validate) => inquirer.input({ message, ...(validate ? { validate, theme: { validationFailureMode: 'clear' as const } } : {}) }, ctx.terminal),
    confirm: (message, defaultValue) => inquirer.confirm({ message, default: defaultValue }, ctx.terminal),
  };
}
