import { describe, expect, it } from 'vitest';
import { jobHintsKey, readJobHints, withJobHints } from '../../src/core/job-hints.js';
import { createLimiter } from '../../src/core/pool.js';

describe('createLimiter', () => {
  /** A task that waits until released, recording when it starts. */
  function gate(log: string[], name: string) {
    let release!: (value: string) => void;
    const done = new Promise<string>((resolve) => (release = resolve));
    return { task: () => (log.push(name), done), release: () => release(name) };
  }
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('runs at most `limit` tasks at once, the others in the order they were handed over', async () => {
    const log: string[] = [];
    const limit = createLimiter(2);
    const gates = ['a', 'b', 'c', 'd'].map((n) => gate(log, n));
    const results = gates.map((g) => limit(g.task));
    await settle();
    expect(log).toEqual(['a', 'b']);
    gates[1]!.release();
    await settle();
    expect(log).toEqual(['a', 'b', 'c']);
    for (const g of gates) g.release();
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('with `later`, a freed place is taken when `later` says so, not before', async () => {
    const log: string[] = [];
    const deferred: (() => void)[] = [];
    const limit = createLimiter(1, (start) => void deferred.push(start));
    const gates = ['a', 'b'].map((n) => gate(log, n));
    const results = gates.map((g) => limit(g.task));
    await settle();
    expect(log).toEqual(['a']);
    gates[0]!.release();
    expect(await results[0]).toBe('a');
    await settle();
    expect([log, deferred.length]).toEqual([['a'], 1]);
    deferred.shift()!();
    await settle();
    expect(log).toEqual(['a', 'b']);
    gates[1]!.release();
    expect(await results[1]).toBe('b');
  });

  it('a task that fails or throws frees its place and rejects only its own promise', async () => {
    const limit = createLimiter(1);
    const thrown = limit(() => {
      throw new Error('at once');
    });
    const rejected = limit(() => Promise.reject(new Error('later')));
    const fine = limit(() => Promise.resolve(42));
    await expect(thrown).rejects.toThrow('at once');
    await expect(rejected).rejects.toThrow('later');
    expect(await fine).toBe(42);
  });
});

describe('job hints (.loyalty-wizard/job-ids.json)', () => {
  const dev = jobHintsKey('https://dev.example.com', 'dev', 'dev');
  const prod = jobHintsKey('https://prod.example.com', 'prod', undefined);

  it('keeps each target’s jobs apart, and a status of some pipelines changes only theirs', () => {
    let text = withJobHints(undefined, dev, ['a', 'b', 'c'], new Map([['a', 1], ['b', 2]]));
    text = withJobHints(text, prod, ['a'], new Map([['a', 9]]));
    text = withJobHints(text, dev, ['b', 'c'], new Map([['c', 3]]));
    expect([...readJobHints(text, dev)]).toEqual([['a', 1], ['c', 3]]);
    expect([...readJobHints(text, prod)]).toEqual([['a', 9]]);
    expect(readJobHints(text, jobHintsKey('https://dev.example.com', 'dev', 'other')).size).toBe(0);
  });

  it.each([
    ['not JSON', '{'],
    ['another version', JSON.stringify({ version: 2, targets: {} })],
    ['an id that is not a whole number', JSON.stringify({ version: 1, targets: { [dev]: { a: '1; rm -rf /' } } })],
    ['a negative id', JSON.stringify({ version: 1, targets: { [dev]: { a: -1 } } })],
    ['extra keys', JSON.stringify({ version: 1, targets: {}, more: 1 })],
  ])('a file with %s is no hint at all, and is written anew', (_what, text) => {
    expect(readJobHints(text, dev).size).toBe(0);
    expect([...readJobHints(withJobHints(text, dev, ['a'], new Map([['a', 5]])), dev)]).toEqual([['a', 5]]);
  });

  it('remembers the 20 targets written last', () => {
    let text: string | undefined;
    for (let i = 0; i < 25; i++) text = withJobHints(text, jobHintsKey('https://h', `env${i}`, undefined), ['p'], new Map([['p', i + 1]]));
    const kept = Object.keys((JSON.parse(text!) as { targets: object }).targets);
    expect(kept).toHaveLength(20);
    expect(readJobHints(text, jobHintsKey('https://h', 'env4', undefined)).size).toBe(0);
    expect([...readJobHints(text, jobHintsKey('https://h', 'env24', undefined))]).toEqual([['p', 25]]);
  });
});
