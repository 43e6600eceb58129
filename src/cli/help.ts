/**
 * Help texts, printed from the command table. This module and the table import
 * no package (the version is inlined from package.json by the build), so
 * `--help` starts as fast as Node does.
 */
import packageJson from '../../package.json' with { type: 'json' };
import { FALLBACK_COLUMNS, knownColumns } from '../core/terminal-width.js';
import { hangingText } from '../core/wrap.js';
import { COMMAND_TABLE, commandSpec, GLOBAL_FLAGS, VERSION_FLAG, type FlagSpec } from './command-table.js';

export const VERSION: string = packageJson.version;

function flagLabel(f: FlagSpec): string {
  return `${f.short ? `-${f.short}, ` : ''}--${f.name}${f.value ? ` ${f.value}` : ''}`;
}

/** Help fits the terminal, with a column to spare; in a pipe, 80 columns (as man pages do). */
const helpWidth = (columns: number | undefined) => (knownColumns(columns) ?? FALLBACK_COLUMNS) - 1;

/** Two-column lines: each text wraps by words under its own column, and one of several lines goes on under its first. */
function twoColumns(rows: readonly (readonly [string, string])[], width: number): string {
  const left = Math.max(...rows.map(([label]) => label.length)) + 2;
  const under = `\n  ${' '.repeat(left)}`;
  return rows.map(([label, text]) => `  ${label.padEnd(left)}${text.split('\n').map((line) => hangingText(line, left + 2, width).join('\n')).join(under)}\n`).join('');
}

/**
 * Text written for 80 columns, fit to `width`: a paragraph with a line too long is reflowed by words. An indented
 * one (an example, a list) keeps its lines as written, for the terminal to fold: a command is never cut in two.
 */
function fitted(text: string, width: number): string {
  return text
    .split('\n\n')
    .map((block) => {
      const lines = block.split('\n');
      const reflow = lines.some((line) => line.length > width) && lines.every((line) => !line.startsWith(' '));
      return reflow ? hangingText(lines.join(' '), 0, width).join('\n') : block;
    })
    .join('\n\n');
}

function optionLines(flags: readonly FlagSpec[], width: number): string {
  return twoColumns(flags.map((f) => [flagLabel(f), f.help]), width);
}

export function mainHelp(columns?: number): string {
  const width = helpWidth(columns);
  const commands = twoColumns(COMMAND_TABLE.map((c) => [`${c.name} `, c.summary]), width);
  return `${fitted('loyalty-wizard — scaffold, generate and deploy Databricks Asset Bundles for Loyalty 2.0', width)}

Usage: loyalty-wizard <command> [options]

Commands:
${commands}
Global options:
${optionLines([...GLOBAL_FLAGS, VERSION_FLAG], width)}
${fitted(MAIN_FOOTER, width)}
`;
}

const MAIN_FOOTER = `Exit codes: 0 ok, 1 failure, 2 usage error or missing input.
Run "loyalty-wizard <command> --help" for a command's options.

For daily use, "npm link --ignore-scripts" in the project puts loyalty-wizard
on your PATH (it starts about a second sooner than npx); see the README.`;

/** A command's help, or undefined for a command that does not exist. */
export function commandHelp(name: string, columns?: number): string | undefined {
  const spec = commandSpec(name);
  if (!spec) return undefined;
  const width = helpWidth(columns);
  const options = spec.flags.length > 0 ? `\nOptions:\n${optionLines(spec.flags, width)}` : '';
  const usage = hangingText(spec.usage, 'Usage: loyalty-wizard '.length, width).join('\n');
  return `Usage: loyalty-wizard ${usage}\n\n${fitted(spec.about, width)}\n${options}${spec.footer ? `\n${fitted(spec.footer, width)}\n` : ''}`;
}
