/**
 * Questions as lines, for terminals that cannot move the cursor: each prompt is
 * printed once, the answer is a line the terminal itself echoes, and a bad
 * answer prints its problem and asks again. No escape sequence is ever written.
 */
import { terminalSafe } from '../core/terminal-text.js';
import { wrapWords } from '../core/text-width.js';
import { LineReader, type PlainTerminal } from './line-reader.js';

/** Typed as "<": go back to the previous question. */
export const BACK = Symbol('back');
export type Back = typeof BACK;

export interface Prompter {
  readonly reader: LineReader;
  readonly output: PlainTerminal['output'];
  /** Columns to wrap help text at. */
  readonly width: number;
}

export function createPrompter(terminal: PlainTerminal): Prompter {
  const columns = terminal.output.columns;
  return { reader: new LineReader(terminal.input), output: terminal.output, width: Math.max(40, Math.min(columns && columns > 0 ? columns : 80, 100)) };
}

/** Text from templates, configs or answers, made safe to print; `indent` wraps it under a margin. */
export function say(p: Prompter, text: string, indent = 0): void {
  const safe = terminalSafe(text);
  const lines = indent > 0 ? wrapWords(safe, p.width - indent).map((l) => ' '.repeat(indent) + l) : [safe];
  p.output.write(`${lines.join('\n')}\n`);
}

export interface Parsed<T> {
  readonly value?: T;
  readonly problem?: string;
}

/** Print `label [default]: `, read a line; empty takes the default, "<" goes back when allowed. */
async function askLine<T>(p: Prompter, label: string, shownDefault: string, parse: (typed: string) => Parsed<T>, back: boolean): Promise<T | Back> {
  for (;;) {
    const shown = `${terminalSafe(label.replace(/:\s*$/, ''))}${shownDefault === '' ? '' : ` [${terminalSafe(shownDefault)}]`}`;
    p.output.write(`${shown}: `);
    const typed = await p.reader.next();
    if (back && typed.trim() === '<') return BACK;
    const parsed = parse(typed.trim() === '' ? shownDefault : typed);
    if (parsed.problem === undefined) return parsed.value as T;
    say(p, `! ${parsed.problem}`, 2);
  }
}

export interface TextAsk<T> {
  readonly label: string;
  readonly defaultText: string;
  readonly parse: (text: string) => Parsed<T>;
  readonly back?: boolean;
}

export function askText<T>(p: Prompter, ask: TextAsk<T>): Promise<T | Back> {
  return askLine(p, ask.label, ask.defaultText, ask.parse, ask.back ?? true);
}

export interface ChoiceAsk<T> {
  readonly label: string;
  readonly options: readonly { readonly value: T; readonly label: string; readonly detail?: string }[];
  readonly defaultIndex: number;
  readonly back?: boolean;
  /** Why a chosen value cannot be used (it is asked again), or undefined. */
  readonly check?: (value: T) => string | undefined;
}

/** Numbered options; the answer is a number, or an option's value or label. */
export function askChoice<T>(p: Prompter, ask: ChoiceAsk<T>): Promise<T | Back> {
  const { options } = ask;
  options.forEach((o, i) => {
    say(p, `  ${i + 1}) ${o.label}`);
    if (o.detail) say(p, o.detail, 6);
  });
  const parse = (typed: string): Parsed<T> => {
    const t = typed.trim().toLowerCase();
    const n = /^\d+$/.test(t) ? Number(t) : NaN;
    const found = options[n - 1] ?? options.find((o) => String(o.value).toLowerCase() === t || o.label.toLowerCase() === t) ?? uniquePrefix(options, t);
    if (!found) return { problem: `type a number from 1 to ${options.length}` };
    const problem = ask.check?.(found.value);
    return problem === undefined ? { value: found.value } : { problem };
  };
  return askLine(p, ask.label, String(ask.defaultIndex + 1), parse, ask.back ?? true);
}

/** The one option whose label starts with what was typed (e.g. "q" for Quit), if only one does. */
function uniquePrefix<T extends { readonly label: string }>(options: readonly T[], typed: string): T | undefined {
  const matches = typed === '' ? [] : options.filter((o) => o.label.toLowerCase().startsWith(typed));
  return matches.length === 1 ? matches[0] : undefined;
}

/** y or n; Enter takes the default. */
export function askYesNo(p: Prompter, label: string, defaultValue: boolean, opts: { back?: boolean; check?: (value: boolean) => string | undefined } = {}): Promise<boolean | Back> {
  const parse = (typed: string): Parsed<boolean> => {
    const t = typed.trim().toLowerCase();
    const value = ['y', 'yes'].includes(t) ? true : ['n', 'no'].includes(t) ? false : undefined;
    if (value === undefined) return { problem: 'type y or n' };
    const problem = opts.check?.(value);
    return problem === undefined ? { value } : { problem };
  };
  return askLine(p, `${label} (y/n)`, defaultValue ? 'y' : 'n', parse, opts.back ?? true);
}
