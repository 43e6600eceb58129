import { describe, expect, it } from 'vitest';
import { startedFirst, type RowSink } from '../../src/operate/collect-status.js';
import { undeployedRow, type StatusRow } from '../../src/core/status-report.js';

/** A collection the test drives: each call is recorded with its sink and signal, and ends when told. */
function scripted() {
  const calls: { sink: RowSink; signal: AbortSignal; end: () => void }[] = [];
  const collect = (sink: RowSink, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      calls.push({ sink, signal, end: resolve });
    });
  return { calls, collect };
}

describe("status screen's first round starts before the screen", () => {
  it('asks at once; rows that came before the screen took over are handed over in order, later ones go straight on', async () => {
    const { calls, collect } = scripted();
    const take = startedFirst(collect);
    expect(calls).toHaveLength(1);
    calls[0]!.sink(undeployedRow('a'), 0);
    calls[0]!.sink(undeployedRow('b'), 1);
    const seen: [StatusRow, number][] = [];
    const round = take((row, index) => seen.push([row, index]), new AbortController().signal);
    expect(calls).toHaveLength(1);
    calls[0]!.sink(undeployedRow('c'), 2);
    expect(seen.map(([r, i]) => `${r.pipeline}${i}`)).toEqual(['a0', 'b1', 'c2']);
    calls[0]!.end();
    await expect(round).resolves.toBeUndefined();
  });

  it("the screen's signal stops the round it took over; the next round is a new one with the screen's signal", () => {
    const { calls, collect } = scripted();
    const take = startedFirst(collect);
    const screen = new AbortController();
    void take(() => undefined, screen.signal);
    expect(calls[0]!.signal.aborted).toBe(false);
    screen.abort();
    expect(calls[0]!.signal.aborted).toBe(true);
    const next = new AbortController();
    void take(() => undefined, next.signal);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.signal).toBe(next.signal);
  });

  it('a screen that is already gone when it takes over stops the round too', () => {
    const { calls, collect } = scripted();
    const take = startedFirst(collect);
    const gone = new AbortController();
    gone.abort();
    void take(() => undefined, gone.signal);
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it('a first round that fails before the screen takes over is no unhandled rejection; the screen gets the failure', async () => {
    const take = startedFirst(() => Promise.reject(new Error('no CLI')));
    await new Promise((r) => setTimeout(r, 0));
    await expect(take(() => undefined, new AbortController().signal)).rejects.toThrow('no CLI');
  });
});
