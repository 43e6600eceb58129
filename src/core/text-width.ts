import stringWidth from 'string-width';
import { knownColumns } from './terminal-width.js';
import { hangingText, wordLines } from './wrap.js';

/**
 * Text as a terminal shows it: in columns (CJK and most emoji take two) and in
 * grapheme clusters (an emoji, or a letter with its accent, is one character
 * even when it is several UTF-16 units). Answers may hold any of these; the
 * wizard's own text is plain, so that case stays cheap.
 */
const PLAIN = /^[\u0020-\u007e]*$/;

let segmenter: Intl.Segmenter | undefined;

/** The characters of `text` as a user sees them. */
export function graphemes(text: string): string[] {
  if (PLAIN.test(text)) return text.split('');
  segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return Array.from(segmenter.segment(text), (s) => s.segment);
}

/** How many columns `text` takes on a terminal. */
export function columns(text: string): number {
  return PLAIN.test(text) ? text.length : stringWidth(text);
}

/** The longest start of `text` that fits in `width` columns. */
export function headColumns(text: string, width: number): string {
  if (PLAIN.test(text)) return text.slice(0, Math.max(0, width));
  let out = '';
  let used = 0;
  for (const g of graphemes(text)) {
    used += columns(g);
    if (used > width) break;
    out += g;
  }
  return out;
}

/** The longest end of `text` that fits in `width` columns. */
export function tailColumns(text: string, width: number): string {
  if (PLAIN.test(text)) return width <= 0 ? '' : text.slice(-width);
  let out = '';
  let used = 0;
  for (const g of graphemes(text).reverse()) {
    used += columns(g);
    if (used > width) break;
    out = g + out;
  }
  return out;
}

/** Where the character before `index` starts (0 at the start). */
export function previousBoundary(text: string, index: number): number {
  if (index <= 0) return 0;
  if (PLAIN.test(text)) return index - 1;
  let at = 0;
  for (const g of graphemes(text)) {
    if (at + g.length >= index) return at;
    at += g.length;
  }
  return at;
}

/** Where the character at `index` ends (the text's length at the end). */
export function nextBoundary(text: string, index: number): number {
  if (index >= text.length) return text.length;
  if (PLAIN.test(text)) return index + 1;
  let at = 0;
  for (const g of graphemes(text)) {
    at += g.length;
    if (at > index) return at;
  }
  return text.length;
}

/** The words of `text` on lines of at most `width` terminal columns (wordLines, measured in columns). */
export function wrapWords(text: string, width: number): string[] {
  return wordLines(text, width, columns);
}

/**
 * A paragraph for a terminal `terminalColumns` wide: word-wrapped to it, with a column to spare, so the terminal
 * never folds a word in two; as one line when the width is not known (a pipe or a CI log keeps each message whole).
 */
export function paragraph(text: string, terminalColumns: number | undefined): string {
  return hangingLines(text, 0, terminalColumns).join('\n');
}

/**
 * `text` after a prefix `indent` columns wide: word-wrapped to a terminal `terminalColumns` wide (one spare), the
 * lines after the first indented under the prefix; one line when the width is not known.
 */
export function hangingLines(text: string, indent: number, terminalColumns: number | undefined): string[] {
  const width = knownColumns(terminalColumns);
  return width === undefined ? [text] : hangingText(text, indent, width - 1, columns);
}

/**
 * A shell command for copying, as `parts` (the command, then each flag with its quoted value), on lines narrower than
 * a terminal `terminalColumns` wide: `first` before the first line, `next` before the others, each but the last ending in
 * " \\" so that it pastes into a shell whole. A part is never split: one too wide for any line gets a line of its
 * own, for the terminal to fold. One line when the width is not known.
 */
export function commandLines(parts: readonly string[], terminalColumns: number | undefined, first = '  ', next = '      '): string[] {
  const width = knownColumns(terminalColumns);
  const lines: string[] = [];
  let line = `${first}${parts[0] ?? ''}`;
  for (const [i, part] of parts.entries()) {
    if (i === 0) continue;
    // The part must fit with the " \\" that follows it, unless it is the last.
    if (width !== undefined && columns(`${line} ${part}${i < parts.length - 1 ? ' \\' : ''}`) >= width) {
      lines.push(`${line} \\`);
      line = `${next}${part}`;
    } else line += ` ${part}`;
  }
  return [...lines, line];
}

/** Held together while wrapping: the spaces of a command inside text (a private-use character, one column, not a space). */
const BOUND = '\ue000';
/** A command in text: the program, its subcommand words, then flags with their values (up to the next plain word). */
const COMMAND_IN_TEXT = /(?:databricks|npx loyalty-wizard|loyalty-wizard|npm)(?: [a-z][\w-]*)*(?: --[\w-]+(?: [^\s'"()-][^\s'"()]*)?)+/g;

/**
 * `text` with each command in it made one word, so that a wrap never cuts it between its words. One followed by a
 * quoted value is left as it is: a value in quotes must never be split over lines.
 */
function bindCommands(text: string): string {
  return text.replace(COMMAND_IN_TEXT, (command: string, at: number) => (/^ ['"]/.test(text.slice(at + command.length)) ? command : command.replaceAll(' ', BOUND)));
}

const unbind = (line: string) => line.replaceAll(BOUND, ' ');

/**
 * Advice after its label (`  hint: `, `    fix: `) for a terminal `terminalColumns` wide: wrapped by words under the
 * label, a command in it never cut between its words. A command too wide for a line of its own goes on over lines
 * ending in " \\" (starting on the line before when its first part fits there), so that it pastes into a shell
 * whole. One line when it fits or the width is not known.
 */
export function adviceLines(label: string, text: string, terminalColumns: number | undefined): string[] {
  const width = knownColumns(terminalColumns);
  if (width === undefined || columns(label + text) < width) return [label + text];
  const margin = columns(label);
  const indent = ' '.repeat(margin);
  const out: string[] = [];
  hangingLines(bindCommands(text), margin, width).forEach((line, i) => {
    const [prefix, rest] = i === 0 ? [label, line] : [indent, line.slice(margin)];
    if (!rest.includes(BOUND) || columns(prefix + rest) < width) return void out.push(prefix + unbind(rest));
    const parts = unbind(rest).split(/ (?=--)/);
    const last = out.at(-1);
    const joined = last !== undefined && columns(`${last} ${parts[0]!} \\`) < width;
    if (joined) out.pop();
    out.push(...commandLines(parts, width, joined ? `${last} ` : prefix, `${indent}  `));
  });
  return out;
}
