import { describe, expect, it } from 'vitest';
import { columns, paragraph, wrapWords } from '../../src/core/text-width.js';

describe('wrapWords', () => {
  it('fills each line up to the width with whole words; a word wider than it gets a line of its own', () => {
    expect(wrapWords('the deploy needs the CLI', 10)).toEqual(['the deploy', 'needs the', 'CLI']);
    expect(wrapWords('a https://docs.databricks.com/dev-tools/cli b', 10)).toEqual(['a', 'https://docs.databricks.com/dev-tools/cli', 'b']);
    expect(wrapWords('  spaced \n out\t', 80)).toEqual(['spaced out']);
    expect(wrapWords('', 80)).toEqual([]);
  });

  it('counts terminal columns: a CJK character takes two', () => {
    const lines = wrapWords('注文 注文 注文', 9);
    expect(lines).toEqual(['注文 注文', '注文']);
    for (const line of lines) expect(columns(line)).toBeLessThanOrEqual(9);
  });
});

describe('paragraph', () => {
  const text = 'note: the deploy needs the Databricks CLI ("databricks"), which was not found: install it (https://docs.databricks.com/dev-tools/cli/install.html, e.g. brew install databricks/tap/databricks)';

  it('in a terminal: no line reaches its last column, and no word is cut', () => {
    for (const width of [40, 80, 160]) {
      const lines = paragraph(text, width).split('\n');
      for (const line of lines) if (line.includes(' ')) expect(columns(line)).toBeLessThan(width);
      expect(lines.join(' ')).toBe(text);
    }
    expect(paragraph(text, 80).split('\n')).toHaveLength(3);
  });

  it('without a known width (a pipe, a log, a pty nobody sized): one line, as written', () => {
    expect(paragraph(text, undefined)).toBe(text);
    expect(paragraph(text, 0)).toBe(text);
  });
});
