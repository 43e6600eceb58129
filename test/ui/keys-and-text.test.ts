import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { readKey, readKeys } from '../../src/ui/keys.js';
import { applyTextEdit, textDraft, textEditForKey } from '../../src/ui/text-input/text-edit.js';

const noKey: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const k = (more: Partial<Key>): Key => ({ ...noKey, ...more });

describe('readKey', () => {
  it('names keys, with Backspace (reported by Ink as delete) erasing backwards', () => {
    expect(readKey('', k({ return: true })).name).toBe('enter');
    expect(readKey('', k({ tab: true, shift: true })).name).toBe('shift-tab');
    expect(readKey('', k({ upArrow: true, shift: true })).name).toBe('shift-up');
    expect(readKey('', k({ delete: true })).name).toBe('backspace');
    expect(readKey('c', k({ ctrl: true })).name).toBe('quit');
    expect(readKey('g', k({ ctrl: true })).name).toBe('help');
    expect(readKey('u', k({ ctrl: true })).name).toBe('clear-line');
  });

  it('passes text through without control characters', () => {
    expect(readKey('a?', noKey)).toEqual({ name: 'text', text: 'a?' });
    expect(readKey('\u0001', noKey).name).toBe('other');
  });

  it('splits a chunk typed ahead into presses, in order', () => {
    expect(readKeys('ab\u007fc\r', noKey)).toEqual([
      { name: 'text', text: 'ab' },
      { name: 'backspace', text: '' },
      { name: 'text', text: 'c' },
      { name: 'enter', text: '' },
    ]);
  });

  it('splits Ctrl keys out of a chunk too: Ctrl-U then new text clears the field first', () => {
    expect(readKeys('\u0015bad cron', noKey)).toEqual([
      { name: 'clear-line', text: '' },
      { name: 'text', text: 'bad cron' },
    ]);
    expect(readKeys('ab\u0017c\u0001d\u0005\u0004\u0007', noKey).map((p) => p.name)).toEqual(['text', 'delete-word', 'text', 'home', 'text', 'end', 'delete-forward', 'help']);
  });

  it('takes a line feed for Enter: what an Enter typed before raw mode arrives as, alone or with more keys', () => {
    expect(readKey('\n', noKey).name).toBe('enter');
    expect(readKeys('\n\n', noKey).map((p) => p.name)).toEqual(['enter', 'enter']);
    expect(readKeys('orders\n', noKey)).toEqual([
      { name: 'text', text: 'orders' },
      { name: 'enter', text: '' },
    ]);
  });

  it('quits on Ctrl-C even inside a sequence Ink cannot name (Esc then Ctrl-C)', () => {
    expect(readKeys('\u0003', noKey)).toEqual([{ name: 'quit', text: '' }]);
  });
});

describe('text edits', () => {
  const apply = (value: string, cursor: number, ...edits: Parameters<typeof applyTextEdit>[1][]) => edits.reduce(applyTextEdit, { value, cursor });

  it('inserts at the cursor and moves it', () => {
    expect(apply('ac', 1, { type: 'insert', text: 'b' })).toEqual({ value: 'abc', cursor: 2 });
  });

  it('erases backwards and forwards, not past the ends', () => {
    expect(apply('abc', 1, { type: 'backspace' })).toEqual({ value: 'bc', cursor: 0 });
    expect(apply('abc', 0, { type: 'backspace' })).toEqual({ value: 'abc', cursor: 0 });
    expect(apply('abc', 1, { type: 'delete-forward' })).toEqual({ value: 'ac', cursor: 1 });
    expect(apply('abc', 3, { type: 'delete-forward' })).toEqual({ value: 'abc', cursor: 3 });
  });

  it('moves, clears and deletes a word', () => {
    expect(apply('abc', 1, { type: 'left' }, { type: 'left' })).toEqual({ value: 'abc', cursor: 0 });
    expect(apply('abc', 1, { type: 'end' }, { type: 'right' })).toEqual({ value: 'abc', cursor: 3 });
    expect(apply('abc', 2, { type: 'clear' })).toEqual({ value: '', cursor: 0 });
    expect(apply('a.b, c.d', 8, { type: 'delete-word' })).toEqual({ value: 'a.b, ', cursor: 5 });
    expect(textDraft('xy')).toEqual({ value: 'xy', cursor: 2 });
  });

  it('steps over and erases an emoji, a flag or an accented letter whole, never half of it', () => {
    const value = 'a😀e\u0301🇳🇱b';
    const at = [0, 1, 3, 5, 9, 10];
    let d = { value, cursor: value.length };
    for (const expected of [...at].reverse().slice(1)) {
      d = applyTextEdit(d, { type: 'left' });
      expect(d.cursor).toBe(expected);
    }
    for (const expected of at.slice(1)) {
      d = applyTextEdit(d, { type: 'right' });
      expect(d.cursor).toBe(expected);
    }
    expect(apply(value, 9, { type: 'backspace' })).toEqual({ value: 'a😀e\u0301b', cursor: 5 });
    expect(apply(value, 5, { type: 'backspace' })).toEqual({ value: 'a😀🇳🇱b', cursor: 3 });
    expect(apply(value, 3, { type: 'backspace' })).toEqual({ value: 'ae\u0301🇳🇱b', cursor: 1 });
    expect(apply(value, 1, { type: 'delete-forward' })).toEqual({ value: 'ae\u0301🇳🇱b', cursor: 1 });
    for (let i = 0; i <= value.length; i++) expect(apply(value, value.length, ...Array<{ type: 'backspace' }>(i).fill({ type: 'backspace' })).value).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });

  it('maps keys to edits', () => {
    expect(textEditForKey({ name: 'text', text: 'x' })).toEqual({ type: 'insert', text: 'x' });
    expect(textEditForKey({ name: 'clear-line', text: '' })).toEqual({ type: 'clear' });
    expect(textEditForKey({ name: 'enter', text: '' })).toBeUndefined();
  });
});
