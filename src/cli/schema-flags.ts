/**
 * A command's flags are the fields of its zod schema: the field name is the
 * long flag, `.describe()` its help line, and `.meta()` what help and
 * completion need besides (short alias, value name, kind of value). The parser's
 * options are read from the schema here; `--help` and completion read the same
 * facts from command-flags.generated.ts (written from the schemas by
 * `npm run flags`), so `--help` never loads zod.
 */
import type { ParseArgsConfig } from 'node:util';
import type * as z from 'zod';
import type { FlagSpec, ValueKind } from './command-table.js';

declare module 'zod' {
  interface GlobalMeta {
    /** The one-letter form of a flag, without the dash. */
    alias?: string;
    /** The value's placeholder in help (e.g. "<id>"); every flag that takes a value has one. */
    valueName?: string;
    /** What a flag's value (or the positional arguments) is, so completion offers the right words. */
    complete?: ValueKind;
  }
}

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** The field's type under optional/default wrappers. */
function innerType(schema: z.ZodType): string {
  const def = schema._zod.def as { type: string; innerType?: z.ZodType };
  return (def.type === 'optional' || def.type === 'default') && def.innerType ? innerType(def.innerType) : def.type;
}

/** The flags a command schema accepts, in field order (every field but `positionals`). */
export function flagSpecs(schema: z.ZodObject): FlagSpec[] {
  return Object.entries(schema.shape)
    .filter(([name]) => name !== 'positionals')
    .map(([name, field]) => flagSpec(name, field as z.ZodType));
}

function flagSpec(name: string, field: z.ZodType): FlagSpec {
  const meta = field.meta() ?? {};
  const type = innerType(field);
  if (!meta.description) throw new Error(`--${name}: no .describe() help line`);
  if ((type === 'boolean') === Boolean(meta.valueName)) throw new Error(`--${name}: a valueName exactly when the flag takes a value`);
  return {
    name,
    ...(meta.alias ? { short: meta.alias } : {}),
    ...(meta.valueName ? { value: meta.valueName } : {}),
    ...(meta.complete ? { complete: meta.complete } : {}),
    ...(type === 'array' ? { multiple: true } : {}),
    help: meta.description,
  };
}

/** What completion offers for the positional arguments, if anything. */
export function positionalKind(schema: z.ZodObject): ValueKind | undefined {
  const field = schema.shape.positionals as z.ZodType | undefined;
  return field?.meta()?.complete;
}

/** node:util parseArgs options for the flags. */
export function parseOptions(flags: readonly FlagSpec[]): OptionSpec {
  return Object.fromEntries(
    flags.map((f) => [f.name, { type: f.value ? 'string' : 'boolean', ...(f.short ? { short: f.short } : {}), ...(f.multiple ? { multiple: true } : {}) }]),
  ) as OptionSpec;
}
