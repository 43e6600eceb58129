/**
 * Run `work` for every item with at most `limit` running at a time, in order of
 * the items; resolves when all have settled. `work` reports its own failures
 * (it should not throw); a throw still lets the others finish and is rethrown
 * at the end.
 */
export async function forEachConcurrent<T>(items: readonly T[], limit: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        await work(items[index]!, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane));
  if (failure) throw failure.error;
}

/** Runs the tasks handed to it with at most `limit` at a time, in the order they were handed over. */
export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

/**
 * A limiter. `later`, when given, starts the task that takes a freed slot: a caller with a screen passes one that
 * waits for the next turn of the event loop, so what the finished task changed is drawn before the next starts.
 */
export function createLimiter(limit: number, later?: (start: () => void) => void): Limiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  const next = (): void => {
    if (running >= Math.max(1, limit)) return;
    const start = waiting.shift();
    if (!start) return;
    running++;
    start();
  };
  return <T>(task: () => Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      waiting.push(() => {
        Promise.resolve()
          .then(task)
          .then(resolve, reject)
          .finally(() => {
            running--;
            if (later) later(next);
            else next();
          });
      });
      next();
    });
}
