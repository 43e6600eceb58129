import type { Key } from 'ink';

/** The keys the wizard and the home menu understand, named once so key maps stay pure and testable. */
export type KeyName =
  | 'enter'
  | 'escape'
  | 'tab'
  | 'shift-tab'
  | 'up'
  | 'down'
  | 'shift-up'
  | 'shift-down'
  | 'left'
  | 'right'
  | 'page-up'
  | 'page-down'
  | 'home'
  | 'end'
  | 'backspace'
  | 'delete-forward'
  | 'clear-line'
  | 'delete-word'
  | 'help'
  | 'quit'
  | 'text'
  | 'other';

export interface KeyPress {
  readonly name: KeyName;
  /** The typed characters when name is 'text' (a paste arrives as one press). */
  readonly text: string;
}

const CTRL: Record<string, KeyName> = { c: 'quit', u: 'clear-line', w: 'delete-word', a: 'home', e: 'end', d: 'delete-forward', g: 'help' };

/**
 * Ink reports the Backspace key (0x7f) as `delete`, the same as forward Delete,
 * so both erase backwards; Ctrl-D deletes forwards. A line feed is Enter too:
 * an Enter typed before the terminal went raw arrives as "\n" (the line
 * discipline translated its "\r"), and Ctrl-J sends it.
 */
export function readKey(input: string, key: Key): KeyPress {
  const named = (name: KeyName): KeyPress => ({ name, text: '' });
  if (key.ctrl && CTRL[input]) return named(CTRL[input]!);
  if (key.return || input === '\n') return named('enter');
  if (key.escape) return named('escape');
  if (key.tab) return named(key.shift ? 'shift-tab' : 'tab');
  if (key.upArrow) return named(key.shift ? 'shift-up' : 'up');
  if (key.downArrow) return named(key.shift ? 'shift-down' : 'down');
  if (key.leftArrow) return named('left');
  if (key.rightArrow) return named('right');
  if (key.pageUp) return named('page-up');
  if (key.pageDown) return named('page-down');
  if (key.home) return named('home');
  if (key.end) return named('end');
  if (key.backspace || key.delete) return named('backspace');
  if (key.ctrl || key.meta) return named('other');
  // eslint-disable-next-line no-control-regex
  const text = input.replace(/[\u0000-\u001f\u007f]/g, '');
  return text === '' ? named('other') : { name: 'text', text };
}

const IN_CHUNK: Record<string, KeyName> = {
  '\u007f': 'backspace',
  '\b': 'backspace',
  '\r': 'enter',
  '\n': 'enter',
  '\t': 'tab',
  '\u0015': 'clear-line',
  '\u0017': 'delete-word',
  '\u0001': 'home',
  '\u0005': 'end',
  '\u0004': 'delete-forward',
  '\u0007': 'help',
};
// eslint-disable-next-line no-control-regex
const CHUNK_KEY = /([\u007f\b\r\n\t\u0015\u0017\u0001\u0005\u0004\u0007])/;

/**
 * Keys typed faster than the terminal is read arrive as one chunk, which Ink
 * passes on whole ("ab\u007fc\r", "\u0015new text"). Split such a chunk into
 * presses in order, so type-ahead behaves as if typed slowly.
 */
export function readKeys(input: string, key: Key): KeyPress[] {
  // Ctrl-C right after Esc arrives as one sequence Ink cannot name; quitting must still work.
  if (input.includes('\u0003')) return [{ name: 'quit', text: '' }];
  if (input.length <= 1 || input.startsWith('\u001b') || !CHUNK_KEY.test(input)) return [readKey(input, key)];
  const presses: KeyPress[] = [];
  for (const part of input.split(CHUNK_KEY)) {
    if (part === '') continue;
    const named = IN_CHUNK[part];
    if (named) presses.push({ name: named, text: '' });
    else presses.push(...[readKey(part, { ...key, return: false, tab: false, backspace: false, delete: false })].filter((p) => p.name === 'text'));
  }
  return presses;
}
