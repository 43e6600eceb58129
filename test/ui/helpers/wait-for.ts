/** Poll until `check` returns a value (or stops throwing); instead of sleeping a guessed time. */
export async function waitFor<T>(check: () => T | undefined | false, what: string | (() => string), timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const described = typeof what === 'function' ? what() : what;
      throw new Error(`timed out waiting for ${described}${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Wait until `frame()` contains `text`; returns the frame. */
export function waitForText(frame: () => string | undefined, text: string, timeoutMs?: number): Promise<string> {
  return waitFor(
    () => {
      const f = frame() ?? '';
      return f.includes(text) ? f : undefined;
    },
    () => `"${text}" on screen; last frame:\n${frame() ?? ''}`,
    timeoutMs,
  );
}
