import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { deployStats, HISTORY_FILE, historyLine, readHistory, type HistoryEntry } from '../../src/core/history.js';
import { appendHistory, readHistoryTail } from '../../src/project/history-file.js';

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({ v: 1, kind: 'deploy', at: '2026-12-01T10:00:00.000Z', pipeline: 'orders', env: 'dev', ok: true, result: 'deployed', duration_ms: 1000, ...over });

describe('deploy history', () => {
  it('per env: success rate and median time of the deploys that ran, the last failures newest first', () => {
    const stats = deployStats([
      entry({ duration_ms: 1000 }),
      entry({ duration_ms: 3000 }),
      entry({ ok: false, result: 'failed', message: 'first' }),
      entry({ ok: false, result: 'not-approved' }),
      entry({ result: 'dry-run' }),
      entry({ kind: 'run', ok: false, result: 'failed' }),
      // A promote's deploy has its own deploy line: the promote line is not counted again.
      entry({ kind: 'promote', ok: false, result: 'refused', from: 'dev', to: 'staging', gates: { content: false, runs: true }, forced: false }),
      entry({ env: 'prod', duration_ms: 9000 }),
      entry({ ok: false, result: 'failed', message: 'second' }),
    ]);
    expect(stats.map((s) => [s.env, s.deploys, s.succeeded, s.medianMs])).toEqual([['dev', 4, 2, 1000], ['prod', 1, 1, 9000]]);
    expect(stats[0]!.successRate).toBe(0.5);
    expect(stats[0]!.lastFailures.map((e) => e.message)).toEqual(['second', 'first']);
  });

  it('skips lines that are not whole entries', () => {
    const text = `${historyLine(entry({}))}{"v":1,"kind":"deploy"\nnot json\n{"v":2}\n${historyLine(entry({ env: 'prod' }))}`;
    expect(readHistory(text).map((e) => e.env)).toEqual(['dev', 'prod']);
  });
});

describe('the history file', () => {
  let dir: string;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('appends whole lines and reads them back; none without a file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-history-'));
    expect(await readHistoryTail(dir)).toEqual([]);
    expect(await appendHistory(dir, [entry({}), entry({ env: 'staging' })])).toBe(true);
    expect(await appendHistory(dir, [entry({ env: 'prod' })])).toBe(true);
    expect((await readHistoryTail(dir)).map((e) => e.env)).toEqual(['dev', 'staging', 'prod']);
    expect(readFileSync(join(dir, HISTORY_FILE), 'utf8').split('\n')).toHaveLength(4);
  });

  it('reads only the end of a large file, skipping the cut first line', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-history-'));
    await appendHistory(dir, Array.from({ length: 100 }, (_, i) => entry({ pipeline: `p${i}` })));
    const tail = await readHistoryTail(dir, 1000);
    expect(tail.length).toBeGreaterThan(0);
    expect(tail.length).toBeLessThan(100);
    expect(tail.at(-1)!.pipeline).toBe('p99');
  });

  it('a history that cannot be written is not an error', async () => {
    dir = mkdtempSync(join(tmpdir(), 'lw-history-'));
    writeFileSync(join(dir, '.loyalty-wizard'), 'a file where the folder should be');
    expect(await appendHistory(dir, [entry({})])).toBe(false);
  });
});
