/** What every completion script is written from: the command table, and how each kind of value is found on disk. */
import { COMMAND_TABLE, GLOBAL_FLAGS, VERSION_FLAG, type CommandSpec, type FlagSpec, type ValueKind } from '../command-table.js';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Top-level words besides the commands. */
export const TOP_FLAGS: readonly FlagSpec[] = [
  { name: 'help', short: 'h', help: 'Show help' },
  VERSION_FLAG,
];

export function commands(): readonly CommandSpec[] {
  return COMMAND_TABLE;
}

export function flagsOf(command: CommandSpec): readonly FlagSpec[] {
  return [...command.flags, ...GLOBAL_FLAGS];
}

/** Each spelling of a flag: --name, and -x when it has a short form. */
export function spellings(flag: FlagSpec): string[] {
  return [`--${flag.name}`, ...(flag.short ? [`-${flag.short}`] : [])];
}

/** The kinds the script's value function answers (files and folders are the shell's own). */
export const WORD_KINDS: readonly ValueKind[] = ['pipeline', 'env', 'template', 'profile', 'shell'];

/**
 * Profile names in the profiles file, as loyalty-wizard reads them: sections
 * with a host or an account_id (keys before any section are DEFAULT's),
 * never __settings__. An awk program, so no shell has to parse INI.
 */
export const PROFILES_AWK =
  'BEGIN { s = "DEFAULT" } ' +
  '/^[ \\t]*\\[[^]]+\\][ \\t]*$/ { s = $0; gsub(/^[ \\t]*\\[[ \\t]*|[ \\t]*\\][ \\t]*$/, "", s); next } ' +
  '{ k = $0; sub(/[=:].*/, "", k); gsub(/[ \\t]/, "", k); k = tolower(k); ' +
  'if ((k == "host" || k == "account_id") && s != "__settings__" && !(s in seen)) { seen[s] = 1; print s } }';

/** One line of help for a description column: the first line, without what a shell would read as syntax. */
export function shortHelp(text: string): string {
  return text.replace(/\n/g, ' ').replace(/[[\]]/g, (c) => (c === '[' ? '(' : ')')).replace(/'/g, '’');
}
