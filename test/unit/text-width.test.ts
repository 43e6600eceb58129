import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { columns, commandLines, hangingLines, paragraph, wrapWords } from '../../src/core/text-width.js';

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

describe('commandLines (commands printed to copy)', () => {
  const parts = ['npx loyalty-wizard new', '--template streaming_delta', '--name streaming_delta_pipeline', "--set 'description=Clicks, from Kafka'", '--yes'];
  it('in a terminal: lines that fit it, ending in " \\" where the command goes on; the shell reads the same command', () => {
    const lines = commandLines(parts, 80);
    expect(lines).toEqual([
      '  npx loyalty-wizard new --template streaming_delta \\',
      "      --name streaming_delta_pipeline --set 'description=Clicks, from Kafka' \\",
      '      --yes',
    ]);
    for (const line of lines) expect(line.length).toBeLessThan(80);
    const r = spawnSync('sh', ['-c', `printf '%s\\n' ${lines.join('\n').replace(/^ {2}npx loyalty-wizard /, '')}`], { encoding: 'utf8' });
    expect(r.stdout.split('\n').filter(Boolean)).toEqual(['new', '--template', 'streaming_delta', '--name', 'streaming_delta_pipeline', '--set', 'description=Clicks, from Kafka', '--yes']);
  });
  it('without a known width, or when it fits: one line', () => {
    expect(commandLines(parts, undefined)).toEqual([`  ${parts.join(' ')}`]);
    expect(commandLines(parts, 200)).toEqual([`  ${parts.join(' ')}`]);
  });

  it('after a label: the first line starts with it, the others with their own margin', () => {
    const lines = commandLines(['databricks auth login', '--host https://a-long-workspace-name.cloud.databricks.com', '--profile dev'], 60, '    fix: ', '          ');
    expect(lines).toEqual(['    fix: databricks auth login \\', '          --host https://a-long-workspace-name.cloud.databricks.com \\', '          --profile dev']);
  });
});

describe('hangingLines', () => {
  it('wraps under a prefix: the lines after the first are indented as far as the prefix is wide', () => {
    // 40 columns, one spare, 9 for the prefix: 30 for the text.
    const lines = hangingLines('install it from the docs, or point --databricks-cli at it', 9, 40);
    expect(lines).toEqual(['install it from the docs, or', '         point --databricks-cli at it']);
    expect(9 + lines[0]!.length).toBeLessThan(40);
    expect(hangingLines('short', 9, 40)).toEqual(['short']);
    expect(hangingLines('a b c', 9, undefined)).toEqual(['a b c']);
  });
});
