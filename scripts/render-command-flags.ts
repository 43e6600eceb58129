/**
 * The text of src/cli/command-flags.generated.ts: every command's flags, read
 * from its zod schema, for `--help` and completion (which must not load zod).
 * Written by `npm run flags`; test/cli/command-flags.test.ts fails when it is stale.
 */
import type * as z from 'zod';
import { globalFields } from '../src/cli/args.js';
import { schema as completion } from '../src/cli/commands/completion.js';
import { schema as deploy } from '../src/cli/commands/deploy.js';
import { schema as doctor } from '../src/cli/commands/doctor.js';
import { schema as edit } from '../src/cli/commands/edit.js';
import { schema as generate } from '../src/cli/commands/generate.js';
import { schema as list } from '../src/cli/commands/list.js';
import { schema as newCommand } from '../src/cli/commands/new.js';
import { schema as preview } from '../src/cli/commands/preview.js';
import { schema as promote } from '../src/cli/commands/promote.js';
import { schema as runCommand } from '../src/cli/commands/run.js';
import { schema as schemas } from '../src/cli/commands/schemas.js';
import { schema as status } from '../src/cli/commands/status.js';
import { schema as upgrade } from '../src/cli/commands/upgrade.js';
import { schema as validate } from '../src/cli/commands/validate.js';
import type { FlagSpec } from '../src/cli/command-table.js';
import { flagSpecs, positionalKind } from '../src/cli/schema-flags.js';

/** Each command's schema, by command name. */
export const COMMAND_SCHEMAS: Readonly<Record<string, z.ZodObject>> = {
  new: newCommand,
  edit,
  generate,
  preview,
  validate,
  list,
  deploy,
  status,
  run: runCommand,
  promote,
  doctor,
  schemas,
  completion,
  upgrade,
};

const GLOBAL_NAMES = new Set(Object.keys(globalFields));

function flagLines(flags: readonly FlagSpec[], indent: string): string {
  return flags.map((f) => `${indent}${JSON.stringify(f)},\n`).join('');
}

function commandEntry(name: string, schema: z.ZodObject): string {
  const flags = flagSpecs(schema).filter((f) => !GLOBAL_NAMES.has(f.name));
  const kind = positionalKind(schema);
  const key = /^[a-z]+$/.test(name) ? name : JSON.stringify(name);
  const list = flags.length > 0 ? `[\n${flagLines(flags, '      ')}    ]` : '[]';
  return `  ${key}: {\n${kind ? `    positionals: '${kind}',\n` : ''}    flags: ${list},\n  },\n`;
}

export function renderCommandFlags(): string {
  const globals = flagSpecs(COMMAND_SCHEMAS.list!).filter((f) => GLOBAL_NAMES.has(f.name));
  return `// Written by \`npm run flags\` from the command schemas (src/cli/commands/*.ts, globalFields in src/cli/args.ts). Do not edit.
import type { CommandFlags, FlagSpec } from './command-table.js';

/** Flags every command takes. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
${flagLines(globals, '  ')}];

export const COMMAND_FLAGS = {
${Object.entries(COMMAND_SCHEMAS).map(([name, schema]) => commandEntry(name, schema)).join('')}} as const satisfies Record<string, CommandFlags>;
`;
}
