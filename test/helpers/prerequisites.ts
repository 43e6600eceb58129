/**
 * Tests that need a tool the machine may lack (tmux, a pseudo-terminal, python3 with a module,
 * Postgres, zsh, fish) skip without it on a developer's machine, with the reason printed; in CI
 * (CI or CONTINUOUS_INTEGRATION set when the run started: test/global-setup.ts keeps it in LOYALTY_TEST_IN_CI)
 * the same gap fails the test file instead, so a CI run never passes by skipping. `.ci/run` installs all of them.
 */
const ci = process.env.LOYALTY_TEST_IN_CI === '1';

/** True when the tests that need `what` must be skipped (never in CI: there it throws). */
export function missing(what: string, available: boolean, howToGet: string): boolean {
  if (available) return false;
  const message = `${what} is not available (${howToGet})`;
  if (ci) throw new Error(`${message}: CI must run every test, so this fails instead of skipping`);
  console.warn(`${message}: the tests that need it are skipped`);
  return true;
}
