import { describe, expect, it } from 'vitest';
import { parseRunParams, runParamsArgs, unknownRunParams } from '../../src/core/index.js';

describe('run parameters (--params), read as `databricks bundle run` reads them', () => {
  it('one pair per flag keeps its commas; several pairs are a CSV record; the flag repeats', () => {
    expect(parseRunParams(['bronze_table=events,window_days=7', 'environment=dev'])).toEqual({ params: { bronze_table: 'events', window_days: '7', environment: 'dev' } });
    expect(parseRunParams(['topics=a,b'])).toEqual({ params: { topics: 'a,b' } });
    expect(parseRunParams(['"topics=a,b",x=1'])).toEqual({ params: { topics: 'a,b', x: '1' } });
    expect(parseRunParams(['note=a=b'])).toEqual({ params: { note: 'a=b' } });
    expect(parseRunParams(['"note=say ""hi"" now",x=1'])).toEqual({ params: { note: 'say "hi" now', x: '1' } });
    expect(parseRunParams(['a=say "hi"'])).toEqual({ params: { a: 'say "hi' } });
    expect(parseRunParams([])).toEqual({ params: {} });
  });

  it('refuses what the CLI could not read back: no name, a name twice, control characters, broken quoting', () => {
    expect(parseRunParams(['=x'])).toEqual({ error: '"=x" is not name=value (names: letters, digits, _ . -)' });
    expect(parseRunParams(['justtext'])).toEqual({ error: '"justtext" is not name=value (names: letters, digits, _ . -)' });
    expect(parseRunParams(['a=1', 'a=2'])).toEqual({ error: 'a is given twice' });
    expect(parseRunParams(['a=x\u001b[31m'])).toEqual({ error: 'the value of a contains a control character' });
    expect(parseRunParams(['\u001b[2J=1'])).toEqual({ error: '"?[2J=1" is not name=value (names: letters, digits, _ . -)' });
    expect(parseRunParams(['a="1,b=2'])).toEqual({ error: '"a="1,b=2" is not a valid list of name=value pairs (quote a pair that holds a comma: "name=a,b")' });
    expect(parseRunParams(['"a=say ""hi""",b=1'])).toEqual({ error: 'the value of a ends with a double quote, which the Databricks CLI would drop' });
  });

  it('names only the job declares; every pair goes back as its own flag the CLI reads the same way', () => {
    expect(unknownRunParams({ catalog: 'x', nope: 'y' }, ['catalog', 'pipeline'])).toEqual(['nope']);
    const params = { catalog: 'x', topics: 'a,b', note: 'k=v,"q"' };
    const args = runParamsArgs(params);
    expect(args).toEqual(['--params', 'catalog=x', '--params', 'topics=a,b', '--params', '"note=k=v,""q"""']);
    expect(parseRunParams(args.filter((_, i) => i % 2 === 1))).toEqual({ params });
    expect(runParamsArgs({})).toEqual([]);
  });
});
