import type { KeyPress } from '../keys.js';
import { nextBoundary, previousBoundary } from '../text-width.js';

/**
 * A one-line text being edited: the value and where the cursor is (0…value.length,
 * in UTF-16 units, always between two characters as a user sees them: an emoji or an
 * accented letter is stepped over and erased whole).
 */
export interface TextDraft {
  readonly value: string;
  readonly cursor: number;
}

export type TextEdit =
  | { readonly type: 'insert'; readonly text: string }
  | { readonly type: 'backspace' | 'delete-forward' | 'left' | 'right' | 'home' | 'end' | 'clear' | 'delete-word' };

export function textDraft(value: string): TextDraft {
  return { value, cursor: value.length };
}

export function applyTextEdit(draft: TextDraft, edit: TextEdit): TextDraft {
  const { value, cursor } = draft;
  switch (edit.type) {
    case 'insert':
      return { value: value.slice(0, cursor) + edit.text + value.slice(cursor), cursor: cursor + edit.text.length };
    case 'backspace': {
      const start = previousBoundary(value, cursor);
      return cursor === 0 ? draft : { value: value.slice(0, start) + value.slice(cursor), cursor: start };
    }
    case 'delete-forward':
      return cursor >= value.length ? draft : { value: value.slice(0, cursor) + value.slice(nextBoundary(value, cursor)), cursor };
    case 'left':
      return { value, cursor: previousBoundary(value, cursor) };
    case 'right':
      return { value, cursor: nextBoundary(value, cursor) };
    case 'home':
      return { value, cursor: 0 };
    case 'end':
      return { value, cursor: value.length };
    case 'clear':
      return { value: '', cursor: 0 };
    case 'delete-word': {
      const start = value.slice(0, cursor).replace(/[^\s,]*[\s,]*$/, '').length;
      return { value: value.slice(0, start) + value.slice(cursor), cursor: start };
    }
  }
}

/** The edit a key makes in a text field, if any. */
export function textEditForKey(key: KeyPress): TextEdit | undefined {
  switch (key.name) {
    case 'text':
      return { type: 'insert', text: key.text };
    case 'backspace':
    case 'delete-forward':
    case 'left':
    case 'right':
    case 'home':
    case 'end':
    case 'delete-word':
      return { type: key.name };
    case 'clear-line':
      return { type: 'clear' };
    default:
      return undefined;
  }
}
