import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { adviceLines, columns, commandLines, hangingLines, paragraph, wrapWords } from '../../src/core/text-width.js';

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

describe('adviceLines (a hint or a fix under its label)', () => {
  const login = 'databricks auth login --host https://loyalty-dev.cloud.databricks.com --profile loyalty-dev';
  it('one line when it fits, or when the width is not known', () => {
    expect(adviceLines('  hint: ', 'see: loyalty-wizard validate orders', 80)).toEqual(['  hint: see: loyalty-wizard validate orders']);
    expect(adviceLines('  hint: ', `log in first: ${login}`, undefined)).toEqual([`  hint: log in first: ${login}`]);
  });

  it('a command, all of it or after "…: ", goes on with " \\" under the label; the shell reads it whole', () => {
    expect(adviceLines('  hint: ', login, 60)).toEqual([
      '  hint: databricks auth login \\',
      '          --host https://loyalty-dev.cloud.databricks.com \\',
      '          --profile loyalty-dev',
    ]);
    const lines = adviceLines('  hint: ', `no Databricks profile is for this workspace; log in first: ${login}`, 60);
    expect(lines).toEqual([
      '  hint: no Databricks profile is for this workspace; log in',
      '        first: databricks auth login \\',
      '          --host https://loyalty-dev.cloud.databricks.com \\',
      '          --profile loyalty-dev',
    ]);
    for (const line of lines) expect(columns(line)).toBeLessThan(60);
    const words = spawnSync('sh', ['-c', `printf '%s\\n' ${lines.slice(1).join('\n').replace(/^ +first: /, '')}`], { encoding: 'utf8' }).stdout.trim().split('\n');
    expect(words).toEqual(login.split(' '));
  });

  it('words after the command wrap below it', () => {
    expect(adviceLines('  hint: ', `${login} (existing: dev, staging)`, 60)).toEqual([
      '  hint: databricks auth login \\',
      '          --host https://loyalty-dev.cloud.databricks.com \\',
      '          --profile loyalty-dev',
      '        (existing: dev, staging)',
    ]);
  });

  it('a command inside prose is never cut between its words: on a line of its own when it fits one, else it goes on with " \\"', () => {
    const text = `no profile is for https://loyalty-staging.cloud.databricks.com: add one with ${login} and use it, or fix workspace.host in config/staging.yml`;
    expect(adviceLines('  hint: ', text, 100)).toContainEqual(`        ${login}`);
    const lines = adviceLines('  hint: ', text, 80);
    expect(lines).toEqual([
      '  hint: no profile is for https://loyalty-staging.cloud.databricks.com: add one',
      '        with databricks auth login \\',
      '          --host https://loyalty-dev.cloud.databricks.com --profile loyalty-dev',
      '        and use it, or fix workspace.host in config/staging.yml',
    ]);
    for (const line of lines) expect(columns(line)).toBeLessThan(80);
  });

  it('other text, and a command with a quoted value (never split inside quotes by a continuation), wrap by words', () => {
    expect(adviceLines('    fix: ', 'install it (https://docs.databricks.com/dev-tools/cli/install.html), or point --databricks-cli at it', 60)).toEqual([
      '    fix: install it',
      '         (https://docs.databricks.com/dev-tools/cli/install.html),',
      '         or point --databricks-cli at it',
    ]);
    const quoted = adviceLines('  hint: ', "npx loyalty-wizard new --template batch_sql --set 'display_name=Orders ETL, daily' --yes", 60);
    expect(quoted.some((line) => line.endsWith(' \\'))).toBe(false);
  });
});
