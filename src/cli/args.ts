import { parseArgs } from 'node:util';
import * as z from 'zod';
import { UsageError } from '../core/errors.js';
import { ENV_NAMES } from '../core/names.js';
import { flagSpecs, parseOptions } from './schema-flags.js';

/**
 * Parse a command's argv with node's strict parser (the flags are the schema's
 * fields), then check the values with the schema, so every bad flag is a
 * UsageError (exit 2) that names the flag.
 */
export function parseCommandArgs<S extends z.ZodObject>(command: string, argv: readonly string[], schema: S): z.output<S> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: parseOptions(flagSpecs(schema)), allowPositionals: true, strict: true });
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

/** Flags every command takes (main.ts answers --help before any command parses). */
export const globalFields = {
  root: z.string().optional().describe('Project folder (default: the nearest folder up holding pipelines/ and config/)').meta({ valueName: '<dir>', complete: 'dir' }),
  'no-color': z.boolean().optional().describe('No colours (also NO_COLOR=1)'),
  help: z.boolean().optional().describe("Show help; with a command, that command's help").meta({ alias: 'h' }),
};

/** Flags several commands take, with the same help. */
export const jsonField = z.boolean().optional().describe('One JSON document on stdout');
export const databricksCliField = z.string().min(1).optional().describe('The databricks executable (or LOYALTY_DATABRICKS_CLI)').meta({ valueName: '<path>', complete: 'file' });

/** `--set key=value` (repeatable), as new, edit and upgrade take answers; `what` says what one answers, `example` a sample. */
export const setField = (what: string, example: string) =>
  z
    .array(z.string().regex(/^[a-z][a-z0-9_]*=/, `expected key=value, e.g. --set ${example}`))
    .default([])
    .describe(what)
    .meta({ valueName: 'key=value' });

export const answersFileField = z.string().optional().describe('Answers from a YAML or JSON file (key: value); --set wins').meta({ valueName: '<file>', complete: 'file' });

/** The env and profile a wizard previews and offers to deploy to. */
export const wizardTargetFields = {
  env: z
    .enum(ENV_NAMES, { error: `expected one of ${ENV_NAMES.join(', ')}` })
    .optional()
    .describe('(wizard) the environment to preview and deploy to')
    .meta({ alias: 'e', valueName: '<env>', complete: 'env' }),
  profile: z.string().min(1).optional().describe('(wizard) the Databricks profile to deploy with').meta({ alias: 'p', valueName: '<name>', complete: 'profile' }),
};
