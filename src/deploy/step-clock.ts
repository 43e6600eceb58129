/**
 * A step's own time: it stands still while the step waits for a person (an
 * approval prompt), so neither the time shown nor the time recorded counts the
 * minutes someone took to read the plan.
 */
export class StepClock {
  private readonly started = performance.now();
  private pausedAt: number | undefined;
  private pausedMs = 0;

  pause(): void {
    this.pausedAt ??= performance.now();
  }

  resume(): void {
    if (this.pausedAt === undefined) return;
    this.pausedMs += performance.now() - this.pausedAt;
    this.pausedAt = undefined;
  }

  get paused(): boolean {
    return this.pausedAt !== undefined;
  }

  /** Time spent so far, paused spells left out. */
  elapsedMs(): number {
    return (this.pausedAt ?? performance.now()) - this.started - this.pausedMs;
  }
}

/** Whole seconds, then minutes: `7s`, `1m 05s`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  return `${Math.floor(seconds / 60)}m ${String(seconds % 60).padStart(2, '0')}s`;
}

/** A finished step's time, to a tenth of a second: `0.2s`, `4.0s`, `1m 05s`. */
export function formatDuration(ms: number): string {
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)}s` : formatElapsed(ms);
}
