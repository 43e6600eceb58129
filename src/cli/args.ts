import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as z from 'zod';
import { UsageError } from '../core/errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Options every command accepts. */
export const GLOBAL_OPTIONS = {
  root: { type: 'string' },
  'no-color': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies OptionSpec;

/**
 * Parse a command's argv with node's strict parser, then check the values with
 * zod, so every bad flag is a UsageError (exit 2) that names the flag.
 */
export function parseCommandArgs<S extends z.ZodType>(
  command: string,
  argv: readonly string[],
  options: OptionSpec,
  schema: S,
): z.output<S> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: { ...GLOBAL_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]!.replace(/\. To specify a positional argument.*$/, '');
    throw new UsageError(`${command}: ${message}`, `see: loyalty-wizard ${command} --help`);
  }
  const result = schema.safeParse({ ...parsed.values, positionals: parsed.positionals });
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const key = issue.path[0];
    const flag = key === 'positionals' ? 'arguments' : `--${String(key)}`;
    throw new UsageError(`${command}: ${flag}: ${issue.message}`, `see: loyalty-wizard ${command} --help`);
  }
  return result.data;
}

export const globalFields = {
  root: z.string().optional(),
  'no-color': z.boolean().optional(),
  help: z.boolean().optional(),
};
