import { parseArgs, type ParseArgsConfig } from 'node:util';
import * as z from 'zod';
import { UsageError } from '../core/errors.js';
import { commandSpec, GLOBAL_FLAGS } from './command-table.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** The parser's options for a command: its flags in the command table, and the global ones. */
export function optionsFor(command: string): OptionSpec {
  const flags = [...GLOBAL_FLAGS, ...(commandSpec(command)?.flags ?? [])];
  return Object.fromEntries(
    flags.map((f) => [f.name, { type: f.value ? 'string' : 'boolean', ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) }]),
  ) as OptionSpec;
}

/**
 * Parse a command's argv with node's strict parser (the flags of the command
 * table), then check the values with zod, so every bad flag is a UsageError
 * (exit 2) that names the flag.
 */
export function parseCommandArgs<S extends z.ZodType>(command: string, argv: readonly string[], schema: S): z.output<S> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: optionsFor(command), allowPositionals: true, strict: true });
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
