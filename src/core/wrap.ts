/**
 * Word-wrap with no package behind it, so that `--help` (which loads nothing else) can use it too. How wide a
 * word is comes from `measure`: its length by default, which is right for the tool's own text; text-width.ts
 * passes terminal columns for text from outside.
 */

/**
 * The words of `text` on lines of at most `width`; a word wider than that gets a line of its own (cut it with the
 * caller's rule). Each line's width is kept as it grows, so a long text costs one pass.
 */
export function wordLines(text: string, width: number, measure: (word: string) => number = (word) => word.length): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const word of text.split(/\s+/)) {
    if (word === '') continue;
    const w = measure(word);
    if (line !== '' && used + 1 + w <= width) {
      line += ` ${word}`;
      used += 1 + w;
      continue;
    }
    if (line !== '') lines.push(line);
    line = word;
    used = w;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** `text` after a prefix `indent` wide, wrapped to `width` (at least 20 for the text), the lines after the first indented as far. */
export function hangingText(text: string, indent: number, width: number, measure?: (word: string) => number): string[] {
  return wordLines(text, Math.max(20, width - indent), measure).map((line, i) => (i === 0 ? line : `${' '.repeat(indent)}${line}`));
}
