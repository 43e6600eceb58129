/**
 * Help texts, printed from the command table. This module and the table import
 * no package (the version is inlined from package.json by the build), so
 * `--help` starts as fast as Node does.
 */
import packageJson from '../../package.json' with { type: 'json' };
import { COMMAND_TABLE, commandSpec, GLOBAL_FLAGS, VERSION_FLAG, type FlagSpec } from './command-table.js';

export const VERSION: string = packageJson.version;

function flagLabel(f: FlagSpec): string {
  return `${f.short ? `-${f.short}, ` : ''}--${f.name}${f.value ? ` ${f.value}` : ''}`;
}

/** Two-column option lines; a help text of several lines continues under its first. */
function optionLines(flags: readonly FlagSpec[]): string {
  const width = Math.max(...flags.map((f) => flagLabel(f).length)) + 2;
  return flags
    .map((f) => `  ${flagLabel(f).padEnd(width)}${f.help.split('\n').join(`\n  ${' '.repeat(width)}`)}\n`)
    .join('');
}

export function mainHelp(): string {
  const width = Math.max(...COMMAND_TABLE.map((c) => c.name.length)) + 3;
  const commands = COMMAND_TABLE.map((c) => `  ${c.name.padEnd(width)}${c.summary}\n`).join('');
  return `loyalty-wizard — scaffold, generate and deploy Databricks Asset Bundles for Loyalty 2.0

Usage: loyalty-wizard <command> [options]

Commands:
${commands}
Global options:
${optionLines([...GLOBAL_FLAGS, VERSION_FLAG])}
Exit codes: 0 ok, 1 failure, 2 usage error or missing input.
Run "loyalty-wizard <command> --help" for a command's options.
For daily use, "npm link --ignore-scripts" in the project puts loyalty-wizard on
your PATH (it starts about a second sooner than npx); see the README.
`;
}

/** A command's help, or undefined for a command that does not exist. */
export function commandHelp(name: string): string | undefined {
  const spec = commandSpec(name);
  if (!spec) return undefined;
  const options = spec.flags.length > 0 ? `\nOptions:\n${optionLines(spec.flags)}` : '';
  return `Usage: loyalty-wizard ${spec.usage}\n\n${spec.about}\n${options}${spec.footer ? `\n${spec.footer}\n` : ''}`;
}
