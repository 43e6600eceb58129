import stringWidth from 'string-width';

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
